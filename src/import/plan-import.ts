// Works out, in memory, what an import changes: which rows to create and which to update, matching records
// by their human keys so a second import of the same file changes nothing. Every reference is checked here,
// and every problem is reported, before the store writes anything.
import { randomUUID } from 'node:crypto';
import { readStatusText } from '../domain/hallmark-status.ts';
import type { ReadFile } from './file-format.ts';
import { toPartnershipData } from './file-schema.ts';
import type {
  AbsenceData, ActionData, ClosureDayData, GroupData, HallmarkAssessmentData, HallmarkItemData, IndicatorData, MembershipData, OrganisationData, PartnershipData,
  PartnershipSettings, PersonData, PlanData,
} from './partnership-data.ts';
import { ProblemList } from './problems.ts';
import {
  emptyChangeSet,
  type ActionRow, type ActionUpdateRow, type ChangeSet, type ClosureDayRow, type AbsenceRow, type GroupRow, type HallmarkAssessmentRow,
  type HallmarkItemRow, type IndicatorRow, type MembershipRow, type OrganisationRow, type PartnershipRow,
  type PartnershipState, type PersonRow, type WorkingPatternRow, type PlanRow, type PriorityRow, type RowChanges,
} from './partnership-state.ts';
import { quote } from './values.ts';

export interface PlanContext {
  now: Date;
  newId: () => string;
  /** Reports a problem at a path such as ['actions', 3, 'owner']. */
  problem: (path: PropertyKey[], message: string) => void;
}

const PARTNERSHIP_DEFAULTS = {
  timeZone: 'Europe/London',
  majorityRule: 'SIMPLE',
  chairHasCastingVote: true,
  voteReminderHours: 24,
  escalationAfterDays: 7,
  defaultDigestCron: '0 9 * * 1',
  digestOnBankHoliday: 'NEXT_WORKING_DAY',
} as const;

/** The largest magnitude a Decimal(14, 4) column holds. */
const DECIMAL_LIMIT = 1e10;

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  return a === b;
}

function sameRow<R extends object>(a: R, b: R): boolean {
  return (Object.keys(a) as Array<keyof R>).every((key) => sameValue(a[key], b[key]));
}

/** The existing row with every field the import gives (not undefined) replaced. */
function merged<R extends object>(existing: R, patch: Partial<R>): R {
  const result = { ...existing };
  for (const [key, value] of Object.entries(patch) as Array<[keyof R, R[keyof R] | undefined]>) {
    if (value !== undefined) result[key] = value;
  }
  return result;
}

function withDefaults<R extends object>(defaults: R, patch: Partial<R>): R {
  return merged(defaults, patch);
}

/** Rows of one table, found by a key, that the import fills in: existing rows first, then new ones. */
class KeyedRows<R extends { id: string }> {
  private readonly rows = new Map<string, R>();
  private readonly existingIds = new Set<string>();
  private readonly touched = new Set<string>();

  constructor(
    existing: readonly R[],
    private readonly keyOf: (row: R) => string,
    private readonly changes: RowChanges<R>,
  ) {
    for (const row of existing) {
      this.rows.set(keyOf(row), row);
      this.existingIds.add(row.id);
    }
  }

  get(key: string): R | undefined {
    return this.rows.get(key);
  }

  values(): R[] {
    return [...this.rows.values()];
  }

  /** True when an earlier entry of the same import already gave this key. */
  seenInImport(key: string): boolean {
    return this.touched.has(key);
  }

  /** Records the row as it should be after the import: a creation, an update, or no change at all. */
  put(row: R): R {
    const key = this.keyOf(row);
    const before = this.rows.get(key);
    this.touched.add(key);
    this.rows.set(key, row);
    if (!this.existingIds.has(row.id)) this.changes.create.push(row);
    else if (before && !sameRow(before, row)) this.changes.update.push(row);
    return row;
  }
}

function suggestion(wanted: string, known: Iterable<string>): string {
  const lower = wanted.toLowerCase();
  for (const key of known) if (key.toLowerCase() === lower) return ` (did you mean ${quote(key)}?)`;
  return '';
}

