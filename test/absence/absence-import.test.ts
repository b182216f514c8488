// Absences in the partnership import file: added once (a second import of the same file changes nothing),
// changed by a later file, exported and read back unchanged, and problems named by place.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeImport, exportPartnershipText, importPartnershipText } from '../../src/import/partnership-import.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { asyncProblemLines } from '../import/helpers.ts';

const FILE = (absences: string) => `
partnership:
  slug: safer-absence
  name: Safer Absence
  quorum: 1
organisations:
  - key: police
    name: Absence Constabulary
    kind: police
    statutory: true
people:
  - key: olly
    name: Olly Owner
    organisation: police
  - key: dan
    name: Dan Deputy
    organisation: police
absences:
${absences}
`;

describe('absences in the partnership file', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.close();
  });

  it('are imported once, updated by a later file, and survive an export round trip', async () => {
    const first = FILE(`  - person: olly
    from: 21/12/2026
    until: 2027-01-04
    reason: annual leave
  - person: dan
    from: 2027-02-01`);
    const summary = await importPartnershipText(db.prisma, first, 'absence.yaml');
    expect(describeImport(summary)).toContain('2 absences');
    const rows = await db.prisma.absence.findMany({ orderBy: { fromDate: 'asc' }, include: { person: { select: { key: true } } } });
    expect(rows.map((row) => [row.person.key, row.fromDate.toISOString().slice(0, 10), row.untilDate?.toISOString().slice(0, 10) ?? null, row.reason, row.source])).toEqual([
      ['olly', '2026-12-21', '2027-01-04', 'annual leave', 'IMPORT'],
      ['dan', '2027-02-01', null, null, 'IMPORT'],
    ]);

    expect(describeImport(await importPartnershipText(db.prisma, first, 'absence.yaml'))).toContain('nothing changed');

    const later = FILE(`  - person: olly
    from: 2026-12-21
    until: 2027-01-08
    reason: annual leave`);
    expect(describeImport(await importPartnershipText(db.prisma, later, 'absence.yaml'))).toContain('updated 1 absence');
    expect((await db.prisma.absence.findFirstOrThrow({ where: { person: { key: 'olly' } } })).untilDate).toEqual(new Date('2027-01-08T00:00:00Z'));

    const exported = await exportPartnershipText(db.prisma, 'yaml', { partnership: 'safer-absence' });
    expect(exported.text).toContain('absences:');
    expect(exported.text).toContain('2027-01-08');
    expect(describeImport(await importPartnershipText(db.prisma, exported.text, 'export.yaml'))).toContain('nothing changed');
  });

  it('names an unknown person and an absence that ends before it starts, and writes nothing', async () => {
    const unknown = await asyncProblemLines(() => importPartnershipText(db.prisma, FILE(`  - person: nobody\n    from: 2026-12-21`), 'absence.yaml'));
    expect(unknown.join('\n')).toMatch(/absences\[0\]\.person.*no person with key "nobody"/);
    const backwards = await asyncProblemLines(() =>
      importPartnershipText(db.prisma, FILE(`  - person: olly\n    from: 2026-12-21\n    until: 2026-12-01`), 'absence.yaml'),
    );
    expect(backwards.join('\n')).toMatch(/absences\[0\]\.until.*is before the first day away \(2026-12-21\)/);
    expect(await db.prisma.absence.count()).toBe(0);
  });
});
