// Reads a spreadsheet saved as CSV: the first row names the columns, in any order, with any capitalisation
// and the common variants of each name ("Due date", "due", "Target date"). Each cell keeps the line it is on
// and the header it sits under, so a problem can be reported as `line 14, column "Due date"`.
import { CsvError, parse } from 'csv-parse/sync';
import { quote } from './values.ts';
import type { ProblemList } from './problems.ts';

export interface CsvColumn<F extends string> {
  field: F;
  /** The header a template would use. */
  header: string;
  /** Other headers that mean the same column. */
  aliases: readonly string[];
  required?: boolean;
}

export interface CsvRow<F extends string> {
  /** The line the row starts on, counting the header as line 1. */
  line: number;
  /** Trimmed cell text, for the columns the file has; '' for an empty cell. */
  cells: Partial<Record<F, string>>;
}

export interface CsvTable<F extends string> {
  rows: CsvRow<F>[];
  has(field: F): boolean;
  /** `line 14, column "Due date"`, naming the column as the file spells it. */
  place(row: CsvRow<F>, field?: F): string;
}

/** "Progress (%)" → "progress percent"; "Lead agency/group" → "lead agency group". */
function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/%/g, ' percent ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** Returns undefined, with the reasons in `problems`, when the header row cannot be understood. */
export function readCsvTable<F extends string>(text: string, columns: readonly CsvColumn<F>[], problems: ProblemList): CsvTable<F> | undefined {
  let records: ParsedRecord[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: false }) as unknown as ParsedRecord[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      problems.add(line ? `line ${line}` : '', `the file cannot be read as CSV: ${error.message.replace(/^[^:]*:\s*/, '')}`);
      return undefined;
    }
    throw error;
  }

  const located: Array<{ line: number; cells: string[] }> = [];
  let nextLine = 1;
  for (const { record, info } of records) {
    const cells = record.map((cell) => cell.trim());
    if (cells.some((cell) => cell !== '')) located.push({ line: nextLine, cells });
    nextLine = info.lines + 1;
  }
  const template = columns.map((column) => column.header).join(', ');
  const header = located.shift();
  if (!header) {
    problems.add('', `the file is empty: expected a first row of column names such as ${template}`);
    return undefined;
  }

  const byHeader = new Map<string, F>();
  for (const column of columns) for (const name of [column.header, ...column.aliases]) byHeader.set(normaliseHeader(name), column.field);

  const fieldAt: Array<F | undefined> = [];
  const headerText = new Map<F, string>();
  header.cells.forEach((name, index) => {
    if (name === '') {
      if (located.some((row) => (row.cells[index] ?? '') !== '')) {
        problems.add(`line 1, column ${index + 1}`, 'this column has values but no name in the first row');
      }
      return;
    }
    const field = byHeader.get(normaliseHeader(name));
    if (!field) {
      problems.add(`line 1, column ${quote(name)}`, `is not a column this import understands; the columns are: ${template} (delete or rename it)`);
      return;
    }
    if (headerText.has(field)) {
      problems.add(`line 1, column ${quote(name)}`, `means the same as column ${quote(headerText.get(field))}; keep only one of them`);
      return;
    }
    fieldAt[index] = field;
    headerText.set(field, name);
  });
  for (const column of columns) {
    if (column.required && !headerText.has(column.field)) {
      problems.add('line 1', `the file has no ${quote(column.header)} column (the first row has ${header.cells.filter(Boolean).map((c) => quote(c)).join(', ')})`);
    }
  }
  if (problems.count > 0) return undefined;

  const rows = located.map(({ line, cells }): CsvRow<F> => {
    const row: CsvRow<F> = { line, cells: {} };
    cells.forEach((cell, index) => {
      const field = fieldAt[index];
      if (field) row.cells[field] = cell;
      else if (index >= header.cells.length && cell !== '') {
        problems.add(`line ${line}`, `has more cells than the first row has column names (${quote(cell)} is in column ${index + 1})`);
      }
    });
    for (const field of headerText.keys()) row.cells[field] ??= '';
    return row;
  });

  return {
    rows,
    has: (field) => headerText.has(field),
    place: (row, field) => (field && headerText.has(field) ? `line ${row.line}, column ${quote(headerText.get(field))}` : `line ${row.line}`),
  };
}
