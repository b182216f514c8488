// When an action's progress update is due, when its owner is reminded, and when the chair is told.
//
// An update is due one cadence after the last one (or after the action was created), on the partnership's
// calendar. If none comes, it falls due again every cadence after that: each of these "cycles" may bring
// one reminder, keyed by the cadence period it falls in (cadencePeriodKey). Reminders are by the day:
// an action is due from the start of its due day, and the job sends only in working hours.
import { isOpenStatus, type ActionStatus } from './action-updates.ts';
import { type CalendarDate, addDays, addMonths, dayNumber, formatIsoDate, pad2, parseIsoDate } from './calendar.ts';
import { cadencePeriodKeyOfDate, type UpdateCadence } from './schedule.ts';
import { fromLocal, localDateOf, toZoned } from './time-zone.ts';

const DEFAULT_UPDATE_CADENCE: UpdateCadence = 'MONTHLY';

/** The action's own cadence, else its group's default, else monthly. */
export function effectiveCadence(actionCadence: UpdateCadence | null, groupCadence: UpdateCadence | null | undefined): UpdateCadence {
  return actionCadence ?? groupCadence ?? DEFAULT_UPDATE_CADENCE;
}

export interface UpdateSchedule {
  readonly lastUpdateAt: Date | null;
  readonly createdAt: Date;
  readonly cadence: UpdateCadence;
}

export interface UpdateCycle {
  /** The first day an update was due since the last one, 'YYYY-MM-DD'. */
  readonly firstDueOn: string;
  /** The day the current cycle fell due (firstDueOn, or a whole number of cadences after it). */
  readonly dueOn: string;
  /** cadencePeriodKey of dueOn: '2026-W48', '2026-W47/W48', '2026-11' or '2026-Q3'. */
  readonly periodKey: string;
  /** 1 for the first cycle after the last update, 2 for the next, … */
  readonly cycle: number;
}

function cycleDay(base: CalendarDate, cadence: UpdateCadence, cycle: number): CalendarDate {
  switch (cadence) {
    case 'WEEKLY':
      return addDays(base, 7 * cycle);
    case 'FORTNIGHTLY':
      return addDays(base, 14 * cycle);
    case 'MONTHLY':
      return addMonths(base, cycle);
    case 'QUARTERLY':
      return addMonths(base, 3 * cycle);
  }
}

/** The latest cycle whose day is on or before `today` (at least 1), estimated then corrected. */
function latestCycle(base: CalendarDate, today: CalendarDate, cadence: UpdateCadence): number {
  let cycle: number;
  if (cadence === 'WEEKLY' || cadence === 'FORTNIGHTLY') {
    cycle = Math.floor((dayNumber(today) - dayNumber(base)) / (cadence === 'WEEKLY' ? 7 : 14));
  } else {
    const months = today.year * 12 + today.month - (base.year * 12 + base.month);
    cycle = Math.floor(months / (cadence === 'MONTHLY' ? 1 : 3));
  }
  cycle = Math.max(1, cycle);
  while (cycle > 1 && dayNumber(cycleDay(base, cadence, cycle)) > dayNumber(today)) cycle -= 1;
  while (dayNumber(cycleDay(base, cadence, cycle + 1)) <= dayNumber(today)) cycle += 1;
  return cycle;
}

let lastDay: { ms: number; timeZone: string; date: CalendarDate } | undefined;

/** localDateOf, remembering the last answer: a job asks about the same `now` once per action. */
function localDay(instant: Date, timeZone: string): CalendarDate {
  const ms = instant.getTime();
  if (lastDay?.ms !== ms || lastDay.timeZone !== timeZone) lastDay = { ms, timeZone, date: localDateOf(instant, timeZone) };
  return lastDay.date;
}

/** The day the next update is due: one cadence after the last update (or after creation), 'YYYY-MM-DD'. */
export function firstUpdateDueOn(schedule: UpdateSchedule, timeZone: string): string {
  return formatIsoDate(cycleDay(localDateOf(schedule.lastUpdateAt ?? schedule.createdAt, timeZone), schedule.cadence, 1));
}

