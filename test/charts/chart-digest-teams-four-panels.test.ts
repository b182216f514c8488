// Charts on Teams, front door, at full size: a board with four red and amber headline indicators (eight
// months of readings each, long names) gets a scheduled digest whose card embeds the four-panel chart as a
// data: PNG (a 16-colour indexed one) instead of falling back to alt text, and the card stays within the bot
// message budget, which leaves the base64 of inline images out, as Teams does.
import type { PrismaClient } from '../../src/db/generated/client.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigestJob } from '../../src/jobs/digest-job.ts';
import { createLogger } from '../../src/logger.ts';
import { digestFeature } from '../../src/services/digest/digest-feature.ts';
import { indicatorFeature } from '../../src/services/indicators/indicator-feature.ts';
import { checkAdaptiveCardSize } from '../../src/views/adaptive-card.ts';
import { TEAMS_LIMITS } from '../../src/views/limits.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { channelMention } from '../support/teams-activities.ts';
import { monthLabelBefore } from '../digest/digest-fixtures.ts';
import { startTeamsTestApp, type TeamsTestApp } from '../teams/teams-test-app.ts';
import { nextWorkingMondayDigest } from '../support/digest-times.ts';

type Json = Record<string, unknown>;

const BOARD_CHANNEL = '19:0c4d5e2a8b7f4f1e9a3d6c5b4a392817@thread.tacv2';
const DATA_URL_PREFIX = 'data:image/png;base64,';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const INDEXED_COLOUR = 3;

interface SeededIndicator {
  readonly code: string;
  readonly name: string;
  /** Monthly target, at most (lower is better). */
  readonly target: number;
  /** Eight months, oldest first; the last is the month just ended. */
  readonly readings: readonly number[];
}

/** Two red (well over target) and two amber (within the default 5% over) indicators. */
const INDICATORS: readonly SeededIndicator[] = [
  { code: 'NI 16', name: 'Serious acquisitive crime rate per 1,000 population', target: 900, readings: [880, 905, 940, 970, 1_010, 990, 1_030, 1_060] },
  { code: 'NI 20', name: 'Assault with injury crime rate per 1,000 population', target: 400, readings: [380, 395, 410, 430, 450, 445, 470, 488] },
  { code: 'NI 21', name: 'Dealing with local concerns about anti-social behaviour', target: 1_200, readings: [1_150, 1_180, 1_190, 1_210, 1_230, 1_205, 1_215, 1_240] },
  { code: 'NI 32', name: 'Repeat incidents of domestic violence referred to MARAC', target: 300, readings: [290, 296, 301, 299, 305, 302, 308, 310] },
];

async function seedIndicator(prisma: PrismaClient, partnershipId: string, groupId: string, at: Date, seeded: SeededIndicator): Promise<void> {
  const indicator = await prisma.indicator.create({
    data: { partnershipId, code: seeded.code, name: seeded.name, unit: 'COUNT', polarity: 'LOWER_IS_BETTER', frequency: 'MONTHLY', groupId },
  });
  const year = at.getUTCMonth() >= 3 ? at.getUTCFullYear() : at.getUTCFullYear() - 1;
  for (const start of [year - 1, year]) {
    const period = `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
    await prisma.indicatorTarget.create({
      data: { indicatorId: indicator.id, period, periodStart: new Date(`${start}-04-01`), periodEnd: new Date(`${start + 1}-03-31`), value: seeded.target },
    });
  }
  for (const [index, value] of seeded.readings.entries()) {
    await prisma.indicatorReading.create({ data: { indicatorId: indicator.id, ...monthLabelBefore(at, seeded.readings.length - index), value, source: 'IMPORT' } });
  }
}

function cardsOf(body: unknown): Json[] {
  const attachments = ((body as Json).attachments as Json[] | undefined) ?? [];
  return attachments.filter((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive').map((attachment) => attachment.content as Json);
}

function textOf(card: Json): string {
  return JSON.stringify(card.body);
}

describe('a four-panel digest chart on Teams', () => {
  let app: TeamsTestApp;
  let monday: Date;
  const logger = createLogger({ level: 'error', write: () => {} });

  beforeAll(async () => {
    app = await startTeamsTestApp({ features: [indicatorFeature, digestFeature] });
    const { prisma } = app.db;
    const board = await prisma.group.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'board' } });
    expect((await app.post(channelMention({ ...app.envelope(), text: 'csp channel board', channelId: BOARD_CHANNEL }))).status).toBe(200);
    monday = nextWorkingMondayDigest();
    for (const seeded of INDICATORS) await seedIndicator(prisma, app.partnershipId, board.id, monday, seeded);
    app.connector.clearRequests();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('embeds the chart of all four in the scheduled digest card, within the bot message budget', async () => {
    const job = createDigestJob({ owner: 'replica-1', hasAction: (id) => app.core.registry.hasAction(id) });
    await job.run({ logger, services: { ...app.core.services, now: () => monday } }, monday);
    const [post] = app.connector.requestsFor('sendToConversation');
    expect(post?.conversationId).toBe(BOARD_CHANNEL);
    expect((post!.body as Json).summary).toBe('Weekly digest · Strategy Board: 2 red, 2 amber, 0 overdue actions.');
    const [card] = cardsOf(post!.body);
    expect(card).toBeDefined();

    const images = (card!.body as Json[]).filter((element) => element.type === 'Image');
    expect(images).toHaveLength(1);
    const url = String(images[0]!.url);
    expect(url.startsWith(DATA_URL_PREFIX)).toBe(true);
    const base64 = url.slice(DATA_URL_PREFIX.length);
    const png = Buffer.from(base64, 'base64');
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect({ width: png.readUInt32BE(16), bitDepth: png[24], colourType: png[25] }).toEqual({ width: 480, bitDepth: 4, colourType: INDEXED_COLOUR });
    expect(textOf(card!)).not.toContain('Chart not shown');

    const altText = String(images[0]!.altText);
    for (const seeded of INDICATORS) {
      expect(altText).toContain(`${seeded.code} ${seeded.name}, monthly:`);
      expect(altText).toContain(`target at most ${seeded.target.toLocaleString('en-GB')}`);
    }
    expect(altText).toMatch(/NI 16 [^.]*\w{3} \d{4} 1,060; target at most 900; red/);
    expect(altText).toMatch(/NI 32 [^.]*\w{3} \d{4} 310; target at most 300; amber/);

    const serialised = JSON.stringify(card);
    const stripped = serialised.replace(base64, '');
    const withoutImageData = Math.max(Buffer.byteLength(stripped, 'utf8'), stripped.length);
    expect(checkAdaptiveCardSize(card!)).toEqual({ bytes: withoutImageData, limit: TEAMS_LIMITS.cardBytes, longestDataUrl: url.length, withinLimit: true });
    expect(withoutImageData).toBeLessThanOrEqual(TEAMS_LIMITS.cardBytes);
    // Margin: the whole card, picture included, would fit a bot message even if Teams counted the picture.
    expect(Buffer.byteLength(serialised, 'utf8')).toBeLessThan(TEAMS_LIMITS.botMessageSize);
    expect(validateAdaptiveCard(card!)).toEqual([]);
  });
});
