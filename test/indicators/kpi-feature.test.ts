// `/csp kpi` through the real chat core and a real database: lists and cards with latest value, target, RAG,
// arrow and trend line; recording readings by command and form, only by the lead organisation or the
// secretariat; corrections keep the history; bad input says what to type.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatActor, ChatResponse } from '../../src/services/chat-core.ts';
import { createChatCore, type RunningChatCore } from '../../src/services/core.ts';
import { indicatorFeature } from '../../src/services/indicators/indicator-feature.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import type { FormView, MessageView } from '../../src/views/model.ts';
import { pageWindow } from '../../src/views/paging.ts';
import { toPlainText } from '../../src/views/rich-text.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { actor, capturingLogger, conversation, linkIdentity, messageOf, textOf } from '../services/chat-fixtures.ts';
import { type DigestScenario, seedDigestScenario } from '../digest/digest-fixtures.ts';

const NOW = new Date('2026-10-26T09:00:00Z');
const WORKSPACE = 'T0KPI';

describe('/csp kpi', () => {
  let db: TestDatabase;
  let core: RunningChatCore;
  let scenario: DigestScenario;
  const people: Record<'owner' | 'other' | 'secretary' | 'chair', ChatActor> = {
    owner: actor({ workspaceId: WORKSPACE }),
    other: actor({ workspaceId: WORKSPACE }),
    secretary: actor({ workspaceId: WORKSPACE }),
    chair: actor({ workspaceId: WORKSPACE }),
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    scenario = await seedDigestScenario(db.prisma, 'kpi');
    for (const key of Object.keys(people) as (keyof typeof people)[]) await linkIdentity(db.prisma, scenario.people[key], people[key]);
    core = createChatCore({ db: db.prisma, logger: capturingLogger(), features: [indicatorFeature], now: () => NOW });
  });

  afterAll(async () => {
    await db?.close();
  });

  const command = (who: ChatActor, text: string) => core.handleCommand({ actor: who, conversation: conversation(who, { kind: 'personal' }), text });
  const action = (who: ChatActor, actionId: string, value: object) => core.handleAction({ actor: who, conversation: conversation(who, { kind: 'personal' }), actionId, value: value as never });

  function onlyMessage(response: ChatResponse): MessageView {
    expect(response).toHaveLength(1);
    return messageOf(response[0]);
  }

  /** The text a person sees, including the items of the page of a paged list that is shown. */
  function shownText(response: ChatResponse): string {
    const view = onlyMessage(response);
    const items = view.blocks.flatMap((block) => (block.type === 'pagedList' ? pageWindow(block).items.map((item) => toPlainText(item.text)) : []));
    return [textOf(response), ...items].join('\n');
  }

  async function readingOf(indicatorId: string, period: string) {
    return db.prisma.indicatorReading.findUnique({ where: { indicatorId_period: { indicatorId, period } }, include: { revisions: { orderBy: { recordedAt: 'asc' } } } });
  }

  it('lists every indicator, reds first, with value, target, arrow and trend line, a page at a time', async () => {
    for (const code of ['EXTRA 1', 'EXTRA 2', 'EXTRA 3']) {
      await db.prisma.indicator.create({ data: { partnershipId: scenario.partnershipId, code, name: `Extra ${code}`, unit: 'COUNT', polarity: 'LOWER_IS_BETTER', groupId: scenario.groups.asb } });
    }
    const response = await command(people.other, 'kpi');
    expect(response[0]?.type).toBe('privateReply');
    const text = shownText(response);
    expect(text).toContain('Indicators · Safer kpi');
    expect(text).toContain('🔴 3 red · 🟠 1 amber · 🟢 1 green · ⚪ 1 without a target · ⚫ 4 awaiting a reading');
    expect(text.indexOf('ALL CRIME')).toBeLessThan(text.indexOf('NI 21'));
    expect(text).toContain('🟠 NI 21 Dealing with local concerns about ASB and crime');
    expect(text).toContain('34% in Q2 2026/27 · target at least 35.2% · ↓ worse vs Q1 2026/27');
    expect(text).not.toContain('█▁');
    expect(text).toContain('Showing 1–8 of 10');

    const list = onlyMessage(response).blocks.find((block) => block.type === 'pagedList');
    expect(list?.type === 'pagedList' && list.items.every((item) => item.button?.actionId === ACTION_IDS.openDigestIndicator)).toBe(true);
    const next = await action(people.other, ACTION_IDS.pageNext, { list: 'kpi-list', page: 1 });
    expect(next[0]?.type).toBe('updateMessage');
    expect(shownText(next)).toContain('Showing 9–10 of 10');
    expect(shownText(next)).toContain('EXTRA 3');
  });

  it('shows a group\'s indicators, and one indicator\'s card by code however it is typed', async () => {
    const group = shownText(await command(people.other, 'kpi ops'));
    expect(group).toContain('Indicators · Operations Group');
    expect(group).not.toContain('ALL CRIME');
    expect(group).toContain('NI 21');

    const card = textOf(await command(people.other, 'kpi ni21'));
    expect(card).toContain('NI 21 · Dealing with local concerns about ASB and crime');
    expect(card).toContain('🟠 Amber — 34% in Q2 2026/27 (Jul–Sep 2026); target at least 35.2%.');
    expect(card).toContain('vs Q1 2026/27 (Apr–Jun 2026): −1 points (↓ worse)');
    expect(card).toContain('2026/27: at least 35.2%');
    expect(card).toContain('vs Q2 2025/26 (Jul–Sep 2025): no reading to compare with');
    expect(card).toContain('Amber within');
    expect(card).not.toContain('Trend over the last');

    const tbe = textOf(await command(people.other, 'kpi NI-30'));
    expect(tbe).toContain('⚪ No target — 335 in Q2 2026/27 (Jul–Sep 2026); target for 2026/27 to be established.');
    expect(tbe).not.toContain('Amber within');
    expect(textOf(await command(people.other, 'kpi NI 32'))).toContain('no readings have been recorded yet; awaited from');
  });

  it('offers the reading form only to the lead organisation and the secretariat', async () => {
    const buttonsOf = async (who: ChatActor) =>
      onlyMessage(await action(who, ACTION_IDS.openDigestIndicator, { indicatorId: scenario.indicators.ni21 }))
        .blocks.flatMap((block) => (block.type === 'actions' ? block.controls : []))
        .map((control) => control.label);
    expect(await buttonsOf(people.chair)).toEqual(['Record a reading', 'All indicators']);
    expect(await buttonsOf(people.secretary)).toEqual(['Record a reading', 'All indicators']);
    expect(await buttonsOf(people.owner)).toEqual(['All indicators']);
  });

  it('records a reading by command, and a correction replaces the value keeping the history', async () => {
    const created = textOf(await command(people.owner, 'kpi record all crime 2026-Q3 39000'));
    expect(created).toContain('Recorded ALL CRIME for Q3 2026/27: 39,000.');
    expect(created).toContain('🔴 Red against a target of at most 36,561.75.');
    const corrected = textOf(await command(people.owner, 'kpi record ALL CRIME 2026-Q3 36,000'));
    expect(corrected).toContain('Corrected ALL CRIME for Q3 2026/27: 39,000 → 36,000. The old value is kept in the history.');
    expect(corrected).toContain('🟢 Green');
    const unchanged = textOf(await command(people.owner, 'kpi record ALL CRIME 2026-Q3 36000'));
    expect(unchanged).toContain('was already 36,000; nothing changed');

    const reading = await readingOf(scenario.indicators.allCrime, '2026-Q3');
    expect(reading?.value.toNumber()).toBe(36_000);
    expect(reading?.source).toBe('CHAT');
    expect(reading?.revisions.map((revision) => [revision.previousValue?.toNumber() ?? null, revision.value.toNumber(), revision.recordedById])).toEqual([
      [null, 39_000, scenario.people.owner],
      [39_000, 36_000, scenario.people.owner],
    ]);
    const audit = await db.prisma.auditEvent.findMany({ where: { partnershipId: scenario.partnershipId, action: 'indicator.reading.record' }, orderBy: { id: 'asc' } });
    expect(audit.map((entry) => [entry.outcome, (entry.detail as { outcome: string }).outcome])).toEqual([
      ['ALLOWED', 'created'],
      ['ALLOWED', 'corrected'],
      ['ALLOWED', 'unchanged'],
    ]);
    const card = textOf(await command(people.other, 'kpi ALL CRIME'));
    expect(card).toContain('Q3 2026/27 (Oct–Dec 2026): corrected from 39,000 to 36,000 by Olly Owner, 26 Oct 2026');
  });

  it('refuses someone from another organisation, says who may, audits it and changes nothing', async () => {
    const response = await command(people.other, 'kpi record ALL CRIME 2026-Q2 1');
    expect(textOf(response)).toContain('Only people from Testford Police (the lead organisation) or the secretariat can record readings for ALL CRIME.');
    expect((await readingOf(scenario.indicators.allCrime, '2026-Q2'))?.value.toNumber()).toBe(27_000);
    const refused = await db.prisma.auditEvent.findFirst({ where: { partnershipId: scenario.partnershipId, action: 'command.kpi', outcome: 'REFUSED' } });
    expect(refused?.actorPersonId).toBe(scenario.people.other);

    expect(textOf(await command(people.secretary, 'kpi record ALL CRIME 2026-Q2 26500'))).toContain('Corrected ALL CRIME for Q2 2026/27: 27,000 → 26,500.');
  });

  it('says what is wrong with a period, a value or a code, and how to put it right', async () => {
    expect(textOf(await command(people.chair, 'kpi record NI 21 2026-05 34'))).toContain('This indicator has quarterly readings: use a financial quarter like 2026-Q1 (April to June 2026), not 2026-05.');
    expect(textOf(await command(people.chair, 'kpi record NI 21 2026-Q2 lots'))).toContain('Enter a number, for example 48749 or 35.2');
    expect(textOf(await command(people.chair, 'kpi record NI 21 2026-Q2 120'))).toContain('A percentage cannot be more than 100');
    expect(textOf(await command(people.chair, 'kpi record NI 21 2027-Q1 30'))).toContain('Q1 2027/28 (Apr–Jun 2027) has not started yet');
    expect(textOf(await command(people.chair, 'kpi record NI 21'))).toContain('Say which indicator, which period and the value');
    expect(textOf(await command(people.chair, 'kpi NI 22'))).toContain('There is no indicator or group called "NI 22". Did you mean NI 21?');
    expect((await readingOf(scenario.indicators.ni21, '2026-Q2'))?.value.toNumber()).toBe(34);
  });

  it('records through the form, showing mistakes next to the fields', async () => {
    const opened = await action(people.chair, ACTION_IDS.openReadingForm, { indicatorId: scenario.indicators.ni21 });
    expect(opened[0]?.type).toBe('openForm');
    const form = (opened[0] as { form: FormView }).form;
    expect(form.submitActionId).toBe(ACTION_IDS.submitReadingForm);
    const period = form.fields.find((field) => field.id === 'period');
    expect(period?.type === 'select' && period.options.map((option) => option.value)).toEqual(['2026-Q3', '2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3', '2025-Q2', '2025-Q1', '2024-Q4']);
    expect(period?.type === 'select' && period.initialValue).toBe('2026-Q2');

    const submit = (fields: Record<string, string>) =>
      core.handleFormSubmit({ actor: people.chair, conversation: conversation(people.chair, { kind: 'personal' }), formId: ACTION_IDS.submitReadingForm, fields, metadata: form.metadata });
    const invalid = await submit({ period: '2026-Q2', value: '-3' });
    expect(invalid[0]?.type).toBe('formErrors');
    expect((invalid[0] as { form: FormView }).form.errors?.fields).toEqual({ value: 'A reading cannot be negative' });
    const saved = await submit({ period: '2026-Q2', value: '35.5' });
    expect(saved[0]?.type).toBe('closeForm');
    expect(textOf(saved)).toContain('Corrected NI 21 for Q2 2026/27: 34% → 35.5%.');
    expect(textOf(saved)).toContain('🟢 Green against a target of at least 35.2%.');

    const refused = await action(people.owner, ACTION_IDS.openReadingForm, { indicatorId: scenario.indicators.ni21 });
    expect(refused[0]?.type).toBe('privateReply');
    expect(textOf(refused)).toContain('Only people from Testford Council (the lead organisation) or the secretariat');
  });
});