/** The cycle an update is due in on `now`'s date, or null when the next update is not due yet. */
export function currentUpdateCycle(schedule: UpdateSchedule, now: Date, timeZone: string): UpdateCycle | null {
  const base = localDateOf(schedule.lastUpdateAt ?? schedule.createdAt, timeZone);
  const today = localDay(now, timeZone);
  const first = cycleDay(base, schedule.cadence, 1);
  if (dayNumber(first) > dayNumber(today)) return null;
  const cycle = latestCycle(base, today, schedule.cadence);
  const dueOn = cycleDay(base, schedule.cadence, cycle);
  return {
    firstDueOn: formatIsoDate(first),
    dueOn: formatIsoDate(dueOn),
    periodKey: cadencePeriodKeyOfDate(dueOn, schedule.cadence),
    cycle,
  };
}

export interface ReminderSchedule extends UpdateSchedule {
  readonly snoozedUntil: Date | null;
}

export interface DueReminder extends UpdateCycle {
  /**
   * Set when the owner snoozed during this cycle and the snooze is over: the snooze earns one more
   * reminder in the cycle, told apart from the first by this instant.
   */
  readonly afterSnooze: Date | null;
}

/** The reminder an owner is owed on `now`, or null: nothing due yet, or snoozed until later. */
export function updateReminderDue(schedule: ReminderSchedule, now: Date, timeZone: string): DueReminder | null {
  const cycle = currentUpdateCycle(schedule, now, timeZone);
  if (!cycle) return null;
  const snoozedUntil = schedule.snoozedUntil;
  if (snoozedUntil && snoozedUntil.getTime() > now.getTime()) return null;
  if (!snoozedUntil) return { ...cycle, afterSnooze: null };
  const cycleStart = fromLocal({ ...parseIsoDate(cycle.dueOn), hour: 0, minute: 0 }, timeZone);
  return { ...cycle, afterSnooze: snoozedUntil.getTime() > cycleStart.getTime() ? snoozedUntil : null };
}

/** Whole days since the update first fell due (0 on the day itself), or null when it is not due. */
export function updateOverdueDays(schedule: UpdateSchedule, now: Date, timeZone: string): number | null {
  const cycle = currentUpdateCycle(schedule, now, timeZone);
  if (!cycle) return null;
  return dayNumber(localDay(now, timeZone)) - dayNumber(parseIsoDate(cycle.firstDueOn));
}

export interface EscalationSubject extends UpdateSchedule {
  readonly status: ActionStatus;
  /** 'YYYY-MM-DD' */
  readonly dueDate: string | null;
}

export interface Escalation {
  /** Days the update is overdue, when that is at least the partnership's escalation threshold. */
  readonly updateOverdueDays: number | null;
  /** The action's due date, when it has passed with the action still open. */
  readonly pastDueDate: string | null;
}

/**
 * Why an open action goes to the chair today: its update is `escalationAfterDays` or more days overdue,
 * or its due date has passed. Null when neither (or when the action is complete or cancelled).
 */
export function escalationFor(subject: EscalationSubject, now: Date, timeZone: string, escalationAfterDays: number): Escalation | null {
  if (!isOpenStatus(subject.status)) return null;
  const overdue = updateOverdueDays(subject, now, timeZone);
  const updateOverdue = overdue !== null && overdue >= escalationAfterDays ? overdue : null;
  const today = formatIsoDate(localDay(now, timeZone));
  const pastDueDate = subject.dueDate !== null && subject.dueDate < today ? subject.dueDate : null;
  if (updateOverdue === null && pastDueDate === null) return null;
  return { updateOverdueDays: updateOverdue, pastDueDate };
}

/** The reminder job's ledger period: the local hour, '2026-11-24T09', so each hour's run happens once. */
export function reminderRunPeriodKey(now: Date, timeZone: string): string {
  const local = toZoned(now, timeZone);
  return `${formatIsoDate(local)}T${pad2(local.hour)}`;
}

/** The escalation job's ledger period: the local day, '2026-11-24', one summary a day. */
export function escalationRunPeriodKey(now: Date, timeZone: string): string {
  return formatIsoDate(localDateOf(now, timeZone));
}
