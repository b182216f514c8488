// The three spreadsheets CSPs keep, read into partnership data for the importer: the action plan, indicator
// readings and the history of action updates. Spreadsheets name people, organisations and groups the way
// people do, so a cell may hold a key, a name or (for people) an email address.
import { createHash, randomUUID } from 'node:crypto';
import type { ActionData, ActionUpdateData, IndicatorData, PartnershipData, ReadingData } from './partnership-data.ts';
import type { ActionRow, ChangeSet, PartnershipState } from './partnership-state.ts';
import { planImport } from './plan-import.ts';
import { readPeriod } from './periods.ts';
import { ProblemList } from './problems.ts';
import { readCsvTable, type CsvColumn, type CsvRow, type CsvTable } from './csv-table.ts';
import { quote, readDate, readInstant, readNumber, readProgress, type Read } from './values.ts';
import { ACTION_STATUS, UPDATE_CADENCE, describeChoices, lookUpWord, type ActionStatus, type Vocabulary } from './vocabulary.ts';

export type CsvKind = 'actions' | 'readings' | 'updates';
export const CSV_KINDS: readonly CsvKind[] = ['actions', 'readings', 'updates'];

const REF_ALIASES = ['action ref', 'reference', 'action reference', 'action id', 'action no', 'action number', 'ref no', 'no'];
const STATUS_ALIASES = ['rag', 'rag status', 'action status', 'current status'];
const PROGRESS_ALIASES = ['progress percent', 'percent complete', 'complete percent', 'percentage complete', 'percent', 'percent done'];

export const ACTION_COLUMNS = [
  { field: 'ref', header: 'ref', aliases: REF_ALIASES, required: true },
  { field: 'title', header: 'title', aliases: ['action', 'action title', 'name'] },
  { field: 'description', header: 'description', aliases: ['details', 'detail'] },
  { field: 'notes', header: 'notes', aliases: ['note', 'comments', 'comment'] },
  { field: 'plan', header: 'plan', aliases: ['plan key'] },
  { field: 'priority', header: 'priority', aliases: ['priority key', 'theme', 'objective'] },
  { field: 'lead', header: 'lead', aliases: ['lead organisation', 'lead organization', 'lead agency', 'lead agency or group', 'lead org', 'agency'] },
  { field: 'owner', header: 'owner', aliases: ['action owner', 'owner email', 'responsible officer', 'responsible', 'lead officer', 'officer'] },
  { field: 'group', header: 'group', aliases: ['delivery group', 'group key', 'board'] },
  { field: 'due', header: 'due', aliases: ['due date', 'target date', 'deadline', 'due by', 'date due', 'completion date', 'target completion date'] },
  { field: 'cadence', header: 'cadence', aliases: ['update cadence', 'update frequency', 'updates'] },
  { field: 'status', header: 'status', aliases: STATUS_ALIASES },
  { field: 'progress', header: 'progress', aliases: PROGRESS_ALIASES },
] as const satisfies readonly CsvColumn<string>[];
type ActionColumn = (typeof ACTION_COLUMNS)[number]['field'];

const READING_COLUMNS = [
  { field: 'indicator', header: 'indicator', aliases: ['indicator code', 'code', 'ni', 'measure', 'kpi', 'pi'], required: true },
  { field: 'period', header: 'period', aliases: ['reporting period', 'month', 'quarter', 'period label'], required: true },
  { field: 'value', header: 'value', aliases: ['reading', 'actual', 'result', 'figure', 'performance'], required: true },
] as const satisfies readonly CsvColumn<string>[];
type ReadingColumn = (typeof READING_COLUMNS)[number]['field'];

const UPDATE_COLUMNS = [
  { field: 'ref', header: 'ref', aliases: [...REF_ALIASES, 'action'], required: true },
  { field: 'date', header: 'date', aliases: ['update date', 'updated', 'updated on', 'date of update', 'when'], required: true },
  { field: 'status', header: 'status', aliases: STATUS_ALIASES },
  { field: 'progress', header: 'progress', aliases: PROGRESS_ALIASES },
  { field: 'done', header: 'done', aliases: ['progress made', 'what was done', 'done since last update', 'update', 'progress update', 'achieved'] },
  { field: 'nextSteps', header: 'next steps', aliases: ['next', 'next step', 'next actions', 'planned next'] },
  { field: 'blockers', header: 'blockers', aliases: ['blocker', 'issues', 'barriers', 'risks', 'issues and risks', 'issues risks'] },
  { field: 'author', header: 'author', aliases: ['by', 'updated by', 'reported by', 'update by'] },
  { field: 'key', header: 'key', aliases: ['update key', 'import key', 'update id'] },
] as const satisfies readonly CsvColumn<string>[];
type UpdateColumn = (typeof UPDATE_COLUMNS)[number]['field'];

