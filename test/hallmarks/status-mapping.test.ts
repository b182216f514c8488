// Reading the free-text "developments" statuses of a hallmarks checklist (test/fixtures/seeds) on import: clear ones
// become statuses, the rest are kept as written and flagged for review.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { isPlainStatusWording, readStatusText } from '../../src/domain/hallmark-status.ts';
import type { HallmarkAssessmentRow } from '../../src/import/partnership-state.ts';
import { demoText, planText, stateAfter } from '../import/helpers.ts';

describe('reading a free-text status', () => {
  it.each([
    ['Yes', 'MET'],
    ['In place', 'MET'],
    ['In place (Internet, publications, via SNS if applicable)', 'MET'],
    ['Yes-(JAG)', 'MET'],
    ['Yes (SARA-PRIME)', 'MET'],
    ['They Are', 'MET'],
    ['It does – ASB being the biggest issue', 'MET'],
    ['Not yet', 'NOT_MET'],
    ['Not yet (old one in existence badly in need of refresh)', 'NOT_MET'],
    ['No-PCT', 'NOT_MET'],
    ['No – TOR-PCT', 'NOT_MET'],
    ['Will do', 'NOT_MET'],
    ['They will be', 'NOT_MET'],
    ['Needs work – (Chair, Minutes, Management arrangements)', 'PARTLY_MET'],
    ['Improving – CDW and SNT', 'PARTLY_MET'],
  ])('reads "%s" as %s', (text, status) => {
    expect(readStatusText(text)).toEqual({ kind: 'mapped', status });
  });

  it('reads "Awaits County" as awaiting an external body, the county group, whatever is awaited from it', () => {
    expect(readStatusText('Awaits County')).toEqual({ kind: 'mapped', status: 'AWAITING_EXTERNAL', externalBody: 'County group' });
    expect(readStatusText('Awaits County ISA')).toEqual({ kind: 'mapped', status: 'AWAITING_EXTERNAL', externalBody: 'County group' });
    expect(readStatusText('Awaiting Home Office guidance')).toEqual({ kind: 'mapped', status: 'AWAITING_EXTERNAL', externalBody: 'Home Office guidance' });
  });

  it('reads an awaits phrase after the dash too, keeping what the rest says of the item meanwhile', () => {
    expect(readStatusText('Probably – awaits County')).toEqual({ kind: 'mapped', status: 'AWAITING_EXTERNAL', externalBody: 'County group', meanwhile: 'possibly met' });
    expect(readStatusText('Yes - awaiting County')).toEqual({ kind: 'mapped', status: 'AWAITING_EXTERNAL', externalBody: 'County group', meanwhile: 'otherwise met' });
    expect(readStatusText('Not yet — waiting for the PCT')).toEqual({ kind: 'mapped', status: 'AWAITING_EXTERNAL', externalBody: 'PCT', meanwhile: 'not met yet' });
    expect(readStatusText('Partly; waiting on Home Office guidance')).toEqual({ kind: 'mapped', status: 'AWAITING_EXTERNAL', externalBody: 'Home Office guidance', meanwhile: 'partly met' });
    expect(readStatusText('Likely, subject to County approval')).toEqual({ kind: 'mapped', status: 'AWAITING_EXTERNAL', externalBody: 'County group', meanwhile: 'possibly met' });
    expect(readStatusText('Yes (pending PCT sign-off)')).toEqual({ kind: 'mapped', status: 'AWAITING_EXTERNAL', externalBody: 'PCT sign-off', meanwhile: 'otherwise met' });
    expect(readStatusText('Subject to County group sign-off')).toEqual({ kind: 'mapped', status: 'AWAITING_EXTERNAL', externalBody: 'County group' });
  });

  it('says which wordings are bare status words, with nothing to show beside the status', () => {
    for (const plain of ['Yes', 'yes.', 'Not yet', 'Partly met', 'In place', 'Met']) expect(isPlainStatusWording(plain), plain).toBe(true);
    for (const worded of ['Yes (SARA-PRIME)', 'Awaits County', 'Probably – awaits County', 'Not yet (old one in existence badly in need of refresh)']) {
      expect(isPlainStatusWording(worded), worded).toBe(false);
    }
  });

  it('reads "not applicable" only with a reason', () => {
    expect(readStatusText('N/A – no county tier here')).toEqual({ kind: 'mapped', status: 'NOT_APPLICABLE', notApplicableReason: 'no county tier here' });
    expect(readStatusText('Not applicable')).toMatchObject({ kind: 'unmapped' });
  });

  it.each([
    'Noted',
    'Noted – additional question, ‘Have your opinions been surveyed in the last 12 months, if yes by who and what about?’',
    'TOR',
    'See Delivery Plan',
    'No current problems',
    'Yes – will do',
    'Within certain bounds',
    'County',
    'Pending review',
    'Protocol awaiting signature',
    '',
  ])('does not guess "%s": it says where the answer is, hedges, or points at two statuses', (text) => {
    expect(readStatusText(text)).toMatchObject({ kind: 'unmapped', reason: expect.any(String) });
  });
});

