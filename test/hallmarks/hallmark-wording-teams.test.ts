// Hallmark wordings on Teams, front door: a partnership file imported in the test carries the checklist's own
// words ("Probably – awaits County"); through the real adapter, the item list and the item card show the
// status each was read as with the original wording beside it, and a bare "Yes" without.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPartnershipText } from '../../src/import/partnership-import.ts';
import { hallmarksFeature } from '../../src/services/hallmarks/hallmarks-feature.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { actionExecute, personalMessage } from '../support/teams-activities.ts';
import { startTeamsTestApp, type TeamsTestApp } from '../teams/teams-test-app.ts';
import { WORDED_CHECKLIST, WORDED_CHECKLIST_FILE } from './worded-checklist.ts';

type Json = Record<string, unknown>;

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

function cardsOf(activity: Json): Json[] {
  const attachments = (activity.attachments as Json[] | undefined) ?? [];
  return attachments.filter((attachment) => attachment.contentType === ADAPTIVE).map((attachment) => attachment.content as Json);
}

/** Every TextBlock and fact value in a card, as shown. */
function shownTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(shownTexts);
  if (typeof value !== 'object' || value === null) return [];
  const node = value as Json;
  const own = node.type === 'TextBlock' ? [String(node.text)] : typeof node.value === 'string' && typeof node.title === 'string' ? [node.value] : [];
  return [...own, ...Object.values(node).flatMap(shownTexts)];
}

describe('hallmark wordings on Teams', () => {
  let app: TeamsTestApp;

  beforeAll(async () => {
    app = await startTeamsTestApp({ features: [hallmarksFeature] });
    await importPartnershipText(app.db.prisma, WORDED_CHECKLIST_FILE, 'testford.yaml');
    await app.post(personalMessage({ ...app.envelope(), text: 'help' }));
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('lists each item with the status it was read as and, unless it was a bare status word, the wording', async () => {
    app.connector.clearRequests();
    expect((await app.post(personalMessage({ ...app.envelope(), text: 'hallmarks assess' }))).status).toBe(200);
    const cards = app.connector.sentActivities().flatMap(cardsOf);
    expect(cards).toHaveLength(1);
    expect(validateAdaptiveCard(cards[0]!)).toEqual([]);
    const lines = shownTexts(cards[0]).join('\n');
    expect(lines).toContain('Awaiting County group (possibly met) — recorded as “Probably – awaits County”');
    expect(lines).toContain('Awaiting County group (otherwise met) — recorded as “Yes – awaits County commissioning process”');
    expect(lines).toContain('Awaiting Home Office guidance — recorded as “Awaiting Home Office guidance”');
    expect(lines).toMatch(/Met · Owner: nobody yet/);
    expect(lines).not.toContain('recorded as “Yes”');
    expect(lines).toContain('To review (imported as "Noted")');
  });

  it('shows the wording beside the status on the item card', async () => {
    const item = await app.db.prisma.hallmarkItem.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: WORDED_CHECKLIST.hedged.key } });
    app.connector.clearRequests();
    const response = await app.post(actionExecute({ ...app.envelope(), verb: ACTION_IDS.openHallmarkItem, data: { verb: ACTION_IDS.openHallmarkItem, payload: { itemId: item.id } } }));
    expect(response.status).toBe(200);
    const cards = [...app.connector.sentActivities().flatMap(cardsOf), ...((response.body as Json | undefined)?.type === ADAPTIVE ? [(response.body as Json).value as Json] : [])];
    const card = cards.find((candidate) => JSON.stringify(candidate).includes(`Hallmark item ${WORDED_CHECKLIST.hedged.key}`));
    expect(card).toBeDefined();
    expect(validateAdaptiveCard(card!)).toEqual([]);
    const facts = ((card!.body as Json[]).find((element) => element.type === 'FactSet')?.facts ?? []) as Array<{ title: string; value: string }>;
    expect(facts.find((fact) => fact.title === 'Status')?.value).toBe('Awaiting County group (possibly met) — recorded as “Probably – awaits County”');
  });
});
