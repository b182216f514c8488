// When a group's digest is due, which period a run belongs to, and what "this week" covers.
//
// A group's schedule is its own cron expression (Group.digestCron) or else the partnership's default (Monday
// 09:00), always read in the partnership's time zone, so 09:00 stays 09:00 local across the clock changes.
// The period a run is recorded under (the exactly-once key) is the ISO week of the scheduled time for a
// schedule that fires at most once a week, so moving a group's schedule mid-week never sends that week twice;
// a schedule that fires more often (e.g. weekdays) is keyed by the scheduled local minute instead.
import { pad2 } from './calendar.ts';
import { type CronSchedule, parseDigestCron, previousCronTime, nextCronTime } from './cron.ts';
import { weekKeyAt } from './schedule.ts';
import { toZoned } from './time-zone.ts';

export const DEFAULT_DIGEST_CRON = '0 9 * * 1';
const DAY_MS = 86_400_000;
/** The longest stretch one digest covers, so a monthly schedule does not reach back for ever. */
const LONGEST_COVERAGE_MS = 35 * DAY_MS;

export interface DigestSlot {
  /** The scheduled instant of the run. */
  scheduledAt: Date;
  /** The ledger key of the run: '2026-W44', or '2026-10-26T09:00' for schedules that fire more than weekly. */
  periodKey: string;
  /** What the digest reports on: from the previous scheduled run up to this one. */
  coversFrom: Date;
}

/** The schedule that applies to a group; throws a ValidationError naming the bad expression. */
export function digestScheduleOf(groupCron: string | null | undefined, partnershipDefault?: string | null): CronSchedule {
  const own = groupCron?.trim();
  if (own) return parseDigestCron(own);
  const fallback = partnershipDefault?.trim();
  return parseDigestCron(fallback ? fallback : DEFAULT_DIGEST_CRON, 'defaultDigestCron');
}

/** One time of day, on one weekday or one day of the month: never twice in an ISO week. */
export function firesAtMostWeekly(schedule: CronSchedule): boolean {
  const timesPerDay = schedule.hours.length * schedule.minutes.length;
  return timesPerDay === 1 && (schedule.daysOfWeek.length === 1 || schedule.daysOfMonth.length === 1);
}

export function digestPeriodKey(schedule: CronSchedule, scheduledAt: Date, timeZone: string): string {
  if (firesAtMostWeekly(schedule)) return weekKeyAt(scheduledAt, timeZone);
  const local = toZoned(scheduledAt, timeZone);
  return `${local.year}-${pad2(local.month)}-${pad2(local.day)}T${pad2(local.hour)}:${pad2(local.minute)}`;
}

function coverageStart(schedule: CronSchedule, scheduledAt: Date, timeZone: string): Date {
  const before = previousCronTime(schedule, new Date(scheduledAt.getTime() - 1), timeZone);
  const earliest = scheduledAt.getTime() - LONGEST_COVERAGE_MS;
  if (!before) return new Date(scheduledAt.getTime() - 7 * DAY_MS);
  return new Date(Math.max(before.getTime(), earliest));
}

/** The most recent scheduled run at or before `now` (the one to send, or to catch up); null if it never fired. */
export function latestDigestSlot(schedule: CronSchedule, now: Date, timeZone: string): DigestSlot | null {
  const scheduledAt = previousCronTime(schedule, now, timeZone);
  if (!scheduledAt) return null;
  return { scheduledAt, periodKey: digestPeriodKey(schedule, scheduledAt, timeZone), coversFrom: coverageStart(schedule, scheduledAt, timeZone) };
}

/** How many missed scheduled runs one catch-up digest reaches back over at most (about three months of weeks). */
export const MAX_CATCH_UP_SLOTS = 13;

/**
 * The scheduled runs before `slot`, newest first, at most `count` of them and none before `notBefore` (e.g. when
 * the group's channel was linked). The job catches up those that have no run in the ledger.
 */
export function digestSlotsBefore(schedule: CronSchedule, slot: DigestSlot, timeZone: string, options: { count?: number; notBefore: Date }): DigestSlot[] {
  const slots: DigestSlot[] = [];
  let at = slot.scheduledAt;
  const count = options.count ?? MAX_CATCH_UP_SLOTS;
  while (slots.length < count) {
    const earlier = previousCronTime(schedule, new Date(at.getTime() - 1), timeZone);
    if (!earlier || earlier.getTime() < options.notBefore.getTime()) break;
    slots.push({ scheduledAt: earlier, periodKey: digestPeriodKey(schedule, earlier, timeZone), coversFrom: coverageStart(schedule, earlier, timeZone) });
    at = earlier;
  }
  return slots;
}

export function nextDigestTime(schedule: CronSchedule, after: Date, timeZone: string): Date | null {
  return nextCronTime(schedule, after, timeZone);
}

/**
 * What a digest asked for now (preview, send now) covers: as long a stretch as one scheduled digest covers,
 * ending now.
 */
export function adHocDigestWindow(schedule: CronSchedule, now: Date, timeZone: string): { from: Date; to: Date } {
  const latest = previousCronTime(schedule, now, timeZone);
  const span = latest ? latest.getTime() - coverageStart(schedule, latest, timeZone).getTime() : 7 * DAY_MS;
  return { from: new Date(now.getTime() - span), to: now };
}

/** A run is late when it starts more than `graceMs` after its scheduled time (the service was down). */
export function isLateRun(scheduledAt: Date, now: Date, graceMs: number): boolean {
  return now.getTime() - scheduledAt.getTime() > graceMs;
}
