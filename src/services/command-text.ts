// Splits `/csp <sub-command> [args]` text into words. Both platforms' clients meddle with typed text:
// Slack escapes links and emails (`<mailto:a@b.org|a@b.org>`), phones and Macs turn quotes curly, and
// Teams sends non-breaking spaces; all of that is undone here so commands see what the person meant.
import { MENTION_TOKEN_PATTERN } from './chat-core.ts';

export type CommandToken =
  | { readonly kind: 'word'; readonly text: string; readonly quoted: boolean }
  | { readonly kind: 'mention'; readonly userId: string; readonly displayName?: string };

export interface ParsedCommand {
  /** The sub-command in lower case; '' when the text was empty. */
  readonly name: string;
  /** Everything after the sub-command. */
  readonly args: readonly CommandToken[];
  /** The text after the sub-command, as typed (after unescaping). */
  readonly rest: string;
}

const QUOTE_PAIRS: Readonly<Record<string, string>> = { '"': '"', "'": "'", '“': '”', '‘': '’', '„': '“' };

/** Undoes Slack's escaping of links, emails and channels, and normalises spaces; mention tokens stay. */
function normaliseCommandText(text: string): string {
  return text
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/<mailto:([^|>]+)(?:\|[^>]*)?>/g, '$1')
    .replace(/<tel:([^|>]+)(?:\|[^>]*)?>/g, '$1')
    .replace(/<((?:https?):[^|>]+)(?:\|[^>]*)?>/g, '$1')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

export function tokenise(text: string): CommandToken[] {
  const tokens: CommandToken[] = [];
  let index = 0;
  while (index < text.length) {
    const character = text[index] ?? '';
    if (/\s/.test(character)) {
      index += 1;
      continue;
    }
    if (character === '<' && text[index + 1] === '@') {
      const end = text.indexOf('>', index);
      const match = end === -1 ? null : MENTION_TOKEN_PATTERN.exec(text.slice(index, end + 1));
      if (match && match[1]) {
        const displayName = match[2]?.trim();
        tokens.push(displayName ? { kind: 'mention', userId: match[1], displayName } : { kind: 'mention', userId: match[1] });
        index = end + 1;
        continue;
      }
    }
    const closing = QUOTE_PAIRS[character];
    if (closing !== undefined) {
      const end = text.indexOf(closing, index + 1);
      if (end !== -1) {
        tokens.push({ kind: 'word', text: text.slice(index + 1, end), quoted: true });
        index = end + 1;
        continue;
      }
    }
    let end = index;
    while (end < text.length && !/\s/.test(text[end] ?? '')) end += 1;
    tokens.push({ kind: 'word', text: text.slice(index, end), quoted: false });
    index = end;
  }
  return tokens;
}

export function parseCommandText(text: string): ParsedCommand {
  const normalised = normaliseCommandText(text);
  const tokens = tokenise(normalised);
  const first = tokens[0];
  if (!first || first.kind !== 'word') return { name: '', args: tokens, rest: normalised };
  const rest = first.quoted ? normalised.slice(normalised.indexOf(first.text) + first.text.length + 1) : normalised.slice(first.text.length);
  return { name: first.text.toLowerCase(), args: tokens.slice(1), rest: rest.trim() };
}
