// A partnership as a file describes it: records name each other by human keys (organisation key, person key,
// group key, plan and priority key, action ref, indicator code), never by database ids.
// A field left out (undefined) leaves what the database holds; null clears it.
// Dates are calendar dates 'YYYY-MM-DD'; moments are Date values.
import type {
  ActionStatus, DigestHolidayRule, GroupKind, Hallmark, HallmarkItemKind, HallmarkStatus, IndicatorUnit, MajorityRule,
  MembershipRole, OrganisationKind, Polarity, ReadingFrequency, RecordSource, UpdateCadence,
} from './vocabulary.ts';

export interface PartnershipSettings {
  slug: string;
  name: string;
  timeZone?: string;
  quorum: number;
  majorityRule?: MajorityRule;
  chairHasCastingVote?: boolean;
  voteReminderHours?: number;
  escalationAfterDays?: number;
  defaultDigestCron?: string;
  /** What a group's weekly digest does when its day is a bank holiday or closure day. */
  digestOnBankHoliday?: DigestHolidayRule;
  /** Days the partnership's office is shut beyond weekends and bank holidays; added to those already held. */
  closureDays?: ClosureDayData[];
}

export interface ClosureDayData {
  /** 'YYYY-MM-DD' */
  date: string;
  reason?: string | null;
}

export interface OrganisationData {
  key: string;
  name: string;
  kind: OrganisationKind;
  statutory?: boolean;
}

export interface PersonData {
  key: string;
  name: string;
  email?: string | null;
  jobTitle?: string | null;
  organisation?: string | null;
  /** The person's own working days, hours and time zone; left out, they work the office's. */
  workingPattern?: WorkingPatternData;
}

export interface WorkingPatternData {
  /** ISO weekdays, 1 = Monday; Monday to Friday when left out. */
  days?: number[];
  /** Whole hours; 08:00–18:00 when left out. */
  hours?: { startHour: number; endHour: number };
  /** IANA zone; the partnership's when left out. */
  timeZone?: string;
}

export interface GroupData {
  key: string;
  name: string;
  kind: GroupKind;
  parent?: string | null;
  defaultCadence?: UpdateCadence;
  digestCron?: string | null;
  /** New votes in the group keep For and Against secret until they close, unless the proposer chooses otherwise. */
  secretTally?: boolean;
}

/** Someone away from one day to another (both included, in the partnership's time zone); no `until` is open-ended. */
export interface AbsenceData {
  person: string;
  from: string;
  until?: string | null;
  reason?: string | null;
}

export interface MembershipData {
  group: string;
  person: string;
  role: MembershipRole;
  /** The organisation a representative or deputy stands for; defaults to the person's own. */
  organisation?: string | null;
  startsOn?: string | null;
  endsOn?: string | null;
}

interface PriorityData {
  key: string;
  title: string;
  description?: string | null;
  /** Replaces the priority's outcomes when given; their order is their position. */
  outcomes?: string[];
}

export interface PlanData {
  key: string;
  title: string;
  periodStart: string;
  periodEnd: string;
  /** In display order. */
  priorities: PriorityData[];
}

export interface ActionUpdateData {
  /** Identifies the update so a second import of the same history adds nothing. */
  key: string;
  at: Date;
  author?: string | null;
  source?: RecordSource;
  status: ActionStatus;
  progress: number;
  done?: string | null;
  nextSteps?: string | null;
  blockers?: string | null;
  cancelReason?: string | null;
  previousDueDate?: string | null;
  newDueDate?: string | null;
  dueDateReason?: string | null;
  /** The key of an earlier update of the same action that this one corrects. */
  corrects?: string | null;
}

export interface ActionData {
  ref: string;
  title: string;
  description?: string | null;
  notes?: string | null;
  plan?: string | null;
  priority?: string | null;
  leadOrganisation?: string | null;
  owner?: string | null;
  group?: string | null;
  dueDate?: string | null;
  cadence?: UpdateCadence | null;
  status?: ActionStatus;
  progress?: number;
  lastUpdateAt?: Date | null;
  updates?: ActionUpdateData[];
}

interface PeriodValue {
  period: string;
  periodStart: string;
  periodEnd: string;
}

export interface TargetData extends PeriodValue {
  /** Null: "to be established". */
  value: number | null;
}

export interface ReadingData extends PeriodValue {
  value: number;
  source?: RecordSource;
}

export interface IndicatorData {
  code: string;
  name: string;
  unit: IndicatorUnit;
  polarity: Polarity;
  amberTolerancePct?: number | null;
  frequency?: ReadingFrequency;
  cumulative?: boolean;
  headline?: boolean;
  leadOrganisation?: string | null;
  group?: string | null;
  baselineValue?: number | null;
  baselinePeriod?: string | null;
  targets?: TargetData[];
  readings?: ReadingData[];
}

export interface HallmarkAssessmentData {
  status?: HallmarkStatus | null;
  rawStatus?: string | null;
  needsReview?: boolean;
  agreedAction?: string | null;
  evidence?: string | null;
  evidenceLinks?: string[];
  externalBody?: string | null;
  notApplicableReason?: string | null;
  reviewDate?: string | null;
  assessedBy?: string | null;
  assessedAt?: Date;
  source?: RecordSource;
}

export interface HallmarkItemData {
  key: string;
  stage: string;
  hallmark?: Hallmark | null;
  kind: HallmarkItemKind;
  text: string;
  owner?: string | null;
  retiredAt?: Date | null;
  /** The current assessment; a new assessment is recorded only when it differs from the latest. */
  assessment?: HallmarkAssessmentData;
}

export interface PartnershipData {
  partnership: PartnershipSettings;
  organisations: OrganisationData[];
  people: PersonData[];
  groups: GroupData[];
  memberships: MembershipData[];
  /** Planned or current absences; left out means none to add or change. */
  absences?: AbsenceData[];
  plans: PlanData[];
  actions: ActionData[];
  indicators: IndicatorData[];
  /** In display order. */
  hallmarks: HallmarkItemData[];
}
