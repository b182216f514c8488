// Many clicks at once against one database, through the real chat core: 200 voters across 20 votes, 50 of them
// double-clicking the same button, and 20 more pressing For and Against at the same moment. Every ballot must be
// counted once, with its history; decision numbers handed out at the same moment must not collide.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../src/db/generated/client.ts';
import { createLogger } from '../../src/logger.ts';
import type { ChatResponse } from '../../src/services/chat-core.ts';
import { createChatCore, type RunningChatCore } from '../../src/services/core.ts';
import { closeVote } from '../../src/services/votes/closing.ts';
import { createVoteMessenger } from '../../src/services/votes/vote-messenger.ts';
import { voteFeature } from '../../src/services/votes/vote-feature.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { RecordingNotifier, responseText } from './vote-fixtures.ts';

const WORKSPACE = 'T0STORM';
const GROUPS = 21;
const VOTERS_PER_GROUP = 10;
const NOW = new Date('2026-11-23T10:00:00Z');

interface StormWorld {
  partnershipId: string;
  /** Per group: its proposal, card and the voters (index 0…10; the last never votes, so no vote closes early). */
  votes: { proposalId: string; cardId: string; voters: { personId: string; userId: string }[] }[];
  chairId: string;
}

/** A partnership of 11 statutory partners and 21 boards, each with its own 11 representatives and one open vote. */
async function seedStorm(prisma: PrismaClient): Promise<StormWorld> {
  const partnership = await prisma.partnership.create({ data: { slug: 'storm', name: 'Storm CSP', quorum: 3 } });
  const partnershipId = partnership.id;
  await prisma.chatWorkspace.create({ data: { partnershipId, platform: 'SLACK', workspaceId: WORKSPACE } });
  const organisations = await prisma.organisation.createManyAndReturn({
    data: Array.from({ length: VOTERS_PER_GROUP + 1 }, (_, index) => ({ partnershipId, key: `org-${index}`, name: `Partner ${index}`, kind: 'OTHER' as const, isStatutory: true })),
    select: { id: true },
  });
  const groups = await prisma.group.createManyAndReturn({
    data: Array.from({ length: GROUPS }, (_, index) => ({ partnershipId, key: `board-${index}`, name: `Board ${index}`, kind: 'STRATEGY_BOARD' as const })),
    select: { id: true, key: true },
  });
  const chair = await prisma.person.create({ data: { partnershipId, key: 'chair', name: 'Storm Chair' } });
  const people = await prisma.person.createManyAndReturn({
    data: groups.flatMap((group) => organisations.map((_, index) => ({ partnershipId, key: `${group.key}-rep-${index}`, name: `${group.key} rep ${index}` }))),
    select: { id: true, key: true },
  });
  await prisma.chatIdentity.createMany({
    data: [chair, ...people].map((person) => ({ personId: person.id, platform: 'SLACK' as const, workspaceId: WORKSPACE, userId: `U-${person.key}`, linkedBy: 'IMPORT' as const })),
  });
  const votes: StormWorld['votes'] = [];
  for (const [groupIndex, group] of groups.entries()) {
    const voters = organisations.map((organisation, index) => {
      const person = people[groupIndex * organisations.length + index];
      if (!person) throw new Error('seed mismatch');
      return { personId: person.id, userId: `U-${person.key}`, organisationId: organisation.id };
    });
    await prisma.membership.createMany({
      data: [
        ...voters.map((voter) => ({ groupId: group.id, personId: voter.personId, role: 'REPRESENTATIVE' as const, organisationId: voter.organisationId })),
        { groupId: group.id, personId: chair.id, role: 'CHAIR' as const },
      ],
    });
    const cardId = `1700000000.${String(groupIndex).padStart(6, '0')}`;
    const proposal = await prisma.proposal.create({
      data: {
        partnershipId,
        groupId: group.id,
        proposedById: chair.id,
        title: `Storm vote ${groupIndex}`,
        motion: 'That the storm be weathered.',
        reason: 'NO_CONSENSUS',
        opensAt: NOW,
        closesAt: new Date('2026-11-30T17:00:00Z'),
        postPlatform: 'SLACK',
        postChannelId: `C-${group.key}`,
        postMessageId: cardId,
      },
    });
    votes.push({ proposalId: proposal.id, cardId, voters });
  }
  return { partnershipId, votes, chairId: chair.id };
}

let db: TestDatabase;
let core: RunningChatCore;
let storm: StormWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  storm = await seedStorm(db.prisma);
  core = createChatCore({
    db: db.prisma,
    logger: createLogger({ level: 'error', write: () => {} }),
    features: [voteFeature],
    notifiers: { SLACK: new RecordingNotifier('SLACK') },
    now: () => NOW,
  });
});

afterAll(async () => {
  await db?.close();
});

function press(userId: string, actionId: string, proposalId: string, cardId: string): Promise<ChatResponse> {
  return core.handleAction({
    actor: { platform: 'SLACK', workspaceId: WORKSPACE, userId, lookupEmail: async () => undefined },
    conversation: { platform: 'SLACK', workspaceId: WORKSPACE, channelId: 'C-storm', kind: 'channel' },
    actionId,
    value: { p: proposalId },
    message: { id: cardId },
  });
}

