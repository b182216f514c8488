// The scheduled side of votes, run the way the scheduler runs them (job.run(deps, now)) against a real
// database: one reminder before closing, the quorum warning to the chair, and the close at the closing time.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { voteCloseJob, type VoteJobDeps } from '../../src/jobs/vote-close-job.ts';
import { voteReminderJob } from '../../src/jobs/vote-reminder-job.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { click, createVoteWorld, proposeVote, responseText, text, type VoteWorld } from './vote-fixtures.ts';

let world: VoteWorld;
let deps: VoteJobDeps;

beforeAll(async () => {
  world = await createVoteWorld({ now: new Date('2026-11-23T10:00:00Z') });
  deps = { services: world.core.services };
});

afterAll(async () => {
  await world?.close();
});

beforeEach(() => {
  world.notifier.clear();
});

describe('vote reminders', () => {
  it('reminds the voters of partners who have not voted once, 24 hours before closing (moved off the weekend to Monday 08:00), and warns the chair of the quorum', async () => {
    const { proposalId, cardId } = await proposeVote(world, { title: 'Reminders', closesOn: '2026-11-30', closesAt: '17:00' });
    await click(world, 'helen-marsh', ACTION_IDS.voteFor, proposalId, cardId);
    await click(world, 'sam-okafor', ACTION_IDS.voteFor, proposalId, cardId);
    world.notifier.clear();

    // 24 hours before closing is Sunday 17:00: nothing at the weekend, nor before the office opens on Monday.
    expect((await voteReminderJob.run(deps, new Date('2026-11-29T17:05:00Z')))?.summary).toMatch(/^0 vote\(s\) due/);
    expect((await voteReminderJob.run(deps, new Date('2026-11-30T07:59:00Z')))?.summary).toMatch(/^0 vote\(s\) due/);
    expect(world.notifier.directs).toEqual([]);

    const report = await voteReminderJob.run(deps, new Date('2026-11-30T08:05:00Z'));
    expect(report?.summary).toBe('1 vote(s) due: 12 reminder(s) sent, 1 quorum warning(s) sent, 0 undelivered, 0 skipped (already sent)');
    const recipients = world.notifier.directs.map((direct) => direct.target.userId);
    expect(recipients).not.toContain(world.userIdOf('sam-okafor'));
    expect(recipients).toContain(world.userIdOf('thomas-hale'));
    expect(recipients).toContain(world.userIdOf('laura-whitcombe'));
    expect(recipients).not.toContain(world.userIdOf('peter-sutton'));
    const toDaniel = world.notifier.directs.find((direct) => direct.target.userId === world.userIdOf('daniel-reeve'));
    expect(text(toDaniel?.message)).toContain('Reminder: Norfolk Constabulary has not voted yet on Reminders');
    expect(JSON.stringify(toDaniel?.message)).toContain(ACTION_IDS.voteFor);
    const cardUrl = (await world.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } })).postUrl;
    expect(cardUrl).toMatch(/^https:\/\/norfolk\.slack\.example\/archives\//);
    const openVote = { type: 'linkButton', label: 'Open the vote', url: cardUrl };
    expect(toDaniel?.message.blocks).toContainEqual({ type: 'actions', controls: expect.arrayContaining([openVote]) });
    const toChair = world.notifier.directs.filter((direct) => direct.target.userId === world.userIdOf('helen-marsh'));
    expect(toChair).toHaveLength(1);
    expect(text(toChair[0]?.message)).toContain('Quorum at risk: Reminders');
    expect(text(toChair[0]?.message)).toContain('3 more are needed for quorum');
    expect(toChair[0]?.message.blocks).toContainEqual({ type: 'actions', controls: [openVote] });

    world.notifier.clear();
    const again = await voteReminderJob.run(deps, new Date('2026-11-30T08:10:00Z'));
    expect(again?.summary).toBe('1 vote(s) due: 0 reminder(s) sent, 0 quorum warning(s) sent, 0 undelivered, 13 skipped (already sent)');
    expect(world.notifier.directs).toEqual([]);
    const rows = await world.prisma.notification.findMany({ where: { subjectId: proposalId } });
    expect(rows).toHaveLength(13);
    expect(rows.every((row) => row.sentAt !== null && row.error === null)).toBe(true);
  });

  it('lets a voter vote from the reminder, updating the card in the channel', async () => {
    const { proposalId, cardId } = await proposeVote(world, { title: 'Vote from a reminder', closesOn: '2026-12-01', closesAt: '09:00' });
    await voteReminderJob.run(deps, new Date('2026-11-30T09:30:00Z'));
    world.notifier.clear();
    const response = await world.core.handleAction({
      actor: world.actor('owen-pritchard'),
      conversation: { platform: 'SLACK', workspaceId: 'T0NORWICH', channelId: 'D-owen', kind: 'personal' },
      actionId: ACTION_IDS.voteAgainst,
      value: { p: proposalId },
      message: { id: 'dm-reminder' },
    });
    expect(response.map((result) => result.type)).toEqual(['updateMessage']);
    expect(responseText(response)).toContain('Your vote for Norfolk Fire Authority is recorded: Against.');
    expect(world.notifier.updates).toHaveLength(1);
    expect(world.notifier.updates[0]?.messageId).toBe(cardId);
    expect(text(world.notifier.updates[0]?.message)).toContain('1 of 7 statutory partners have taken part');
  });

  it('sends no reminder for a vote opened inside the reminder window', async () => {
    world.clock.now = new Date('2026-11-24T08:00:00Z');
    try {
      const { proposalId } = await proposeVote(world, { title: 'Short vote', closesOn: '2026-11-24', closesAt: '18:00' });
      await voteReminderJob.run(deps, new Date('2026-11-24T12:00:00Z'));
      expect(await world.prisma.notification.count({ where: { subjectId: proposalId } })).toBe(0);
    } finally {
      world.clock.now = new Date('2026-11-23T10:00:00Z');
    }
  });
});

