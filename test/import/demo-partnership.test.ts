// The demo partnership against the documents it is built from (the Norwich briefing paper and
// the hallmarks checklist in test/fixtures/seeds).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoPartnership } from '../../src/import/demo.ts';
import { describeImport } from '../../src/import/partnership-import.ts';
import { countByStatus, loadIndicatorStatuses } from '../../src/services/indicators/indicator-statuses.ts';
import { ragSummaryText } from '../../src/services/indicators/indicator-views.ts';

const DEMO_NOW = new Date('2026-12-07T09:00:00Z');
import { readPartnershipText } from '../../src/import/file-format.ts';
import { toPartnershipData } from '../../src/import/file-schema.ts';
import type { PartnershipData } from '../../src/import/partnership-data.ts';
import { readSeed } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { demoText } from './helpers.ts';

/** Letters and digits only, so text can be found in a seed whatever its markup, punctuation or line breaks. */
const bare = (text: string) => text.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').toLowerCase().replace(/[^a-z0-9]+/g, '');

const STAGES = [
  'Lead and Guide',
  'Governing Partnership Processes',
  'Assess',
  'Determine Priorities',
  'Partnership working in two-tier areas',
  'Plan for Action',
  'Publish Summary',
  'Deliver',
  'Solving Problems',
  'Evaluating Impact',
];

