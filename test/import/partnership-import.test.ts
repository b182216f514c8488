// Import and export against a real, migrated PostgreSQL database (embedded PGlite or TEST_DATABASE_URL).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Prisma, type PrismaClient } from '../../src/db/generated/client.ts';
import { importIntoPartnership } from '../../src/db/partnership-store.ts';
import { loadDemoPartnership } from '../../src/import/demo.ts';
import {
  describeImport, exportPartnershipFile, exportPartnershipText, importCsvFile, importCsvText, importPartnershipFile,
  importPartnershipText,
} from '../../src/import/partnership-import.ts';
import { emptyChangeSet } from '../../src/import/partnership-state.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { asyncProblemLines, demoText } from './helpers.ts';

const NOW = new Date('2011-01-10T12:00:00Z');

/** Rows in every table of the schema. */
async function countEveryTable(prisma: PrismaClient): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const model of Object.values(Prisma.ModelName)) {
    const delegate = (prisma as unknown as Record<string, { count(): Promise<number> }>)[model[0]!.toLowerCase() + model.slice(1)]!;
    counts[model] = await delegate.count();
  }
  return counts;
}

const demoWith = (...edits: Array<[string, string]>) => edits.reduce((text, [from, to]) => {
  expect(text).toContain(from);
  return text.replace(from, to);
}, demoText());

describe('importing a partnership', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.close();
  });

  it('leaves the same rows in every table when the demo file is imported twice', async () => {
    const first = await loadDemoPartnership(db.prisma, { now: NOW });
    expect(first.createdPartnership).toBe(true);
    const counts = await countEveryTable(db.prisma);
    expect(counts).toMatchObject({ Partnership: 1, Organisation: 10, Action: 26, Indicator: 10, HallmarkItem: 111, HallmarkAssessment: 111 });

    const second = await loadDemoPartnership(db.prisma, { now: new Date('2011-02-01T09:00:00Z') });
    expect(describeImport(second)).toBe('Imported norwich.yaml into safer-norwich: everything was already up to date, nothing changed.');
    expect(await countEveryTable(db.prisma)).toEqual(counts);
  });

  it('writes nothing when one record is wrong, and says where', async () => {
    await loadDemoPartnership(db.prisma, { now: NOW });
    const counts = await countEveryTable(db.prisma);
    const before = (await exportPartnershipText(db.prisma, 'yaml')).text;

    const text = demoWith(
      ['quorum: 4', 'quorum: 5'],
      ['  - ref: AC-02\n    title: Criminal damage to vehicles', '  - ref: AC-02\n    title: Criminal damage to cars'],
      ['    dueDate: 2011-01-31', '    dueDate: 31/13/2011'],
    );
    const lines = await asyncProblemLines(() => importPartnershipText(db.prisma, text, 'norwich.yaml'));
    expect(lines).toEqual([
      'Nothing was imported: norwich.yaml has 1 problem.',
      expect.stringMatching(/^norwich\.yaml: actions\[0\]\.dueDate \(line \d+\): expected a date like 2011-03-31 or 31\/03\/2011 \(day\/month\/year\), got "31\/13\/2011"$/),
    ]);

    const unknownOwner = demoWith(['quorum: 4', 'quorum: 5'], ['    owner: daniel-reeve\n', '    owner: daniel-reve\n']);
    expect((await asyncProblemLines(() => importPartnershipText(db.prisma, unknownOwner, 'norwich.yaml')))[1]).toMatch(
      /^norwich\.yaml: actions\[1\]\.owner \(line \d+\): no person with key "daniel-reve" in this file or in partnership "safer-norwich"$/,
    );

    expect(await countEveryTable(db.prisma)).toEqual(counts);
    expect((await exportPartnershipText(db.prisma, 'yaml')).text).toBe(before);
  });

  it('rolls back every write when the database refuses one of them', async () => {
    await loadDemoPartnership(db.prisma, { now: NOW });
    const counts = await countEveryTable(db.prisma);
    const failing = importIntoPartnership(db.prisma, 'safer-norwich', (state) => {
      const changes = emptyChangeSet(state!.partnership, false, false);
      changes.organisations.create.push({ id: crypto.randomUUID(), partnershipId: state!.partnership.id, key: 'new-org', name: 'New', kind: 'OTHER', isStatutory: false });
      changes.actions.update.push({ ...state!.actions[0]!, ownerId: crypto.randomUUID() });
      return changes;
    });
    await expect(failing).rejects.toThrow();
    expect(await countEveryTable(db.prisma)).toEqual(counts);
  });

  it('updates a partnership in place from a partial file', async () => {
    await loadDemoPartnership(db.prisma, { now: NOW });
    const summary = await importPartnershipText(
      db.prisma,
      'partnership: { slug: safer-norwich, name: Safer Norwich Partnership, quorum: 5 }\nactions:\n  - { ref: AC-02, title: Criminal damage to vehicles, dueDate: 30/06/2011 }\n',
      'change.yaml',
    );
    expect(describeImport(summary)).toBe('Imported change.yaml into safer-norwich: updated 1 action; updated the partnership settings.');
    const action = await db.prisma.action.findFirstOrThrow({ where: { ref: 'AC-02' }, include: { owner: true } });
    expect(action.dueDate?.toISOString().slice(0, 10)).toBe('2011-06-30');
    expect(action.owner?.key).toBe('daniel-reeve');
    expect((await db.prisma.partnership.findFirstOrThrow()).quorum).toBe(5);
  });

  it('sets a group’s default for secret tallies, and exports it again', async () => {
    await loadDemoPartnership(db.prisma, { now: NOW });
    const rap = await db.prisma.group.findFirstOrThrow({ where: { key: 'rap' } });
    const summary = await importPartnershipText(
      db.prisma,
      'partnership: { slug: safer-norwich, name: Safer Norwich Partnership, quorum: 4 }\ngroups:\n  - { key: rap, name: Responsible Authorities Partnership (RAP), kind: strategy-board, secretTally: yes }\n',
      'secret.yaml',
    );
    expect(describeImport(summary)).toContain('updated 1 group');
    expect((await db.prisma.group.findUniqueOrThrow({ where: { id: rap.id } })).secretTallyDefault).toBe(true);
    const exported = await exportPartnershipText(db.prisma, 'yaml', { partnership: 'safer-norwich' });
    expect(exported.text).toMatch(/key: rap\n\s+name: .*\n\s+kind: strategy-board\n\s+defaultCadence: monthly\n\s+secretTally: true\n/);
  });
});

