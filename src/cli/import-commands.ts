// Command handlers for `npm run csp -- import | import-csv | export | seed`, for src/cli/csp.ts to register.
// Each takes an open database, the arguments after the command name and where to write; returns the exit code.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { PartnershipDatabase } from '../db/partnership-store.ts';
import { CSV_KINDS, type CsvKind } from '../import/csv-imports.ts';
import { loadDemoPartnership } from '../import/demo.ts';
import { describeImport, exportPartnershipFile, importCsvFile, importPartnershipFile, type ImportSummary } from '../import/partnership-import.ts';
import { recordAudit } from '../db/audit-store.ts';
import { isImportError } from '../import/problems.ts';
import { findExportPartnerships } from '../db/decision-export-store.ts';
import { parseIsoDate } from '../domain/calendar.ts';
import { exportFile, loadDecisionExport } from '../services/exports/decision-export.ts';

function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  try {
    parseIsoDate(text);
    return true;
  } catch {
    return false;
  }
}

/** Imports change the partnership outside chat: the audit log (and the secretariat's `/csp audit`) records each one. */
async function auditImport(prisma: PartnershipDatabase, summary: ImportSummary, kind: string): Promise<void> {
  const [partnership] = await findExportPartnerships(prisma, summary.partnership);
  await recordAudit(prisma, {
    action: 'partnership.import',
    outcome: 'ALLOWED',
    partnershipId: partnership?.id ?? null,
    subjectType: 'Partnership',
    detail: { via: 'command line', kind, file: summary.fileName, result: describeImport(summary) },
  });
}

/** The decision log as CSV and Word files beside the partnership file: board.yaml → board-decisions.csv/.docx. */
async function writeDecisionLog(prisma: PartnershipDatabase, slug: string, partnershipFile: string, since: string | undefined): Promise<{ count: number; files: string[] }> {
  const [partnership] = await findExportPartnerships(prisma, slug);
  if (!partnership) throw new Error(`The partnership ${slug} was exported but cannot be read back`);
  const exported = await loadDecisionExport(prisma, { partnership, ...(since ? { since } : {}) });
  const stem = partnershipFile.slice(0, partnershipFile.length - path.extname(partnershipFile).length);
  const files: string[] = [];
  for (const format of ['csv', 'docx'] as const) {
    const target = `${stem}-decisions.${format}`;
    await writeFile(target, (await exportFile(exported, format, new Date())).bytes);
    files.push(target);
  }
  return { count: exported.records.length, files };
}

export interface CommandOutput {
  say(line: string): void;
  /** Writes the line to standard error and returns the failing exit code. */
  fail(line: string): number;
}

export interface ImportExportCommand {
  usage: string;
  summary: string;
  run(prisma: PartnershipDatabase, args: string[], output: CommandOutput): Promise<number>;
}

function parse(args: string[], usage: string, output: CommandOutput) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { partnership: { type: 'string', short: 'p' }, decisions: { type: 'boolean' }, since: { type: 'string' } },
    });
  } catch (error) {
    output.fail(`${error instanceof Error ? error.message : String(error)}\nUsage: npm run csp -- ${usage}`);
    return undefined;
  }
}

/** Import problems are the user's to fix: print them and fail. Anything else is a bug and propagates. */
async function reportingImportErrors(output: CommandOutput, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (isImportError(error)) return output.fail(error.message);
    throw error;
  }
}

export const importExportCommands = {
  import: {
    usage: 'import <file.yaml|file.json>',
    summary: 'load or update a partnership from a partnership file (re-importing changes only what differs)',
    async run(prisma, args, output) {
      const parsed = parse(args, this.usage, output);
      if (!parsed) return 1;
      const [file, ...extra] = parsed.positionals;
      if (!file || extra.length > 0 || parsed.values.partnership) return output.fail(`Usage: npm run csp -- ${this.usage}`);
      return reportingImportErrors(output, async () => {
        const summary = await importPartnershipFile(prisma, file);
        await auditImport(prisma, summary, 'partnership file');
        output.say(describeImport(summary));
        return 0;
      });
    },
  },
  'import-csv': {
    usage: `import-csv <${CSV_KINDS.join('|')}> <file.csv> [--partnership <slug>]`,
    summary: 'import actions, indicator readings or action update history from a spreadsheet saved as CSV',
    async run(prisma, args, output) {
      const parsed = parse(args, this.usage, output);
      if (!parsed) return 1;
      const [kind, file, ...extra] = parsed.positionals;
      if (!kind || !file || extra.length > 0) return output.fail(`Usage: npm run csp -- ${this.usage}`);
      if (!CSV_KINDS.includes(kind as CsvKind)) return output.fail(`"${kind}" is not something to import: use ${CSV_KINDS.join(', ')}.`);
      return reportingImportErrors(output, async () => {
        const summary = await importCsvFile(prisma, kind as CsvKind, file, { partnership: parsed.values.partnership });
        await auditImport(prisma, summary, kind);
        output.say(describeImport(summary));
        return 0;
      });
    },
  },
  export: {
    usage: 'export <file.yaml|file.json> [--partnership <slug>] [--decisions [--since YYYY-MM-DD]]',
    summary:
      'write a partnership to a file in the format `import` reads (YAML or JSON by the extension); ' +
      'with --decisions, also its decision log as <file>-decisions.csv and <file>-decisions.docx beside it',
    async run(prisma, args, output) {
      const parsed = parse(args, this.usage, output);
      if (!parsed) return 1;
      const [file, ...extra] = parsed.positionals;
      if (!file || extra.length > 0) return output.fail(`Usage: npm run csp -- ${this.usage}`);
      const { since, decisions } = parsed.values;
      if (since !== undefined && !decisions) return output.fail('--since chooses which decisions to export: use it with --decisions.');
      if (since !== undefined && !isIsoDate(since)) return output.fail(`--since ${since} is not a date: write it as YYYY-MM-DD, e.g. --since 2026-04-01.`);
      return reportingImportErrors(output, async () => {
        const { slug, filePath } = await exportPartnershipFile(prisma, file, { partnership: parsed.values.partnership });
        output.say(`Exported ${slug} to ${filePath}.`);
        if (decisions) {
          const written = await writeDecisionLog(prisma, slug, filePath, since);
          output.say(`Exported ${written.count} decision${written.count === 1 ? '' : 's'} to ${written.files.join(' and ')}.`);
        }
        return 0;
      });
    },
  },
  seed: {
    usage: 'seed',
    summary: 'load the Safer Norwich demo partnership (prisma/seed/norwich.yaml)',
    async run(prisma, args, output) {
      if (args.length > 0) return output.fail(`Usage: npm run csp -- ${this.usage}`);
      return reportingImportErrors(output, async () => {
        output.say(describeImport(await loadDemoPartnership(prisma)));
        return 0;
      });
    },
  },
} satisfies Record<string, ImportExportCommand>;
