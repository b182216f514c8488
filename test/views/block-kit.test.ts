import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import { renderBlockKit, renderSlackHome, type BlockKitBlock } from '../../src/views/block-kit.ts';
import type { MessageView } from '../../src/views/model.ts';
import { bold, rich, ViewModelError } from '../../src/views/model.ts';
import { hallmarksChecklist, messageViews, oversized, updateReminder, voteCard, weeklyDigest } from './sample-views.ts';

type SectionBlock = Extract<BlockKitBlock, { type: 'section' }>;
type ActionsBlock = Extract<BlockKitBlock, { type: 'actions' }>;

function ofType<T extends BlockKitBlock['type']>(blocks: readonly BlockKitBlock[], type: T): Extract<BlockKitBlock, { type: T }>[] {
  return blocks.filter((block): block is Extract<BlockKitBlock, { type: T }> => block.type === type);
}

describe('renderBlockKit and renderSlackHome stay within Block Kit limits', () => {
  for (const [name, view] of Object.entries(messageViews)) {
    it(`${name} as a message`, () => {
      const payload = renderBlockKit(view);
      expect(checkBlockKitLimits(payload, 'message')).toEqual([]);
      expect(payload.blocks.length).toBeGreaterThan(0);
    });
    it(`${name} as a Home tab`, () => {
      const home = renderSlackHome(view);
      expect(home.type).toBe('home');
      expect(checkBlockKitLimits(home, 'home')).toEqual([]);
    });
  }
});