describe('importing spreadsheets', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
    await loadDemoPartnership(db.prisma, { now: NOW });
  });
  afterEach(async () => {
    await db.close();
  });

  it('imports actions, and importing the same sheet again adds nothing', async () => {
    const sheet = [
      'Ref,Title,Priority,Lead agency,Owner,Group,Due date,RAG,% complete',
      'AC-02,Criminal damage to vehicles,all-crime,Norfolk Constabulary,Daniel Reeve,pog,30/06/2011,Amber,40',
      'NEW-1,Extra patrols in the city centre,anti-social-behaviour,norfolk-constabulary,ian.brookes@example.org,POG,01/03/2011,,',
    ].join('\r\n');
    const first = await importCsvText(db.prisma, 'actions', sheet, 'actions.csv', { partnership: 'safer-norwich', now: NOW });
    expect(describeImport(first)).toBe('Imported actions.csv into safer-norwich: added 1 action; updated 1 action.');
    const counts = await countEveryTable(db.prisma);
    const again = await importCsvText(db.prisma, 'actions', sheet, 'actions.csv', { now: NOW });
    expect(describeImport(again)).toBe('Imported actions.csv into safer-norwich: everything was already up to date, nothing changed.');
    expect(await countEveryTable(db.prisma)).toEqual(counts);
    const added = await db.prisma.action.findFirstOrThrow({ where: { ref: 'NEW-1' }, include: { owner: true, priority: true } });
    expect(added).toMatchObject({ title: 'Extra patrols in the city centre', owner: { key: 'ian-brookes' }, priority: { key: 'anti-social-behaviour' } });
    expect(await db.prisma.action.findFirstOrThrow({ where: { ref: 'AC-02' } })).toMatchObject({ status: 'AT_RISK', progress: 40 });
  });

  it('imports readings, keeps a revision when a value changes, and adds nothing for the same sheet', async () => {
    // Start from no readings: the demo carries fictional ones of its own.
    await db.prisma.indicatorReadingRevision.deleteMany({});
    await db.prisma.indicatorReading.deleteMany({});
    const sheet = 'Indicator,Period,Value\nNI 21,2010/11 Q1,29.5%\nALL CRIME,2010-04,"1,301"\n';
    await importCsvText(db.prisma, 'readings', sheet, 'readings.csv', { now: NOW });
    const counts = await countEveryTable(db.prisma);
    expect(counts).toMatchObject({ IndicatorReading: 2, IndicatorReadingRevision: 2 });
    await importCsvText(db.prisma, 'readings', sheet, 'readings.csv', { now: NOW });
    expect(await countEveryTable(db.prisma)).toEqual(counts);

    const corrected = await importCsvText(db.prisma, 'readings', 'Indicator,Period,Value\nNI 21,2010-Q1,30.1\n', 'readings.csv', { now: NOW });
    expect(describeImport(corrected)).toBe('Imported readings.csv into safer-norwich: added 1 reading revision; updated 1 reading.');
    const reading = await db.prisma.indicatorReading.findFirstOrThrow({ where: { period: '2010-Q1' }, include: { revisions: { orderBy: { recordedAt: 'asc' } } } });
    expect(reading.value.toNumber()).toBe(30.1);
    expect(reading.revisions.map((r) => [r.value.toNumber(), r.previousValue?.toNumber() ?? null])).toEqual([[29.5, null], [30.1, 29.5]]);
  });

  it('imports update history with import keys, moves the action on, and adds nothing the second time', async () => {
    const sheet = [
      'Action,Date,Status,Progress,Done,Next steps,Blockers,Updated by',
      'AC-02,01/06/2010,On track,20,Briefed SNT officers,Hot-spot patrols,,Daniel Reeve',
      'AC-02,01/09/2010,,35,Patrols running,,Overtime budget,daniel-reeve',
    ].join('\n');
    const first = await importCsvText(db.prisma, 'updates', sheet, 'updates.csv', { now: NOW });
    expect(describeImport(first)).toBe('Imported updates.csv into safer-norwich: added 2 action updates; updated 1 action.');
    const counts = await countEveryTable(db.prisma);
    await importCsvText(db.prisma, 'updates', sheet, 'updates.csv', { now: NOW });
    expect(await countEveryTable(db.prisma)).toEqual(counts);

    const action = await db.prisma.action.findFirstOrThrow({ where: { ref: 'AC-02' }, include: { updates: { orderBy: { createdAt: 'asc' } } } });
    expect(action).toMatchObject({ status: 'ON_TRACK', progress: 35, lastUpdateAt: new Date('2010-08-31T23:00:00Z') });
    expect(action.updates.map((u) => [u.source, u.status, u.progress, u.blockers, u.importKey?.slice(0, 4)])).toEqual([
      ['IMPORT', 'ON_TRACK', 20, null, 'csv:'],
      ['IMPORT', 'ON_TRACK', 35, 'Overtime budget', 'csv:'],
    ]);
  });

  it('writes nothing when one row is wrong, and names its line and column', async () => {
    const counts = await countEveryTable(db.prisma);
    const sheet = 'ref,title,due\nNEW-1,First new action,31/03/2011\nNEW-2,Second new action,31/13/2011\n';
    expect(await asyncProblemLines(() => importCsvText(db.prisma, 'actions', sheet, 'actions.csv', { now: NOW }))).toEqual([
      'Nothing was imported: actions.csv has 1 problem.',
      'actions.csv: line 3, column "due": expected a date like 2011-03-31 or 31/03/2011 (day/month/year), got "31/13/2011"',
    ]);
    expect(await countEveryTable(db.prisma)).toEqual(counts);
  });

  it('reads files from disk, including a spreadsheet saved in Windows-1252', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'csp-import-'));
    try {
      const file = path.join(dir, 'actions.csv');
      await writeFile(file, Buffer.from('ref,title\nNEW-9,Caf\xe9 licensing review\n', 'latin1'));
      await importCsvFile(db.prisma, 'actions', file, { partnership: 'safer-norwich', now: NOW });
      expect((await db.prisma.action.findFirstOrThrow({ where: { ref: 'NEW-9' } })).title).toBe('Café licensing review');
      expect(await asyncProblemLines(() => importPartnershipFile(db.prisma, path.join(dir, 'missing.yaml')))).toEqual([
        'Nothing was imported: missing.yaml has 1 problem.',
        `missing.yaml: there is no such file: ${path.join(dir, 'missing.yaml')}`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('exporting a partnership', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  beforeEach(async () => {
    source = await createTestDatabase();
    target = await createTestDatabase();
  });
  afterEach(async () => {
    await source.close();
    await target.close();
  });

  it('round-trips: export, import into an empty database, export again gives the same file', async () => {
    await loadDemoPartnership(source.prisma, { now: NOW });
    await importCsvText(source.prisma, 'readings', 'indicator,period,value\nNI 21,2010-Q1,29.5\nNI 21,2010-Q2,31\n', 'r.csv', { now: NOW });
    await importCsvText(source.prisma, 'updates', 'ref,date,status,progress,done\nAC-02,01/06/2010,on track,20,Briefed\n', 'u.csv', { now: NOW });
    const action = await source.prisma.action.findFirstOrThrow({ where: { ref: 'AC-03' } });
    const chatUpdate = await source.prisma.actionUpdate.create({
      data: { actionId: action.id, source: 'CHAT', status: 'AT_RISK', progress: 10, done: 'Posted from Slack', createdAt: new Date('2010-07-02T10:15:00Z') },
    });
    await source.prisma.actionUpdate.create({
      data: { actionId: action.id, source: 'CHAT', status: 'AT_RISK', progress: 15, done: 'Corrected figure', correctsId: chatUpdate.id, createdAt: new Date('2010-07-02T10:20:00Z') },
    });
    await source.prisma.hallmarkAssessment.create({
      data: { item: { connect: { partnershipId_key: { partnershipId: action.partnershipId, key: 'assess-r1' } } }, status: 'MET', rawStatus: 'Monthly', needsReview: false, source: 'CHAT', assessedAt: new Date('2010-12-01T10:00:00Z') },
    });

    const dir = await mkdtemp(path.join(tmpdir(), 'csp-export-'));
    try {
      for (const format of ['yaml', 'json'] as const) {
        const file = path.join(dir, `norwich.${format}`);
        await exportPartnershipFile(source.prisma, file, { partnership: 'safer-norwich' });
        const exported = await readFile(file, 'utf8');
        await importPartnershipFile(target.prisma, file, { now: NOW });
        expect((await exportPartnershipText(target.prisma, format)).text).toBe(exported);

        const counts = await countEveryTable(source.prisma);
        const back = await importPartnershipFile(source.prisma, file, { now: NOW });
        expect(describeImport(back)).toBe(`Imported norwich.${format} into safer-norwich: everything was already up to date, nothing changed.`);
        expect(await countEveryTable(source.prisma)).toEqual(counts);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const copied = await target.prisma.actionUpdate.findMany({ where: { action: { ref: 'AC-03' } }, orderBy: { createdAt: 'asc' } });
    expect(copied.map((u) => [u.source, u.importKey, u.correctsId === copied[0]!.id])).toEqual([
      ['CHAT', chatUpdate.id, false],
      ['CHAT', expect.any(String), true],
    ]);
  });
});

describe('importing a large action plan', () => {
  let db: TestDatabase;
  let statements = 0;
  beforeEach(async () => {
    db = await createTestDatabase({ onQuery: () => { statements += 1; } });
  });
  afterEach(async () => {
    await db.close();
  });

  it('writes 2,000 actions and 300 owners in a few statements, not one per row', async () => {
    const people = Array.from({ length: 300 }, (_, i) => `  - { key: owner-${i}, name: Owner ${i}, email: owner${i}@example.org }`).join('\n');
    const actions = (title: string) =>
      Array.from({ length: 2000 }, (_, i) => `  - { ref: A-${i}, title: ${title} ${i}, owner: owner-${i % 300}, dueDate: 2011-03-31 }`).join('\n');
    const file = (title: string) => `partnership: { slug: big-csp, name: Big CSP, quorum: 3 }\npeople:\n${people}\nactions:\n${actions(title)}\n`;

    statements = 0;
    await importPartnershipText(db.prisma, file('Action'), 'big.yaml');
    expect(await db.prisma.action.count()).toBe(2000);
    expect(statements).toBeLessThan(60);

    statements = 0;
    const renamed = await importPartnershipText(db.prisma, file('Renamed action'), 'big.yaml');
    expect(renamed.counts.actions).toEqual({ created: 0, updated: 2000, deleted: 0 });
    expect(statements).toBeLessThan(60);
    expect((await db.prisma.action.findFirstOrThrow({ where: { ref: 'A-1999' }, include: { owner: true } }))).toMatchObject({ title: 'Renamed action 1999', owner: { key: 'owner-199' } });
  });
});