interface CsvImportData {
  data: PartnershipData;
  /** Where a problem the importer finds at a path of `data` is in the CSV file. */
  placeOf: (path: ReadonlyArray<PropertyKey>) => string;
}

function settingsOf(state: PartnershipState): PartnershipData['partnership'] {
  return { slug: state.partnership.slug, name: state.partnership.name, quorum: state.partnership.quorum };
}

function emptyData(state: PartnershipState): PartnershipData {
  return { partnership: settingsOf(state), organisations: [], people: [], groups: [], memberships: [], plans: [], actions: [], indicators: [], hallmarks: [] };
}

const fold = (text: string) => text.toLowerCase().replace(/[^a-z0-9@.]+/g, ' ').trim();

/**
 * Finds the one record a cell names: an exact key first, then a case-insensitive match on any of the
 * record's names. Reports a problem and returns undefined when none or several match.
 */
function findNamed<R>(
  rows: readonly R[],
  text: string,
  keyOf: (row: R) => string,
  namesOf: (row: R) => Array<string | null>,
  what: string,
  report: (message: string) => void,
): R | undefined {
  const exact = rows.find((row) => keyOf(row) === text);
  if (exact) return exact;
  const wanted = fold(text);
  const matches = rows.filter((row) => [keyOf(row), ...namesOf(row)].some((name) => name !== null && fold(name) === wanted));
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) report(`no ${what} called ${quote(text)} in this partnership (give their key or name as the partnership file has it)`);
  else report(`${quote(text)} matches ${matches.length} ${what}s (${matches.map((row) => quote(keyOf(row))).join(', ')}); give the key instead`);
  return undefined;
}

function readWordCell<V extends string>(vocab: Vocabulary<V>, text: string): Read<V> {
  const value = lookUpWord(vocab, text);
  return value === undefined ? { ok: false, message: `expected ${vocab.noun} (${describeChoices(vocab)}), got ${quote(text)}` } : { ok: true, value };
}

/** A matcher for action refs that forgives case and spacing ("ac-01" finds "AC-01") when that is unambiguous. */
function actionFinder(state: PartnershipState) {
  const byRef = new Map(state.actions.map((row) => [row.ref, row]));
  const byLooseRef = new Map<string, ActionRow[]>();
  for (const row of state.actions) {
    const loose = row.ref.toLowerCase().replace(/\s+/g, '');
    byLooseRef.set(loose, [...(byLooseRef.get(loose) ?? []), row]);
  }
  return (ref: string): ActionRow | undefined => {
    const exact = byRef.get(ref);
    if (exact) return exact;
    const loose = byLooseRef.get(ref.toLowerCase().replace(/\s+/g, ''));
    return loose?.length === 1 ? loose[0] : undefined;
  };
}

// ---------------------------------------------------------------- actions

const ACTION_FIELD_COLUMN: Partial<Record<string, ActionColumn>> = {
  ref: 'ref', title: 'title', description: 'description', notes: 'notes', plan: 'plan', priority: 'priority',
  leadOrganisation: 'lead', owner: 'owner', group: 'group', dueDate: 'due', cadence: 'cadence', status: 'status', progress: 'progress',
};

/**
 * One action per row, matched to the plan by ref: a new ref adds an action, a known ref updates it.
 * A column the file leaves out leaves that field alone; an empty cell clears it (a title, status or
 * progress cannot be cleared, so an empty one leaves it alone).
 */
