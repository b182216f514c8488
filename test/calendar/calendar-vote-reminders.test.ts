// Vote reminders on the working calendar, run as the scheduler runs them (job.run(deps, now)) on a real
// database: a reminder whose time falls on the Boxing Day substitute holiday goes at 08:00 the next working
// day when that leaves time to vote, and in the last working hour before Christmas when it would not.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { VoteJobDeps } from '../../src/jobs/vote-close-job.ts';
import { voteReminderJob } from '../../src/jobs/vote-reminder-job.ts';
import { createVoteWorld, proposeVote, type VoteWorld } from '../votes/vote-fixtures.ts';

let world: VoteWorld;
let deps: VoteJobDeps;

beforeAll(async () => {
  world = await createVoteWorld({ now: new Date('2026-12-21T10:00:00Z') });
  deps = { services: world.core.services };
});

afterAll(async () => {
  await world?.close();
});

beforeEach(() => {
  world.notifier.clear();
});

/** Runs the job every quarter hour over the span and returns when reminders for `proposalId` were first claimed. */
async function firstReminderAt(proposalId: string, fromIso: string, toIso: string): Promise<string | null> {
  for (let at = Date.parse(fromIso); at <= Date.parse(toIso); at += 15 * 60_000) {
    await voteReminderJob.run(deps, new Date(at));
    const sent = await world.prisma.notification.findFirst({ where: { subjectId: proposalId, kind: 'VOTE_REMINDER' }, orderBy: { createdAt: 'asc' } });
    if (sent) return new Date(at).toISOString();
  }
  return null;
}

describe('a vote reminder that would fall on a bank holiday', () => {
  it('goes at 08:00 on Tuesday 29 December for a vote closing at noon that day, not on the substitute Monday', async () => {
    const { proposalId } = await proposeVote(world, { title: 'Closes after Christmas', closesOn: '2026-12-29', closesAt: '12:00' });
    expect(await firstReminderAt(proposalId, '2026-12-28T11:00:00Z', '2026-12-29T09:00:00Z')).toBe('2026-12-29T08:00:00.000Z');
    const reminders = await world.prisma.notification.count({ where: { subjectId: proposalId, kind: 'VOTE_REMINDER' } });
    expect(reminders).toBeGreaterThan(0);
    await voteReminderJob.run(deps, new Date('2026-12-29T09:30:00Z'));
    expect(await world.prisma.notification.count({ where: { subjectId: proposalId, kind: 'VOTE_REMINDER' } })).toBe(reminders);
  });

  it('goes at 17:00 on Christmas Eve for a vote closing at 09:00 on Tuesday 29 December, leaving time to vote', async () => {
    const { proposalId } = await proposeVote(world, { title: 'Closes first thing after Christmas', closesOn: '2026-12-29', closesAt: '09:00' });
    expect(await firstReminderAt(proposalId, '2026-12-24T16:00:00Z', '2026-12-24T18:00:00Z')).toBe('2026-12-24T17:00:00.000Z');
  });
});
