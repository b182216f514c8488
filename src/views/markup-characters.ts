const WORD_CHARACTER = /[\p{L}\p{N}]/u;

function codePointBefore(text: string, offset: number): string | undefined {
  return Array.from(text.slice(Math.max(0, offset - 2), offset)).at(-1);
}

function codePointAt(text: string, offset: number): string | undefined {
  const codePoint = text.codePointAt(offset);
  return codePoint === undefined ? undefined : String.fromCodePoint(codePoint);
}

/** True when the character at `offset` (of `length` code units) sits between two letters or digits. */
export function isInsideWord(text: string, offset: number, length: number): boolean {
  const before = codePointBefore(text, offset);
  const after = codePointAt(text, offset + length);
  return before !== undefined && after !== undefined && WORD_CHARACTER.test(before) && WORD_CHARACTER.test(after);
}
