// "vote storm": 20 boards of 11 statutory partners' representatives, each with an open vote. Button clicks go
// through the real chat core (identity, roles, ballot transaction, audit, card): first one at a time, then 180
// more voters at once with 50 of them double-clicking. Figures: handling time per click (p50/p99), wall time, SQL
// statements per click, and what was stored (every ballot once).
import { randomUUID } from 'node:crypto';
import type { DbClient } from '../db/client.ts';
import { createLogger } from '../logger.ts';
import type { ChatResponse, Notifier } from '../services/chat-core.ts';
import { createChatCore, type RunningChatCore } from '../services/core.ts';
import { voteFeature } from '../services/votes/vote-feature.ts';
import { ACTION_IDS } from '../views/action-ids.ts';
import { percentile, type BenchScenario } from './harness.ts';

const BOARDS = 20;
const PARTNERS = 11;
const VOTERS_PER_BOARD = 10;
const DOUBLE_CLICKS = 50;
const WORKSPACE = 'TBENCHVOTES';
const NOW = new Date('2026-11-24T10:00:00.000Z');

interface Click {
  userId: string;
  proposalId: string;
  cardId: string;
  actionId: string;
}

function quietNotifier(): Notifier {
  return {
    platform: 'SLACK',
    async postToChannel(target) {
      return { channelId: target.channelId, messageId: randomUUID() };
    },
    async sendDirect(target) {
      return { channelId: `D${target.userId}`, messageId: randomUUID() };
    },
    async updateMessage() {},
  };
}

/** Voters per board in order; the last partner of each board never votes, so no vote closes early. */
async function loadBoards(prisma: DbClient): Promise<{ proposalId: string; cardId: string; voters: string[] }[]> {
  const partnership = await prisma.partnership.create({ data: { slug: 'bench-votes', name: 'Safer Voteford', quorum: 4 } });
  const partnershipId = partnership.id;
  await prisma.chatWorkspace.create({ data: { partnershipId, platform: 'SLACK', workspaceId: WORKSPACE } });
  const organisations = Array.from({ length: PARTNERS }, (_, index) => ({
    id: randomUUID(),
    partnershipId,
    key: `partner-${index}`,
    name: `Partner ${index}`,
    kind: 'OTHER' as const,
    isStatutory: true,
  }));
  await prisma.organisation.createMany({ data: organisations });
  const groups = Array.from({ length: BOARDS }, (_, index) => ({ id: randomUUID(), partnershipId, key: `board-${index}`, name: `Board ${index}`, kind: 'STRATEGY_BOARD' as const }));
  await prisma.group.createMany({ data: groups });
  const chair = { id: randomUUID(), partnershipId, key: 'chair', name: 'Bench Chair' };
  const people = groups.flatMap((group, board) =>
    organisations.map((organisation, index) => ({ id: randomUUID(), partnershipId, key: `b${board}-p${index}`, name: `Rep ${board}.${index}`, organisationId: organisation.id, groupId: group.id })),
  );
  await prisma.person.createMany({ data: [chair, ...people.map(({ groupId: _, ...person }) => person)] });
  await prisma.membership.createMany({
    data: [
      ...people.map((person) => ({ groupId: person.groupId, personId: person.id, role: 'REPRESENTATIVE' as const, organisationId: person.organisationId })),
      ...groups.map((group) => ({ groupId: group.id, personId: chair.id, role: 'CHAIR' as const })),
    ],
  });
  await prisma.chatIdentity.createMany({
    data: people.map((person) => ({ personId: person.id, platform: 'SLACK' as const, workspaceId: WORKSPACE, userId: `U${person.key}`, linkedBy: 'IMPORT' as const })),
  });
  const proposals = groups.map((group, index) => ({
    id: randomUUID(),
    partnershipId,
    groupId: group.id,
    proposedById: chair.id,
    title: `Bench vote ${index}`,
    motion: 'That the benchmark be run.',
    reason: 'NO_CONSENSUS' as const,
    opensAt: NOW,
    closesAt: new Date(NOW.getTime() + 7 * 86_400_000),
    postPlatform: 'SLACK' as const,
    postChannelId: `C${group.key}`,
    postMessageId: `1764000000.${String(index).padStart(6, '0')}`,
  }));
  await prisma.proposal.createMany({ data: proposals });
  return proposals.map((proposal) => ({
    proposalId: proposal.id,
    cardId: proposal.postMessageId,
    voters: people.filter((person) => person.groupId === proposal.groupId).slice(0, VOTERS_PER_BOARD).map((person) => `U${person.key}`),
  }));
}

