// `/csp hallmarks` end to end on Slack: signed requests built from Slack's real payloads go through the real
// Bolt receiver to the real core and database; what the bot sends is read back from the fake Web API.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hallmarksFeature } from '../../src/services/hallmarks/hallmarks-feature.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import type { RecordedSlackCall } from '../support/fake-slack-api.ts';
import {
  blockActionsPayload,
  dateValue,
  interactivePayloadBody,
  plainTextValue,
  selectValue,
  slashCommandBody,
  viewSubmissionPayload,
} from '../support/slack-requests.ts';
import { ALEX, BOARD_CHANNEL, TEAM_ID, startSlackTestApp, type SlackTestApp } from '../slack/slack-test-app.ts';
import { addBoardPerson, seedChecklist } from './e2e-checklist.ts';

const CHRIS = { userId: 'U0CHRIS001', email: 'chris.chair@testford.gov.uk', name: 'Chris Chair' } as const;

let app: SlackTestApp;
let items: Map<string, string>;

beforeAll(async () => {
  app = await startSlackTestApp({ features: [hallmarksFeature] });
  items = await seedChecklist(app.db.prisma, app.partnershipId);
  await addBoardPerson(app.db.prisma, app.partnershipId, { key: 'chris', name: CHRIS.name, email: CHRIS.email, role: 'CHAIR' });
  app.fake.addUser({ id: CHRIS.userId, email: CHRIS.email, realName: CHRIS.name, name: 'chris' });
});

afterAll(async () => {
  await app?.stop();
});

beforeEach(() => {
  app.fake.clearCalls();
});

function blocksText(call: RecordedSlackCall): string {
  return JSON.stringify(call.body.blocks ?? (call.body.view as { blocks?: unknown } | undefined)?.blocks ?? []);
}

function click(userId: string, actionId: string, value: unknown, extra: { responseName?: string; triggerId?: string } = {}) {
  const payload = blockActionsPayload({
    actionId,
    value: JSON.stringify(value),
    userId,
    teamId: TEAM_ID,
    channelId: BOARD_CHANNEL,
    responseUrl: app.fake.responseUrl(extra.responseName ?? actionId),
    ...(extra.triggerId ? { triggerId: extra.triggerId } : {}),
  });
  return app.send(interactivePayloadBody(payload));
}

function submitForm(userId: string, view: { callback_id: string; private_metadata: string; blocks: unknown[] }, values: Parameters<typeof viewSubmissionPayload>[0]['values']) {
  return app.send(
    interactivePayloadBody(viewSubmissionPayload({ callbackId: view.callback_id, privateMetadata: view.private_metadata, blocks: view.blocks, values, userId, teamId: TEAM_ID })),
  );
}

