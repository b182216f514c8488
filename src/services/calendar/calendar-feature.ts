// `/csp calendar`: the partnership's coming days off (bank holidays of England and Wales and its own closure
// days), which the secretariat can add to and take back, and what the weekly digest does on a bank holiday.
// `/csp settings`: a person's own working days, hours and time zone, which reminders keep to.
import {
  addClosureDays,
  clearWorkingPattern,
  findWorkingPattern,
  loadPartnershipCalendar,
  removeClosureDays,
  saveWorkingPattern,
  setDigestHolidayRule,
} from '../../db/calendar-store.ts';
import { type CalendarDate, addDays, dayNumber, formatIsoDate, fromDayNumber, isoWeekday } from '../../domain/calendar.ts';
import { ForbiddenError, ValidationError } from '../../domain/errors.ts';
import { localDateOf } from '../../domain/time-zone.ts';
import {
  DEFAULT_WORKING_PATTERN,
  type DayOff,
  type DigestHolidayRule,
  type PartnershipCalendar,
  type WorkingPattern,
  dayOff,
  daysOffBetween,
  nextWorkingTime,
} from '../../domain/working-calendar.ts';
import { describeHours, describeWorkingDays, parseDay, parseTimeZone, parseWorkingDays, parseWorkingHours } from '../../domain/working-pattern-text.ts';
import type { ListItem } from '../../views/model.ts';
import { bold, rich } from '../../views/model.ts';
import { formatIsoDay } from '../actions/action-format.ts';
import type { ChatFeature, CommandArguments, RequestContext } from '../registry.ts';
import { message, privateReply } from '../replies.ts';

/** How far ahead `/csp calendar` looks. */
const CALENDAR_DAYS_SHOWN = 366;
/** The longest run of days one `calendar close` may shut. */
const LONGEST_CLOSURE_DAYS = 31;

const DIGEST_RULE_WORDS: Readonly<Record<string, DigestHolidayRule>> = {
  'post-anyway': 'POST_ANYWAY',
  anyway: 'POST_ANYWAY',
  'next-working-day': 'NEXT_WORKING_DAY',
  next: 'NEXT_WORKING_DAY',
};

function words(tokens: CommandArguments['tokens']): string[] {
  return tokens.flatMap((token) => (token.kind === 'word' ? [token.text] : []));
}

function describeDigestRule(rule: DigestHolidayRule): string {
  return rule === 'POST_ANYWAY'
    ? 'When a group\'s digest day is a bank holiday or closure day, it is posted anyway.'
    : 'When a group\'s digest day is a bank holiday or closure day, it is posted on the next working day at the usual time.';
}