async function timed(core: RunningChatCore, click: Click): Promise<{ ms: number; response: ChatResponse }> {
  const started = performance.now();
  const response = await core.handleAction({
    actor: { platform: 'SLACK', workspaceId: WORKSPACE, userId: click.userId, lookupEmail: async () => undefined },
    conversation: { platform: 'SLACK', workspaceId: WORKSPACE, channelId: 'Cbench', kind: 'channel' },
    actionId: click.actionId,
    value: { p: click.proposalId },
    message: { id: click.cardId },
  });
  return { ms: performance.now() - started, response };
}

function figures(label: string, times: readonly number[]): Record<string, number> {
  const sorted = [...times].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return { [`${label} p50 ms`]: round(percentile(sorted, 0.5)), [`${label} p99 ms`]: round(percentile(sorted, 0.99)), [`${label} max ms`]: round(sorted.at(-1) ?? Number.NaN) };
}

export const voteStormScenario: BenchScenario = {
  name: 'vote storm',
  description: `button clicks on ${BOARDS} open votes: one at a time, then ${BOARDS * (VOTERS_PER_BOARD - 1)} voters at once with ${DOUBLE_CLICKS} double-clicks`,
  async run({ database, queries, log }) {
    const prisma = database.prisma;
    const load = await queries.measure(() => loadBoards(prisma));
    const boards = load.result;
    log(`  loaded in ${load.wallMs} ms (${load.queries} statements)`);
    const core = createChatCore({
      db: prisma,
      logger: createLogger({ level: 'error' }),
      features: [voteFeature],
      notifiers: { SLACK: quietNotifier() },
      now: () => NOW,
    });
    const choices = [ACTION_IDS.voteFor, ACTION_IDS.voteAgainst, ACTION_IDS.voteAbstain];

    // One at a time: the first representative of each board abstains, then changes their vote to For.
    const sequentialClicks: Click[] = boards.flatMap((board) =>
      [ACTION_IDS.voteAbstain, ACTION_IDS.voteFor].map((actionId) => ({ userId: board.voters[0] ?? '', proposalId: board.proposalId, cardId: board.cardId, actionId })),
    );
    const sequentialTimes: number[] = [];
    const sequential = await queries.measure(async () => {
      for (const click of sequentialClicks) sequentialTimes.push((await timed(core, click)).ms);
    });

    const storm: Click[] = boards.flatMap((board) =>
      board.voters.slice(1).map((userId, index) => ({ userId, proposalId: board.proposalId, cardId: board.cardId, actionId: choices[index % choices.length] ?? ACTION_IDS.voteFor })),
    );
    const stormClicks = [...storm, ...storm.slice(0, DOUBLE_CLICKS)];
    const burst = await queries.measure(() => Promise.all(stormClicks.map((click) => timed(core, click))));

    const proposalIds = boards.map((board) => board.proposalId);
    const ballots = await prisma.ballot.count({ where: { proposalId: { in: proposalIds } } });
    const history = await prisma.ballotChange.count({ where: { proposalId: { in: proposalIds } } });
    return {
      'sequential clicks': sequentialClicks.length,
      ...figures('sequential click', sequentialTimes),
      'sequential SQL statements per click': Math.round((sequential.queries / sequentialClicks.length) * 10) / 10,
      'burst clicks (at once)': stormClicks.length,
      'burst wall ms': burst.wallMs,
      'burst clicks handled per second': Math.round((stormClicks.length / (burst.wallMs / 1000)) * 10) / 10,
      ...figures('burst click', burst.result.map((entry) => entry.ms)),
      'burst SQL statements per click': Math.round((burst.queries / stormClicks.length) * 10) / 10,
      'ballots stored (expected 200)': ballots,
      'ballot history rows (expected 220)': history,
    };
  },
};
