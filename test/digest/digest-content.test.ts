// What a digest says, built from a real database: indicators by RAG with values and targets, the action plan
// by priority and status, completed / at risk / overdue / missing-update actions with their owners mentioned,
// the week's decisions, open votes with partners still to vote, hallmark progress; and that it renders
// within Slack's and Teams' limits even for a large group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDigestGroups, type DigestGroup } from '../../src/db/digest-store.ts';
import { buildDigests } from '../../src/services/digest/digest-builder.ts';
import { digestView } from '../../src/services/digest/digest-view.ts';
import type { CoreServices } from '../../src/services/registry.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { renderAdaptiveCard, checkAdaptiveCardSize } from '../../src/views/adaptive-card.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import { renderBlockKit } from '../../src/views/block-kit.ts';
import { fallbackText } from '../../src/views/view-text.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { capturingLogger } from '../services/chat-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { DIGEST_AT, WINDOW_FROM, type DigestScenario, linkChannel, seedDigestScenario } from './digest-fixtures.ts';

const window = { from: WINDOW_FROM, to: DIGEST_AT };

describe('digest content', () => {
  let db: TestDatabase;
  let scenario: DigestScenario;
  let services: CoreServices;
  let groups: Map<string, DigestGroup>;

  beforeAll(async () => {
    db = await createTestDatabase();
    scenario = await seedDigestScenario(db.prisma, 'content', { slackWorkspace: 'T0DIGEST' });
    await linkChannel(db.prisma, scenario.groups.board, 'SLACK', 'Ccontentboard');
    await linkChannel(db.prisma, scenario.groups.ops, 'TEAMS', '19:contentops');
    services = { db: db.prisma, logger: capturingLogger(), notifiers: {}, now: () => DIGEST_AT };
    groups = new Map((await listDigestGroups(db.prisma, { partnershipId: scenario.partnershipId })).map((group) => [group.id, group]));
  });

  afterAll(async () => {
    await db?.close();
  });

  async function build(groupId: string) {
    const group = groups.get(groupId);
    if (!group) throw new Error('group not linked');
    const built = (await buildDigests(services, [{ group, window }], DIGEST_AT)).get(groupId);
    if (!built) throw new Error('no digest built');
    return built;
  }

  it('reports the board\'s indicators, and those of the groups under it, by RAG with values and targets', async () => {
    const { content } = await build(scenario.groups.board);
    expect(content.indicators.counts).toEqual({ RED: 1, AMBER: 1, GREEN: 1, NO_TARGET: 1, NO_DATA: 1 });
    expect(content.indicators.rows.map((row) => row.indicator.code).sort()).toEqual(['ALL CRIME', 'NI 111', 'NI 21', 'NI 30', 'NI 32']);
    expect(content.indicators.attention.map((row) => [row.indicator.code, row.summary.status])).toEqual([
      ['ALL CRIME', 'RED'],
      ['NI 21', 'AMBER'],
    ]);
    const text = fallbackText(digestView(content, { mentions: new Map(), canOpenUpdateForm: true }));
    expect(text).toContain('🔴 1 red · 🟠 1 amber · 🟢 1 green · ⚪ 1 without a target · ⚫ 1 awaiting a reading');
    expect(text).toContain('27,000 in Q2 2026/27 (year to date) · target at most 24,374.5 by now (6/12 of 48,749 for 2026/27) · ↑ worse');
    expect(text).toContain('34% in Q2 2026/27 · target at least 35.2% · ↓ worse');
  });

  it('reports headline indicators as the plan does: baseline and target in its terms, both trends, greens named', async () => {
    const { content } = await build(scenario.groups.board);
    const text = fallbackText(digestView(content, { mentions: new Map(), canOpenUpdateForm: true }));
    expect(text).toContain('Plan: baseline 55,686 in 2007/08; target for 2026/27 a 12.5% reduction, to at most 48,749');
    expect(text).toContain('↑ worse vs Q1 2026/27 · ↑ worse vs Q2 2025/26');
    expect(text).toContain('🟢 On target (1): NI 111 1,900 per 100,000');
    expect(text).not.toMatch(/last 1 (quarters|months)/);
  });

  it('reports the action plan by priority and status, and the actions that need someone, with owners mentioned', async () => {
    const { content, mentions } = await build(scenario.groups.board);
    expect(content.actions.total).toBe(8);
    expect(content.actions.priorities).toEqual([
      { title: 'Reduce all crime', counts: { ON_TRACK: 1, AT_RISK: 1, OFF_TRACK: 1, COMPLETE: 1, CANCELLED: 1 }, total: 5 },
      { title: 'Tackle anti-social behaviour', counts: { NOT_STARTED: 1, COMPLETE: 1, ON_TRACK: 1 }, total: 3 },
    ]);
    expect(content.actions.completed.map((action) => action.ref)).toEqual(['OP-5']);
    expect(content.actions.atRisk.map((action) => [action.ref, action.status])).toEqual([
      ['OP-3', 'OFF_TRACK'],
      ['OP-2', 'AT_RISK'],
    ]);
    expect(content.actions.overdue.map((action) => action.ref)).toEqual(['OP-3']);
    expect(content.actions.missingUpdates.map((action) => [action.ref, action.updateDueAt?.toISOString()])).toEqual([['OP-4', '2026-09-01T09:00:00.000Z']]);

    const slack = renderBlockKit(digestView(content, { mentions, canOpenUpdateForm: true }));
    const text = JSON.stringify(slack.blocks);
    expect(text).toContain('Reduce all crime');
    expect(text).toContain('1 🔴 off track · 1 🟠 at risk · 1 on track · 1 ✅ complete · 1 cancelled');
    expect(text).toMatch(/OP-2\*? Action OP-2 · 🟠 at risk · <@UCONTENOWN>/);
    expect(text).toMatch(/OP-3\*? Action OP-3 · was due 1 Oct 2026 · @Oona Other/);
    expect(text).toMatch(/OP-4\*? Action OP-4 · update due Tue 1 Sept · <@UCONTENOWN>/);
  });

  it('reports the week\'s decisions, open votes with the partners still to vote, and hallmark progress', async () => {
    const { content } = await build(scenario.groups.board);
    expect(content.decisions.map((decision) => [decision.number, decision.title])).toEqual([[2, 'Fund the CCTV upgrade']]);
    expect(content.votes).toEqual([
      { title: 'Commission a night-time economy survey', closesAt: new Date('2026-10-29T17:00:00Z'), awaitingCastingVote: false, stillToVote: 2, votingPartners: 3 },
    ]);
    expect(content.hallmarks).toEqual({
      total: 4,
      now: { MET: 2, PARTLY_MET: 0, NOT_MET: 1, AWAITING_EXTERNAL: 0, NOT_APPLICABLE: 0, NOT_ASSESSED: 1 },
      before: { MET: 1, PARTLY_MET: 1, NOT_MET: 0, AWAITING_EXTERNAL: 0, NOT_APPLICABLE: 0, NOT_ASSESSED: 2 },
      changed: 2,
    });
    const text = fallbackText(digestView(content, { mentions: new Map(), canOpenUpdateForm: false }));
    expect(text).toContain('#2 Fund the CCTV upgrade · carried (2 for, 1 against, 0 abstaining)');
    expect(text).toContain('Closes Thu 29 Oct, 17:00 · 2 of 3 partners still to vote');
    expect(text).toContain('2 of 4 met (+1 since the last digest) · 1 not met · 1 not assessed');
  });

  it('keeps a sub-group\'s digest to its own work: no hallmarks, no board decisions or votes', async () => {
    const { content } = await build(scenario.groups.ops);
    expect(content.indicators.rows.map((row) => row.indicator.code).sort()).toEqual(['NI 111', 'NI 21', 'NI 30', 'NI 32']);
    expect(content.actions.total).toBe(7);
    expect(content.decisions).toEqual([]);
    expect(content.votes).toEqual([]);
    expect(content.hallmarks).toBeNull();
  });

  it('has buttons that all have handlers, leaving out "update my actions" when no feature handles it', async () => {
    const { content, mentions } = await build(scenario.groups.board);
    const buttons = (canOpenUpdateForm: boolean) =>
      digestView(content, { mentions, canOpenUpdateForm }).blocks.flatMap((block) => (block.type === 'actions' ? block.controls : [])).map((control) => (control.type === 'button' ? control.actionId : control.url));
    expect(buttons(true)).toEqual([ACTION_IDS.openUpdateForm, ACTION_IDS.openIndicatorList, ACTION_IDS.openDigestDecisions, ACTION_IDS.openDigestOverdueActions]);
    expect(buttons(false)).toEqual([ACTION_IDS.openIndicatorList, ACTION_IDS.openDigestDecisions, ACTION_IDS.openDigestOverdueActions]);
  });

  it('stays within Slack\'s and Teams\' limits for a large group, listing a few of each and counting the rest', async () => {
    const { prisma } = db;
    const large = await seedDigestScenario(prisma, 'large', { slackWorkspace: 'T0DIGEST' });
    await linkChannel(prisma, large.groups.board, 'SLACK', 'Clargeboard');
    await prisma.action.createMany({
      data: Array.from({ length: 60 }, (_, index) => ({
        partnershipId: large.partnershipId,
        ref: `BIG-${index + 1}`,
        title: `A long action title that goes on to describe the work in some detail, number ${index + 1}`,
        groupId: large.groups.ops,
        status: index % 2 === 0 ? ('OFF_TRACK' as const) : ('AT_RISK' as const),
        ownerId: large.people.owner,
        dueDate: new Date('2026-06-30'),
        createdAt: new Date('2026-01-01T00:00:00Z'),
      })),
    });
    for (let index = 0; index < 25; index += 1) {
      const indicator = await prisma.indicator.create({
        data: { partnershipId: large.partnershipId, code: `RED ${index + 1}`, name: 'A red indicator with a long descriptive name for the partnership board to read', unit: 'COUNT', polarity: 'LOWER_IS_BETTER', frequency: 'MONTHLY', groupId: large.groups.ops },
      });
      await prisma.indicatorTarget.create({ data: { indicatorId: indicator.id, period: '2026/27', periodStart: new Date('2026-04-01'), periodEnd: new Date('2027-03-31'), value: 100 } });
      await prisma.indicatorReading.create({ data: { indicatorId: indicator.id, period: '2026-09', periodStart: new Date('2026-09-01'), periodEnd: new Date('2026-09-30'), value: 200 } });
    }
    const [group] = await listDigestGroups(prisma, { partnershipId: large.partnershipId });
    const built = (await buildDigests(services, [{ group: group!, window }], DIGEST_AT)).get(large.groups.board)!;
    expect(built.content.actions.atRisk).toHaveLength(62);
    const view = digestView(built.content, { mentions: built.mentions, canOpenUpdateForm: true });
    const text = fallbackText(view);
    expect(text).toContain('…and 57 more at risk or off track.');
    expect(text).toContain('…and 56 more overdue.');
    expect(text).toContain('…and 21 more red or amber.');

    const slack = renderBlockKit(view);
    expect(checkBlockKitLimits(slack, 'message')).toEqual([]);
    expect(slack.blocks.length).toBeLessThanOrEqual(40);
    expect(JSON.stringify(slack.blocks)).not.toContain('not shown: the message was too long');
    const card = renderAdaptiveCard(view);
    expect(validateAdaptiveCard(card)).toEqual([]);
    expect(checkAdaptiveCardSize(card).withinLimit).toBe(true);
    expect(JSON.stringify(card)).not.toContain('not shown: the card was too long');
  });
});
