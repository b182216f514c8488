// Text from chat is stored as PostgreSQL text and jsonb, which cannot hold U+0000 (NUL): a NUL in a
// command, a button value or a form field used to fail the whole request with error 22021. Every chat
// input passes through `withoutNulCharacters` at its validation boundary (Slack: parsePayload; Teams: the
// activity body as it is read; both: decodeActionValue for JSON-encoded button values), so no NUL reaches the core.
//
// Why strip rather than refuse: a NUL is invisible, cannot be typed on purpose and means nothing in a
// message or a form, so the person would be told about a character they cannot see or remove. Without it,
// the command or form does what the person sees on screen. Other characters are kept as sent.

const NUL = '\u0000';

/** The value with every NUL removed from its strings (object keys included); other values unchanged. */
export function withoutNulCharacters<T>(value: T): T {
  return strip(value) as T;
}

function strip(value: unknown): unknown {
  if (typeof value === 'string') return value.includes(NUL) ? value.replaceAll(NUL, '') : value;
  if (Array.isArray(value)) return value.map(strip);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [strip(key) as string, strip(inner)]));
  }
  return value;
}

/** Object literals, JSON.parse results and querystring.parse results (which have no prototype). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
