// Charts on Teams, front door: the digest job (scheduler's clock set) posts a digest whose red headline
// indicator is drawn as an Adaptive Card Image carrying a data: PNG URL within the card budget, and
// `csp kpi` answers with the indicator card and its chart; alt text states the figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigestJob } from '../../src/jobs/digest-job.ts';
import { createLogger } from '../../src/logger.ts';
import { digestFeature } from '../../src/services/digest/digest-feature.ts';
import { indicatorFeature } from '../../src/services/indicators/indicator-feature.ts';
import { checkAdaptiveCardSize } from '../../src/views/adaptive-card.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { channelMention } from '../support/teams-activities.ts';
import { seedRedIndicator } from '../digest/digest-fixtures.ts';
import { startTeamsTestApp, type TeamsTestApp } from '../teams/teams-test-app.ts';
import { nextWorkingMondayDigest } from '../support/digest-times.ts';

type Json = Record<string, unknown>;

const BOARD_CHANNEL = '19:6848757105754c8981c67612732d9aa7@thread.tacv2';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const DATA_URL_PREFIX = 'data:image/png;base64,';

function cardsOf(body: unknown): Json[] {
  const attachments = ((body as Json).attachments as Json[] | undefined) ?? [];
  return attachments.filter((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive').map((attachment) => attachment.content as Json);
}

function imagesOf(card: Json): Json[] {
  return ((card.body as Json[] | undefined) ?? []).filter((element) => element.type === 'Image');
}

function expectChartImage(card: Json): void {
  const [image] = imagesOf(card);
  expect(image).toBeDefined();
  const url = String(image!.url);
  expect(url.startsWith(DATA_URL_PREFIX)).toBe(true);
  const png = Buffer.from(url.slice(DATA_URL_PREFIX.length), 'base64');
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(String(image!.altText)).toMatch(/ASB incidents, monthly: \w{3} \d{4} 1,204; \w{3} \d{4} 1,150; \w{3} \d{4} 1,180; target at most 1,100; red/);
  expect(validateAdaptiveCard(card)).toEqual([]);
  expect(checkAdaptiveCardSize(card).withinLimit).toBe(true);
}

describe('indicator charts on Teams', () => {
  let app: TeamsTestApp;
  let monday: Date;
  const logger = createLogger({ level: 'error', write: () => {} });

  beforeAll(async () => {
    app = await startTeamsTestApp({ features: [indicatorFeature, digestFeature] });
    const { prisma } = app.db;
    const board = await prisma.group.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'board' } });
    expect((await app.post(channelMention({ ...app.envelope(), text: 'csp channel board', channelId: BOARD_CHANNEL }))).status).toBe(200);
    monday = nextWorkingMondayDigest();
    await seedRedIndicator(prisma, { partnershipId: app.partnershipId, groupId: board.id, at: monday });
    app.connector.clearRequests();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('puts the red headline indicator\'s chart into the scheduled digest card', async () => {
    const job = createDigestJob({ owner: 'replica-1', hasAction: (id) => app.core.registry.hasAction(id) });
    await job.run({ logger, services: { ...app.core.services, now: () => monday } }, monday);
    const [post] = app.connector.requestsFor('sendToConversation');
    expect(post?.conversationId).toBe(BOARD_CHANNEL);
    expect((post!.body as Json).summary).toBe('Weekly digest · Strategy Board: 1 red, 0 amber, 0 overdue actions.');
    const [card] = cardsOf(post!.body);
    expectChartImage(card!);
  });

  it('shows the chart on the indicator card of a red indicator', async () => {
    app.connector.clearRequests();
    const response = await app.post(channelMention({ ...app.envelope(), text: 'csp kpi ASB', channelId: BOARD_CHANNEL }));
    expect(response.status).toBe(200);
    const cards = app.connector.requests.flatMap((request) => cardsOf(request.body));
    const card = cards.find((candidate) => JSON.stringify(candidate).includes('ASB · ASB incidents'));
    expect(card).toBeDefined();
    expectChartImage(card!);
  });
});