describe('reading the wordings of the seed checklist (test/fixtures/seeds/cdrp-hallmarks-checklist.txt)', () => {
  const paragraphs = [...readFileSync(new URL('../fixtures/seeds/cdrp-hallmarks-checklist.txt', import.meta.url), 'utf8').matchAll(/<p>(.*?)<\/p>/g)].map((match) => match[1]!);
  const awaiting = paragraphs.filter((paragraph) => /\b(?:await\w*|waiting|pending|subject to)\b/i.test(paragraph));

  it.each([
    ['Awaits County ISA', undefined],
    ['Awaits County', undefined],
    ['Probably – awaits County', 'possibly met'],
    ['Yes – CDRP meeting discussed priorities and which to escalate Awaits County', 'otherwise met'],
    ['Yes – awaits County commissioning process', 'otherwise met'],
  ])('reads "%s" as awaiting the County group (%s)', (wording, meanwhile) => {
    expect(paragraphs).toContain(wording);
    expect(readStatusText(wording)).toEqual({ kind: 'mapped', status: 'AWAITING_EXTERNAL', externalBody: 'County group', ...(meanwhile ? { meanwhile } : {}) });
  });

  it('reads every wording of the document that waits on someone as awaiting the County group, and no other', () => {
    expect(new Set(awaiting)).toEqual(
      new Set(['Awaits County ISA', 'Awaits County', 'Probably – awaits County', 'Yes – CDRP meeting discussed priorities and which to escalate Awaits County', 'Yes – awaits County commissioning process']),
    );
    for (const paragraph of paragraphs) {
      const reading = readStatusText(paragraph);
      const awaited = reading.kind === 'mapped' && reading.status === 'AWAITING_EXTERNAL';
      expect(awaited, paragraph).toBe(awaiting.includes(paragraph));
      if (reading.kind === 'mapped' && reading.status === 'AWAITING_EXTERNAL') expect(reading.externalBody).toBe('County group');
    }
  });
});

describe('importing statuses from a partnership file', () => {
  const file = (statuses: string[]) => `
partnership: { slug: safer-testford, name: Safer Testford, quorum: 3 }
hallmarks:
${statuses.map((status, index) => `  - { key: item-${index}, stage: Assess, kind: question, hallmark: engaged-communities, text: Question ${index}?, assessment: { rawStatus: ${JSON.stringify(status)} } }`).join('\n')}
`;

  function assessments(text: string): HallmarkAssessmentRow[] {
    return planText(text, 'testford.yaml').hallmarkAssessments.create;
  }

  it('stores a readable status with the text kept beside it, and an unreadable one as text flagged for review', () => {
    const rows = assessments(file(['Awaits County', 'Probably – awaits County', 'Not yet', 'Noted', 'Yes']));
    expect(rows.map(({ status, rawStatus, needsReview, externalBody }) => ({ status, rawStatus, needsReview, externalBody }))).toEqual([
      { status: 'AWAITING_EXTERNAL', rawStatus: 'Awaits County', needsReview: false, externalBody: 'County group' },
      { status: 'AWAITING_EXTERNAL', rawStatus: 'Probably – awaits County', needsReview: false, externalBody: 'County group' },
      { status: 'NOT_MET', rawStatus: 'Not yet', needsReview: false, externalBody: null },
      { status: null, rawStatus: 'Noted', needsReview: true, externalBody: null },
      { status: 'MET', rawStatus: 'Yes', needsReview: false, externalBody: null },
    ]);
  });

  it('keeps a status the file gives, and reads nothing into the text beside it', () => {
    const text = `
partnership: { slug: safer-testford, name: Safer Testford, quorum: 3 }
hallmarks:
  - { key: item-0, stage: Assess, kind: requirement, text: A duty., assessment: { status: partly-met, rawStatus: "Noted" } }
`;
    expect(assessments(text)).toMatchObject([{ status: 'PARTLY_MET', rawStatus: 'Noted', needsReview: false }]);
  });

  it('records nothing new when the same file is imported again', () => {
    const text = file(['Awaits County', 'Noted']);
    const first = planText(text, 'testford.yaml');
    const again = planText(text, 'testford.yaml', stateAfter(first));
    expect(again.hallmarkAssessments.create).toEqual([]);
  });

  it('never leaves a demo item silently without a status: each is read, or flagged with its text kept', () => {
    const rows = planText(demoText()).hallmarkAssessments.create;
    expect(rows).toHaveLength(111);
    for (const row of rows) {
      expect(row.rawStatus).toBeTruthy();
      expect(row.status === null).toBe(row.needsReview);
    }
    const mapped = rows.filter((row) => row.status !== null);
    expect(mapped.length).toBeGreaterThan(40);
    expect(rows.filter((row) => row.status === 'AWAITING_EXTERNAL').every((row) => row.externalBody === 'County group')).toBe(true);
    expect(rows.filter((row) => row.rawStatus === 'Noted').every((row) => row.status === null && row.needsReview)).toBe(true);
  });
});
