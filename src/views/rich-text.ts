import { ELLIPSIS } from './limits.ts';
import type { ChatPlatform, ChatUserRef, Inline, RichText } from './model.ts';

/** Inline markup flattened to runs with resolved styles: what both dialects render. */
export type Run =
  | { readonly kind: 'text'; readonly text: string; readonly bold: boolean; readonly italic: boolean }
  | { readonly kind: 'link'; readonly url: string; readonly label: string }
  | { readonly kind: 'mention'; readonly displayName: string; readonly identities: readonly ChatUserRef[] }
  | { readonly kind: 'lineBreak' };

export interface MarkupDialect {
  /** Literal user text made safe, styled with bold/italic markers. */
  styledText(text: string, bold: boolean, italic: boolean): string;
  link(url: string, label: string): string;
  mention(displayName: string, identities: readonly ChatUserRef[]): string;
  readonly lineBreak: string;
}

function toInlines(text: RichText): readonly Inline[] {
  return typeof text === 'string' ? [{ kind: 'text', text }] : text;
}

export function toRuns(text: RichText): Run[] {
  const runs: Run[] = [];
  const visit = (inlines: readonly Inline[], isBold: boolean, isItalic: boolean): void => {
    for (const inline of inlines) {
      switch (inline.kind) {
        case 'text':
          inline.text.split(/\r\n|\r|\n/).forEach((line, index) => {
            if (index > 0) runs.push({ kind: 'lineBreak' });
            if (line.length > 0) pushText(runs, line, isBold, isItalic);
          });
          break;
        case 'bold':
          visit(inline.content, true, isItalic);
          break;
        case 'italic':
          visit(inline.content, isBold, true);
          break;
        case 'link':
          runs.push({ kind: 'link', url: inline.url, label: inline.label });
          break;
        case 'mention':
          runs.push({ kind: 'mention', displayName: inline.displayName, identities: inline.identities });
          break;
        case 'lineBreak':
          runs.push({ kind: 'lineBreak' });
          break;
      }
    }
  };
  visit(toInlines(text), false, false);
  return runs;
}

function pushText(runs: Run[], text: string, isBold: boolean, isItalic: boolean): void {
  const previous = runs[runs.length - 1];
  if (previous?.kind === 'text' && previous.bold === isBold && previous.italic === isItalic) {
    runs[runs.length - 1] = { ...previous, text: previous.text + text };
  } else {
    runs.push({ kind: 'text', text, bold: isBold, italic: isItalic });
  }
}

/** True when the text is only literal characters and line breaks, so it can go out as plain text. */
export function isUnformatted(text: RichText): boolean {
  return toRuns(text).every((run) => run.kind === 'lineBreak' || (run.kind === 'text' && !run.bold && !run.italic));
}

export function safeLinkUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!['http:', 'https:', 'mailto:'].includes(parsed.protocol)) return null;
  return parsed.href.replace(/[()|<> ]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function mentionFor(platform: ChatPlatform, identities: readonly ChatUserRef[]): ChatUserRef | undefined {
  return identities.find((identity) => identity.platform === platform);
}

function renderRun(run: Run, dialect: MarkupDialect): string {
  switch (run.kind) {
    case 'text':
      return dialect.styledText(run.text, run.bold, run.italic);
    case 'link':
      return dialect.link(run.url, run.label);
    case 'mention':
      return dialect.mention(run.displayName, run.identities);
    case 'lineBreak':
      return dialect.lineBreak;
  }
}

/**
 * Renders marked-up text within `maxLength` characters. Truncation happens on the source text, before
 * escaping, so it never cuts through an entity, a link or a style marker; an ellipsis marks the cut.
 */
export function renderMarkup(text: RichText, dialect: MarkupDialect, maxLength: number): string {
  const runs = toRuns(text);
  const pieces = runs.map((run) => renderRun(run, dialect));
  const full = pieces.join('');
  if (full.length <= maxLength) return full;

  const budget = maxLength - ELLIPSIS.length;
  let output = '';
  for (const [index, run] of runs.entries()) {
    const piece = pieces[index] ?? '';
    if (output.length + piece.length <= budget) {
      output += piece;
      continue;
    }
    if (run.kind === 'text') {
      output += longestFittingPrefix(run, dialect, budget - output.length);
    }
    break;
  }
  return output.trimEnd() + ELLIPSIS;
}

function longestFittingPrefix(
  run: Extract<Run, { kind: 'text' }>,
  dialect: MarkupDialect,
  room: number,
): string {
  const characters = Array.from(run.text);
  const render = (count: number): string =>
    dialect.styledText(characters.slice(0, count).join('').trimEnd(), run.bold, run.italic);
  let low = 0;
  let high = characters.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (render(middle).length <= room) low = middle;
    else high = middle - 1;
  }
  return low === 0 ? '' : render(low);
}

/** Plain text for notifications, plain_text objects and fallbacks: links as "label (url)", mentions as "@name". */
export function toPlainText(text: RichText): string {
  return toRuns(text)
    .map((run) => {
      switch (run.kind) {
        case 'text':
          return run.text;
        case 'link':
          return run.label === run.url ? run.url : `${run.label} (${run.url})`;
        case 'mention':
          return `@${run.displayName}`;
        case 'lineBreak':
          return '\n';
      }
    })
    .join('');
}

export function truncatePlain(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const characters = Array.from(text);
  let output = '';
  for (const character of characters) {
    if (output.length + character.length > maxLength - ELLIPSIS.length) break;
    output += character;
  }
  return output.trimEnd() + ELLIPSIS;
}

/** Wraps escaped text in markers, keeping edge whitespace outside them (both dialects need that). */
export function wrapStyle(escaped: string, open: string, close: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(escaped);
  const [, leading = '', core = '', trailing = ''] = match ?? [];
  if (core.length === 0) return escaped;
  return `${leading}${open}${core}${close}${trailing}`;
}
