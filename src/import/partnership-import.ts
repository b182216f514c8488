// Importing and exporting a partnership: the use cases behind `csp import`, `csp import-csv` and `csp export`.
// Every import validates the whole file against the partnership as it stands, then writes all of it in one
// transaction or, if anything is wrong, nothing at all.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  importIntoPartnership, listPartnershipSlugs, readPartnershipState, type PartnershipDatabase,
} from '../db/partnership-store.ts';
import { readCsvImport, type CsvKind } from './csv-imports.ts';
import { loadDefaultHallmarks } from './default-hallmarks.ts';
import { formatOfFileName, readPartnershipText, writePartnershipText, type FileFormat } from './file-format.ts';
import { planFileImport } from './plan-import.ts';
import { countChanges, type ChangeCounts, type ChangeSet } from './partnership-state.ts';
import { ImportError } from './problems.ts';
import { stateToData } from './state-to-data.ts';
import { quote } from './values.ts';

export interface ImportSummary {
  fileName: string;
  partnership: string;
  /** True when the import created the partnership itself. */
  createdPartnership: boolean;
  /** True when the partnership's own settings (name, quorum, …) changed. */
  updatedSettings: boolean;
  counts: ChangeCounts;
}

export interface ImportOptions {
  /** The time recorded on new readings and assessments; defaults to now. */
  now?: Date;
}

function summarise(fileName: string, changes: ChangeSet): ImportSummary {
  return {
    fileName,
    partnership: changes.partnership.row.slug,
    createdPartnership: changes.partnership.create,
    updatedSettings: changes.partnership.update,
    counts: countChanges(changes),
  };
}

const COUNT_NAMES: Record<keyof ChangeCounts, [string, string]> = {
  organisations: ['organisation', 'organisations'],
  people: ['person', 'people'],
  groups: ['group', 'groups'],
  memberships: ['membership', 'memberships'],
  absences: ['absence', 'absences'],
  plans: ['plan', 'plans'],
  priorities: ['priority', 'priorities'],
  outcomes: ['outcome', 'outcomes'],
  actions: ['action', 'actions'],
  actionUpdates: ['action update', 'action updates'],
  indicators: ['indicator', 'indicators'],
  targets: ['target', 'targets'],
  readings: ['reading', 'readings'],
  readingRevisions: ['reading revision', 'reading revisions'],
  hallmarkItems: ['hallmark item', 'hallmark items'],
  hallmarkAssessments: ['hallmark assessment', 'hallmark assessments'],
  closureDays: ['closure day', 'closure days'],
  workingPatterns: ['working pattern', 'working patterns'],
};

/** "Imported norwich.yaml into safer-norwich (new): added 7 organisations, …; updated 2 actions." */
export function describeImport(summary: ImportSummary): string {
  const phrase = (kind: 'created' | 'updated' | 'deleted') =>
    (Object.keys(COUNT_NAMES) as Array<keyof ChangeCounts>)
      .filter((name) => summary.counts[name][kind] > 0)
      .map((name) => `${summary.counts[name][kind]} ${COUNT_NAMES[name][summary.counts[name][kind] === 1 ? 0 : 1]}`)
      .join(', ');
  const parts = [
    phrase('created') && `added ${phrase('created')}`,
    phrase('updated') && `updated ${phrase('updated')}`,
    phrase('deleted') && `replaced ${phrase('deleted')}`,
    summary.updatedSettings && 'updated the partnership settings',
  ].filter(Boolean);
  const target = `${summary.partnership}${summary.createdPartnership ? ' (a new partnership)' : ''}`;
  return parts.length === 0
    ? `Imported ${summary.fileName} into ${target}: everything was already up to date, nothing changed.`
    : `Imported ${summary.fileName} into ${target}: ${parts.join('; ')}.`;
}

