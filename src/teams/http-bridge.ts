// Reading a Bot Framework activity from the shared node:http server. The adapter is driven through
// CloudAdapter.processActivity (what its Express-style `process` calls) so that refusals, logs and error
// bodies stay ours: `process` writes errors with console.error and echoes their messages to the caller.
import type { IncomingMessage } from 'node:http';
import { withoutNulCharacters } from '../views/storable-text.ts';

/** Bot Framework activities are small; attachments arrive as URLs. */
export const MAX_ACTIVITY_BYTES = 1024 * 1024;

export class RequestBodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'RequestBodyError';
  }
}

export async function readJsonBody(request: IncomingMessage, limit = MAX_ACTIVITY_BYTES): Promise<Record<string, unknown>> {
  const contentType = request.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(contentType)) {
    throw new RequestBodyError(415, 'expected an application/json body');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > limit) throw new RequestBodyError(413, `body is larger than ${limit} bytes`);
    chunks.push(buffer);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new RequestBodyError(400, 'body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof (parsed as { type?: unknown }).type !== 'string') {
    throw new RequestBodyError(400, 'body must be a Bot Framework activity (a JSON object with a type)');
  }
  // Message text and card data as the core will see them: without NULs, which the database cannot store.
  return withoutNulCharacters(parsed as Record<string, unknown>);
}

/** What botbuilder's own HTTP entry point does to a parsed activity: timestamps become Dates. */
export function withDates(activity: Record<string, unknown>): Record<string, unknown> {
  const fixed: Record<string, unknown> = { ...activity };
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    const value = fixed[field];
    if (typeof value === 'string') {
      fixed[raw] = value;
      fixed[field] = new Date(value);
    }
  }
  return fixed;
}
