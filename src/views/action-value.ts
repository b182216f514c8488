import { VIEW_LIMITS } from './limits.ts';
import type { ActionValue, JsonValue } from './model.ts';
import { ViewModelError } from './model.ts';
import { withoutNulCharacters } from './storable-text.ts';

/** Serialises a button payload; refuses one too large for a button's value on any platform. */
export function encodeActionValue(value: ActionValue): string {
  const encoded = JSON.stringify(value);
  if (encoded.length > VIEW_LIMITS.actionValueLength) {
    throw new ViewModelError(
      `Action value is ${encoded.length} characters once serialised; the limit is ${VIEW_LIMITS.actionValueLength}`,
    );
  }
  return encoded;
}

/**
 * Reads back what encodeActionValue wrote; a string that is not JSON (another app's value) is returned as is.
 * NULs are left out (storable-text.ts): a `\u0000` escape in the JSON would otherwise become one.
 */
export function decodeActionValue(raw: string): ActionValue {
  try {
    return withoutNulCharacters(JSON.parse(raw) as JsonValue);
  } catch {
    return withoutNulCharacters(raw);
  }
}