function actionsFromCsv(table: CsvTable<ActionColumn>, state: PartnershipState, problems: ProblemList): CsvImportData {
  const data = emptyData(state);
  const rowsByIndex: CsvRow<ActionColumn>[] = [];
  const findAction = actionFinder(state);
  for (const row of table.rows) {
    const cell = (field: ActionColumn) => row.cells[field];
    const report = (field: ActionColumn) => (message: string) => problems.add(table.place(row, field), message);
    const ref = cell('ref') ?? '';
    if (ref === '') {
      report('ref')('is empty: every action needs a ref');
      continue;
    }
    const existing = findAction(ref);
    const title = cell('title') || existing?.title;
    if (!title) {
      report(table.has('title') ? 'title' : 'ref')(`action ${quote(ref)} is new, so it needs a title`);
      continue;
    }
    const action: ActionData = { ref: existing?.ref ?? ref, title };
    const optionalText = (field: 'description' | 'notes') => {
      const value = cell(field);
      if (value !== undefined) action[field] = value === '' ? null : value;
    };
    optionalText('description');
    optionalText('notes');

    const named = <R extends { id: string; key: string }>(
      field: ActionColumn,
      rows: readonly R[],
      namesOf: (row: R) => Array<string | null>,
      what: string,
    ): string | null | undefined => {
      const value = cell(field);
      if (value === undefined) return undefined;
      if (value === '') return null;
      return findNamed(rows, value, (r) => r.key, namesOf, what, report(field))?.key ?? undefined;
    };
    const plan = named('plan', state.plans, (p) => [p.title], 'plan');
    if (plan !== undefined) action.plan = plan;
    action.leadOrganisation = named('lead', state.organisations, (o) => [o.name], 'organisation');
    action.owner = named('owner', state.people, (p) => [p.name, p.email], 'person');
    action.group = named('group', state.groups, (g) => [g.name], 'group');

    const priorityText = cell('priority');
    if (priorityText !== undefined) {
      const existingPlan = state.plans.find((p) => p.id === existing?.planId);
      const onlyPlan = state.plans.length === 1 ? state.plans[0] : undefined;
      const planKey = plan === undefined ? (existingPlan ?? onlyPlan)?.key : (plan ?? undefined);
      const planId = state.plans.find((p) => p.key === planKey)?.id;
      if (priorityText === '') action.priority = null;
      else if (!planId) {
        report('priority')(`say which plan this priority belongs to in a "plan" column (the partnership has ${state.plans.length} plans)`);
      } else {
        const inPlan = state.priorities.filter((p) => p.planId === planId);
        const priority = findNamed(inPlan, priorityText, (p) => p.key, (p) => [p.title], 'priority', report('priority'));
        if (priority) {
          action.priority = priority.key;
          action.plan ??= planKey;
        }
      }
    }

    const due = cell('due');
    if (due !== undefined) {
      const read = due === '' ? ({ ok: true, value: null } as const) : readDate(due);
      if (read.ok) action.dueDate = read.value;
      else report('due')(read.message);
    }
    const cadence = cell('cadence');
    if (cadence !== undefined) {
      const read = cadence === '' ? ({ ok: true, value: null } as const) : readWordCell(UPDATE_CADENCE, cadence);
      if (read.ok) action.cadence = read.value;
      else report('cadence')(read.message);
    }
    const status = cell('status');
    if (status) {
      const read = readWordCell(ACTION_STATUS, status);
      if (read.ok) action.status = read.value;
      else report('status')(read.message);
    }
    const progress = cell('progress');
    if (progress) {
      const read = readProgress(progress);
      if (read.ok) action.progress = read.value;
      else report('progress')(read.message);
    }
    for (const field of Object.keys(action) as Array<keyof ActionData>) if (action[field] === undefined) delete action[field];
    data.actions.push(action);
    rowsByIndex.push(row);
  }

  return {
    data,
    placeOf: (path) => {
      const row = rowsByIndex[path[1] as number];
      if (path[0] !== 'actions' || !row) return '';
      return table.place(row, ACTION_FIELD_COLUMN[String(path[2])]);
    },
  };
}

// ---------------------------------------------------------------- readings

