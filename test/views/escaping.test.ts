import { describe, expect, it } from 'vitest';
import { renderAdaptiveCard } from '../../src/views/adaptive-card.ts';
import type { AcFactSet, AcTextBlock } from '../../src/views/adaptive-card-types.ts';
import { escapeSlackMrkdwn, renderBlockKit, type BlockKitBlock } from '../../src/views/block-kit.ts';
import type { MessageView } from '../../src/views/model.ts';
import { bold, link, mention, rich } from '../../src/views/model.ts';
import { escapeTeamsMarkdown } from '../../src/views/teams-markup.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';

type SectionBlock = Extract<BlockKitBlock, { type: 'section' }>;

const hostile = '<!channel> <@U999> <https://evil.example|click> & &amp; *urgent* _now_ ~gone~ `code` snake_case 2*3';

const view: MessageView = {
  kind: 'message',
  blocks: [
    { type: 'heading', text: '<b>Title</b> & *more*' },
    { type: 'text', text: rich(bold('Note:'), ' ', hostile) },
    { type: 'facts', facts: [{ label: '<Owner>', value: hostile }] },
    { type: 'text', text: rich(link('javascript:alert(1)', 'not a link'), ' ', link('https://example.org/a_(b)', 'ok > fine')) },
    { type: 'text', text: rich(mention('Eve <at>Admin</at>', [{ platform: 'SLACK', userId: '<!here>' }])) },
    { type: 'actions', controls: [{ type: 'linkButton', label: '<b>Open</b> & go', url: 'https://example.org' }] },
  ],
};

describe('Slack mrkdwn escaping', () => {
  it('turns &, < and > into entities so no user text becomes a mention, link or broadcast', () => {
    expect(escapeSlackMrkdwn('<!channel> <@U999> a & b')).toBe('&lt;!channel&gt; &lt;@U999&gt; a &amp; b');
  });

  it('neutralises formatting characters that could open or close a style, but not ones inside words', () => {
    expect(escapeSlackMrkdwn('*urgent* _now_ ~gone~ `code`')).toBe('∗urgent∗ ˍnowˍ ∼gone∼ ˋcodeˋ');
    expect(escapeSlackMrkdwn('snake_case 2*3 a~b')).toBe('snake_case 2*3 a~b');
  });

  it('renders hostile user text safely inside formatted sections and facts', () => {
    const [, section, facts] = renderBlockKit(view).blocks as SectionBlock[];
    expect(section?.text?.text).toBe(
      '*Note:* &lt;!channel&gt; &lt;@U999&gt; &lt;https://evil.example|click&gt; &amp; &amp;amp; ∗urgent∗ ˍnowˍ ∼gone∼ ˋcodeˋ snake_case 2*3',
    );
    expect(facts?.text?.text.startsWith('*&lt;Owner&gt;:* &lt;!channel&gt;')).toBe(true);
  });

  it('keeps plain_text exactly as written: Slack does not interpret it', () => {
    const [header] = renderBlockKit(view).blocks;
    expect(header).toEqual({ type: 'header', text: { type: 'plain_text', text: '<b>Title</b> & *more*', emoji: true } });
    const plainOnly = renderBlockKit({ kind: 'message', blocks: [{ type: 'text', text: hostile }] }).blocks[0] as SectionBlock;
    expect(plainOnly.text).toEqual({ type: 'plain_text', text: hostile, emoji: true });
  });

  it('drops unsafe link schemes, encodes URL delimiters and refuses mention ids that are not Slack ids', () => {
    const blocks = renderBlockKit(view).blocks as SectionBlock[];
    expect(blocks[3]?.text?.text).toBe('not a link <https://example.org/a_%28b%29|ok &gt; fine>');
    expect(blocks[4]?.text?.text).toBe('@Eve &lt;at&gt;Admin&lt;/at&gt;');
  });
});

describe('Teams TextBlock markdown escaping', () => {
  it('backslash-escapes markdown and angle brackets, leaves intra-word underscores and plain ampersands', () => {
    expect(escapeTeamsMarkdown('*urgent* _now_ snake_case [x](y) `c` <at>Bob</at> \\')).toBe(
      '\\*urgent\\* \\_now\\_ snake_case \\[x\\](y) \\`c\\` \\<at\\>Bob\\</at\\> \\\\',
    );
    expect(escapeTeamsMarkdown('AT&T &amp; &#169;')).toBe('AT&T \\&amp; \\&#169;');
  });

  it('escapes a leading list or heading marker only', () => {
    expect(escapeTeamsMarkdown('- item')).toBe('\\- item');
    expect(escapeTeamsMarkdown('12. item')).toBe('12\\. item');
    expect(escapeTeamsMarkdown('# title')).toBe('\\# title');
    expect(escapeTeamsMarkdown('1.5 million - roughly')).toBe('1.5 million - roughly');
  });

  it('renders hostile user text safely in TextBlocks and FactSets, and the card stays valid', () => {
    const card = renderAdaptiveCard(view);
    expect(validateAdaptiveCard(card)).toEqual([]);
    const texts = card.body.filter((element): element is AcTextBlock => element.type === 'TextBlock').map((block) => block.text);
    expect(texts[0]).toBe('\\<b\\>Title\\</b\\> & \\*more\\*');
    expect(texts[1]).toBe(
      '**Note:** \\<!channel\\> \\<@U999\\> \\<https://evil.example|click\\> & \\&amp; \\*urgent\\* \\_now\\_ ~gone~ \\`code\\` snake_case 2\\*3',
    );
    expect(texts.every((text) => !text.includes('<at>'))).toBe(true);
    expect(card.msteams?.entities).toBeUndefined();
    const facts = card.body.find((element): element is AcFactSet => element.type === 'FactSet');
    expect(facts?.facts[0]?.title).toBe('\\<Owner\\>');
    expect(texts[2]).toBe('not a link [ok \\> fine](https://example.org/a_%28b%29)');
    expect(texts[3]).toBe('@Eve \\<at\\>Admin\\</at\\>');
  });

  it('cleans a Teams mention name so it cannot break out of the <at> tag', () => {
    const card = renderAdaptiveCard({
      kind: 'message',
      blocks: [{ type: 'text', text: rich(mention('Eve</at> <at>Admin', [{ platform: 'TEAMS', userId: '29:abc' }])) }],
    });
    expect(card.msteams?.entities).toEqual([{ type: 'mention', text: '<at>Eve/at atAdmin</at>', mentioned: { id: '29:abc', name: 'Eve/at atAdmin' } }]);
  });

  it('shows button titles as literal text on both platforms', () => {
    const slackButton = renderBlockKit(view).blocks.at(-1);
    expect(slackButton).toMatchObject({ elements: [{ text: { type: 'plain_text', text: '<b>Open</b> & go' } }] });
    const teamsActions = renderAdaptiveCard(view).body.at(-1);
    expect(teamsActions).toMatchObject({ type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: '<b>Open</b> & go' }] });
  });
});
