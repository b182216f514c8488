// What went wrong in an import, said so that the officer who keeps the file can find and fix each problem:
// the file, the place in it (a path like actions[3].dueDate with its line, or a CSV line and column) and
// what is wrong. Every problem is collected before anything is written, so one import run shows them all.
import { ValidationError } from '../domain/errors.ts';

export interface ImportProblem {
  /** `actions[3].dueDate (line 120)` or `line 14, column "due"`; empty for the file as a whole. */
  place: string;
  message: string;
}

/** How many problems an error message lists; the rest are counted. */
const PROBLEMS_SHOWN = 20;
/** How many problems are kept at all, so a wrong file of 100,000 rows does not fill the memory. */
const PROBLEMS_KEPT = 500;

export class ProblemList {
  private readonly kept: ImportProblem[] = [];
  private total = 0;

  add(place: string, message: string): void {
    this.total += 1;
    if (this.kept.length < PROBLEMS_KEPT) this.kept.push({ place, message });
  }

  get count(): number {
    return this.total;
  }

  get problems(): readonly ImportProblem[] {
    return this.kept;
  }

  throwIfAny(fileName: string): void {
    if (this.total > 0) throw new ImportError(fileName, this.kept, this.total);
  }
}

function formatProblems(fileName: string, problems: readonly ImportProblem[], total = problems.length): string {
  const lines = problems.slice(0, PROBLEMS_SHOWN).map((problem) =>
    problem.place ? `${fileName}: ${problem.place}: ${problem.message}` : `${fileName}: ${problem.message}`,
  );
  const heading =
    total === 1
      ? `Nothing was imported: ${fileName} has 1 problem.`
      : `Nothing was imported: ${fileName} has ${total} problems.`;
  const more = total > lines.length ? [`… and ${total - lines.length} more; fix these and import again to see the rest.`] : [];
  return [heading, ...lines, ...more].join('\n');
}

export class ImportError extends ValidationError {
  readonly fileName: string;
  readonly problems: readonly ImportProblem[];
  readonly problemCount: number;

  constructor(fileName: string, problems: readonly ImportProblem[], total = problems.length) {
    super(formatProblems(fileName, problems, total), {
      details: { file: fileName, problemCount: total, problems: problems.slice(0, PROBLEMS_SHOWN) },
    });
    this.fileName = fileName;
    this.problems = problems;
    this.problemCount = total;
  }
}

export function isImportError(error: unknown): error is ImportError {
  return error instanceof ImportError;
}

/** `actions[3].dueDate` from ['actions', 3, 'dueDate']. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}
