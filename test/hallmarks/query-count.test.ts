// The card, a list and the reminder query take the same number of database queries whatever the size of the
// checklist and its history: no query per item.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import type { ChatActor, ChatConversation } from '../../src/services/chat-core.ts';
import { createChatCore, type RunningChatCore } from '../../src/services/core.ts';
import { hallmarksFeature } from '../../src/services/hallmarks/hallmarks-feature.ts';
import { hallmarkItemsDueForReview } from '../../src/services/hallmarks/review-reminders.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const ACTOR: ChatActor = { platform: 'SLACK', workspaceId: 'T0QUERIES', userId: 'U0QUERIES', lookupEmail: async () => undefined };
const CHANNEL: ChatConversation = { platform: 'SLACK', workspaceId: 'T0QUERIES', channelId: 'C0QUERIES', kind: 'channel' };

let db: TestDatabase;
let core: RunningChatCore;
let partnershipId: string;
let ownerId: string;
let queries = 0;

async function addItems(from: number, count: number): Promise<void> {
  const items = Array.from({ length: count }, (_, offset) => ({
    partnershipId,
    key: `item-${from + offset}`,
    stage: ['Assess', 'Deliver', 'Lead and Guide', 'Local heading'][(from + offset) % 4]!,
    hallmark: (from + offset) % 2 === 0 ? ('ENGAGED_COMMUNITIES' as const) : null,
    kind: 'QUESTION' as const,
    text: `Question ${from + offset}?`,
    position: from + offset,
    ownerId,
  }));
  await db.prisma.hallmarkItem.createMany({ data: items });
  const created = await db.prisma.hallmarkItem.findMany({ where: { partnershipId, key: { in: items.map((item) => item.key) } }, select: { id: true } });
  const statuses = ['MET', 'NOT_MET', 'AWAITING_EXTERNAL', null] as const;
  await db.prisma.hallmarkAssessment.createMany({
    data: created.flatMap((item, index) =>
      [0, 1, 2].map((round) => ({
        itemId: item.id,
        status: statuses[(index + round) % 4]!,
        needsReview: statuses[(index + round) % 4] === null,
        externalBody: 'County group',
        reviewDate: new Date('2026-01-01T00:00:00Z'),
        source: 'CHAT' as const,
        assessedAt: new Date(Date.UTC(2025, round * 3, 1 + (index % 20))),
      })),
    ),
  });
}

async function counted(work: () => Promise<unknown>): Promise<number> {
  const before = queries;
  await work();
  return queries - before;
}

beforeAll(async () => {
  db = await createTestDatabase({ onQuery: () => void (queries += 1) });
  const partnership = await db.prisma.partnership.create({ data: { slug: 'safer-queries', name: 'Safer Queries', quorum: 3 } });
  partnershipId = partnership.id;
  const board = await db.prisma.group.create({ data: { partnershipId, key: 'board', name: 'Board', kind: 'STRATEGY_BOARD' } });
  const person = await db.prisma.person.create({ data: { partnershipId, key: 'sec', name: 'Sam Secretary' } });
  ownerId = person.id;
  await db.prisma.membership.create({ data: { groupId: board.id, personId: person.id, role: 'SECRETARIAT' } });
  await db.prisma.chatWorkspace.create({ data: { partnershipId, platform: 'SLACK', workspaceId: ACTOR.workspaceId } });
  await db.prisma.chatIdentity.create({ data: { personId: person.id, platform: 'SLACK', workspaceId: ACTOR.workspaceId, userId: ACTOR.userId, linkedBy: 'IMPORT' } });
  core = createChatCore({ db: db.prisma, logger: createLogger({ level: 'error', write: () => undefined }), features: [hallmarksFeature], now: () => NOW });
});

afterAll(async () => {
  await db?.close();
});

describe('database queries', () => {
  it('do not grow with the checklist', async () => {
    const measure = async () => ({
      card: await counted(() => core.handleCommand({ actor: ACTOR, conversation: CHANNEL, text: 'hallmarks --me' })),
      posted: await counted(() => core.handleCommand({ actor: ACTOR, conversation: CHANNEL, text: 'hallmarks' })),
      list: await counted(() => core.handleAction({ actor: ACTOR, conversation: CHANNEL, actionId: ACTION_IDS.filterHallmarks, value: { stage: 'assess' } })),
      due: await counted(() => hallmarkItemsDueForReview(db.prisma, partnershipId, NOW)),
    });
    await addItems(0, 10);
    const small = await measure();
    await addItems(10, 300);
    const large = await measure();
    expect(large).toEqual(small);
    expect(small.due).toBeLessThanOrEqual(6);
    expect(small.card).toBeLessThanOrEqual(15);
    expect((await hallmarkItemsDueForReview(db.prisma, partnershipId, NOW)).length).toBe(310);
  });
});
