// Charts on Slack, front door: the digest job (scheduler's clock set) uploads the red headline indicator's
// chart with files.getUploadURLExternal, a POST of the PNG to the upload_url and files.completeUploadExternal
// (no channel: not a message of its own), waits until files.info shows it processed, and posts the digest with
// an image block naming the file and alt text stating the figures. `/csp kpi` does the same for the card.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigestJob } from '../../src/jobs/digest-job.ts';
import { createLogger } from '../../src/logger.ts';
import { digestFeature } from '../../src/services/digest/digest-feature.ts';
import { indicatorFeature } from '../../src/services/indicators/indicator-feature.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import { slashCommandBody } from '../support/slack-requests.ts';
import type { RecordedSlackCall } from '../support/fake-slack-api.ts';
import { seedRedIndicator } from '../digest/digest-fixtures.ts';
import { ALEX, BOARD_CHANNEL, TEAM_ID, startSlackTestApp, type SlackTestApp } from '../slack/slack-test-app.ts';
import { nextWorkingMondayDigest } from '../support/digest-times.ts';

type Json = Record<string, unknown>;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const FIGURES = /ASB incidents, monthly: \w{3} \d{4} 1,204; \w{3} \d{4} 1,150; \w{3} \d{4} 1,180; target at most 1,100; red/;

function expectUploadedChart(app: SlackTestApp, message: Json): void {
  const [reserve] = app.fake.callsTo('files.getUploadURLExternal');
  const [upload] = app.fake.callsTo('file_upload');
  const [complete] = app.fake.callsTo('files.completeUploadExternal');
  expect(reserve?.body.filename).toMatch(/\.png$/);
  expect([...upload!.bytes!.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(Number(reserve!.body.length)).toBe(upload!.bytes!.length);
  const files = complete!.body.files as Json[];
  expect(complete!.body.channel_id).toBeUndefined();
  expect(complete!.body.channels).toBeUndefined();
  const fileId = String(files[0]?.id);
  expect(fileId).toMatch(/^F[A-Z0-9]{8,}$/);
  const infoChecks = app.fake.callsTo('files.info');
  expect(infoChecks.length).toBeGreaterThanOrEqual(2);
  expect(infoChecks.every((call) => call.body.file === fileId)).toBe(true);

  const blocks = message.blocks as Json[];
  const image = blocks.find((block) => block.type === 'image');
  expect(image).toBeDefined();
  expect(image!.slack_file).toEqual({ id: fileId });
  expect(String(image!.alt_text)).toMatch(FIGURES);
  expect(checkBlockKitLimits({ text: message.text, blocks } as Record<string, unknown>, 'message')).toEqual([]);
}

describe('indicator charts on Slack', () => {
  let app: SlackTestApp;
  let monday: Date;
  const logger = createLogger({ level: 'error', write: () => {} });

  beforeAll(async () => {
    app = await startSlackTestApp({ features: [indicatorFeature, digestFeature] });
    const { prisma } = app.db;
    const board = await prisma.group.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'board' } });
    const alex = await prisma.person.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'alex' } });
    await prisma.membership.create({ data: { groupId: board.id, personId: alex.id, role: 'SECRETARIAT' } });
    const response = await app.send(slashCommandBody({ text: 'channel board', userId: ALEX.userId, teamId: TEAM_ID, channelId: BOARD_CHANNEL, responseUrl: app.fake.responseUrl('link-board') }));
    expect(response.status).toBe(200);
    await app.fake.waitForCall('chat.postMessage', (call) => call.body.channel === BOARD_CHANNEL);
    monday = nextWorkingMondayDigest();
    await seedRedIndicator(prisma, { partnershipId: app.partnershipId, groupId: board.id, at: monday });
    app.fake.clearCalls();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('uploads the red headline indicator\'s chart and shows it in the scheduled digest', async () => {
    const job = createDigestJob({ owner: 'replica-1', hasAction: (id) => app.core.registry.hasAction(id) });
    await job.run({ logger, services: { ...app.core.services, now: () => monday } }, monday);
    const posts = app.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.channel).toBe(BOARD_CHANNEL);
    expect(posts[0]!.body.text).toBe('Weekly digest · Strategy Board: 1 red, 0 amber, 0 overdue actions.');
    expectUploadedChart(app, posts[0]!.body);
    const order = app.fake.calls.map((call: RecordedSlackCall) => call.method);
    expect(order.indexOf('files.completeUploadExternal')).toBeLessThan(order.indexOf('chat.postMessage'));
  });

  it('shows the chart on the card of a red indicator (/csp kpi)', async () => {
    app.fake.clearCalls();
    const response = await app.send(slashCommandBody({ text: 'kpi ASB', userId: ALEX.userId, teamId: TEAM_ID, channelId: BOARD_CHANNEL, responseUrl: app.fake.responseUrl('kpi') }));
    expect(response.status).toBe(200);
    const reply = await Promise.race([
      app.fake.waitForCall('response_url', (call) => JSON.stringify(call.body).includes('ASB · ASB incidents'), 15_000),
      app.fake.waitForCall('chat.postMessage', (call) => JSON.stringify(call.body).includes('ASB · ASB incidents'), 15_000),
    ]);
    expectUploadedChart(app, reply.body);
  });
});