describe('a storm of clicks', () => {
  it('counts 200 ballots from 200 voters once each, with 50 double-clicks and 20 simultaneous changes, none lost or doubled', async () => {
    const choiceOf = (index: number) => [ACTION_IDS.voteFor, ACTION_IDS.voteAgainst, ACTION_IDS.voteAbstain][index % 3] as string;
    const single = storm.votes.slice(0, 20).flatMap((vote) => vote.voters.slice(0, VOTERS_PER_GROUP).map((voter, index) => ({ vote, voter, actionId: choiceOf(index) })));
    expect(single).toHaveLength(200);
    const doubled = single.filter((_, index) => index % 4 === 0);
    expect(doubled).toHaveLength(50);
    const changing = storm.votes[20];
    if (!changing) throw new Error('seed mismatch');
    const changers = changing.voters.slice(0, VOTERS_PER_GROUP);

    const clicks = [
      ...single.map((click) => ({ ...click, kind: 'single' as const })),
      ...doubled.map((click) => ({ ...click, kind: 'double' as const })),
      ...changers.flatMap((voter) => [
        { vote: changing, voter, actionId: ACTION_IDS.voteFor as string, kind: 'change' as const },
        { vote: changing, voter, actionId: ACTION_IDS.voteAgainst as string, kind: 'change' as const },
      ]),
    ];
    const responses = await Promise.all(clicks.map((click) => press(click.voter.userId, click.actionId, click.vote.proposalId, click.vote.cardId)));

    for (const response of responses) {
      expect(response.map((result) => result.type)).toEqual(['updateMessage', 'privateReply']);
      expect(responseText(response)).toMatch(/is recorded|already recorded|You changed your vote/);
    }
    const proposalIds = storm.votes.slice(0, 20).map((vote) => vote.proposalId);
    const ballots = await db.prisma.ballot.findMany({ where: { proposalId: { in: proposalIds } } });
    expect(ballots).toHaveLength(200);
    const expected = new Map(single.map((click) => [`${click.vote.proposalId}:${click.voter.personId}`, click.actionId]));
    const choiceIds: Record<string, string> = { FOR: ACTION_IDS.voteFor, AGAINST: ACTION_IDS.voteAgainst, ABSTAIN: ACTION_IDS.voteAbstain };
    for (const ballot of ballots) expect(choiceIds[ballot.choice]).toBe(expected.get(`${ballot.proposalId}:${ballot.voterId}`));
    expect(await db.prisma.ballotChange.count({ where: { proposalId: { in: proposalIds } } })).toBe(200);

    const doubledTexts = doubled.map((click) =>
      responses.filter((_, index) => clicks[index]?.voter.personId === click.voter.personId && clicks[index]?.vote === click.vote).map(responseText),
    );
    for (const texts of doubledTexts) {
      expect(texts).toHaveLength(2);
      expect(texts.filter((line) => line.includes('is recorded'))).toHaveLength(1);
      expect(texts.filter((line) => line.includes('already recorded'))).toHaveLength(1);
    }

    const changed = await db.prisma.ballot.findMany({ where: { proposalId: changing.proposalId } });
    expect(changed).toHaveLength(VOTERS_PER_GROUP);
    const history = await db.prisma.ballotChange.findMany({ where: { proposalId: changing.proposalId }, orderBy: [{ voterId: 'asc' }, { id: 'asc' }] });
    for (const ballot of changed) {
      const rows = history.filter((row) => row.voterId === ballot.voterId);
      expect(rows).toHaveLength(2);
      const [first, second] = [rows.find((row) => row.previous === null), rows.find((row) => row.previous !== null)];
      expect(second?.previous).toBe(first?.choice);
      expect(second?.choice).toBe(ballot.choice);
      expect(second?.choice).not.toBe(first?.choice);
    }

    const states = await db.prisma.proposal.findMany({ where: { id: { in: proposalIds } }, select: { status: true, _count: { select: { ballots: true } } } });
    expect(states.every((state) => state.status === 'OPEN' && state._count.ballots === VOTERS_PER_GROUP)).toBe(true);
  }, 300_000);

  it('hands out distinct, consecutive decision numbers to votes closed at the same moment', async () => {
    const services = core.services;
    const messenger = createVoteMessenger(services);
    const outcomes = await Promise.all(
      storm.votes.slice(0, 20).map((vote) =>
        closeVote({ services, messenger }, { proposalId: vote.proposalId, timeZone: 'Europe/London', trigger: 'CHAIR', closedBy: { id: storm.chairId, name: 'Storm Chair' } }),
      ),
    );
    expect(outcomes.every((outcome) => outcome.kind === 'decided')).toBe(true);
    const numbers = (await db.prisma.decision.findMany({ where: { partnershipId: storm.partnershipId }, select: { number: true } })).map((row) => row.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
  }, 120_000);
});
