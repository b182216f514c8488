// `npm run csp -- export <file> --decisions`: the partnership file, and beside it the decision log as CSV and
// as a Word document, for Safer Testford's own log (decision-log-fixtures.ts).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importExportCommands, type CommandOutput } from '../../src/cli/import-commands.ts';
import { listAuditEvents } from '../../src/db/decision-export-store.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { docxParagraphs } from '../support/zip-entries.ts';
import { seedDecisionLog } from './decision-log-fixtures.ts';

function recorder(): CommandOutput & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, say: (line) => void out.push(line), fail: (line) => (err.push(line), 1) };
}

let db: TestDatabase;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'csp-decisions-'));
  const partnership = await db.prisma.partnership.create({ data: { slug: 'safer-testford', name: 'Safer Testford', quorum: 3 } });
  await db.prisma.group.create({ data: { partnershipId: partnership.id, key: 'board', name: 'Strategy Board', kind: 'STRATEGY_BOARD' } });
  await seedDecisionLog(db.prisma, partnership.id);
});

afterAll(async () => {
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('csp export --decisions', () => {
  it('writes the decision log beside the partnership file, as CSV and as a Word document', async () => {
    const output = recorder();
    const file = path.join(dir, 'testford.yaml');
    expect(await importExportCommands.export.run(db.prisma, [file, '--decisions', '--since', '2026-03-01'], output)).toBe(0);
    const csvFile = path.join(dir, 'testford-decisions.csv');
    const docxFile = path.join(dir, 'testford-decisions.docx');
    expect(output.out).toEqual([`Exported safer-testford to ${file}.`, `Exported 2 decisions to ${csvFile} and ${docxFile}.`]);
    expect(await readFile(file, 'utf8')).toContain('slug: safer-testford');
    const rows = parse(await readFile(csvFile), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((row) => row.Number)).toEqual(['2', '3']);
    expect(docxParagraphs(await readFile(docxFile))).toContain('Period: Since 1 Mar 2026');
  });

  it('records each import in the audit log, where the secretariat\'s audit view lists it', async () => {
    const output = recorder();
    const file = path.join(dir, 'testford.yaml');
    expect(await importExportCommands.import.run(db.prisma, [file], output)).toBe(0);
    const partnership = await db.prisma.partnership.findUniqueOrThrow({ where: { slug: 'safer-testford' } });
    const { rows } = await listAuditEvents(db.prisma, partnership.id, { take: 10 });
    expect(rows[0]).toMatchObject({
      action: 'partnership.import',
      outcome: 'ALLOWED',
      detail: { via: 'command line', kind: 'partnership file', file: 'testford.yaml', result: output.out[0] },
    });
  });

  it('writes no decision files without --decisions, and explains a bad --since', async () => {
    const plain = recorder();
    const file = path.join(dir, 'plain.json');
    expect(await importExportCommands.export.run(db.prisma, [file], plain)).toBe(0);
    await expect(readFile(path.join(dir, 'plain-decisions.csv'))).rejects.toThrow(/ENOENT/);

    const wrong = recorder();
    expect(await importExportCommands.export.run(db.prisma, [file, '--decisions', '--since', '31/03/2026'], wrong)).toBe(1);
    expect(await importExportCommands.export.run(db.prisma, [file, '--since', '2026-03-01'], wrong)).toBe(1);
    expect(wrong.err).toEqual([
      '--since 31/03/2026 is not a date: write it as YYYY-MM-DD, e.g. --since 2026-04-01.',
      '--since chooses which decisions to export: use it with --decisions.',
    ]);
  });
});