function dayOffLine(off: DayOff): ListItem {
  const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${off.date}T00:00:00Z`));
  return { text: rich(bold(`${weekday} ${formatIsoDay(off.date)}`), ` ${off.name}${off.kind === 'closure' ? ' (closure day)' : ''}`) };
}

function requireSecretariat(context: RequestContext, what: string): void {
  if (!context.hasAnyRole(['SECRETARIAT'])) {
    throw new ForbiddenError(`Only the secretariat can ${what}.`);
  }
}

interface DateSpan {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly rest: string[];
}

function parseSpan(context: RequestContext, sub: string, parts: readonly string[]): DateSpan {
  const [first, keyword, second, ...afterSecond] = parts;
  if (!first) {
    throw new ValidationError(`Say which day: ${context.commandPrefix} calendar ${sub} 2026-12-29${sub === 'close' ? ' until 2026-12-31 Christmas shutdown' : ''}.`);
  }
  const from = parseDay(first);
  const hasUntil = keyword?.toLowerCase() === 'until' || keyword?.toLowerCase() === 'to';
  if (hasUntil && !second) throw new ValidationError(`Say the last day after "until", e.g. ${context.commandPrefix} calendar ${sub} ${first} until 2026-12-31.`);
  const to = hasUntil && second ? parseDay(second) : from;
  const rest = hasUntil ? afterSecond : parts.slice(1);
  const length = dayNumber(to) - dayNumber(from) + 1;
  if (length < 1) throw new ValidationError(`${formatIsoDay(formatIsoDate(to))} comes before ${formatIsoDay(formatIsoDate(from))}: give the first day, then the last.`);
  if (length > LONGEST_CLOSURE_DAYS) throw new ValidationError(`That is ${length} days; one command can take at most ${LONGEST_CLOSURE_DAYS}. Split it into shorter runs.`);
  return { from, to, rest };
}

function daysOf(span: DateSpan): CalendarDate[] {
  const days: CalendarDate[] = [];
  for (let day = dayNumber(span.from); day <= dayNumber(span.to); day += 1) days.push(fromDayNumber(day));
  return days;
}

async function showCalendar(context: RequestContext) {
  const partnership = context.person.partnership;
  const calendar = await loadPartnershipCalendar(context.services.db, partnership.id);
  const today = localDateOf(context.services.now(), calendar.timeZone);
  const coming = daysOffBetween(calendar, today, addDays(today, CALENDAR_DAYS_SHOWN - 1));
  const prefix = context.commandPrefix;
  return [
    privateReply(
      message(
        { type: 'heading', text: `Days off for ${partnership.name}` },
        {
          type: 'text',
          text: coming.length > 0
            ? 'Bank holidays of England and Wales and the partnership\'s own closure days in the coming year. Reminders, overdue summaries and vote reminders wait for the next working day.'
            : 'No bank holidays or closure days in the coming year.',
        },
        ...(coming.length > 0 ? [{ type: 'list' as const, items: coming.map(dayOffLine) }] : []),
        { type: 'context', text: describeDigestRule(calendar.digestOnBankHoliday) },
        {
          type: 'context',
          text: context.hasAnyRole(['SECRETARIAT'])
            ? `Secretariat: ${prefix} calendar close 2026-12-29 until 2026-12-31 Christmas shutdown · ${prefix} calendar open 2026-12-30 · ${prefix} calendar digest post-anyway | next-working-day`
            : `Your own working days and hours: ${prefix} settings`,
        },
      ),
    ),
  ];
}

async function closeDays(context: RequestContext, parts: readonly string[]) {
  requireSecretariat(context, 'add closure days');
  const partnership = context.person.partnership;
  const span = parseSpan(context, 'close', parts);
  const reason = span.rest.join(' ').trim().slice(0, 200) || null;
  const calendar = await loadPartnershipCalendar(context.services.db, partnership.id);
  const today = localDateOf(context.services.now(), calendar.timeZone);
  if (dayNumber(span.from) < dayNumber(today)) throw new ValidationError('Closure days must be today or later; days gone by cannot be closed.');
  const holidayFree: PartnershipCalendar = { ...calendar, closures: [] };
  const candidates = daysOf(span).filter((day) => isoWeekday(day) <= 5 && !dayOff(holidayFree, day));
  if (candidates.length === 0) {
    throw new ValidationError('Those days are already off (weekends or bank holidays), so there is nothing to close.');
  }
  const added = await addClosureDays(context.services.db, partnership.id, candidates.map(formatIsoDate), reason);
  await context.audit({ action: 'calendar.close', outcome: 'ALLOWED', subjectType: 'Partnership', subjectId: partnership.id, detail: { dates: candidates.map(formatIsoDate), added, reason } });
  const listed = candidates.map((day) => formatIsoDay(formatIsoDate(day))).join(', ');
  return [
    privateReply(
      message(
        { type: 'text', text: rich(bold(`${partnership.name} is closed on ${listed}`), reason ? ` (${reason}).` : '.') },
        { type: 'context', text: `No reminders, overdue summaries or vote reminders go out then. ${added.length < candidates.length ? `${candidates.length - added.length} of these days were already closed. ` : ''}Weekends and bank holidays in the span are off anyway. Undo with ${context.commandPrefix} calendar open <date>.` },
      ),
    ),
  ];
}

async function openDays(context: RequestContext, parts: readonly string[]) {
  requireSecretariat(context, 'remove closure days');
  const partnership = context.person.partnership;
  const span = parseSpan(context, 'open', parts);
  const removed = await removeClosureDays(context.services.db, partnership.id, daysOf(span).map(formatIsoDate));
  if (removed.length === 0) {
    throw new ValidationError(`${partnership.name} has no closure day on ${span.from === span.to ? formatIsoDay(formatIsoDate(span.from)) : 'those days'}. See ${context.commandPrefix} calendar for the closure days.`);
  }
  await context.audit({ action: 'calendar.open', outcome: 'ALLOWED', subjectType: 'Partnership', subjectId: partnership.id, detail: { dates: removed } });
  return [
    privateReply(
      message(
        { type: 'text', text: rich(bold(`${removed.map(formatIsoDay).join(', ')} ${removed.length === 1 ? 'is' : 'are'} working days again`), ' for ', partnership.name, '.') },
        { type: 'context', text: 'Bank holidays stay off: they are not closure days.' },
      ),
    ),
  ];
}

async function digestRule(context: RequestContext, parts: readonly string[]) {
  requireSecretariat(context, 'change what the digest does on bank holidays');
  const rule = DIGEST_RULE_WORDS[(parts[0] ?? '').toLowerCase()];
  if (!rule) throw new ValidationError(`Say post-anyway or next-working-day: ${context.commandPrefix} calendar digest next-working-day.`);
  const partnership = context.person.partnership;
  await setDigestHolidayRule(context.services.db, partnership.id, rule);
  await context.audit({ action: 'calendar.digest', outcome: 'ALLOWED', subjectType: 'Partnership', subjectId: partnership.id, detail: { digestOnBankHoliday: rule } });
  return [privateReply(message({ type: 'text', text: describeDigestRule(rule) }))];
}

function describePattern(pattern: WorkingPattern, partnershipZone: string): string[] {
  return [
    `Working days: ${describeWorkingDays(pattern.workingDays)}`,
    `Working hours: ${describeHours(pattern.startHour, pattern.endHour)}`,
    `Time zone: ${pattern.timeZone ?? `${partnershipZone} (the partnership's)`}`,
  ];
}

async function showSettings(context: RequestContext, note?: string) {
  const partnership = context.person.partnership;
  const own = await findWorkingPattern(context.services.db, context.person.id);
  const pattern = own ?? DEFAULT_WORKING_PATTERN;
  const prefix = context.commandPrefix;
  return [
    privateReply(
      message(
        { type: 'heading', text: 'Your working pattern' },
        ...(note ? [{ type: 'text' as const, text: note }] : []),
        { type: 'list', items: describePattern(pattern, partnership.timeZone).map((text) => ({ text })) },
        {
          type: 'context',
          text: `Reminders and summaries come to you only in these hours, on working days of ${partnership.name} (never at weekends, on bank holidays or closure days), between 08:00 and 18:00 ${partnership.timeZone}.${own ? '' : ' These are the defaults.'}`,
        },
        { type: 'context', text: `Change them: ${prefix} settings hours 09:00-15:00 · ${prefix} settings days mon,tue,wed · ${prefix} settings timezone Europe/Dublin · ${prefix} settings reset` },
      ),
    ),
  ];
}

async function changeSettings(context: RequestContext, sub: string, value: string) {
  const { db } = context.services;
  const partnership = context.person.partnership;
  if (sub === 'reset') {
    await clearWorkingPattern(db, context.person.id);
    await context.audit({ action: 'settings.reset', outcome: 'ALLOWED', subjectType: 'Person', subjectId: context.person.id });
    return showSettings(context, 'Back to the defaults.');
  }
  if (value === '') throw new ValidationError(`Say what to set: ${context.commandPrefix} settings ${sub} ${sub === 'hours' ? '09:00-15:00' : sub === 'days' ? 'mon,tue,wed' : 'Europe/Dublin'}.`);
  const current = (await findWorkingPattern(db, context.person.id)) ?? DEFAULT_WORKING_PATTERN;
  let next: WorkingPattern;
  if (sub === 'hours') next = { ...current, ...parseWorkingHours(value) };
  else if (sub === 'days') next = { ...current, workingDays: parseWorkingDays(value) };
  else next = { ...current, timeZone: value.toLowerCase() === 'default' ? null : parseTimeZone(value) };

  const calendar = await loadPartnershipCalendar(db, partnership.id);
  if (nextWorkingTime(calendar, next, context.services.now()) === null) {
    throw new ValidationError(
      `With that, your working time would never meet ${partnership.name}'s office hours (08:00–18:00 ${partnership.timeZone}, working days), so nothing could ever reach you. Nothing was changed.`,
    );
  }
  await saveWorkingPattern(db, context.person.id, next);
  await context.audit({ action: `settings.${sub}`, outcome: 'ALLOWED', subjectType: 'Person', subjectId: context.person.id, detail: { workingDays: [...next.workingDays], startHour: next.startHour, endHour: next.endHour, timeZone: next.timeZone } });
  return showSettings(context, 'Saved.');
}