describe('closing at the closing time', () => {
  it('closes once, however many times the job runs, and posts the result', async () => {
    const { proposalId, cardId } = await proposeVote(world, { title: 'Closes on time', closesOn: '2026-11-26', closesAt: '12:00' });
    for (const key of ['helen-marsh', 'daniel-reeve', 'margaret-ellison']) await click(world, key, ACTION_IDS.voteFor, proposalId, cardId);
    await click(world, 'gillian-foster', ACTION_IDS.voteAgainst, proposalId, cardId);
    world.notifier.clear();

    await voteCloseJob.run(deps, new Date('2026-11-26T11:59:00Z'));
    expect(await world.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } })).toMatchObject({ status: 'OPEN' });

    const at = new Date('2026-11-26T12:00:00Z');
    const due = await world.prisma.proposal.count({ where: { status: 'OPEN', closesAt: { lte: at } } });
    const reports = await Promise.all([voteCloseJob.run(deps, at), voteCloseJob.run(deps, at)]);
    const closedByRuns = reports.map((report) => Number(/^(\d+) decided, (\d+) awaiting/.exec(report?.summary ?? '')?.slice(1).reduce((a, b) => Number(a) + Number(b), 0)));
    expect(closedByRuns.reduce((a, b) => a + b, 0)).toBe(due);
    expect(reports.every((report) => report?.summary.endsWith('0 failed'))).toBe(true);
    const decisions = await world.prisma.decision.findMany({ where: { proposalId } });
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ outcome: 'CARRIED', forCount: 3, againstCount: 1, decidedAt: at });
    expect((decisions[0]?.tally as { trigger: string }).trigger).toBe('DEADLINE');
    expect(world.notifier.updates.filter((update) => update.messageId === cardId)).toHaveLength(1);
    const posts = world.notifier.posts.filter((post) => post.target.threadId === cardId || text(post.message).includes('Closes on time'));
    expect(posts.map((post) => post.target.threadId ?? null)).toEqual([cardId, null]);
    expect(await world.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } })).toMatchObject({ status: 'CLOSED', closedAt: at, closedById: null });

    const late = await click(world, 'owen-pritchard', ACTION_IDS.voteFor, proposalId, cardId);
    expect(responseText(late)).toMatch(/has closed/);
  });

  it('refuses a ballot after the closing time even before the job has run', async () => {
    const { proposalId, cardId } = await proposeVote(world, { title: 'Past its time', closesOn: '2026-11-25', closesAt: '12:00' });
    world.clock.now = new Date('2026-11-25T12:00:01Z');
    try {
      const response = await click(world, 'helen-marsh', ACTION_IDS.voteFor, proposalId, cardId);
      expect(responseText(response)).toContain('closed at Wed 25 Nov 2026, 12:00; nothing was recorded.');
      expect(await world.prisma.ballot.count({ where: { proposalId } })).toBe(0);
    } finally {
      world.clock.now = new Date('2026-11-23T10:00:00Z');
    }
  });
});
