// Closure days and the digest's bank-holiday rule in the partnership file: imported, shown by the export
// (so an export imports back to the same partnership), checked with messages that say what is wrong, and
// a second import of the same file changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPartnershipText, importPartnershipText } from '../../src/import/partnership-import.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.close();
});

const FILE = `
partnership:
  slug: safer-calderbridge
  name: Safer Calderbridge
  quorum: 1
  digestOnBankHoliday: post-anyway
  closureDays:
    - date: 2026-12-29
      reason: Christmas shutdown
    - date: 2026-12-30
      reason: Christmas shutdown
    - date: 2026-12-31
organisations:
  - key: council
    name: Calderbridge Council
    kind: local-authority
    statutory: true
people:
  - key: pip
    name: Pip Parttime
    organisation: council
    workingPattern:
      days: mon-wed
      hours: 09:00-15:00
  - key: dara
    name: Dara Dublin
    workingPattern:
      timeZone: Europe/Dublin
  - key: fay
    name: Fay Fulltime
`;

describe('closure days in the partnership file', () => {
  it('are imported with the digest rule, exported back, and a second import changes nothing', async () => {
    const summary = await importPartnershipText(db.prisma, FILE, 'calderbridge.yaml');
    expect(summary.counts.closureDays.created).toBe(3);
    const partnership = await db.prisma.partnership.findUniqueOrThrow({ where: { slug: 'safer-calderbridge' }, include: { closureDays: { orderBy: { date: 'asc' } } } });
    expect(partnership.digestOnBankHoliday).toBe('POST_ANYWAY');
    expect(partnership.closureDays.map((row) => [row.date.toISOString().slice(0, 10), row.reason])).toEqual([
      ['2026-12-29', 'Christmas shutdown'],
      ['2026-12-30', 'Christmas shutdown'],
      ['2026-12-31', null],
    ]);

    const again = await importPartnershipText(db.prisma, FILE, 'calderbridge.yaml');
    expect(again.counts.closureDays).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(again.updatedSettings).toBe(false);

    const exported = (await exportPartnershipText(db.prisma, 'yaml', { partnership: 'safer-calderbridge' })).text;
    expect(exported).toContain('digestOnBankHoliday: post-anyway');
    expect(exported).toContain('- date: 2026-12-29\n      reason: Christmas shutdown');
    const roundTrip = await importPartnershipText(db.prisma, exported, 'export.yaml');
    expect(roundTrip.counts.closureDays).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(roundTrip.updatedSettings).toBe(false);
  });

  it('updates a closure day\'s reason, and keeps days the file does not list', async () => {
    const changed = FILE.replace('    - date: 2026-12-31\n', '    - date: 2026-12-31\n      reason: New Year\'s Eve\n').replace('    - date: 2026-12-29\n      reason: Christmas shutdown\n', '');
    const summary = await importPartnershipText(db.prisma, changed, 'calderbridge.yaml');
    expect(summary.counts.closureDays).toEqual({ created: 0, updated: 1, deleted: 0 });
    expect(await db.prisma.closureDay.count({ where: { partnership: { slug: 'safer-calderbridge' } } })).toBe(3);
  });

  it('imports people\'s working patterns, exports them back, and a second import changes nothing', async () => {
    const people = await db.prisma.person.findMany({ where: { partnership: { slug: 'safer-calderbridge' } }, include: { workingPattern: true }, orderBy: { key: 'asc' } });
    expect(people.map((person) => [person.key, person.workingPattern && { ...person.workingPattern, personId: undefined, updatedAt: undefined }])).toEqual([
      ['dara', { personId: undefined, workingDays: [1, 2, 3, 4, 5], startHour: 8, endHour: 18, timeZone: 'Europe/Dublin', updatedAt: undefined }],
      ['fay', null],
      ['pip', { personId: undefined, workingDays: [1, 2, 3], startHour: 9, endHour: 15, timeZone: null, updatedAt: undefined }],
    ]);
    const exported = (await exportPartnershipText(db.prisma, 'yaml', { partnership: 'safer-calderbridge' })).text;
    expect(exported).toContain('workingPattern:\n      days: mon-wed\n      hours: 09:00-15:00');
    const roundTrip = await importPartnershipText(db.prisma, exported, 'export.yaml');
    expect(roundTrip.counts.workingPatterns).toEqual({ created: 0, updated: 0, deleted: 0 });
    const changed = await importPartnershipText(db.prisma, FILE.replace('hours: 09:00-15:00', 'hours: 10-16'), 'calderbridge.yaml');
    expect(changed.counts.workingPatterns).toEqual({ created: 0, updated: 1, deleted: 0 });
  });

  it('says which closure day or rule is wrong', async () => {
    const bad = FILE.replace('2026-12-30', '2026-02-30').replace('post-anyway', 'sometimes').replace('days: mon-wed', 'days: mon-funday');
    const error = await importPartnershipText(db.prisma, bad, 'calderbridge.yaml').catch((caught: unknown) => caught);
    const text = String(error instanceof Error ? error.message : error);
    expect(text).toContain('partnership.closureDays[1].date');
    expect(text).toContain('digestOnBankHoliday');
    expect(text).toContain('next-working-day');
    expect(text).toContain('people[0].workingPattern.days');
    expect(text).toContain('"mon-funday" is not a day or a run of days. Name your days, e.g. mon,tue,wed');
  });
});
