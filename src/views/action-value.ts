import { VIEW_LIMITS } from './limits.ts';
import type { ActionValue, JsonValue } from './model.ts';
import { ViewModelError } from './model.ts';

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

/** Reads back what encodeActionValue wrote; a string that is not JSON (another app's value) is returned as is. */
export function decodeActionValue(raw: string): ActionValue {
  try {
    return JSON.parse(raw) as JsonValue;
  } catch {
    return raw;
  }
}