describe('the Safer Norwich demo file', () => {
  const data: PartnershipData = toPartnershipData(readPartnershipText(demoText(), 'norwich.yaml').parsed);
  const rap = data.memberships.filter((m) => m.group === 'rap');

  it('has the seven statutory partners of the terms of reference and a quorum of four', () => {
    expect(data.organisations.filter((o) => o.statutory).map((o) => o.name).sort()).toEqual([
      'Norfolk Constabulary', 'Norfolk County Council', 'Norfolk Fire Authority', 'Norfolk Police Authority',
      'Norfolk Primary Care Trust', 'Norfolk Probation Area', 'Norwich City Council',
    ]);
    expect(data.partnership).toMatchObject({ slug: 'safer-norwich', quorum: 4, majorityRule: 'SIMPLE', chairHasCastingVote: true, timeZone: 'Europe/London' });
  });

  it('gives every statutory partner one representative and one nominated deputy on the RAP', () => {
    for (const organisation of data.organisations.filter((o) => o.statutory)) {
      const roles = rap.filter((m) => m.organisation === organisation.key).map((m) => m.role).sort();
      expect(roles, organisation.key).toEqual(['DEPUTY', 'REPRESENTATIVE']);
    }
  });

  it('has a chair, a vice-chair, the secretariat and the non-voting "SNP only" members', () => {
    expect(rap.filter((m) => m.role === 'CHAIR')).toHaveLength(1);
    expect(rap.filter((m) => m.role === 'VICE_CHAIR')).toHaveLength(1);
    const personOf = (key: string) => data.people.find((p) => p.key === key)!;
    expect(rap.filter((m) => m.role === 'SECRETARIAT').map((m) => personOf(m.person).organisation)).toEqual(['norwich-city-council']);
    const nonVoting = rap.filter((m) => m.role === 'MEMBER').map((m) => personOf(m.person).organisation);
    expect(new Set(nonVoting)).toEqual(new Set(['norfolk-yot', 'norwich-city-council', 'go-east', 'norfolk-daat']));
    expect(data.groups.map((g) => [g.key, g.kind])).toEqual([
      ['rap', 'STRATEGY_BOARD'],
      ['pog', 'OPERATIONS_GROUP'],
      ['county-strategic-group', 'THEMATIC_GROUP'],
    ]);
  });

  it('uses fictional people only', () => {
    const realNames = ['Arthur', 'Blackman', 'Bremner', 'Dean', 'Herrell', 'Hillen', 'McGillivray', 'McKibben', 'Price', 'Tempest', 'Penfold', 'Cronk', 'Gallant', 'Lambert', 'Spalding', 'Jarrold'];
    for (const person of data.people) {
      expect(person.email, person.key).toMatch(/@example\.org$/);
      expect(realNames.some((name) => person.name.includes(name)), person.name).toBe(false);
    }
  });

  it('has the 2010/11 priorities and actions, each due, in a group, and in a priority', () => {
    expect(data.plans).toMatchObject([{ key: '2010-11', periodStart: '2010-04-01', periodEnd: '2011-03-31' }]);
    expect(data.plans[0]!.priorities.slice(0, 3).map((p) => p.key)).toEqual(['all-crime', 'anti-social-behaviour', 'public-confidence']);
    expect(data.actions).toHaveLength(26);
    for (const action of data.actions) {
      expect(action.dueDate, action.ref).toMatch(/^20(11|12)-/);
      expect(['rap', 'pog'], action.ref).toContain(action.group);
      expect(action.priority, action.ref).toBeTruthy();
    }
    const withNotes = data.actions.filter((a) => a.notes && !/^(Lead|Proposer)/.test(a.notes));
    for (const action of withNotes) expect(bare(readSeed('norwich-scrutiny-briefing-2010')), action.ref).toContain(bare(action.notes!));
  });

  it("has the plan's indicators with its baselines, targets, units and directions", () => {
    const summary = Object.fromEntries(
      data.indicators.map((i) => [i.code, [i.unit, i.polarity, i.baselineValue ?? null, ...(i.targets ?? []).map((t) => `${t.period}=${t.value}`)]]),
    );
    expect(summary).toEqual({
      'NI 18': ['PERCENT', 'LOWER_IS_BETTER', 10.7, '2009/10=9.72', '2010/11=null'],
      'NI 19': ['COUNT', 'LOWER_IS_BETTER', 108.66, '2009/10=107.8', '2010/11=107.4'],
      'NI 21': ['PERCENT', 'HIGHER_IS_BETTER', 27.2, '2009/10=31.2', '2010/11=35.2'],
      'NI 30': ['COUNT', 'LOWER_IS_BETTER', 335, '2010/11=null'],
      'NI 32': ['COUNT', 'LOWER_IS_BETTER', null, '2010/11=null'],
      'NI 60': ['PERCENT', 'HIGHER_IS_BETTER', 71.3, '2009/10=80', '2010/11=85'],
      'NI 111': ['RATE_PER_100000', 'LOWER_IS_BETTER', 2060, '2009/10=2000', '2010/11=1940'],
      'NI 115': ['PERCENT', 'LOWER_IS_BETTER', 11, '2009/10=10', '2010/11=9'],
      'ALL CRIME': ['COUNT', 'LOWER_IS_BETTER', 17890, '2009/10=16338', '2010/11=15427'],
      'ALL CRIME NORFOLK': ['COUNT', 'LOWER_IS_BETTER', 55686, '2009/10=51315', '2010/11=48749'],
    });
    expect(data.indicators.every((i) => (i.readings ?? []).length === 0)).toBe(true);
  });

  it('has every stage of the hallmarks checklist, with its requirements and questions under the six hallmarks', () => {
    expect([...new Set(data.hallmarks.map((h) => h.stage))]).toEqual(STAGES);
    expect(new Set(data.hallmarks.map((h) => h.hallmark).filter(Boolean))).toEqual(new Set([
      'EMPOWERED_AND_EFFECTIVE_LEADERSHIP', 'INTELLIGENCE_LED_BUSINESS_PROCESSES', 'EFFECTIVE_AND_RESPONSIVE_DELIVERY_STRUCTURES',
      'ENGAGED_COMMUNITIES', 'VISIBLE_AND_CONSTRUCTIVE_ACCOUNTABILITY', 'APPROPRIATE_SKILLS_AND_KNOWLEDGE',
    ]));
    const count = (stage: string, kind: string) => data.hallmarks.filter((h) => h.stage === stage && h.kind === kind).length;
    expect(STAGES.map((stage) => [count(stage, 'REQUIREMENT'), count(stage, 'QUESTION')])).toEqual([
      [8, 0], [11, 16], [5, 5], [3, 7], [2, 8], [7, 10], [1, 5], [2, 5], [0, 5], [2, 9],
    ]);
    expect(data.hallmarks.filter((h) => h.kind === 'QUESTION').every((h) => h.hallmark)).toBe(true);
  });

  it("keeps the checklist's words: each item's text, agreed action and developments status are in the checklist seed", () => {
    const checklist = bare(readSeed('cdrp-hallmarks-checklist'));
    for (const item of data.hallmarks) {
      expect(checklist, item.key).toContain(bare(item.text));
      const pieces = [
        ...(item.assessment?.rawStatus ?? '').split('; '),
        ...(item.assessment?.agreedAction ?? '').split(/\. (?=[A-Z])/),
      ].filter(Boolean);
      for (const piece of pieces) expect(checklist, `${item.key}: ${piece}`).toContain(bare(piece));
      expect(item.assessment?.rawStatus, item.key).toBeTruthy();
      expect(item.assessment?.status, item.key).toBeUndefined();
    }
  });
});

