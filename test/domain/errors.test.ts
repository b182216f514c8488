import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  NotLinkedError,
  PreconditionError,
  ValidationError,
  hasDomainErrorCode,
  isDomainError,
} from '../../src/domain/errors.ts';

describe('domain errors', () => {
  it('carry a code per class, a user-facing message, and their own name', () => {
    const cases: Array<[DomainError, string, string]> = [
      [new NotFoundError('No action A12.'), 'NOT_FOUND', 'NotFoundError'],
      [new ForbiddenError('Only the chair can close this vote.'), 'FORBIDDEN', 'ForbiddenError'],
      [new ValidationError('Progress must be 0 to 100.'), 'VALIDATION', 'ValidationError'],
      [new ConflictError('Someone updated this first.'), 'CONFLICT', 'ConflictError'],
      [new NotLinkedError('Link your account first.'), 'NOT_LINKED', 'NotLinkedError'],
      [new PreconditionError('The vote is closed.'), 'PRECONDITION', 'PreconditionError'],
    ];
    for (const [error, code, name] of cases) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe(code);
      expect(error.name).toBe(name);
      expect(isDomainError(error)).toBe(true);
      expect(hasDomainErrorCode(error, code as DomainError['code'])).toBe(true);
    }
    expect(isDomainError(new Error('plain'))).toBe(false);
    expect(hasDomainErrorCode(new NotFoundError('x'), 'CONFLICT')).toBe(false);
  });

  it('keep field errors for forms, details for the audit log, and the cause', () => {
    const cause = new Error('unique constraint');
    const error = new ConflictError('That reference is taken.', { fieldErrors: { ref: 'Already used' }, details: { ref: 'A12' }, cause });
    expect(error.fieldErrors).toEqual({ ref: 'Already used' });
    expect(error.details).toEqual({ ref: 'A12' });
    expect(error.cause).toBe(cause);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'CONFLICT',
      message: 'That reference is taken.',
      fieldErrors: { ref: 'Already used' },
      details: { ref: 'A12' },
    });
  });

  it('turn zod issues into one message per field', () => {
    const schema = z.object({ progress: z.number().max(100), owner: z.object({ email: z.email() }) });
    const parsed = schema.safeParse({ progress: 120, owner: { email: 'nope' } });
    if (parsed.success) throw new Error('expected a failure');
    const error = ValidationError.fromZod(parsed.error);
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('Some of the details are not valid.');
    expect(Object.keys(error.fieldErrors).sort()).toEqual(['owner.email', 'progress']);
    expect(error.fieldErrors.progress).toMatch(/100/);
    expect(error.details.issues).toHaveLength(2);
  });
});