async function readText(filePath: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : `it cannot be read (${code ?? String(error)})`;
    throw new ImportError(path.basename(filePath), [{ place: '', message: `${reason}: ${filePath}` }]);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Spreadsheets saved as "CSV" by older Excel on Windows use Windows-1252, not UTF-8.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Imports a partnership file's text (YAML or JSON, named by `fileName`); a new partnership listing no hallmarks gets the default checklist. */
export async function importPartnershipText(
  prisma: PartnershipDatabase,
  text: string,
  fileName: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const file = readPartnershipText(text, fileName);
  const defaultHallmarks = await loadDefaultHallmarks();
  const changes = await importIntoPartnership(prisma, file.parsed.partnership.slug, (state) => planFileImport(file, fileName, state, { ...options, defaultHallmarks }));
  return summarise(fileName, changes);
}

/** `csp import <file.yaml|file.json>`. */
export async function importPartnershipFile(prisma: PartnershipDatabase, filePath: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const fileName = path.basename(filePath);
  if (!formatOfFileName(fileName)) {
    throw new ImportError(fileName, [{ place: '', message: 'expected a partnership file ending in .yaml, .yml or .json' }]);
  }
  return importPartnershipText(prisma, await readText(filePath), fileName, options);
}

export interface CsvImportOptions extends ImportOptions {
  /** The partnership's slug; may be left out when the database holds exactly one partnership. */
  partnership?: string;
}

async function resolvePartnership(prisma: PartnershipDatabase, fileName: string, slug: string | undefined): Promise<string> {
  if (slug) return slug;
  const slugs = await listPartnershipSlugs(prisma);
  if (slugs.length === 1) return slugs[0]!;
  const message =
    slugs.length === 0
      ? 'the database has no partnership yet: import a partnership file first (csp import <file.yaml>)'
      : `the database has ${slugs.length} partnerships (${slugs.join(', ')}): say which with --partnership <slug>`;
  throw new ImportError(fileName, [{ place: '', message }]);
}

/** Imports a CSV of actions, indicator readings or action updates into an existing partnership. */
export async function importCsvText(
  prisma: PartnershipDatabase,
  kind: CsvKind,
  text: string,
  fileName: string,
  options: CsvImportOptions = {},
): Promise<ImportSummary> {
  const slug = await resolvePartnership(prisma, fileName, options.partnership);
  const now = options.now ?? new Date();
  const csv = readCsvImport(kind, text, fileName, now);
  const changes = await importIntoPartnership(prisma, slug, (state) => {
    if (!state) throw new ImportError(fileName, [{ place: '', message: `there is no partnership ${quote(slug)}: import its partnership file first` }]);
    return csv.plan(state);
  });
  return summarise(fileName, changes);
}

/** `csp import-csv <actions|readings|updates> <file.csv> [--partnership <slug>]`. */
export async function importCsvFile(prisma: PartnershipDatabase, kind: CsvKind, filePath: string, options: CsvImportOptions = {}): Promise<ImportSummary> {
  return importCsvText(prisma, kind, await readText(filePath), path.basename(filePath), options);
}

export interface ExportOptions {
  /** The partnership's slug; may be left out when the database holds exactly one partnership. */
  partnership?: string;
}

/** The partnership as a file's text, in the format the import reads. */
export async function exportPartnershipText(prisma: PartnershipDatabase, format: FileFormat, options: ExportOptions = {}): Promise<{ slug: string; text: string }> {
  const slug = await resolvePartnership(prisma, `export.${format}`, options.partnership);
  const state = await readPartnershipState(prisma, slug);
  if (!state) throw new ImportError(`export.${format}`, [{ place: '', message: `there is no partnership ${quote(slug)}` }]);
  return { slug, text: writePartnershipText(stateToData(state), format) };
}

/** `csp export <file.yaml|file.json> [--partnership <slug>]`: YAML or JSON by the file's extension. */
export async function exportPartnershipFile(prisma: PartnershipDatabase, filePath: string, options: ExportOptions = {}): Promise<{ slug: string; filePath: string }> {
  const format = formatOfFileName(filePath);
  if (!format) throw new ImportError(path.basename(filePath), [{ place: '', message: 'expected a file name ending in .yaml, .yml or .json' }]);
  const { slug, text } = await exportPartnershipText(prisma, format, options);
  await writeFile(filePath, text, 'utf8');
  return { slug, filePath };
}
