// Command handlers for `npm run csp -- import | import-csv | export | seed`, for src/cli/csp.ts to register.
// Each takes an open database, the arguments after the command name and where to write; returns the exit code.
import { parseArgs } from 'node:util';
import type { PartnershipDatabase } from '../db/partnership-store.ts';
import { CSV_KINDS, type CsvKind } from '../import/csv-imports.ts';
import { loadDemoPartnership } from '../import/demo.ts';
import { describeImport, exportPartnershipFile, importCsvFile, importPartnershipFile } from '../import/partnership-import.ts';
import { isImportError } from '../import/problems.ts';

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
    return parseArgs({ args, allowPositionals: true, strict: true, options: { partnership: { type: 'string', short: 'p' } } });
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
        output.say(describeImport(await importPartnershipFile(prisma, file)));
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
        output.say(describeImport(await importCsvFile(prisma, kind as CsvKind, file, { partnership: parsed.values.partnership })));
        return 0;
      });
    },
  },
  export: {
    usage: 'export <file.yaml|file.json> [--partnership <slug>]',
    summary: 'write a partnership to a file in the format `import` reads (YAML or JSON by the extension)',
    async run(prisma, args, output) {
      const parsed = parse(args, this.usage, output);
      if (!parsed) return 1;
      const [file, ...extra] = parsed.positionals;
      if (!file || extra.length > 0) return output.fail(`Usage: npm run csp -- ${this.usage}`);
      return reportingImportErrors(output, async () => {
        const { slug, filePath } = await exportPartnershipFile(prisma, file, { partnership: parsed.values.partnership });
        output.say(`Exported ${slug} to ${filePath}.`);
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