describe('/csp hallmarks on Slack', () => {
  it('posts the summary card to the channel within Block Kit limits', async () => {
    const response = await app.send(
      slashCommandBody({ text: 'hallmarks', userId: ALEX.userId, teamId: TEAM_ID, channelId: BOARD_CHANNEL, responseUrl: app.fake.responseUrl('hallmarks'), triggerId: '7007.1.a' }),
    );
    expect(response.status).toBe(200);
    const posted = await app.fake.waitForCall('chat.postMessage');
    expect(posted.body).toMatchObject({ channel: BOARD_CHANNEL });
    expect(checkBlockKitLimits({ text: posted.body.text, blocks: posted.body.blocks } as Record<string, unknown>, 'message')).toEqual([]);
    const card = blocksText(posted);
    expect(card).toContain('Hallmarks of effective partnership — Safer Testford');
    expect(card).toContain('1 met · 1 not met · 1 awaiting others · 1 to review');
    expect(card).toContain('Lead and Guide / Governing Partnership Processes');
    expect(card).toContain('*County group* — 1 item');
    expect(card).toContain(ACTION_IDS.openHallmarkItem);
    expect(card).toContain(ACTION_IDS.filterHallmarks);
    expect(await app.db.prisma.hallmarkPosting.count({ where: { partnershipId: app.partnershipId, channelId: BOARD_CHANNEL } })).toBe(1);
  });

  it('refuses a person who is neither the owner, the chair nor the secretariat, and audits it', async () => {
    const id = items.get('assess-q3')!;
    await click(ALEX.userId, ACTION_IDS.openHallmarkItem, { itemId: id }, { responseName: 'alex-open' });
    const shown = await app.fake.waitForCall('response_url', (call) => call.path === '/response-url/alex-open');
    expect(shown.body).toMatchObject({ response_type: 'ephemeral' });
    expect(blocksText(shown)).toContain('Does all the information gathered through community consultation');
    expect(blocksText(shown)).not.toContain(ACTION_IDS.editHallmarkItem);

    await click(ALEX.userId, ACTION_IDS.editHallmarkItem, { itemId: id }, { responseName: 'alex-edit', triggerId: '7007.2.b' });
    const refused = await app.fake.waitForCall('response_url', (call) => call.path === '/response-url/alex-edit');
    expect(blocksText(refused)).toContain('Sorry, only its owner');
    expect(app.fake.calls.filter((call) => call.method === 'views.open')).toHaveLength(0);

    const audit = await app.db.prisma.auditEvent.findFirst({ where: { action: 'hallmark.update', outcome: 'REFUSED', actorUserId: ALEX.userId } });
    expect(audit).toMatchObject({ actorPlatform: 'SLACK', subjectType: 'HallmarkItem', subjectId: id, partnershipId: app.partnershipId });
  });

  it('lets the chair update an item in a modal: inline errors first, then saved', async () => {
    const id = items.get('assess-q3')!;
    await click(CHRIS.userId, ACTION_IDS.editHallmarkItem, { itemId: id }, { triggerId: '7007.3.c' });
    const opened = await app.fake.waitForCall('views.open');
    expect(opened.body.trigger_id).toBe('7007.3.c');
    const view = opened.body.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe(ACTION_IDS.submitHallmarkItem);
    expect(checkBlockKitLimits(view as unknown as Record<string, unknown>, 'modal')).toEqual([]);

    const invalid = await submitForm(CHRIS.userId, view, {
      status: { status: selectValue('AWAITING_EXTERNAL', 'Awaiting an external body') },
      externalBody: { externalBody: plainTextValue(null) },
      evidenceLinks: { evidenceLinks: plainTextValue('minutes.docx') },
    });
    const errors = invalid.json() as { response_action: string; errors: Record<string, string> };
    expect(errors.response_action).toBe('errors');
    expect(Object.keys(errors.errors).sort()).toEqual(['evidenceLinks', 'externalBody']);

    const valid = await submitForm(CHRIS.userId, view, {
      status: { status: selectValue('MET', 'Met') },
      evidence: { evidence: plainTextValue('Consultation results fed the 2026 priorities.') },
      evidenceLinks: { evidenceLinks: plainTextValue('https://example.org/consultation-2026') },
      reviewDate: { reviewDate: dateValue('2099-01-31') },
    });
    expect(valid.status).toBe(200);
    expect(valid.text).toBe('');
    const saved = await app.fake.waitForCall('chat.postEphemeral');
    expect(saved.body).toMatchObject({ channel: BOARD_CHANNEL, user: CHRIS.userId });
    expect(saved.body.text).toContain('Saved: hallmark item assess-q3 is now met.');
    const latest = await app.db.prisma.hallmarkAssessment.findFirstOrThrow({ where: { itemId: id }, orderBy: { assessedAt: 'desc' } });
    expect(latest).toMatchObject({ status: 'MET', source: 'CHAT', evidenceLinks: ['https://example.org/consultation-2026'] });

    // A submit forged from the same modal by someone without rights saves nothing.
    const forged = await submitForm(ALEX.userId, view, { status: { status: selectValue('NOT_MET', 'Not met') } });
    expect(forged.status).toBe(200);
    const refusal = await app.fake.waitForCall('chat.postEphemeral', (call) => call.body.user === ALEX.userId);
    expect(refusal.body.text).toContain('Sorry, only its owner');
    expect(await app.db.prisma.hallmarkAssessment.count({ where: { itemId: id } })).toBe(2);
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'hallmark.update', outcome: 'REFUSED', actorUserId: ALEX.userId } })).toBe(2);
  });
});
