// The decision-log export files read back: the CSV parsed with csv-parse (RFC 4180, formula cells guarded),
// the Word document unzipped and its paragraphs read; and the signed download links, which refuse tampering
// and expiry.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECISION_CSV_COLUMNS, guardCell } from '../../src/services/exports/decision-csv.ts';
import { exportFile, loadDecisionExport, type DecisionExportScope } from '../../src/services/exports/decision-export.ts';
import { onBehalfVotes } from '../../src/services/exports/decision-records.ts';
import { exportLinkUrl, signExportToken, verifyExportToken, type ExportLinkClaims } from '../../src/services/exports/export-links.ts';
import { docxParagraphs } from '../support/zip-entries.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { seedDecisionLog, type SeededLog } from './decision-log-fixtures.ts';

let db: TestDatabase;
let log: SeededLog;
let partnership: DecisionExportScope['partnership'];
const NOW = new Date('2026-04-10T08:30:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  const created = await db.prisma.partnership.create({ data: { slug: 'safer-testford', name: 'Safer Testford', quorum: 3 } });
  await db.prisma.group.create({ data: { partnershipId: created.id, key: 'board', name: 'Strategy Board', kind: 'STRATEGY_BOARD' } });
  partnership = { id: created.id, slug: created.slug, name: created.name, timeZone: created.timeZone };
  log = await seedDecisionLog(db.prisma, created.id);
});

afterAll(async () => {
  await db?.close();
});

function csvRows(bytes: Uint8Array): Record<string, string>[] {
  return parse(Buffer.from(bytes), { columns: true, bom: true }) as Record<string, string>[];
}

describe('the decision log as CSV', () => {
  it('has one row per decision in log order, with tally, quorum, declarations, casting vote, corrections and votes on behalf', async () => {
    const exported = await loadDecisionExport(db.prisma, { partnership });
    const file = await exportFile(exported, 'csv', NOW);
    expect(file).toMatchObject({ fileName: 'decisions-safer-testford.csv', mimeType: 'text/csv' });
    const text = Buffer.from(file.bytes).toString('utf8');
    expect(text.startsWith('\uFEFFNumber,Date,Group,')).toBe(true);
    expect(text).toContain('\r\n');
    const header = parse(Buffer.from(file.bytes), { bom: true, to_line: 1 }) as string[][];
    expect(header[0]).toEqual([...DECISION_CSV_COLUMNS]);

    const rows = csvRows(file.bytes);
    expect(rows.map((row) => row.Number)).toEqual(['1', '2', '3', '4']);
    expect(rows[0]).toMatchObject({
      Date: '2026-02-10',
      Group: 'Strategy Board',
      Title: 'Adopt the 2026/27 partnership plan',
      Motion: 'That the board adopts the partnership plan 2026/27 as circulated, with £12,000 for "Safer Streets".',
      Outcome: 'Carried',
      For: '2',
      Against: '1',
      Abstain: '1',
      Present: '4',
      'Quorum required': '3',
      Quorate: 'Yes',
      'Casting vote': '',
      'Votes by organisation':
        'Testford Borough Council: For (Bea Council, representative); Testford Fire and Rescue: Against (Cal Fire, deputy); ' +
        'Testford Health: For (Dee Health, representative); Testford Probation Service: Interest declared',
      'Declarations of interest': "Eve Probation (Testford Probation Service): Our service delivers the plan's programme",
      'Corrected by decision': '4',
      'Votes recorded on behalf': 'Dee Health (Testford Health): For, recorded on behalf by Sue Secretariat by phone on 9 Feb 2026',
      'Proposed by': 'Sue Secretariat',
    });
    expect(rows[1]).toMatchObject({ Title: `'=HYPERLINK("http://evil.example","Fund CCTV")`, Motion: "'+ That the board funds two CCTV cameras.", 'Casting vote': 'For (Pat Police, chair)' });
    expect(rows[2]).toMatchObject({ Group: 'Reducing Reoffending Group', Outcome: 'No decision: not quorate', Quorate: 'No', 'Votes by organisation': expect.stringContaining('Testford Health: Did not vote') });
    expect(rows[3]).toMatchObject({
      'Corrects decision': '1',
      For: '3',
      Against: '0',
      Correction: "Fire's vote was for, as the minutes of 10 Feb record (recorded by Sue Secretariat)",
    });
  });

  it('exports one group since a date, named so', async () => {
    const board = await db.prisma.group.findUniqueOrThrow({ where: { id: log.boardId }, select: { id: true, key: true, name: true } });
    const exported = await loadDecisionExport(db.prisma, { partnership, group: board, since: '2026-03-01' });
    const file = await exportFile(exported, 'csv', NOW);
    expect(file.fileName).toBe('decisions-safer-testford-board-since-2026-03-01.csv');
    expect(csvRows(file.bytes).map((row) => row.Number)).toEqual(['2']);
  });

  it('guards every cell a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+44 1603', '-2', '@SUM(A1)', '\tx', 'plain', ' =spaced'].map(guardCell)).toEqual(["'=1+1", "'+44 1603", "'-2", "'@SUM(A1)", "'\tx", 'plain', ' =spaced']);
  });

  it('leaves out of "on behalf" the votes people cast themselves', () => {
    const tally = { people: [{ name: 'Ann', choice: 'FOR', recorded: null }, { name: 'Ben', choice: 'AGAINST' }, { name: 'Cy', choice: 'ABSTAIN', recorded: { byName: 'Sue', via: 'MEETING', on: '2026-03-01' } }] };
    expect(onBehalfVotes(tally as never)).toEqual([{ voter: 'Cy', organisation: null, choice: 'Abstain', recordedBy: 'Sue', via: 'at a meeting', meetingDate: '2026-03-01', wording: 'recorded on behalf by Sue at the meeting of 1 Mar 2026' }]);
  });
});