export const calendarFeature: ChatFeature = {
  name: 'calendar',
  register(registry) {
    registry.command({
      name: 'calendar',
      summary: 'Lists the coming bank holidays and closure days; the secretariat adds or removes closure days.',
      usage: '[close <date> [until <date>] [reason] | open <date> [until <date>] | digest post-anyway | next-working-day]',
      example: 'calendar close 2026-12-29 until 2026-12-31 Christmas shutdown',
      async run(context, args) {
        const [sub = '', ...rest] = words(args.tokens);
        switch (sub.toLowerCase()) {
          case '':
            return showCalendar(context);
          case 'close':
            return closeDays(context, rest);
          case 'open':
            return openDays(context, rest);
          case 'digest':
            return digestRule(context, rest);
          default:
            throw new ValidationError(`${context.commandPrefix} calendar ${sub} is not something I know. Try ${context.commandPrefix} calendar, or (secretariat) calendar close, open or digest.`);
        }
      },
    });
    registry.command({
      name: 'settings',
      summary: 'Shows or changes your working days, hours and time zone, which reminders keep to.',
      usage: '[hours 09:00-15:00 | days mon,tue,wed | timezone Europe/Dublin | reset]',
      example: 'settings hours 09:00-15:00',
      async run(context, args) {
        const [sub = '', ...rest] = words(args.tokens);
        const name = sub.toLowerCase();
        if (name === '') return showSettings(context);
        if (name === 'hours' || name === 'days' || name === 'timezone' || name === 'reset') return changeSettings(context, name, rest.join(' ').trim());
        if (name === 'zone' || name === 'tz') return changeSettings(context, 'timezone', rest.join(' ').trim());
        throw new ValidationError(`${context.commandPrefix} settings ${sub} is not something I know. Try ${context.commandPrefix} settings hours, days, timezone or reset.`);
      },
    });
  },
};