describe('loading the demo into the database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoPartnership(db.prisma, { now: DEMO_NOW });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('stores the partnership with its statutory partners, quorum, indicators and hallmark stages', async () => {
    const partnership = await db.prisma.partnership.findUniqueOrThrow({ where: { slug: 'safer-norwich' } });
    expect(partnership).toMatchObject({ quorum: 4, majorityRule: 'SIMPLE', chairHasCastingVote: true });
    expect(await db.prisma.organisation.count({ where: { partnershipId: partnership.id, isStatutory: true } })).toBe(7);

    const ni21 = await db.prisma.indicator.findFirstOrThrow({ where: { code: 'NI 21' }, include: { targets: { where: { period: { in: ['2009/10', '2010/11'] } }, orderBy: { period: 'asc' } } } });
    expect(ni21.baselineValue?.toNumber()).toBe(27.2);
    expect(ni21.targets.map((t) => [t.period, t.periodStart.toISOString().slice(0, 10), t.periodEnd.toISOString().slice(0, 10), t.value?.toNumber()])).toEqual([
      ['2009/10', '2009-04-01', '2010-03-31', 31.2],
      ['2010/11', '2010-04-01', '2011-03-31', 35.2],
    ]);
    const tbc = await db.prisma.indicatorTarget.findFirstOrThrow({ where: { indicator: { code: 'NI 18' }, period: '2010/11' } });
    expect(tbc.value).toBeNull();

    const stages = await db.prisma.hallmarkItem.findMany({ distinct: ['stage'], select: { stage: true } });
    expect(new Set(stages.map((s) => s.stage))).toEqual(new Set(STAGES));
    // Free-text statuses are read where they are clear and kept for review where they are not.
    const assessments = await db.prisma.hallmarkAssessment.findMany({ where: { item: { key: 'governing-q1' } } });
    expect(assessments).toMatchObject([{ status: 'NOT_MET', needsReview: false, rawStatus: 'Not yet (old one in existence badly in need of refresh)', source: 'IMPORT' }]);
    const hedged = await db.prisma.hallmarkAssessment.findMany({ where: { item: { key: 'governing-q3' } } });
    expect(hedged).toMatchObject([{ status: 'AWAITING_EXTERNAL', externalBody: 'County group', needsReview: false, rawStatus: 'Probably – awaits County', source: 'IMPORT' }]);
    const unclear = await db.prisma.hallmarkAssessment.findMany({ where: { item: { key: 'governing-q5' } } });
    expect(unclear).toMatchObject([{ status: null, needsReview: true, rawStatus: 'TOR', source: 'IMPORT' }]);
  });

  it('carries fictional readings up to the last quarter ended, in the plan\'s range, so its digest shows a real picture', async () => {
    const partnership = await db.prisma.partnership.findUniqueOrThrow({ where: { slug: 'safer-norwich' } });
    const rows = await loadIndicatorStatuses(db.prisma, { partnershipIds: [partnership.id], headlineOnly: true }, '2026-12-07');
    expect(countByStatus(rows)).toEqual({ RED: 1, AMBER: 3, GREEN: 3, NO_TARGET: 3, NO_DATA: 0 });
    expect(ragSummaryText(rows)).toBe('🔴 1 red · 🟠 3 amber · 🟢 3 green · ⚪ 3 without a target');
    const allCrime = rows.find((row) => row.indicator.code === 'ALL CRIME NORFOLK')!;
    expect(allCrime.summary.latest?.period.label).toBe('2026-Q2');
    expect(allCrime.summary.latest?.value).toBe(23_950);
    expect(allCrime.summary.latest?.target?.recordedValue).toBe(48_749);
    for (const row of rows) {
      // Each quarter's figure lies within 15% of the range from the plan's baseline to its target.
      const baseline = row.indicator.baselineValue;
      const target = row.summary.latest?.target?.recordedValue ?? baseline;
      const value = row.summary.series.at(-1);
      if (baseline !== null && target !== null && value !== null && value !== undefined && !row.indicator.cumulative) {
        expect(value, row.indicator.code).toBeGreaterThanOrEqual(Math.min(baseline, target) * 0.85);
        expect(value, row.indicator.code).toBeLessThanOrEqual(Math.max(baseline, target) * 1.15);
      }
    }
    // Loading it again the same day changes nothing.
    const again = await loadDemoPartnership(db.prisma, { now: DEMO_NOW });
    expect(describeImport(again)).not.toMatch(/created|updated/);
  });
});
