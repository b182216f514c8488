import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importExportCommands, type CommandOutput } from '../../src/cli/import-commands.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

function recorder(): CommandOutput & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, say: (line) => void out.push(line), fail: (line) => (err.push(line), 1) };
}

describe('csp import, import-csv, export and seed', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'csp-cli-'));
  });
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('seeds the demo, exports it, imports spreadsheets and reports problems with exit code 1', async () => {
    const seeded = recorder();
    expect(await importExportCommands.seed.run(db.prisma, [], seeded)).toBe(0);
    expect(seeded.out).toEqual([expect.stringMatching(/^Imported norwich\.yaml into safer-norwich \(a new partnership\): added 10 organisations, 24 people, /)]);

    const exported = recorder();
    const file = path.join(dir, 'out.json');
    expect(await importExportCommands.export.run(db.prisma, [file, '--partnership', 'safer-norwich'], exported)).toBe(0);
    expect(exported.out).toEqual([`Exported safer-norwich to ${file}.`]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1, partnership: { slug: 'safer-norwich', quorum: 4 } });

    const reimported = recorder();
    expect(await importExportCommands.import.run(db.prisma, [file], reimported)).toBe(0);
    expect(reimported.out).toEqual(['Imported out.json into safer-norwich: everything was already up to date, nothing changed.']);

    const readingsBefore = await db.prisma.indicatorReading.count();
    const csv = path.join(dir, 'readings.csv');
    await writeFile(csv, 'indicator,period,value\nNI 21,2010-Q1,29.5\nNI 21,2010-Q2,abc\n');
    const failed = recorder();
    expect(await importExportCommands['import-csv'].run(db.prisma, ['readings', csv], failed)).toBe(1);
    expect(failed.err).toEqual([
      'Nothing was imported: readings.csv has 1 problem.\nreadings.csv: line 3, column "value": expected a number like 35.2, got "abc"',
    ]);
    expect(await db.prisma.indicatorReading.count()).toBe(readingsBefore);
  });

  it('explains how to call each command when the arguments are wrong', async () => {
    const output = recorder();
    expect(await importExportCommands.import.run(db.prisma, [], output)).toBe(1);
    expect(await importExportCommands['import-csv'].run(db.prisma, ['votes', 'x.csv'], output)).toBe(1);
    expect(await importExportCommands.export.run(db.prisma, ['x.yaml', '--colour'], output)).toBe(1);
    expect(output.err[0]).toBe('Usage: npm run csp -- import <file.yaml|file.json>');
    expect(output.err[1]).toBe('"votes" is not something to import: use actions, readings, updates.');
    expect(output.err[2]).toMatch(/^Unknown option '--colour'.*\nUsage: npm run csp -- export <file\.yaml\|file\.json> \[--partnership <slug>\] \[--decisions \[--since YYYY-MM-DD\]\]$/s);
  });
});