function roundDecimal(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function partnershipRow(existing: PartnershipRow | undefined, settings: PartnershipSettings, newId: () => string): PartnershipRow {
  const patch: Partial<PartnershipRow> = {
    slug: settings.slug,
    name: settings.name,
    timeZone: settings.timeZone,
    quorum: settings.quorum,
    majorityRule: settings.majorityRule,
    chairHasCastingVote: settings.chairHasCastingVote,
    voteReminderHours: settings.voteReminderHours,
    escalationAfterDays: settings.escalationAfterDays,
    defaultDigestCron: settings.defaultDigestCron,
    digestOnBankHoliday: settings.digestOnBankHoliday,
  };
  if (existing) return merged(existing, patch);
  return withDefaults<PartnershipRow>({ id: newId(), slug: settings.slug, name: settings.name, quorum: settings.quorum, ...PARTNERSHIP_DEFAULTS }, patch);
}

/** What every entity's step shares: the change set it fills, new ids, and how it reports problems. */
interface Planning {
  readonly state: PartnershipState | null;
  readonly changes: ChangeSet;
  readonly partnershipId: string;
  /** The partnership's slug, quoted, for messages. */
  readonly partnershipLabel: string;
  readonly now: Date;
  readonly newId: () => string;
  readonly problem: (path: PropertyKey[], message: string) => void;
  /** Reports a reference to a key that is neither in the file nor in the partnership. */
  readonly unknown: (path: PropertyKey[], what: string, key: string, known: Iterable<string>) => void;
  readonly duplicate: (path: PropertyKey[], what: string, key: string) => void;
}

/** Turns a key given in the file into the id of its row, reporting an unknown key; null and undefined pass through. */
type KeyResolver = (path: PropertyKey[], key: string | null | undefined) => string | null | undefined;

interface References {
  organisationId: KeyResolver;
  personId: KeyResolver;
  groupId: KeyResolver;
}

type PathTo = (...rest: PropertyKey[]) => PropertyKey[];

/**
 * Plans the import of `data` into the partnership `state` (null when the partnership is new).
 * Problems go to `context.problem`; when there are any, the returned change set must not be written.
 */
export function planImport(state: PartnershipState | null, data: PartnershipData, context: PlanContext): ChangeSet {
  const { newId, problem, now } = context;
  const partnership = partnershipRow(state?.partnership, data.partnership, newId);
  const partnershipChanged = state !== null && !sameRow(state.partnership, partnership);
  const changes = emptyChangeSet(partnership, state === null, partnershipChanged);
  const partnershipLabel = quote(partnership.slug);
  const planning: Planning = {
    state,
    changes,
    partnershipId: partnership.id,
    partnershipLabel,
    now,
    newId,
    problem,
    unknown: (path, what, key, known) =>
      problem(path, `no ${what} with key ${quote(key)} in this file or in partnership ${partnershipLabel}${suggestion(key, known)}`),
    duplicate: (path, what, key) => problem(path, `${what} ${quote(key)} appears more than once; each must be listed once`),
  };

  const organisations = planOrganisations(planning, data.organisations);
  const organisationId = keyResolver(planning, organisations, 'organisation');
  const people = planPeople(planning, data.people, organisationId);
  const personId = keyResolver(planning, people, 'person');
  planWorkingPatterns(planning, data.people, people);
  const groupId = planGroups(planning, data.groups);
  const references: References = { organisationId, personId, groupId };
  planMemberships(planning, data.memberships, references, people);
  planAbsences(planning, data.absences ?? [], personId);
  const plans = planPlans(planning, data.plans);
  planActions(planning, data.actions, references, plans);
  planIndicators(planning, data.indicators, references);
  planHallmarks(planning, data.hallmarks, personId);
  planClosureDays(planning, data.partnership.closureDays ?? []);
  checkWholePartnership(planning, partnership, organisations);
  return changes;
}

function keyResolver<R extends { id: string; key: string }>(planning: Planning, rows: KeyedRows<R>, what: string): KeyResolver {
  return (path, key) => {
    if (key === undefined || key === null) return key;
    const row = rows.get(key);
    if (!row) planning.unknown(path, what, key, rows.values().map((r) => r.key));
    return row?.id;
  };
}

// ---------------------------------------------------------------- organisations

function planOrganisations(planning: Planning, entries: readonly OrganisationData[]): KeyedRows<OrganisationRow> {
  const { state, changes, partnershipId, newId, duplicate } = planning;
  const organisations = new KeyedRows(state?.organisations ?? [], (row) => row.key, changes.organisations);
  entries.forEach((entry, index) => {
    if (organisations.seenInImport(entry.key)) return duplicate(['organisations', index, 'key'], 'organisation key', entry.key);
    const existing = organisations.get(entry.key);
    const patch = { key: entry.key, name: entry.name, kind: entry.kind, isStatutory: entry.statutory };
    organisations.put(
      existing ? merged(existing, patch) : withDefaults<OrganisationRow>({ id: newId(), partnershipId, key: entry.key, name: entry.name, kind: entry.kind, isStatutory: false }, patch),
    );
  });
  return organisations;
}

// ---------------------------------------------------------------- closure days

/** Closure days in the file are added (or their reason changed); days already held and not in the file stay. */
function planClosureDays(planning: Planning, entries: readonly ClosureDayData[]): void {
  const { state, changes, partnershipId, newId, duplicate } = planning;
  const days = new KeyedRows(state?.closureDays ?? [], (row) => row.date, changes.closureDays);
  entries.forEach((entry, index) => {
    if (days.seenInImport(entry.date)) return duplicate(['partnership', 'closureDays', index, 'date'], 'closure day', entry.date);
    const existing = days.get(entry.date);
    const patch = { date: entry.date, reason: entry.reason };
    days.put(existing ? merged(existing, patch) : withDefaults<ClosureDayRow>({ id: newId(), partnershipId, date: entry.date, reason: null }, patch));
  });
}

// ---------------------------------------------------------------- people

function planPeople(planning: Planning, entries: readonly PersonData[], organisationId: KeyResolver): KeyedRows<PersonRow> {
  const { state, changes, partnershipId, newId, duplicate } = planning;
  const people = new KeyedRows(state?.people ?? [], (row) => row.key, changes.people);
  entries.forEach((entry, index) => {
    if (people.seenInImport(entry.key)) return duplicate(['people', index, 'key'], 'person key', entry.key);
    const existing = people.get(entry.key);
    const patch = {
      key: entry.key,
      name: entry.name,
      email: entry.email,
      jobTitle: entry.jobTitle,
      organisationId: organisationId(['people', index, 'organisation'], entry.organisation),
    };
    people.put(
      existing
        ? merged(existing, patch)
        : withDefaults<PersonRow>({ id: newId(), partnershipId, key: entry.key, name: entry.name, email: null, jobTitle: null, organisationId: null }, patch),
    );
  });
  return people;
}

/** A person's working pattern from the file replaces the one held; a person the file gives none keeps theirs. */
function planWorkingPatterns(planning: Planning, entries: readonly PersonData[], people: KeyedRows<PersonRow>): void {
  const { state, changes } = planning;
  const patterns = new KeyedRows(state?.workingPatterns ?? [], (row) => row.id, changes.workingPatterns);
  for (const entry of entries) {
    const person = people.get(entry.key);
    if (!entry.workingPattern || !person || patterns.seenInImport(person.id)) continue;
    const { days, hours, timeZone } = entry.workingPattern;
    const row: WorkingPatternRow = {
      id: person.id,
      workingDays: days ?? [1, 2, 3, 4, 5],
      startHour: hours?.startHour ?? 8,
      endHour: hours?.endHour ?? 18,
      timeZone: timeZone ?? null,
    };
    patterns.put(row);
  }
}

// ---------------------------------------------------------------- groups

/** Plans the groups (a parent may come after its child in the file) and returns how to find a group's id by key. */
function planGroups(planning: Planning, entries: readonly GroupData[]): KeyResolver {
  const { state, changes, partnershipId, newId, problem, unknown, duplicate } = planning;
  const groups = new KeyedRows(state?.groups ?? [], (row) => row.key, changes.groups);
  const groupIdsByKey = new Map((state?.groups ?? []).map((row) => [row.key, row.id]));
  const groupKeysInFile = new Set<string>();
  const groupEntries = entries.filter((entry, index) => {
    if (groupKeysInFile.has(entry.key)) {
      duplicate(['groups', index, 'key'], 'group key', entry.key);
      return false;
    }
    groupKeysInFile.add(entry.key);
    if (!groupIdsByKey.has(entry.key)) groupIdsByKey.set(entry.key, newId());
    return true;
  });
  const groupId: KeyResolver = (path, key) => {
    if (key === undefined || key === null) return key;
    const id = groupIdsByKey.get(key);
    if (!id) unknown(path, 'group', key, groupIdsByKey.keys());
    return id;
  };
  groupEntries.forEach((entry) => {
    const index = entries.indexOf(entry);
    const existing = groups.get(entry.key);
    const patch = {
      key: entry.key,
      name: entry.name,
      kind: entry.kind,
      parentId: groupId(['groups', index, 'parent'], entry.parent),
      defaultCadence: entry.defaultCadence,
      digestCron: entry.digestCron,
      secretTallyDefault: entry.secretTally,
    };
    groups.put(
      existing
        ? merged(existing, patch)
        : withDefaults<GroupRow>(
            { id: groupIdsByKey.get(entry.key)!, partnershipId, key: entry.key, name: entry.name, kind: entry.kind, parentId: null, defaultCadence: 'MONTHLY', digestCron: null, secretTallyDefault: false },
            patch,
          ),
    );
  });
  const parentOf = new Map(groups.values().map((row) => [row.id, row.parentId]));
  groupEntries.forEach((entry) => {
    const start = groupIdsByKey.get(entry.key)!;
    const seen = new Set<string>([start]);
    for (let at = parentOf.get(start); at; at = parentOf.get(at)) {
      if (seen.has(at)) {
        problem(['groups', entries.indexOf(entry), 'parent'], `makes a loop: group ${quote(entry.key)} ends up inside itself`);
        break;
      }
      seen.add(at);
    }
  });
  changes.groups.create = parentsFirst(changes.groups.create);
  return groupId;
}

// ---------------------------------------------------------------- absences

/** An absence is known by its person and first day: a second import of the same file changes nothing. */
function planAbsences(planning: Planning, entries: readonly AbsenceData[], personId: KeyResolver): void {
  const { state, changes, newId, problem } = planning;
  const absences = new KeyedRows(state?.absences ?? [], (row) => `${row.personId}|${row.fromDate}`, changes.absences);
  entries.forEach((entry, index) => {
    const person = personId(['absences', index, 'person'], entry.person);
    if (!person) return;
    const key = `${person}|${entry.from}`;
    if (absences.seenInImport(key)) return problem(['absences', index], `${quote(entry.person)} has two absences from ${entry.from}; list each once`);
    const existing = absences.get(key);
    const patch = { untilDate: entry.until, reason: entry.reason };
    const row = existing
      ? merged(existing, patch)
      : withDefaults<AbsenceRow>({ id: newId(), personId: person, fromDate: entry.from, untilDate: null, reason: null, source: 'IMPORT' }, patch);
    absences.put(row);
  });
}

// ---------------------------------------------------------------- memberships

function planMemberships(planning: Planning, entries: readonly MembershipData[], references: References, people: KeyedRows<PersonRow>): void {
  const { state, changes, newId, problem } = planning;
  const { organisationId, personId, groupId } = references;
  const memberships = new KeyedRows(state?.memberships ?? [], (row) => `${row.groupId}|${row.personId}|${row.role}`, changes.memberships);
  const personById = new Map(people.values().map((row) => [row.id, row]));
  entries.forEach((entry, index) => {
    const path = (field: string) => ['memberships', index, field];
    const group = groupId(path('group'), entry.group);
    const person = personId(path('person'), entry.person);
    if (!group || !person) return;
    const key = `${group}|${person}|${entry.role}`;
    if (memberships.seenInImport(key)) {
      return problem(['memberships', index], `${quote(entry.person)} is listed twice as ${entry.role.toLowerCase().replace('_', '-')} of ${quote(entry.group)}`);
    }
    const explicitOrganisation = organisationId(path('organisation'), entry.organisation);
    const existing = memberships.get(key);
    const patch = { groupId: group, personId: person, role: entry.role, organisationId: explicitOrganisation, startsOn: entry.startsOn, endsOn: entry.endsOn };
    const row = existing
      ? merged(existing, patch)
      : withDefaults<MembershipRow>({ id: newId(), groupId: group, personId: person, role: entry.role, organisationId: personById.get(person)?.organisationId ?? null, startsOn: null, endsOn: null }, patch);
    if ((entry.role === 'REPRESENTATIVE' || entry.role === 'DEPUTY') && row.organisationId === null) {
      problem(path('organisation'), `a ${entry.role === 'DEPUTY' ? 'deputy' : 'representative'} stands for an organisation: give one here or give ${quote(entry.person)} an organisation`);
    }
    if (row.startsOn && row.endsOn && row.endsOn < row.startsOn) problem(path('endsOn'), `ends (${row.endsOn}) before it starts (${row.startsOn})`);
    memberships.put(row);
  });
}

// ---------------------------------------------------------------- plans, priorities and outcomes

interface PlannedPlans {
  plans: KeyedRows<PlanRow>;
  /** Keyed by `${planId}|${priorityKey}`. */
  priorities: KeyedRows<PriorityRow>;
}

function planPlans(planning: Planning, entries: readonly PlanData[]): PlannedPlans {
  const { state, changes, partnershipId, newId, duplicate } = planning;
  const plans = new KeyedRows(state?.plans ?? [], (row) => row.key, changes.plans);
  const priorities = new KeyedRows(state?.priorities ?? [], (row) => `${row.planId}|${row.key}`, changes.priorities);
  const outcomesByPriority = new Map<string, { id: string; description: string; position: number }[]>();
  for (const outcome of state?.outcomes ?? []) {
    const list = outcomesByPriority.get(outcome.priorityId) ?? [];
    list.push(outcome);
    outcomesByPriority.set(outcome.priorityId, list);
  }
  entries.forEach((entry, index) => {
    if (plans.seenInImport(entry.key)) return duplicate(['plans', index, 'key'], 'plan key', entry.key);
    const existing = plans.get(entry.key);
    const patch = { key: entry.key, title: entry.title, periodStart: entry.periodStart, periodEnd: entry.periodEnd };
    const plan = plans.put(existing ? merged(existing, patch) : { id: newId(), partnershipId, ...patch });
    entry.priorities.forEach((priorityEntry, position) => {
      const priorityKey = `${plan.id}|${priorityEntry.key}`;
      if (priorities.seenInImport(priorityKey)) {
        return duplicate(['plans', index, 'priorities', position, 'key'], 'priority key', priorityEntry.key);
      }
      const before = priorities.get(priorityKey);
      const priorityPatch = { key: priorityEntry.key, title: priorityEntry.title, description: priorityEntry.description, position };
      const priority = priorities.put(
        before ? merged(before, priorityPatch) : withDefaults<PriorityRow>({ id: newId(), planId: plan.id, key: priorityEntry.key, title: priorityEntry.title, description: null, position }, priorityPatch),
      );
      if (priorityEntry.outcomes === undefined) return;
      const current = [...(outcomesByPriority.get(priority.id) ?? [])].sort((a, b) => a.position - b.position);
      const unchanged = current.length === priorityEntry.outcomes.length && current.every((o, i) => o.description === priorityEntry.outcomes![i]);
      if (unchanged) return;
      changes.outcomes.deleteIds.push(...current.map((o) => o.id));
      const replacement = priorityEntry.outcomes.map((description, i) => ({ id: newId(), priorityId: priority.id, description, position: i }));
      changes.outcomes.create.push(...replacement);
      outcomesByPriority.set(priority.id, replacement);
    });
  });
  return { plans, priorities };
}

// ---------------------------------------------------------------- actions and their update history

function planActions(planning: Planning, entries: readonly ActionData[], references: References, plans: PlannedPlans): void {
  const { state, changes, partnershipId, newId, duplicate } = planning;
  const { organisationId, personId, groupId } = references;
  const actions = new KeyedRows(state?.actions ?? [], (row) => row.ref, changes.actions);
  const updatesByAction = new Map<string, ActionUpdateRow[]>();
  for (const update of state?.actionUpdates ?? []) {
    const list = updatesByAction.get(update.actionId) ?? [];
    list.push(update);
    updatesByAction.set(update.actionId, list);
  }
  entries.forEach((entry, index) => {
    const path = (...rest: PropertyKey[]) => ['actions', index, ...rest];
    if (actions.seenInImport(entry.ref)) return duplicate(path('ref'), 'action ref', entry.ref);
    const existing = actions.get(entry.ref);
    const { planId, priorityId } = resolvePlanAndPriority(planning, plans, entry, path);
    const patch: Partial<ActionRow> = {
      ref: entry.ref,
      title: entry.title,
      description: entry.description,
      notes: entry.notes,
      planId,
      priorityId,
      leadOrganisationId: organisationId(path('leadOrganisation'), entry.leadOrganisation),
      ownerId: personId(path('owner'), entry.owner),
      groupId: groupId(path('group'), entry.group),
      dueDate: entry.dueDate,
      cadence: entry.cadence,
      status: entry.status,
      progress: entry.progress,
      lastUpdateAt: entry.lastUpdateAt,
    };
    let row: ActionRow = existing
      ? merged(existing, patch)
      : withDefaults<ActionRow>(
          {
            id: newId(), partnershipId, planId: null, ref: entry.ref, title: entry.title, description: null, notes: null,
            leadOrganisationId: null, ownerId: null, groupId: null, priorityId: null, dueDate: null, cadence: null,
            status: 'NOT_STARTED', progress: 0, lastUpdateAt: null,
          },
          patch,
        );
    const added = planUpdates(planning, personId, entry, row, existing ? (updatesByAction.get(existing.id) ?? []) : [], path);
    // An entry that states the action's current state keeps it; otherwise its newest new update sets it.
    const statesCurrent = entry.status !== undefined || entry.progress !== undefined || entry.lastUpdateAt !== undefined;
    const newest = added.reduce<ActionUpdateRow | undefined>((latest, update) => (!latest || update.createdAt >= latest.createdAt ? update : latest), undefined);
    if (newest && !statesCurrent && (row.lastUpdateAt === null || newest.createdAt >= row.lastUpdateAt)) {
      row = { ...row, status: newest.status, progress: newest.progress, lastUpdateAt: newest.createdAt };
    }
    actions.put(row);
  });
}

function resolvePlanAndPriority(planning: Planning, { plans, priorities }: PlannedPlans, entry: ActionData, path: PathTo) {
  const { problem, unknown, partnershipLabel } = planning;
  let planId: string | null | undefined;
  if (entry.plan === null) planId = null;
  else if (entry.plan !== undefined) {
    planId = plans.get(entry.plan)?.id;
    if (!planId) unknown(path('plan'), 'plan', entry.plan, plans.values().map((p) => p.key));
  }
  if (entry.priority === undefined || entry.priority === null) return { planId, priorityId: entry.priority };
  if (entry.plan === undefined) {
    const allPlans = plans.values();
    if (allPlans.length === 1) planId = allPlans[0]!.id;
    else {
      problem(path('priority'), `partnership ${partnershipLabel} has ${allPlans.length} plans: say which plan priority ${quote(entry.priority)} belongs to in "plan"`);
      return { planId, priorityId: undefined };
    }
  }
  if (!planId) return { planId, priorityId: undefined };
  const priority = priorities.get(`${planId}|${entry.priority}`);
  if (!priority) {
    const planKey = plans.values().find((p) => p.id === planId)?.key ?? '';
    const known = priorities.values().filter((p) => p.planId === planId).map((p) => p.key);
    problem(path('priority'), `no priority with key ${quote(entry.priority)} in plan ${quote(planKey)}${suggestion(entry.priority, known)}`);
  }
  return { planId, priorityId: priority?.id };
}

function planUpdates(planning: Planning, personId: KeyResolver, entry: ActionData, action: ActionRow, existing: ActionUpdateRow[], path: PathTo): ActionUpdateRow[] {
  const { changes, newId, problem, duplicate } = planning;
  if (!entry.updates?.length) return [];
  const idByKey = new Map<string, string>();
  for (const update of existing) {
    idByKey.set(update.id, update.id);
    if (update.importKey) idByKey.set(update.importKey, update.id);
  }
  const seen = new Set<string>();
  const added: ActionUpdateRow[] = [];
  const corrections: Array<{ row: ActionUpdateRow; key: string; index: number }> = [];
  entry.updates.forEach((update, index) => {
    if (seen.has(update.key)) return duplicate(path('updates', index, 'key'), 'update key', update.key);
    seen.add(update.key);
    if (idByKey.has(update.key)) return;
    const row: ActionUpdateRow = {
      id: newId(),
      actionId: action.id,
      authorId: personId(path('updates', index, 'author'), update.author) ?? null,
      source: update.source ?? 'IMPORT',
      status: update.status,
      progress: update.progress,
      done: update.done ?? null,
      nextSteps: update.nextSteps ?? null,
      blockers: update.blockers ?? null,
      cancelReason: update.cancelReason ?? null,
      previousDueDate: update.previousDueDate ?? null,
      newDueDate: update.newDueDate ?? null,
      dueDateReason: update.dueDateReason ?? null,
      correctsId: null,
      importKey: update.key,
      createdAt: update.at,
    };
    idByKey.set(update.key, row.id);
    if (update.corrects) corrections.push({ row, key: update.corrects, index });
    added.push(row);
  });
  for (const { row, key, index } of corrections) {
    const corrected = idByKey.get(key);
    if (!corrected || corrected === row.id) {
      problem(path('updates', index, 'corrects'), `no earlier update with key ${quote(key)} for action ${quote(entry.ref)}`);
    } else row.correctsId = corrected;
  }
  changes.actionUpdates.create.push(...correctedFirst(added));
  return added;
}

// ---------------------------------------------------------------- indicators, targets and readings

function planIndicators(planning: Planning, entries: readonly IndicatorData[], references: References): void {
  const { state, changes, partnershipId, now, newId, problem, duplicate } = planning;
  const { organisationId, groupId } = references;
  const indicators = new KeyedRows(state?.indicators ?? [], (row) => row.code, changes.indicators);
  const targets = new KeyedRows(state?.targets ?? [], (row) => `${row.indicatorId}|${row.period}`, changes.targets);
  const readings = new KeyedRows(state?.readings ?? [], (row) => `${row.indicatorId}|${row.period}`, changes.readings);
  const decimal = (path: PropertyKey[], value: number | null | undefined) => {
    if (value === undefined || value === null) return value;
    if (Math.abs(value) >= DECIMAL_LIMIT) problem(path, `${value} is too large to store`);
    return roundDecimal(value);
  };
  entries.forEach((entry, index) => {
    const path = (...rest: PropertyKey[]) => ['indicators', index, ...rest];
    if (indicators.seenInImport(entry.code)) return duplicate(path('code'), 'indicator code', entry.code);
    const existing = indicators.get(entry.code);
    const patch = {
      code: entry.code,
      name: entry.name,
      unit: entry.unit,
      polarity: entry.polarity,
      amberTolerancePct: decimal(path('amberTolerancePct'), entry.amberTolerancePct),
      frequency: entry.frequency,
      cumulative: entry.cumulative,
      headline: entry.headline,
      leadOrganisationId: organisationId(path('leadOrganisation'), entry.leadOrganisation),
      groupId: groupId(path('group'), entry.group),
      baselineValue: decimal(path('baseline', 'value'), entry.baselineValue),
      baselinePeriod: entry.baselinePeriod,
    };
    const indicator = indicators.put(
      existing
        ? merged(existing, patch)
        : withDefaults<IndicatorRow>(
            {
              id: newId(), partnershipId, code: entry.code, name: entry.name, unit: entry.unit, polarity: entry.polarity,
              amberTolerancePct: null, frequency: 'MONTHLY', cumulative: false, headline: true,
              leadOrganisationId: null, groupId: null, baselineValue: null, baselinePeriod: null,
            },
            patch,
          ),
    );
    entry.targets?.forEach((target, targetIndex) => {
      const key = `${indicator.id}|${target.period}`;
      if (targets.seenInImport(key)) return duplicate(path('targets', targetIndex, 'period'), 'target period', target.period);
      const before = targets.get(key);
      const values = { period: target.period, periodStart: target.periodStart, periodEnd: target.periodEnd, value: decimal(path('targets', targetIndex, 'value'), target.value) ?? null };
      targets.put(before ? merged(before, values) : { id: newId(), indicatorId: indicator.id, ...values });
    });
    entry.readings?.forEach((reading, readingIndex) => {
      const key = `${indicator.id}|${reading.period}`;
      if (readings.seenInImport(key)) return duplicate(path('readings', readingIndex, 'period'), 'reading period', reading.period);
      const before = readings.get(key);
      const value = decimal(path('readings', readingIndex, 'value'), reading.value)!;
      const source = reading.source ?? 'IMPORT';
      const span = { period: reading.period, periodStart: reading.periodStart, periodEnd: reading.periodEnd };
      if (!before) {
        const row = readings.put({ id: newId(), indicatorId: indicator.id, ...span, value, source, recordedAt: now });
        changes.readingRevisions.create.push({ id: newId(), readingId: row.id, value, previousValue: null, recordedById: null, source, recordedAt: now });
      } else if (before.value !== value) {
        readings.put({ ...before, ...span, value, source, recordedAt: now });
        changes.readingRevisions.create.push({ id: newId(), readingId: before.id, value, previousValue: before.value, recordedById: null, source, recordedAt: now });
      } else {
        readings.put({ ...before, ...span });
      }
    });
  });
}

// ---------------------------------------------------------------- hallmarks

function planHallmarks(planning: Planning, entries: readonly HallmarkItemData[], personId: KeyResolver): void {
  const { state, changes, partnershipId, newId, duplicate } = planning;
  const hallmarkItems = new KeyedRows(state?.hallmarkItems ?? [], (row) => row.key, changes.hallmarkItems);
  const latestByItem = new Map((state?.latestAssessments ?? []).map((row) => [row.itemId, row]));
  entries.forEach((entry, position) => {
    const path = (...rest: PropertyKey[]) => ['hallmarks', position, ...rest];
    if (hallmarkItems.seenInImport(entry.key)) return duplicate(path('key'), 'hallmark item key', entry.key);
    const existing = hallmarkItems.get(entry.key);
    const patch = {
      key: entry.key,
      stage: entry.stage,
      hallmark: entry.hallmark,
      kind: entry.kind,
      text: entry.text,
      position,
      ownerId: personId(path('owner'), entry.owner),
      retiredAt: entry.retiredAt,
    };
    const item = hallmarkItems.put(
      existing
        ? merged(existing, patch)
        : withDefaults<HallmarkItemRow>(
            { id: newId(), partnershipId, key: entry.key, stage: entry.stage, hallmark: null, kind: entry.kind, text: entry.text, position, ownerId: null, retiredAt: null },
            patch,
          ),
    );
    if (entry.assessment) {
      const assessment = planAssessment(planning, personId, item.id, entry.assessment, latestByItem.get(item.id), (...rest) => path('assessment', ...rest));
      if (assessment) changes.hallmarkAssessments.create.push(assessment);
    }
  });
}

function planAssessment(
  planning: Planning,
  personId: KeyResolver,
  itemId: string,
  entry: HallmarkAssessmentData,
  latest: HallmarkAssessmentRow | undefined,
  path: PathTo,
): HallmarkAssessmentRow | undefined {
  const { now, newId } = planning;
  const base: HallmarkAssessmentRow = latest ?? {
    id: '', itemId, status: null, rawStatus: null, needsReview: false, externalBody: null, notApplicableReason: null,
    agreedAction: null, evidence: null, evidenceLinks: [], reviewDate: null, assessedById: null, source: 'IMPORT', assessedAt: now,
  };
  // A free-text status with no status beside it is read where it is clear, else left for review.
  const reading = entry.status === undefined && entry.rawStatus ? readStatusText(entry.rawStatus) : undefined;
  const mapped = reading?.kind === 'mapped' ? reading : undefined;
  const next = merged(base, {
    status: reading ? (mapped?.status ?? null) : entry.status,
    rawStatus: entry.rawStatus,
    agreedAction: entry.agreedAction,
    evidence: entry.evidence,
    evidenceLinks: entry.evidenceLinks,
    externalBody: entry.externalBody ?? mapped?.externalBody,
    notApplicableReason: entry.notApplicableReason ?? mapped?.notApplicableReason,
    reviewDate: entry.reviewDate,
    assessedById: personId(path('assessedBy'), entry.assessedBy),
  });
  next.needsReview = entry.needsReview ?? (next.status === null && next.rawStatus !== null);
  const compared = (row: HallmarkAssessmentRow) => ({ ...row, id: '', source: 'IMPORT', assessedAt: now });
  if (latest && sameRow(compared(latest), compared(next))) return undefined;
  return { ...next, id: newId(), source: entry.source ?? 'IMPORT', assessedAt: entry.assessedAt ?? now };
}

// ---------------------------------------------------------------- rules that need the whole partnership

function checkWholePartnership(planning: Planning, partnership: PartnershipRow, organisations: KeyedRows<OrganisationRow>): void {
  const statutory = organisations.values().filter((row) => row.isStatutory).length;
  if (statutory > 0 && partnership.quorum > statutory) {
    planning.problem(['partnership', 'quorum'], `is ${partnership.quorum}, more than the ${statutory} statutory partners, so no meeting could ever be quorate`);
  }
}

/**
 * Plans the import of a parsed partnership file into `state`, or throws an ImportError naming every problem
 * with its place in the file. Needs no database, so a file can be checked on its own.
 */
export function planFileImport(
  file: ReadFile,
  fileName: string,
  state: PartnershipState | null,
  options: { now?: Date; newId?: () => string; defaultHallmarks?: readonly HallmarkItemData[] } = {},
): ChangeSet {
  const problems = new ProblemList();
  const data = toPartnershipData(file.parsed, state?.partnership.timeZone);
  // A new partnership whose file lists no hallmarks starts with the default checklist.
  if (state === null && data.hallmarks.length === 0 && options.defaultHallmarks) data.hallmarks = [...options.defaultHallmarks];
  const changes = planImport(state, data, {
    now: options.now ?? new Date(),
    newId: options.newId ?? randomUUID,
    problem: (at, message) => problems.add(file.placeOf(at), message),
  });
  problems.throwIfAny(fileName);
  return changes;
}

/** New groups ordered so that a parent is created before its children. */
function parentsFirst(rows: GroupRow[]): GroupRow[] {
  const pending = new Map(rows.map((row) => [row.id, row]));
  const ordered: GroupRow[] = [];
  const visit = (row: GroupRow, depth: number) => {
    if (!pending.has(row.id) || depth > rows.length) return;
    const parent = row.parentId ? pending.get(row.parentId) : undefined;
    if (parent && parent.id !== row.id) visit(parent, depth + 1);
    if (pending.delete(row.id)) ordered.push(row);
  };
  for (const row of rows) visit(row, 0);
  return ordered;
}

/** Updates ordered by time, with a corrected update always before the one that corrects it. */
function correctedFirst(rows: ActionUpdateRow[]): ActionUpdateRow[] {
  const byTime = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const ids = new Set(byTime.map((row) => row.id));
  const ordered: ActionUpdateRow[] = [];
  const placed = new Set<string>();
  let remaining = byTime;
  while (remaining.length > 0) {
    const next = remaining.filter((row) => !row.correctsId || !ids.has(row.correctsId) || placed.has(row.correctsId));
    if (next.length === 0) {
      ordered.push(...remaining);
      break;
    }
    for (const row of next) {
      ordered.push(row);
      placed.add(row.id);
    }
    remaining = remaining.filter((row) => !placed.has(row.id));
  }
  return ordered;
}
