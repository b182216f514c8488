import { isInsideWord } from './markup-characters.ts';
import type { MarkupDialect } from './rich-text.ts';
import { mentionFor, safeLinkUrl, wrapStyle } from './rich-text.ts';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Slack mrkdwn has no escape for its formatting characters, so where one could open or close a style (not
 * between two letters or digits) it becomes a lookalike character instead.
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  '*': '\u2217',
  _: '\u02CD',
  '~': '\u223C',
  '`': '\u02CB',
};

export function escapeSlackMrkdwn(text: string): string {
  return text.replace(/[&<>*_~`]/g, (character, offset: number) => {
    const entity = ENTITIES[character];
    if (entity !== undefined) return entity;
    return isInsideWord(text, offset, 1) ? character : (LOOKALIKES[character] ?? character);
  });
}

export const slackMrkdwn: MarkupDialect = {
  styledText(text, isBold, isItalic) {
    let output = escapeSlackMrkdwn(text);
    if (isItalic) output = wrapStyle(output, '_', '_');
    if (isBold) output = wrapStyle(output, '*', '*');
    return output;
  },
  link(url, label) {
    const safeUrl = safeLinkUrl(url);
    const escapedLabel = escapeSlackMrkdwn(label);
    return safeUrl === null ? escapedLabel : `<${safeUrl}|${escapedLabel}>`;
  },
  mention(displayName, identities) {
    const identity = mentionFor('SLACK', identities);
    return identity && /^[A-Z0-9]+$/.test(identity.userId)
      ? `<@${identity.userId}>`
      : escapeSlackMrkdwn(`@${displayName}`);
  },
  lineBreak: '\n',
};
