// A representative away when the vote reminder goes: their deputy is reminded instead, told why; the away
// representative is not; the chair's quorum warning and the card's "not yet voted" show who is away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoteJobDeps } from '../../src/jobs/vote-close-job.ts';
import { voteReminderJob } from '../../src/jobs/vote-reminder-job.ts';
import { click, createVoteWorld, proposeVote, text, type VoteWorld } from '../votes/vote-fixtures.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';

let world: VoteWorld;
let deps: VoteJobDeps;

beforeAll(async () => {
  world = await createVoteWorld({ now: new Date('2026-11-23T10:00:00Z') });
  deps = { services: world.core.services };
});

afterAll(async () => {
  await world?.close();
});

describe('vote reminders while a representative is away', () => {
  it('go to the deputy instead, and the chair sees who is away among those yet to vote', async () => {
    const { prisma } = world;
    const police = await prisma.organisation.findFirstOrThrow({ where: { partnershipId: world.partnershipId, name: 'Norfolk Constabulary' } });
    const roll = await prisma.membership.findMany({
      where: { groupId: world.groups.rap, organisationId: police.id, role: { in: ['REPRESENTATIVE', 'DEPUTY'] } },
      select: { role: true, person: { select: { id: true, key: true, name: true } } },
    });
    const representative = roll.find((member) => member.role === 'REPRESENTATIVE')!.person;
    const deputy = roll.find((member) => member.role === 'DEPUTY')!.person;
    await prisma.absence.create({ data: { personId: representative.id, fromDate: new Date('2026-11-27T00:00:00Z'), untilDate: new Date('2026-12-04T00:00:00Z'), reason: 'leave' } });

    const { proposalId, cardId } = await proposeVote(world, { title: 'Cover for votes', closesOn: '2026-11-30', closesAt: '17:00' });
    await click(world, 'helen-marsh', ACTION_IDS.voteFor, proposalId, cardId);
    world.notifier.clear();

    // Sunday's reminder point waits for the office to open: Monday 30 November, 08:00.
    await voteReminderJob.run(deps, new Date('2026-11-30T08:05:00Z'));
    const recipients = world.notifier.directs.map((direct) => direct.target.userId);
    expect(recipients).not.toContain(world.userIdOf(representative.key));
    const toDeputy = world.notifier.directs.find((direct) => direct.target.userId === world.userIdOf(deputy.key));
    expect(text(toDeputy?.message)).toContain('has not voted yet on Cover for votes');
    expect(text(toDeputy?.message)).toContain(
      `${representative.name}, the representative of Norfolk Constabulary, is away until 4 Dec, so you are reminded as the deputy: your vote counts for Norfolk Constabulary.`,
    );
    const toChair = world.notifier.directs.find((direct) => direct.target.userId === world.userIdOf('helen-marsh') && text(direct.message).includes('Quorum at risk'));
    expect(text(toChair?.message)).toContain(`Norfolk Constabulary (${representative.name} away until 4 Dec)`);
    const claimed = await prisma.notification.findMany({ where: { subjectId: proposalId, recipientId: representative.id } });
    expect(claimed).toEqual([]);
  });

  it('warn the vice-chair of a quorum at risk when the chair is away, or the secretariat when the vice-chair is away too', async () => {
    const { prisma } = world;
    const roleHolder = async (role: 'VICE_CHAIR' | 'SECRETARIAT') =>
      (await prisma.membership.findFirstOrThrow({ where: { groupId: world.groups.rap, role }, select: { person: { select: { id: true, key: true } } } })).person;
    const vice = await roleHolder('VICE_CHAIR');
    const secretary = await roleHolder('SECRETARIAT');
    await prisma.absence.create({ data: { personId: world.people['helen-marsh']!, fromDate: new Date('2026-12-07T00:00:00Z'), untilDate: null } });

    const first = await proposeVote(world, { title: 'Chair away', closesOn: '2026-12-09', closesAt: '17:00' });
    await click(world, 'helen-marsh', ACTION_IDS.voteFor, first.proposalId, first.cardId);
    world.notifier.clear();
    await voteReminderJob.run(deps, new Date('2026-12-08T17:05:00Z'));
    const warned = (title: string) => world.notifier.directs.filter((direct) => text(direct.message).includes(`Quorum at risk: ${title}`)).map((direct) => direct.target.userId);
    expect(warned('Chair away')).toEqual([world.userIdOf(vice.key)]);

    await prisma.absence.create({ data: { personId: vice.id, fromDate: new Date('2026-12-10T00:00:00Z'), untilDate: new Date('2026-12-11T00:00:00Z') } });
    const second = await proposeVote(world, { title: 'Both away', closesOn: '2026-12-11', closesAt: '17:00' });
    await click(world, 'helen-marsh', ACTION_IDS.voteFor, second.proposalId, second.cardId);
    world.notifier.clear();
    await voteReminderJob.run(deps, new Date('2026-12-10T17:05:00Z'));
    expect(warned('Both away')).toEqual([world.userIdOf(secretary.key)]);
  });
});
