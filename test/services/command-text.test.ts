import { describe, expect, it } from 'vitest';
import { formatMentionToken } from '../../src/services/chat-core.ts';
import { parseCommandText, tokenise } from '../../src/services/command-text.ts';

describe('command text', () => {
  it('takes the first word as the sub-command, in lower case, and the rest as arguments', () => {
    expect(parseCommandText('  Channel  rap ')).toEqual({
      name: 'channel',
      args: [{ kind: 'word', text: 'rap', quoted: false }],
      rest: 'rap',
    });
    expect(parseCommandText('')).toEqual({ name: '', args: [], rest: '' });
  });

  it('keeps quoted arguments whole, with straight or curly quotes', () => {
    expect(tokenise('"Partnership Operations Group" \u201cnight time\u201d \'two words\'')).toEqual([
      { kind: 'word', text: 'Partnership Operations Group', quoted: true },
      { kind: 'word', text: 'night time', quoted: true },
      { kind: 'word', text: 'two words', quoted: true },
    ]);
    expect(tokenise('"unterminated quote')).toEqual([
      { kind: 'word', text: '"unterminated', quoted: false },
      { kind: 'word', text: 'quote', quoted: false },
    ]);
  });

  it('reads Slack user mentions and the neutral tokens the Teams adapter writes', () => {
    expect(tokenise('<@U024BE7LH|Sam Jones> <@W123> <@b15a9416-0ad3-4172-9210-7beb711d3f70|Ridó>')).toEqual([
      { kind: 'mention', userId: 'U024BE7LH', displayName: 'Sam Jones' },
      { kind: 'mention', userId: 'W123' },
      { kind: 'mention', userId: 'b15a9416-0ad3-4172-9210-7beb711d3f70', displayName: 'Ridó' },
    ]);
    expect(tokenise(formatMentionToken('aad-1', 'A <b>|name'))).toEqual([{ kind: 'mention', userId: 'aad-1', displayName: 'A bname' }]);
  });

  it('undoes Slack escaping of emails, links and channels, and Teams non-breaking spaces', () => {
    const parsed = parseCommandText('link\u00a0<@U1> <mailto:Sam@Example.org|Sam@Example.org> <https://example.org/x|example.org/x> <#C42|board> a &amp; b');
    expect(parsed.name).toBe('link');
    expect(parsed.args).toEqual([
      { kind: 'mention', userId: 'U1' },
      { kind: 'word', text: 'Sam@Example.org', quoted: false },
      { kind: 'word', text: 'https://example.org/x', quoted: false },
      { kind: 'word', text: '#board', quoted: false },
      { kind: 'word', text: 'a', quoted: false },
      { kind: 'word', text: '&', quoted: false },
      { kind: 'word', text: 'b', quoted: false },
    ]);
  });

  it('keeps the text after a quoted sub-command', () => {
    expect(parseCommandText('"help" me please').rest).toBe('me please');
  });
});
