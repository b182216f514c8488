import { isInsideWord } from './markup-characters.ts';
import type { MarkupDialect } from './rich-text.ts';
import { mentionFor, safeLinkUrl, wrapStyle } from './rich-text.ts';

export interface TeamsMentionEntity {
  readonly type: 'mention';
  readonly text: string;
  readonly mentioned: { readonly id: string; readonly name: string };
}

const ENTITY_LIKE = /^&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/**
 * Adaptive Card TextBlock markdown is CommonMark-like: backslash escapes ASCII punctuation. `_` inside a word
 * and `&` that cannot start an entity are left alone so clients with weak escape support show less noise.
 * A leading list or heading marker is escaped too.
 */
export function escapeTeamsMarkdown(text: string): string {
  return text
    .replace(/[\\*[\]`<>_&]/g, (character, offset: number) => {
      if (character === '_') return isInsideWord(text, offset, 1) ? character : '\\_';
      if (character === '&') return ENTITY_LIKE.test(text.slice(offset, offset + 40)) ? '\\&' : character;
      return `\\${character}`;
    })
    .replace(/^(\s*)([-+#])(?=\s|$)/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/, '$1\\$2');
}

function mentionName(displayName: string): string {
  const cleaned = displayName.replace(/[<>\\*_[\]`]/g, '').trim();
  return cleaned.length > 0 ? cleaned : 'someone';
}

/** A TextBlock markdown dialect that records the mention entities the card must declare in `msteams.entities`. */
export function createTeamsMarkdown(): { dialect: MarkupDialect; entities: TeamsMentionEntity[] } {
  const entities: TeamsMentionEntity[] = [];
  const dialect: MarkupDialect = {
    styledText(text, isBold, isItalic) {
      let output = escapeTeamsMarkdown(text);
      if (isItalic) output = wrapStyle(output, '_', '_');
      if (isBold) output = wrapStyle(output, '**', '**');
      return output;
    },
    link(url, label) {
      const safeUrl = safeLinkUrl(url);
      const escapedLabel = escapeTeamsMarkdown(label);
      return safeUrl === null ? escapedLabel : `[${escapedLabel}](${safeUrl})`;
    },
    mention(displayName, identities) {
      const identity = mentionFor('TEAMS', identities);
      if (!identity) return escapeTeamsMarkdown(`@${displayName}`);
      const name = mentionName(displayName);
      const text = `<at>${name}</at>`;
      if (!entities.some((entity) => entity.text === text && entity.mentioned.id === identity.userId)) {
        entities.push({ type: 'mention', text, mentioned: { id: identity.userId, name } });
      }
      return text;
    },
    lineBreak: '\n\n',
  };
  return { dialect, entities };
}
