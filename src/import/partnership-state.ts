// A partnership as the database holds it, row by row with ids, and the set of rows an import will create or
// change. The import is planned in memory from these (plan-import.ts) and then written in one transaction
// (src/db/partnership-store.ts). Calendar dates are 'YYYY-MM-DD'; decimals are numbers.
import type {
  ActionStatus, DigestHolidayRule, GroupKind, Hallmark, HallmarkItemKind, HallmarkStatus, IndicatorUnit, MajorityRule,
  MembershipRole, OrganisationKind, Polarity, ReadingFrequency, RecordSource, UpdateCadence,
} from './vocabulary.ts';

export interface PartnershipRow {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  quorum: number;
  majorityRule: MajorityRule;
  chairHasCastingVote: boolean;
  voteReminderHours: number;
  escalationAfterDays: number;
  defaultDigestCron: string;
  digestOnBankHoliday: DigestHolidayRule;
}

/** A person's working pattern; `id` is the person's id (one pattern per person). */
export interface WorkingPatternRow {
  id: string;
  workingDays: number[];
  startHour: number;
  endHour: number;
  timeZone: string | null;
}

export interface ClosureDayRow {
  id: string;
  partnershipId: string;
  /** 'YYYY-MM-DD' */
  date: string;
  reason: string | null;
}

export interface OrganisationRow {
  id: string;
  partnershipId: string;
  key: string;
  name: string;
  kind: OrganisationKind;
  isStatutory: boolean;
}

export interface PersonRow {
  id: string;
  partnershipId: string;
  key: string;
  name: string;
  email: string | null;
  jobTitle: string | null;
  organisationId: string | null;
}

export interface GroupRow {
  id: string;
  partnershipId: string;
  key: string;
  name: string;
  kind: GroupKind;
  parentId: string | null;
  defaultCadence: UpdateCadence;
  digestCron: string | null;
  secretTallyDefault: boolean;
}

export interface MembershipRow {
  id: string;
  groupId: string;
  personId: string;
  role: MembershipRole;
  organisationId: string | null;
  startsOn: string | null;
  endsOn: string | null;
}

export interface PlanRow {
  id: string;
  partnershipId: string;
  key: string;
  title: string;
  periodStart: string;
  periodEnd: string;
}

export interface PriorityRow {
  id: string;
  planId: string;
  key: string;
  title: string;
  description: string | null;
  position: number;
}

export interface OutcomeRow {
  id: string;
  priorityId: string;
  description: string;
  position: number;
}

export interface ActionRow {
  id: string;
  partnershipId: string;
  planId: string | null;
  ref: string;
  title: string;
  description: string | null;
  notes: string | null;
  leadOrganisationId: string | null;
  ownerId: string | null;
  groupId: string | null;
  priorityId: string | null;
  dueDate: string | null;
  cadence: UpdateCadence | null;
  status: ActionStatus;
  progress: number;
  lastUpdateAt: Date | null;
}

export interface ActionUpdateRow {
  id: string;
  actionId: string;
  authorId: string | null;
  source: RecordSource;
  status: ActionStatus;
  progress: number;
  done: string | null;
  nextSteps: string | null;
  blockers: string | null;
  cancelReason: string | null;
  previousDueDate: string | null;
  newDueDate: string | null;
  dueDateReason: string | null;
  correctsId: string | null;
  importKey: string | null;
  createdAt: Date;
}

export interface IndicatorRow {
  id: string;
  partnershipId: string;
  code: string;
  name: string;
  unit: IndicatorUnit;
  polarity: Polarity;
  amberTolerancePct: number | null;
  frequency: ReadingFrequency;
  cumulative: boolean;
  headline: boolean;
  leadOrganisationId: string | null;
  groupId: string | null;
  baselineValue: number | null;
  baselinePeriod: string | null;
}

export interface TargetRow {
  id: string;
  indicatorId: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  value: number | null;
}

export interface ReadingRow {
  id: string;
  indicatorId: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  value: number;
  source: RecordSource;
  recordedAt: Date;
}

export interface ReadingRevisionRow {
  id: string;
  readingId: string;
  value: number;
  previousValue: number | null;
  recordedById: string | null;
  source: RecordSource;
  recordedAt: Date;
}

export interface HallmarkItemRow {
  id: string;
  partnershipId: string;
  key: string;
  stage: string;
  hallmark: Hallmark | null;
  kind: HallmarkItemKind;
  text: string;
  position: number;
  ownerId: string | null;
  retiredAt: Date | null;
}

export interface HallmarkAssessmentRow {
  id: string;
  itemId: string;
  status: HallmarkStatus | null;
  rawStatus: string | null;
  needsReview: boolean;
  externalBody: string | null;
  notApplicableReason: string | null;
  agreedAction: string | null;
  evidence: string | null;
  evidenceLinks: string[];
  reviewDate: string | null;
  assessedById: string | null;
  source: RecordSource;
  assessedAt: Date;
}

