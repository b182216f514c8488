import { describe, expect, it } from 'vitest';
import {
  addMonths,
  latestAssessments,
  mayUpdateItem,
  stageOf,
  summariseChecklist,
  yearlyCheckOf,
  type AssessmentState,
  type ChecklistItem,
} from '../../src/domain/hallmark-checklist.ts';
import { assessmentProblems, isWebLink } from '../../src/domain/hallmark-status.ts';

const TODAY = new Date('2011-03-01T00:00:00Z');
const NOW = new Date('2011-03-01T10:00:00Z');

function item(key: string, overrides: Partial<ChecklistItem> = {}): ChecklistItem {
  return { id: `id-${key}`, key, stage: 'Assess', hallmark: null, kind: 'REQUIREMENT', text: `Text of ${key}`, position: 0, ownerId: null, ownerName: null, ...overrides };
}

function assessed(key: string, status: AssessmentState['status'], overrides: Partial<AssessmentState> = {}): AssessmentState {
  return {
    itemId: `id-${key}`,
    status,
    rawStatus: null,
    needsReview: status === null,
    externalBody: null,
    notApplicableReason: null,
    agreedAction: null,
    evidence: null,
    evidenceLinks: [],
    reviewDate: null,
    assessedAt: new Date('2011-01-10T12:00:00Z'),
    assessedByName: null,
    source: 'CHAT',
    ...overrides,
  };
}

describe('stages', () => {
  it('reads the checklist headings into the nine stages, and keeps any other heading as a stage of its own', () => {
    expect(stageOf('Governing Partnership Processes')).toEqual({ id: 'lead-and-guide', name: 'Lead and Guide / Governing Partnership Processes', standard: true });
    expect(stageOf('lead and guide').id).toBe('lead-and-guide');
    expect(stageOf('Lead and Guide / Governing Partnership Processes').id).toBe('lead-and-guide');
    expect(stageOf('Partnership- Working and two-tier areas').id).toBe('two-tier');
    expect(stageOf('Plan For Action – Prepare the Plan').id).toBe('plan-for-action');
    expect(stageOf('Community Trigger')).toEqual({ id: 'other-community-trigger', name: 'Community Trigger', standard: false });
  });
});

describe('the checklist summary', () => {
  const items = [
    item('lead-1', { stage: 'Lead and Guide', ownerName: 'Helen Marsh' }),
    item('gov-1', { stage: 'Governing Partnership Processes', hallmark: 'ENGAGED_COMMUNITIES', kind: 'QUESTION' }),
    item('assess-1', { hallmark: 'ENGAGED_COMMUNITIES', kind: 'QUESTION' }),
    item('assess-2'),
    item('assess-3'),
    item('assess-4'),
    item('custom-1', { stage: 'Community Trigger' }),
  ];

  it('counts by status for each hallmark and stage, with progress over the items that apply', () => {
    const current = new Map([
      ['id-lead-1', assessed('lead-1', 'NOT_MET')],
      ['id-gov-1', assessed('gov-1', 'MET')],
      ['id-assess-1', assessed('assess-1', 'AWAITING_EXTERNAL', { externalBody: 'County group' })],
      ['id-assess-2', assessed('assess-2', 'NOT_APPLICABLE', { notApplicableReason: 'No county here' })],
      ['id-assess-3', assessed('assess-3', null, { rawStatus: 'Noted' })],
    ]);
    const summary = summariseChecklist({ items, current, previous: null, today: TODAY, now: NOW });
    expect(summary.overall).toMatchObject({ total: 7, met: 1, applicable: 6, changes: null });
    expect(summary.overall.counts).toEqual({ MET: 1, PARTLY_MET: 0, NOT_MET: 1, AWAITING_EXTERNAL: 1, NOT_APPLICABLE: 1, NEEDS_REVIEW: 1, NOT_ASSESSED: 2 });
    const engaged = summary.hallmarks.find((group) => group.id === 'ENGAGED_COMMUNITIES');
    expect(engaged).toMatchObject({ total: 2, met: 1, applicable: 2 });
    expect(summary.hallmarks).toHaveLength(6);
    expect(summary.stages.map((stage) => [stage.id, stage.total])).toEqual([
      ['lead-and-guide', 2], ['assess', 4], ['determine-priorities', 0], ['two-tier', 0], ['plan-for-action', 0],
      ['publish-summary', 0], ['deliver', 0], ['solving-problems', 0], ['evaluating-impact', 0], ['other-community-trigger', 1],
    ]);
    expect(summary.awaiting).toEqual([{ body: 'County group', items: [items[2]] }]);
  });

  it('compares with the assessments as they stood at the previous posting', () => {
    const history = [
      assessed('lead-1', 'MET', { assessedAt: new Date('2011-02-20T09:00:00Z') }),
      assessed('assess-4', 'NOT_MET', { assessedAt: new Date('2011-02-15T09:00:00Z') }),
      assessed('lead-1', 'NOT_MET', { assessedAt: new Date('2011-01-05T09:00:00Z') }),
    ];
    const postedAt = new Date('2011-02-01T09:00:00Z');
    const summary = summariseChecklist({
      items,
      current: latestAssessments(history),
      previous: latestAssessments(history, postedAt),
      today: TODAY,
      now: NOW,
    });
    // lead-1 went from not met to met, assess-4 from not assessed to not met: not met is unchanged overall.
    expect(summary.overall.changes).toEqual({ MET: 1, NOT_ASSESSED: -1 });
    expect(summary.overall.changedItems).toBe(2);
    const lead = summary.stages.find((stage) => stage.id === 'lead-and-guide');
    expect(lead?.changes).toEqual({ MET: 1, NOT_MET: -1 });
    expect(summary.stages.find((stage) => stage.id === 'deliver')?.changes).toEqual({});
  });

  it('lists items not met or overdue for review, overdue first by review date, with the owner on each', () => {
    const current = new Map([
      ['id-lead-1', assessed('lead-1', 'NOT_MET')],
      ['id-assess-2', assessed('assess-2', 'MET', { reviewDate: new Date('2011-02-01T00:00:00Z') })],
      ['id-assess-3', assessed('assess-3', 'PARTLY_MET', { reviewDate: new Date('2011-01-01T00:00:00Z') })],
      ['id-assess-4', assessed('assess-4', 'MET', { reviewDate: TODAY })],
    ]);
    const summary = summariseChecklist({ items, current, previous: null, today: TODAY, now: NOW });
    expect(summary.attention.map((entry) => [entry.item.key, entry.condition, entry.overdue])).toEqual([
      ['assess-3', 'PARTLY_MET', true],
      ['assess-2', 'MET', true],
      ['lead-1', 'NOT_MET', false],
    ]);
    expect(summary.attention[2]?.item.ownerName).toBe('Helen Marsh');
  });
});