describe('the decision log as a Word document', () => {
  it('files each decision with its motion, outcome, quorum, tally by organisation, declarations, casting vote, corrections and votes on behalf', async () => {
    const exported = await loadDecisionExport(db.prisma, { partnership });
    const file = await exportFile(exported, 'docx', NOW);
    expect(file).toMatchObject({ fileName: 'decisions-safer-testford.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    const lines = docxParagraphs(file.bytes);
    expect(lines.slice(0, 5)).toEqual(['Decision log', 'Partnership: Safer Testford', 'Group: All groups', 'Period: All decisions', 'Produced: Fri 10 Apr 2026, 09:30']);
    const text = lines.join('\n');
    for (const expected of [
      'Decision 1: Adopt the 2026/27 partnership plan',
      'Motion: That the board adopts the partnership plan 2026/27 as circulated, with £12,000 for "Safer Streets".',
      'Outcome: Carried',
      'Votes: 2 for, 1 against, 1 abstaining',
      'Quorum: met: 4 present, 3 required',
      'Corrected by: Decision 4',
      "Declarations of interest: Eve Probation (Testford Probation Service): Our service delivers the plan's programme",
      'Votes recorded on behalf: Dee Health (Testford Health): For, recorded on behalf by Sue Secretariat by phone on 9 Feb 2026',
      'Casting vote: For (Pat Police, chair)',
      'Decision 3: Commission a mentoring scheme',
      'Quorum: not met: 1 present, 3 required',
      "Corrects: Decision 1. Fire's vote was for, as the minutes of 10 Feb record (recorded by Sue Secretariat)",
      'The vote as originally recorded, by organisation',
      '4 decisions. End of log.',
    ]) {
      expect(text).toContain(expected);
    }
    // The tally table: a row per organisation, its cells one paragraph each.
    const tableStart = lines.indexOf('Tally by organisation');
    expect(lines.slice(tableStart + 1, tableStart + 7)).toEqual(['Organisation', 'Vote', 'Cast by', 'Testford Borough Council', 'For', 'Bea Council, representative']);
  });

  it('says so when the period has no decisions', async () => {
    const exported = await loadDecisionExport(db.prisma, { partnership, since: '2026-12-01' });
    const lines = docxParagraphs((await exportFile(exported, 'docx', NOW)).bytes);
    expect(lines).toContain('Period: Since 1 Dec 2026');
    expect(lines).toContain('No decisions were recorded in this period.');
  });
});

describe('signed download links', () => {
  const secret = 'a-test-secret-of-at-least-32-characters!';
  const claims: ExportLinkClaims = {
    partnershipId: '6a2f8f8e-3a5b-4c1d-9e2f-0a1b2c3d4e5f',
    personId: '7b3f9f9e-4a5b-4c1d-9e2f-0a1b2c3d4e5f',
    since: '2026-01-01',
    format: 'csv',
    expiresAt: Math.floor(NOW.getTime() / 1000) + 3600,
  };

  it('carry what to export and for whom, under a signature', () => {
    expect(verifyExportToken(secret, signExportToken(secret, claims), NOW)).toEqual({ ok: true, claims });
    expect(exportLinkUrl({ baseUrl: 'https://csp.example.org/', secret }, claims)).toMatch(/^https:\/\/csp\.example\.org\/exports\/download\?t=[\w-]+\.[\w-]+$/);
  });

  it('refuse a changed payload, another secret, an expired link and garbage', () => {
    const token = signExportToken(secret, claims);
    const [payload, signature] = token.split('.') as [string, string];
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), s: undefined, f: 'docx' })).toString('base64url');
    expect(verifyExportToken(secret, `${widened}.${signature}`, NOW)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyExportToken('another-secret-of-at-least-32-characters', token, NOW)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyExportToken(secret, token, new Date((claims.expiresAt + 1) * 1000))).toEqual({ ok: false, reason: 'expired', claims });
    expect(verifyExportToken(secret, 'not-a-token', NOW)).toEqual({ ok: false, reason: 'malformed' });
  });
});
