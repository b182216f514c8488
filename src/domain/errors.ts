// Typed errors shared by the whole app. `message` is written for the person in the chat;
// `fieldErrors` feed form validation (field name → message); `details` go to the audit log only.
import type { z } from 'zod';

export type DomainErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'VALIDATION' | 'CONFLICT' | 'NOT_LINKED' | 'PRECONDITION';

export interface DomainErrorOptions {
  fieldErrors?: Record<string, string>;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export interface DomainErrorJson {
  code: DomainErrorCode;
  message: string;
  fieldErrors: Record<string, string>;
  details: Record<string, unknown>;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly fieldErrors: Readonly<Record<string, string>>;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: DomainErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.fieldErrors = { ...options.fieldErrors };
    this.details = { ...options.details };
  }

  toJSON(): DomainErrorJson {
    return { code: this.code, message: this.message, fieldErrors: { ...this.fieldErrors }, details: { ...this.details } };
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string, options?: DomainErrorOptions) {
    super('NOT_FOUND', message, options);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string, options?: DomainErrorOptions) {
    super('FORBIDDEN', message, options);
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, options?: DomainErrorOptions) {
    super('VALIDATION', message, options);
  }

  /** One message per field path ("owner", "targets.0.value"); the first issue on a path wins. */
  static fromZod(error: z.ZodError, message = 'Some of the details are not valid.'): ValidationError {
    const fieldErrors: Record<string, string> = {};
    for (const issue of error.issues) {
      const field = issue.path.map(String).join('.') || '_';
      fieldErrors[field] ??= issue.message;
    }
    return new ValidationError(message, { fieldErrors, details: { issues: error.issues.map((issue) => ({ path: issue.path.map(String), code: issue.code, message: issue.message })) } });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, options?: DomainErrorOptions) {
    super('CONFLICT', message, options);
  }
}

/** The chat user has no linked partnership person, so nothing can be done on their behalf. */
export class NotLinkedError extends DomainError {
  constructor(message: string, options?: DomainErrorOptions) {
    super('NOT_LINKED', message, options);
  }
}

/** The request is well formed but the current state does not allow it (e.g. voting on a closed proposal). */
export class PreconditionError extends DomainError {
  constructor(message: string, options?: DomainErrorOptions) {
    super('PRECONDITION', message, options);
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

export function hasDomainErrorCode(value: unknown, code: DomainErrorCode): value is DomainError {
  return value instanceof DomainError && value.code === code;
}