export interface AbsenceRow {
  id: string;
  personId: string;
  fromDate: string;
  untilDate: string | null;
  reason: string | null;
  source: RecordSource;
}

export interface PartnershipState {
  partnership: PartnershipRow;
  organisations: OrganisationRow[];
  people: PersonRow[];
  groups: GroupRow[];
  memberships: MembershipRow[];
  absences?: AbsenceRow[];
  plans: PlanRow[];
  priorities: PriorityRow[];
  outcomes: OutcomeRow[];
  actions: ActionRow[];
  actionUpdates: ActionUpdateRow[];
  indicators: IndicatorRow[];
  targets: TargetRow[];
  readings: ReadingRow[];
  hallmarkItems: HallmarkItemRow[];
  /** The latest assessment of each item, which is its current state. */
  latestAssessments: HallmarkAssessmentRow[];
  closureDays: ClosureDayRow[];
  workingPatterns: WorkingPatternRow[];
}

export interface RowChanges<R> {
  create: R[];
  /** Whole rows as they should be after the import. */
  update: R[];
}

export interface ChangeSet {
  partnership: { row: PartnershipRow; create: boolean; update: boolean };
  organisations: RowChanges<OrganisationRow>;
  people: RowChanges<PersonRow>;
  /** Parents come before their children in `create`. */
  groups: RowChanges<GroupRow>;
  memberships: RowChanges<MembershipRow>;
  absences: RowChanges<AbsenceRow>;
  plans: RowChanges<PlanRow>;
  priorities: RowChanges<PriorityRow>;
  /** A priority's outcomes are replaced as a list: the old rows are deleted before the new ones are created. */
  outcomes: { create: OutcomeRow[]; deleteIds: string[] };
  actions: RowChanges<ActionRow>;
  /** History is only ever added to; an update corrected by another comes before it. */
  actionUpdates: { create: ActionUpdateRow[] };
  indicators: RowChanges<IndicatorRow>;
  targets: RowChanges<TargetRow>;
  readings: RowChanges<ReadingRow>;
  readingRevisions: { create: ReadingRevisionRow[] };
  hallmarkItems: RowChanges<HallmarkItemRow>;
  hallmarkAssessments: { create: HallmarkAssessmentRow[] };
  closureDays: RowChanges<ClosureDayRow>;
  workingPatterns: RowChanges<WorkingPatternRow>;
}

export type ChangeCounts = Record<Exclude<keyof ChangeSet, 'partnership'>, { created: number; updated: number; deleted: number }>;

export function emptyChangeSet(partnership: PartnershipRow, create: boolean, update: boolean): ChangeSet {
  const rows = () => ({ create: [], update: [] });
  return {
    partnership: { row: partnership, create, update },
    organisations: rows(),
    people: rows(),
    groups: rows(),
    memberships: rows(),
    absences: rows(),
    plans: rows(),
    priorities: rows(),
    outcomes: { create: [], deleteIds: [] },
    actions: rows(),
    actionUpdates: { create: [] },
    indicators: rows(),
    targets: rows(),
    readings: rows(),
    readingRevisions: { create: [] },
    hallmarkItems: rows(),
    hallmarkAssessments: { create: [] },
    closureDays: rows(),
    workingPatterns: rows(),
  };
}

export function countChanges(changes: ChangeSet): ChangeCounts {
  const count = (create: unknown[], update: unknown[] = [], deleted: unknown[] = []) => ({
    created: create.length,
    updated: update.length,
    deleted: deleted.length,
  });
  return {
    organisations: count(changes.organisations.create, changes.organisations.update),
    people: count(changes.people.create, changes.people.update),
    groups: count(changes.groups.create, changes.groups.update),
    memberships: count(changes.memberships.create, changes.memberships.update),
    absences: count(changes.absences.create, changes.absences.update),
    plans: count(changes.plans.create, changes.plans.update),
    priorities: count(changes.priorities.create, changes.priorities.update),
    outcomes: count(changes.outcomes.create, [], changes.outcomes.deleteIds),
    actions: count(changes.actions.create, changes.actions.update),
    actionUpdates: count(changes.actionUpdates.create),
    indicators: count(changes.indicators.create, changes.indicators.update),
    targets: count(changes.targets.create, changes.targets.update),
    readings: count(changes.readings.create, changes.readings.update),
    readingRevisions: count(changes.readingRevisions.create),
    hallmarkItems: count(changes.hallmarkItems.create, changes.hallmarkItems.update),
    hallmarkAssessments: count(changes.hallmarkAssessments.create),
    closureDays: count(changes.closureDays.create, changes.closureDays.update),
    workingPatterns: count(changes.workingPatterns.create, changes.workingPatterns.update),
  };
}
