// `/csp digest preview | send | history | schedule` and the digest's buttons, through the real chat core and a
// real database, with recording notifiers in place of Slack and Teams.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigestJob } from '../../src/jobs/digest-job.ts';
import type { ChatActor, ChatConversation, ChatResponse } from '../../src/services/chat-core.ts';
import { createChatCore, type RunningChatCore } from '../../src/services/core.ts';
import { createDigestFeature } from '../../src/services/digest/digest-feature.ts';
import { indicatorFeature } from '../../src/services/indicators/indicator-feature.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import type { MessageView } from '../../src/views/model.ts';
import { pageWindow } from '../../src/views/paging.ts';
import { toPlainText } from '../../src/views/rich-text.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { actor, capturingLogger, conversation, linkIdentity, messageOf, textOf } from '../services/chat-fixtures.ts';
import { type DigestScenario, type RecordingNotifier, linkChannel, recordingNotifier, seedDigestScenario } from './digest-fixtures.ts';

const WORKSPACE = 'T0DIGEST';
const BOARD_CHANNEL = 'Cdigestboard';

describe('/csp digest', () => {
  let db: TestDatabase;
  let core: RunningChatCore;
  let scenario: DigestScenario;
  let slack: RecordingNotifier;
  let teams: RecordingNotifier;
  let now = new Date('2026-10-26T09:00:00Z');
  const people: Record<'other' | 'secretary' | 'chair', ChatActor> = {
    other: actor({ workspaceId: WORKSPACE }),
    secretary: actor({ workspaceId: WORKSPACE }),
    chair: actor({ workspaceId: WORKSPACE }),
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    scenario = await seedDigestScenario(db.prisma, 'cmd');
    for (const key of Object.keys(people) as (keyof typeof people)[]) await linkIdentity(db.prisma, scenario.people[key], people[key]);
    await linkChannel(db.prisma, scenario.groups.board, 'SLACK', BOARD_CHANNEL, { workspaceId: WORKSPACE, name: 'board-room' });
    await linkChannel(db.prisma, scenario.groups.board, 'TEAMS', '19:cmdboard', { name: 'Board channel' });
    slack = recordingNotifier('SLACK');
    teams = recordingNotifier('TEAMS');
    core = createChatCore({
      db: db.prisma,
      logger: capturingLogger(),
      features: [indicatorFeature, createDigestFeature()],
      notifiers: { SLACK: slack, TEAMS: teams },
      now: () => now,
    });
  });

  afterAll(async () => {
    await db?.close();
  });

  const inChannel = (who: ChatActor): ChatConversation => conversation(who, { kind: 'channel', channelId: BOARD_CHANNEL });
  const personal = (who: ChatActor): ChatConversation => conversation(who, { kind: 'personal' });
  const command = (who: ChatActor, text: string, where = personal(who)) => core.handleCommand({ actor: who, conversation: where, text });
  const action = (who: ChatActor, actionId: string, value: object) => core.handleAction({ actor: who, conversation: personal(who), actionId, value: value as never });

  function shownText(response: ChatResponse): string {
    const view: MessageView = messageOf(response[0]);
    const items = view.blocks.flatMap((block) => (block.type === 'pagedList' ? pageWindow(block).items.map((item) => toPlainText(item.text)) : []));
    return [textOf(response), ...items].join('\n');
  }

  it('previews the digest privately: of the channel\'s group, the one named, or the person\'s only group', async () => {
    const inBoard = await command(people.other, 'digest preview', inChannel(people.other));
    expect(inBoard.map((result) => result.type)).toEqual(['privateReply']);
    expect(textOf(inBoard)).toContain('Weekly digest · Testford Board');
    expect(textOf(inBoard)).toContain('2 of 4 met');
    expect(textOf(await command(people.other, 'digest preview'))).toContain('Weekly digest · Operations Group');
    expect(textOf(await command(people.chair, 'digest'))).toContain('Weekly digest · Testford Board');
    expect(textOf(await command(people.chair, 'digest preview asb'))).toContain('Weekly digest · ASB Task Group');
    expect(slack.posts).toHaveLength(0);
    expect(teams.posts).toHaveLength(0);
  });

  it('gives every button of the digest a handler', async () => {
    const view = messageOf((await command(people.chair, 'digest preview board'))[0]);
    const buttons = view.blocks.flatMap((block) => (block.type === 'actions' ? block.controls : []));
    expect(buttons.length).toBeGreaterThanOrEqual(3);
    for (const button of buttons) expect(button.type === 'button' && core.registry.hasAction(button.actionId)).toBe(true);
  });

  it('posts now only for the group\'s chair or the secretariat, once a minute at most', async () => {
    const refused = await command(people.other, 'digest send board');
    expect(textOf(refused)).toContain('Only the chair of Testford Board or the secretariat can post its digest.');
    expect(slack.posts).toHaveLength(0);
    const audit = await db.prisma.auditEvent.findFirst({ where: { partnershipId: scenario.partnershipId, action: 'command.digest', outcome: 'REFUSED' } });
    expect(audit?.actorPersonId).toBe(scenario.people.other);

    const sent = await command(people.chair, 'digest send', inChannel(people.chair));
    expect(textOf(sent)).toBe('The digest of Testford Board: posted to #board-room on Slack; posted to Board channel on Teams.');
    expect(slack.posts.map((post) => post.target.channelId)).toEqual([BOARD_CHANNEL]);
    expect(teams.posts.map((post) => post.target.channelId)).toEqual(['19:cmdboard']);
    const again = await command(people.secretary, 'digest send board');
    expect(textOf(again)).toContain('already posted to #board-room on Slack a moment ago');
    expect(slack.posts).toHaveLength(1);

    expect(textOf(await command(people.secretary, 'digest send asb'))).toContain('ASB Task Group has no channel yet.');
  });

  it('lists what was sent, when and where, including late scheduled digests', async () => {
    now = new Date('2026-10-26T12:00:00Z');
    await createDigestJob({ owner: 'test' }).run({ logger: capturingLogger(), services: core.services }, now);
    const text = textOf(await command(people.other, 'digest history'));
    expect(text).toContain('Digest history');
    expect(text).toContain('Testford Board · #board-room on Slack\nposted Mon, 26 Oct 2026, 12:00 (for 2026-W44, sent late)');
    expect(text).toContain('Testford Board · Board channel on Teams\nposted Mon, 26 Oct 2026, 09:00 (sent by hand)');
  });

  it('shows and sets a group\'s schedule, refusing a bad expression with the reason', async () => {
    const shown = textOf(await command(people.other, 'digest schedule', inChannel(people.other)));
    expect(shown).toContain('Testford Board gets its digest on the partnership\'s schedule "0 9 * * 1" (Europe/London). Next: Monday, 2 November 2026 at 09:00.');
    expect(textOf(await command(people.other, 'digest schedule board 30 16 * * fri'))).toContain('Only the secretariat can change when a group gets its digest.');
    const invalid = textOf(await command(people.secretary, 'digest schedule board 0 25 * * 1'));
    expect(invalid).toContain('digest schedule "0 25 * * 1" is not a valid cron expression: hour 25 is out of range (0–23)');
    const set = textOf(await command(people.secretary, 'digest schedule board 30 16 * * fri'));
    expect(set).toContain('its own schedule "30 16 * * fri"');
    expect(set).toContain('Next: Friday, 30 October 2026 at 16:30.');
    expect((await db.prisma.group.findUnique({ where: { id: scenario.groups.board } }))?.digestCron).toBe('30 16 * * fri');
    await command(people.secretary, 'digest schedule board default');
    expect((await db.prisma.group.findUnique({ where: { id: scenario.groups.board } }))?.digestCron).toBeNull();
  });

  it('opens the decision log, the actions needing attention and all indicators from the digest\'s buttons', async () => {
    const decisions = shownText(await action(people.other, ACTION_IDS.openDigestDecisions, { groupId: scenario.groups.board }));
    expect(decisions).toContain('Decision log · Testford Board');
    expect(decisions.indexOf('#2 Fund the CCTV upgrade')).toBeGreaterThan(-1);
    expect(decisions.indexOf('#2 Fund the CCTV upgrade')).toBeLessThan(decisions.indexOf('#1 Adopt the partnership plan'));
    expect(decisions).not.toContain('Close the task group');

    const attention = shownText(await action(people.other, ACTION_IDS.openDigestOverdueActions, { groupId: scenario.groups.board }));
    expect(attention).toContain('OP-2 Action OP-2\n🟠 at risk · @Olly Owner');
    expect(attention).toContain('OP-3 Action OP-3\n🔴 off track · overdue since 1 Oct 2026 · @Oona Other');
    expect(attention).toContain('OP-4 Action OP-4\nupdate due 1 Sept 2026 · @Olly Owner');
    expect(attention).not.toContain('OP-1');

    const indicators = shownText(await action(people.other, ACTION_IDS.openIndicatorList, { groupId: scenario.groups.ops }));
    expect(indicators).toContain('Indicators · Operations Group');
    expect(await action(people.other, ACTION_IDS.openDigestDecisions, { groupId: '00000000-0000-4000-8000-000000000000' })).toMatchObject([{ type: 'privateReply' }]);
  });
});