/** One reading per row. A reading for a period that already has one replaces its value, keeping a revision. */
function readingsFromCsv(table: CsvTable<ReadingColumn>, state: PartnershipState, problems: ProblemList): CsvImportData {
  const data = emptyData(state);
  const byIndicator = new Map<string, { indicator: IndicatorData; rows: CsvRow<ReadingColumn>[] }>();
  const looseCode = (code: string) => code.toLowerCase().replace(/[\s_-]+/g, '');

  for (const row of table.rows) {
    const report = (field: ReadingColumn) => (message: string) => problems.add(table.place(row, field), message);
    const code = row.cells.indicator ?? '';
    let indicatorRow = state.indicators.find((candidate) => candidate.code === code);
    if (!indicatorRow && code !== '') {
      const loose = state.indicators.filter((candidate) => looseCode(candidate.code) === looseCode(code));
      indicatorRow = loose.length === 1 ? loose[0] : findNamed(state.indicators, code, (i) => i.code, (i) => [i.name], 'indicator', report('indicator'));
    } else if (code === '') report('indicator')('is empty: say which indicator the reading is for (its code, e.g. NI 21)');
    const period = readPeriod(row.cells.period ?? '');
    if (!period.ok) report('period')(period.message);
    const valueText = row.cells.value ?? '';
    const value = valueText === '' ? ({ ok: false, message: 'is empty: a reading needs a value' } as const) : readNumber(valueText);
    if (!value.ok) report('value')(value.message);
    if (!indicatorRow || !period.ok || !value.ok) continue;

    let entry = byIndicator.get(indicatorRow.id);
    if (!entry) {
      const { code: indicatorCode, name, unit, polarity } = indicatorRow;
      entry = { indicator: { code: indicatorCode, name, unit, polarity, readings: [] }, rows: [] };
      byIndicator.set(indicatorRow.id, entry);
      data.indicators.push(entry.indicator);
    }
    const reading: ReadingData = { ...period.value, value: value.value };
    entry.indicator.readings!.push(reading);
    entry.rows.push(row);
  }
  const entries = [...byIndicator.values()];
  return {
    data,
    placeOf: (path) => {
      const row = entries[path[1] as number]?.rows[path[3] as number];
      if (!row) return '';
      const field = path[4] === 'period' ? 'period' : path[4] === 'value' ? 'value' : undefined;
      return table.place(row, field);
    },
  };
}

// ---------------------------------------------------------------- update history

function importKeyFor(parts: string[]): string {
  return `csv:${createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 24)}`;
}

/**
 * One progress update per row, added to the action's history. Each row gets an import key (its "key" cell,
 * or a fingerprint of its contents), so importing the same file again adds nothing. An empty status or
 * progress carries on from the action's previous update.
 */