describe('the yearly skills and knowledge check', () => {
  const skills = item('lead-and-guide-r7', { text: 'At least once a year the group needs to consider whether the partnership has the requisite skills and knowledge.' });

  it('is due when the last assessment is more than twelve months old, or there is none', () => {
    const lastYear = assessed('lead-and-guide-r7', 'MET', { assessedAt: new Date('2010-02-28T12:00:00Z') });
    expect(yearlyCheckOf(skills, lastYear, NOW)).toMatchObject({ due: true, dueBy: new Date('2011-02-28T12:00:00Z') });
    const recent = assessed('lead-and-guide-r7', 'MET', { assessedAt: new Date('2010-03-02T12:00:00Z') });
    expect(yearlyCheckOf(skills, recent, NOW)).toMatchObject({ due: false, dueBy: new Date('2011-03-02T12:00:00Z') });
    expect(yearlyCheckOf(skills, undefined, NOW)).toMatchObject({ due: true, lastAssessedAt: null });
    const summary = summariseChecklist({ items: [skills, item('other')], current: new Map([[skills.id, lastYear]]), previous: null, today: TODAY, now: NOW });
    expect(summary.yearlyChecks.map((check) => [check.item.key, check.due])).toEqual([['lead-and-guide-r7', true]]);
  });

  it('adds calendar months, keeping to the end of shorter months', () => {
    expect(addMonths(new Date('2011-01-31T08:00:00Z'), 1)).toEqual(new Date('2011-02-28T08:00:00Z'));
    expect(addMonths(new Date('2012-02-29T08:00:00Z'), 12)).toEqual(new Date('2013-02-28T08:00:00Z'));
  });
});

describe('who may update an item', () => {
  const owned = { ownerId: 'owner' };
  it('is its owner, a strategy board chair or the secretariat', () => {
    expect(mayUpdateItem('owner', owned, [])).toBe(true);
    expect(mayUpdateItem('chair', owned, [{ role: 'CHAIR', groupKind: 'STRATEGY_BOARD' }])).toBe(true);
    expect(mayUpdateItem('secretary', owned, [{ role: 'SECRETARIAT', groupKind: 'OPERATIONS_GROUP' }])).toBe(true);
  });
  it('is not another member, a vice-chair, or the chair of an operations group', () => {
    expect(mayUpdateItem('member', owned, [{ role: 'REPRESENTATIVE', groupKind: 'STRATEGY_BOARD' }])).toBe(false);
    expect(mayUpdateItem('vice', owned, [{ role: 'VICE_CHAIR', groupKind: 'STRATEGY_BOARD' }])).toBe(false);
    expect(mayUpdateItem('pog-chair', owned, [{ role: 'CHAIR', groupKind: 'OPERATIONS_GROUP' }])).toBe(false);
    expect(mayUpdateItem('anyone', { ownerId: null }, [])).toBe(false);
  });
});

describe("an assessment's rules", () => {
  const base = { status: 'MET' as const, externalBody: null, notApplicableReason: null, evidenceLinks: [], reviewDate: null };
  it('needs the awaited body, the reason it does not apply, web links and a review date from today', () => {
    expect(assessmentProblems(base, TODAY)).toEqual({});
    expect(assessmentProblems({ ...base, status: 'AWAITING_EXTERNAL', externalBody: ' ' }, TODAY)).toHaveProperty('externalBody');
    expect(assessmentProblems({ ...base, status: 'NOT_APPLICABLE' }, TODAY)).toHaveProperty('notApplicableReason');
    expect(assessmentProblems({ ...base, evidenceLinks: ['https://example.org/minutes', 'ftp://example.org/x'] }, TODAY).evidenceLinks).toContain('ftp://example.org/x');
    expect(assessmentProblems({ ...base, reviewDate: new Date('2011-02-28T00:00:00Z') }, TODAY)).toHaveProperty('reviewDate');
    expect(assessmentProblems({ ...base, reviewDate: TODAY }, TODAY)).toEqual({});
  });
  it('takes only http and https addresses as links', () => {
    expect(isWebLink('https://www.norwich.gov.uk/csp')).toBe(true);
    expect(isWebLink('http://intranet.local/doc')).toBe(true);
    expect(isWebLink('javascript:alert(1)')).toBe(false);
    expect(isWebLink('www.norwich.gov.uk')).toBe(false);
  });
});
