// Hallmark wordings on Slack, front door: a partnership file imported in the test carries the checklist's own
// words ("Probably – awaits County"); through signed requests to the real Bolt receiver, the item list and the
// item card show the status each was read as with the original wording beside it, and a bare "Yes" without.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPartnershipText } from '../../src/import/partnership-import.ts';
import { hallmarksFeature } from '../../src/services/hallmarks/hallmarks-feature.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import type { RecordedSlackCall } from '../support/fake-slack-api.ts';
import { blockActionsPayload, interactivePayloadBody, slashCommandBody } from '../support/slack-requests.ts';
import { ALEX, BOARD_CHANNEL, TEAM_ID, startSlackTestApp, type SlackTestApp } from '../slack/slack-test-app.ts';
import { WORDED_CHECKLIST, WORDED_CHECKLIST_FILE } from './worded-checklist.ts';

/** The text of every section and context element in a message, as shown. */
function shownTexts(call: RecordedSlackCall): string {
  const blocks = (call.body.blocks ?? []) as Array<{ text?: { text?: string }; fields?: Array<{ text?: string }>; elements?: Array<{ text?: string }> }>;
  return blocks
    .flatMap((block) => [block.text?.text, ...(block.fields ?? []).map((field) => field.text), ...(block.elements ?? []).map((element) => element.text)])
    .filter((text): text is string => typeof text === 'string')
    .join('\n');
}

describe('hallmark wordings on Slack', () => {
  let app: SlackTestApp;

  beforeAll(async () => {
    app = await startSlackTestApp({ features: [hallmarksFeature] });
    await importPartnershipText(app.db.prisma, WORDED_CHECKLIST_FILE, 'testford.yaml');
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('lists each item with the status it was read as and, unless it was a bare status word, the wording', async () => {
    app.fake.clearCalls();
    const response = await app.send(
      slashCommandBody({ text: 'hallmarks assess', userId: ALEX.userId, teamId: TEAM_ID, channelId: BOARD_CHANNEL, responseUrl: app.fake.responseUrl('assess-list'), triggerId: '7107.1.a' }),
    );
    expect(response.status).toBe(200);
    // The first answer welcomes Alex, linked by email on first contact; the list follows.
    const listed = await app.fake.waitForCall('response_url', (call) => call.path === '/response-url/assess-list' && JSON.stringify(call.body.blocks ?? []).includes('assess-q5'));
    expect(listed.body).toMatchObject({ response_type: 'ephemeral' });
    expect(checkBlockKitLimits({ text: listed.body.text, blocks: listed.body.blocks } as Record<string, unknown>, 'message')).toEqual([]);
    const lines = shownTexts(listed);
    expect(lines).toContain('Awaiting County group (possibly met) — recorded as “Probably – awaits County”');
    expect(lines).toContain('Awaiting County group (otherwise met) — recorded as “Yes – awaits County commissioning process”');
    expect(lines).toContain('Awaiting Home Office guidance — recorded as “Awaiting Home Office guidance”');
    expect(lines).toMatch(/Met · Owner: nobody yet/);
    expect(lines).not.toContain('recorded as “Yes”');
    expect(lines).toContain('To review (imported as "Noted")');
  });

  it('shows the wording beside the status on the item card', async () => {
    const item = await app.db.prisma.hallmarkItem.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: WORDED_CHECKLIST.hedged.key } });
    app.fake.clearCalls();
    const payload = blockActionsPayload({
      actionId: ACTION_IDS.openHallmarkItem,
      value: JSON.stringify({ itemId: item.id }),
      userId: ALEX.userId,
      teamId: TEAM_ID,
      channelId: BOARD_CHANNEL,
      responseUrl: app.fake.responseUrl('open-hedged'),
    });
    expect((await app.send(interactivePayloadBody(payload))).status).toBe(200);
    const shown = await app.fake.waitForCall('response_url', (call) => call.path === '/response-url/open-hedged');
    const card = shownTexts(shown);
    expect(card).toContain(`Hallmark item ${WORDED_CHECKLIST.hedged.key}`);
    expect(card).toContain('*Status:* Awaiting County group (possibly met) — recorded as “Probably – awaits County”');
  });
});