function updatesFromCsv(table: CsvTable<UpdateColumn>, state: PartnershipState, problems: ProblemList, now: Date): CsvImportData {
  const data = emptyData(state);
  const timeZone = state.partnership.timeZone;
  const findAction = actionFinder(state);
  const latestFuture = now.getTime() + 24 * 60 * 60 * 1000;
  type Parsed = { row: CsvRow<UpdateColumn>; at: Date; status?: ActionStatus; progress?: number; update: Omit<ActionUpdateData, 'status' | 'progress'> };
  const byAction = new Map<string, { action: ActionRow; parsed: Parsed[] }>();

  for (const row of table.rows) {
    const cell = (field: UpdateColumn) => row.cells[field] ?? '';
    const report = (field: UpdateColumn) => (message: string) => problems.add(table.place(row, field), message);
    const ref = cell('ref');
    const action = ref === '' ? undefined : findAction(ref);
    if (ref === '') report('ref')('is empty: say which action the update is for');
    else if (!action) report('ref')(`no action with ref ${quote(ref)} in partnership ${quote(state.partnership.slug)}`);

    const date = cell('date') === '' ? ({ ok: false, message: 'is empty: every update needs a date' } as const) : readInstant(cell('date'), timeZone);
    if (!date.ok) report('date')(date.message);
    else if (date.value.getTime() > latestFuture) report('date')(`${quote(cell('date'))} is in the future`);

    let status: ActionStatus | undefined;
    if (cell('status') !== '') {
      const read = readWordCell(ACTION_STATUS, cell('status'));
      if (read.ok) status = read.value;
      else report('status')(read.message);
    }
    let progress: number | undefined;
    if (cell('progress') !== '') {
      const read = readProgress(cell('progress'));
      if (read.ok) progress = read.value;
      else report('progress')(read.message);
    }
    let author: string | null = null;
    if (cell('author') !== '') {
      author = findNamed(state.people, cell('author'), (p) => p.key, (p) => [p.name, p.email], 'person', report('author'))?.key ?? null;
    }
    if (!action || !date.ok) continue;

    const text = (field: UpdateColumn) => (cell(field) === '' ? null : cell(field));
    const key =
      text('key') ??
      importKeyFor([action.ref, date.value.toISOString(), status ?? '', progress === undefined ? '' : String(progress), cell('done'), cell('nextSteps'), cell('blockers'), author ?? '']);
    const entry = byAction.get(action.id) ?? { action, parsed: [] };
    byAction.set(action.id, entry);
    entry.parsed.push({
      row,
      at: date.value,
      status,
      progress,
      update: { key, at: date.value, author, done: text('done'), nextSteps: text('nextSteps'), blockers: text('blockers') },
    });
  }

  const entries = [...byAction.values()];
  const rowsByAction: CsvRow<UpdateColumn>[][] = [];
  for (const { action, parsed } of entries) {
    const history = state.actionUpdates.filter((update) => update.actionId === action.id).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const ordered = [...parsed].sort((a, b) => a.at.getTime() - b.at.getTime());
    const updates: ActionUpdateData[] = [];
    for (const item of ordered) {
      const before = [...history].reverse().find((update) => update.createdAt <= item.at);
      const previous = updates.at(-1) ?? (before ? { status: before.status, progress: before.progress } : { status: action.status, progress: action.progress });
      const status = item.status ?? previous.status;
      const progress = item.progress ?? (status === 'COMPLETE' ? 100 : previous.progress);
      updates.push({ ...item.update, status, progress });
    }
    data.actions.push({ ref: action.ref, title: action.title, updates });
    rowsByAction.push(ordered.map((item) => item.row));
  }

  const UPDATE_FIELD_COLUMN: Partial<Record<string, UpdateColumn>> = { key: 'key', author: 'author', corrects: 'key' };
  return {
    data,
    placeOf: (path) => {
      const row = rowsByAction[path[1] as number]?.[path[3] as number];
      return row ? table.place(row, UPDATE_FIELD_COLUMN[String(path[4])]) : '';
    },
  };
}

/**
 * Reads the CSV's columns now (problems with the header row go to `problems`) and returns what turns its
 * rows into partnership data once the partnership has been read; undefined when the header is unusable.
 */
function prepareCsvImport(
  kind: CsvKind,
  text: string,
  problems: ProblemList,
  now: Date,
): ((state: PartnershipState, rowProblems: ProblemList) => CsvImportData) | undefined {
  if (kind === 'actions') {
    const table = readCsvTable(text, ACTION_COLUMNS, problems);
    return table && ((state, rowProblems) => actionsFromCsv(table, state, rowProblems));
  }
  if (kind === 'readings') {
    const table = readCsvTable(text, READING_COLUMNS, problems);
    return table && ((state, rowProblems) => readingsFromCsv(table, state, rowProblems));
  }
  const table = readCsvTable(text, UPDATE_COLUMNS, problems);
  return table && ((state, rowProblems) => updatesFromCsv(table, state, rowProblems, now));
}

export interface CsvImport {
  /** Plans the import into the partnership as it stands, or throws an ImportError naming every problem. */
  plan(state: PartnershipState, options?: { newId?: () => string }): ChangeSet;
}

/**
 * Reads the CSV's header row, throwing an ImportError if it cannot be understood, and returns the import
 * to plan once the partnership has been read. Needs no database.
 */
export function readCsvImport(kind: CsvKind, text: string, fileName: string, now: Date): CsvImport {
  const headerProblems = new ProblemList();
  const fromRows = prepareCsvImport(kind, text, headerProblems, now);
  headerProblems.throwIfAny(fileName);
  return {
    plan(state, options = {}) {
      const problems = new ProblemList();
      const imported = fromRows!(state, problems);
      const changes = planImport(state, imported.data, {
        now,
        newId: options.newId ?? randomUUID,
        problem: (at, message) => problems.add(imported.placeOf(at), message),
      });
      problems.throwIfAny(fileName);
      return changes;
    },
  };
}