describe('renderBlockKit', () => {
  it('renders the update reminder with a mention, styles, a link, facts and buttons', () => {
    const payload = renderBlockKit(updateReminder);
    expect(payload.text).toContain('Progress update due');
    expect(payload.text).toContain('@Megan Bowen');
    const [header, body, facts, actions] = payload.blocks;
    expect(header).toEqual({ type: 'header', text: { type: 'plain_text', text: updateReminder.blocks[0]?.type === 'heading' ? updateReminder.blocks[0].text : '', emoji: true } });
    expect(body).toMatchObject({ type: 'section', text: { type: 'mrkdwn', verbatim: true } });
    const bodyText = (body as SectionBlock).text?.text ?? '';
    expect(bodyText).toContain('Hi <@U0123ABCD>,');
    expect(bodyText).toContain('*Thursday 14 March*');
    expect(bodyText).toContain('_Target date: 31 March._');
    expect(bodyText).toContain('<https://example.org/plans/norwich-2024|delivery plan>');
    expect((facts as SectionBlock).text?.text).toContain('*Lead agency:* Norfolk Constabulary');
    const elements = (actions as ActionsBlock).elements;
    expect(elements[0]).toMatchObject({ action_id: ACTION_IDS.openUpdateForm, style: 'primary', value: '{"actionId":"a1b2"}' });
    expect(elements[2]).toMatchObject({ url: 'https://example.org/plans/norwich-2024' });
    expect(elements[2]).not.toHaveProperty('action_id');
  });

  it('sends literal text as plain_text so it shows exactly as written', () => {
    const payload = renderBlockKit({ kind: 'message', blocks: [{ type: 'text', text: 'Budget: *£5k* <approx> & rising' }] });
    expect(payload.blocks[0]).toEqual({
      type: 'section',
      text: { type: 'plain_text', text: 'Budget: *£5k* <approx> & rising', emoji: true },
    });
  });

  it('turns a confirm into a Slack confirm dialog styled like its button', () => {
    const actions = ofType(renderBlockKit(voteCard).blocks, 'actions')[0];
    const abstain = actions?.elements.find((element) => element.action_id === ACTION_IDS.voteAbstain);
    expect(abstain?.confirm).toEqual({
      title: { type: 'plain_text', text: 'Abstain?', emoji: true },
      text: { type: 'plain_text', text: 'Your abstention is recorded in the minutes.', emoji: true },
      confirm: { type: 'plain_text', text: 'Abstain', emoji: true },
      deny: { type: 'plain_text', text: 'Go back', emoji: true },
    });
    const against = actions?.elements.find((element) => element.action_id === ACTION_IDS.voteAgainst);
    expect(against?.style).toBe('danger');
  });

  it('splits more than ten fields into further sections', () => {
    const sections = ofType(renderBlockKit(weeklyDigest).blocks, 'section').filter((section) => section.fields);
    expect(sections.map((section) => section.fields?.length)).toEqual([10, 3]);
    expect(sections[0]?.fields?.[0]?.text).toMatch(/^\*NI 15\*\n[▁▂▃▄▅▆▇█]{7} [█░]{8} 0%$/);
  });

  it('truncates long text, headers, fields and button labels with an ellipsis', () => {
    const blocks = renderBlockKit(oversized).blocks;
    const header = ofType(blocks, 'header')[0];
    expect(header?.text.text).toHaveLength(150);
    expect(header?.text.text.endsWith('…')).toBe(true);
    const longSection = ofType(blocks, 'section').find((section) => section.text?.text.startsWith('*Section 0*'));
    expect(longSection?.text?.text).toHaveLength(3000);
    expect(longSection?.text?.text.endsWith('x…')).toBe(true);
    const button = ofType(blocks, 'actions')[0]?.elements[0];
    expect(button?.text.text).toHaveLength(75);
    expect(button?.text.text.endsWith('…')).toBe(true);
  });

  it('drops content, never buttons, when a message needs more than 50 blocks, and says so', () => {
    const blocks = renderBlockKit(oversized).blocks;
    expect(blocks).toHaveLength(50);
    const buttons = ofType(blocks, 'actions').flatMap((block) => block.elements);
    expect(buttons).toHaveLength(30);
    const note = ofType(blocks, 'context').find((block) => block.elements[0]?.text.includes('not shown'));
    expect(note?.elements[0]?.text).toMatch(/^… \d+ more parts not shown/);
  });

  it('allows 100 blocks on the Home tab', () => {
    const view: MessageView = {
      kind: 'message',
      blocks: Array.from({ length: 80 }, (_, index) => ({ type: 'text' as const, text: `Line ${index}` })),
    };
    expect(renderSlackHome(view).blocks).toHaveLength(80);
    expect(renderBlockKit(view).blocks).toHaveLength(50);
  });

  it('starts a new actions block at 25 buttons and when an action id repeats', () => {
    const many: MessageView = {
      kind: 'message',
      blocks: [
        {
          type: 'actions',
          controls: Array.from({ length: 30 }, (_, index) => ({ type: 'linkButton' as const, label: `${index}`, url: `https://example.org/${index}` })),
        },
        {
          type: 'actions',
          controls: ['Yes', 'No'].map((label) => ({ type: 'button' as const, actionId: ACTION_IDS.submitHallmarkItem, label, value: label })),
        },
      ],
    };
    const actions = ofType(renderBlockKit(many).blocks, 'actions');
    expect(actions.map((block) => block.elements.length)).toEqual([25, 5, 1, 1]);
  });

  it('pages a long list: only the current page, a summary, and previous/next buttons carrying the page', () => {
    const blocks = renderBlockKit(hallmarksChecklist(6)).blocks;
    const itemSections = ofType(blocks, 'section').filter((section) => /^\d+\. /.test(section.text?.text ?? ''));
    expect(itemSections).toHaveLength(20);
    expect(itemSections[0]?.text?.text).toMatch(/^121\. \*Requirement 121\*/);
    expect(itemSections[0]?.accessory?.action_id).toBe(ACTION_IDS.openHallmarkItem);
    expect(itemSections[1]?.accessory).toBeUndefined();
    expect(ofType(blocks, 'context').at(-1)?.elements[0]?.text).toBe('Showing 121–140 of 250 · page 7 of 13');
    const paging = ofType(blocks, 'actions').at(-1)?.elements;
    expect(paging?.map((element) => [element.action_id, element.value])).toEqual([
      [ACTION_IDS.pagePrevious, '{"checklist":"hallmarks-2024","page":5}'],
      [ACTION_IDS.pageNext, '{"checklist":"hallmarks-2024","page":7}'],
    ]);
  });

  it('shows no previous button on the first page, no next button on the last, and clamps pages out of range', () => {
    const pagingIds = (page: number): (string | undefined)[] =>
      ofType(renderBlockKit(hallmarksChecklist(page)).blocks, 'actions').at(-1)?.elements.map((element) => element.action_id) ?? [];
    expect(pagingIds(0)).toEqual([ACTION_IDS.pageNext]);
    expect(pagingIds(12)).toEqual([ACTION_IDS.pagePrevious]);
    expect(pagingIds(99)).toEqual([ACTION_IDS.pagePrevious]);
  });

  it('packs list items without buttons into as few sections as the text limit allows', () => {
    const view: MessageView = {
      kind: 'message',
      blocks: [{ type: 'list', items: Array.from({ length: 40 }, (_, index) => ({ text: rich(bold(`${index}`), ' ', 'y'.repeat(200)) })) }],
    };
    const sections = ofType(renderBlockKit(view).blocks, 'section');
    expect(sections.length).toBe(3);
    expect(sections.every((section) => (section.text?.text.length ?? 0) <= 3000)).toBe(true);
    expect(sections[0]?.text?.text.split('\n')[0]).toMatch(/^• \*0\* y+$/);
  });

  it('refuses a button value over 2000 characters instead of sending it', () => {
    const view: MessageView = {
      kind: 'message',
      blocks: [{ type: 'actions', controls: [{ type: 'button', actionId: ACTION_IDS.help, label: 'Help', value: 'v'.repeat(2001) }] }],
    };
    expect(() => renderBlockKit(view)).toThrow(ViewModelError);
  });

  it('derives the fallback text from the blocks unless one is given', () => {
    expect(renderBlockKit({ ...voteCard, fallbackText: 'Vote open' }).text).toBe('Vote open');
    expect(renderBlockKit(voteCard).text.split('\n').slice(0, 2)).toEqual([
      'Vote: fund two additional street pastors (£18,000)',
      'This decision commits finance, so the terms of reference require a vote of statutory partners present.',
    ]);
  });
});
