// The partnership file (YAML or JSON), validated with zod. Field names and words are the ones a file is
// written with (see vocabulary.ts); the parsed result is PartnershipData. Moments without an offset are read
// on the partnership's own clock, so they are resolved after the whole file is parsed.
import { z } from 'zod';
import { parseCron } from '../domain/cron.ts';
import { workingDaysText, workingHoursText } from '../domain/working-pattern-text.ts';
import type {
  ActionData, ActionUpdateData, HallmarkAssessmentData, HallmarkItemData, IndicatorData, PartnershipData,
  ReadingData, TargetData,
} from './partnership-data.ts';
import { readPeriod } from './periods.ts';
import {
  quote, readBoolean, readDate, readInstant, readNumber, readProgress, readTimeZone, readWholeNumber, type Read,
} from './values.ts';
import {
  ACTION_STATUS, DIGEST_HOLIDAY_RULE, GROUP_KIND, HALLMARK, HALLMARK_ITEM_KIND, HALLMARK_STATUS, INDICATOR_UNIT, MAJORITY_RULE,
  MEMBERSHIP_ROLE, ORGANISATION_KIND, POLARITY, READING_FREQUENCY, RECORD_SOURCE, UPDATE_CADENCE,
  describeChoices, lookUpWord, type Vocabulary,
} from './vocabulary.ts';

export const FILE_FORMAT_VERSION = 1;

/** A field read by one of the readers in values.ts; a missing field is reported as required. */
function field<T>(read: (input: unknown) => Read<T>) {
  return z.unknown().transform((input, ctx): T => {
    if (input === undefined) {
      ctx.addIssue({ code: 'custom', message: 'is required' });
      return z.NEVER;
    }
    const result = read(input);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    }
    return result.value;
  });
}

/** Optional and clearable: left out means unchanged; null or an empty text means none. */
function clearable<T>(read: (input: unknown) => Read<T>) {
  return z
    .unknown()
    .optional()
    .transform((input, ctx): T | null | undefined => {
      if (input === undefined) return undefined;
      if (input === null || (typeof input === 'string' && input.trim() === '')) return null;
      const result = read(input);
      if (!result.ok) {
        ctx.addIssue({ code: 'custom', message: result.message });
        return z.NEVER;
      }
      return result.value;
    });
}

function optional<T>(read: (input: unknown) => Read<T>) {
  return clearable(read).transform((value, ctx): T | undefined => {
    if (value === null) {
      ctx.addIssue({ code: 'custom', message: 'must have a value when it is given (leave the field out instead)' });
      return z.NEVER;
    }
    return value;
  });
}

const MAX_TEXT = 10_000;

function readText(input: unknown): Read<string> {
  if (typeof input === 'number' || typeof input === 'boolean') return { ok: true, value: String(input) };
  if (typeof input !== 'string') return { ok: false, message: `expected text, got ${quote(input)}` };
  const text = input.trim();
  if (text === '') return { ok: false, message: 'must not be empty' };
  if (text.length > MAX_TEXT) return { ok: false, message: `is longer than ${MAX_TEXT} characters` };
  return { ok: true, value: text };
}

/** A human key: a reference other records use, so it has no line breaks and a sensible length. */
function readKey(input: unknown): Read<string> {
  const text = readText(input);
  if (!text.ok) return text;
  if (text.value.length > 100 || /[\r\n\t]/.test(text.value)) {
    return { ok: false, message: `expected a short key on one line, got ${quote(input)}` };
  }
  return text;
}

function readSlug(input: unknown): Read<string> {
  if (typeof input === 'string' && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(input) && input.length <= 60) return { ok: true, value: input };
  return { ok: false, message: `expected a short name of lower-case letters, digits and hyphens like safer-norwich, got ${quote(input)}` };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
function readEmail(input: unknown): Read<string> {
  if (typeof input === 'string' && EMAIL.test(input.trim())) return { ok: true, value: input.trim().toLowerCase() };
  return { ok: false, message: `expected an email address like name@example.org, got ${quote(input)}` };
}

function readCron(input: unknown): Read<string> {
  const example = 'a schedule like "0 9 * * 1" (09:00 every Monday)';
  if (typeof input !== 'string') return { ok: false, message: `expected ${example}, got ${quote(input)}` };
  const parsed = parseCron(input);
  if (!parsed.ok) return { ok: false, message: `expected ${example}, got ${quote(input)}: ${parsed.error}` };
  return { ok: true, value: input.trim().replace(/\s+/g, ' ') };
}

function readWord<V extends string>(vocab: Vocabulary<V>) {
  return (input: unknown): Read<V> => {
    const value = typeof input === 'string' ? lookUpWord(vocab, input) : undefined;
    return value === undefined
      ? { ok: false, message: `expected ${vocab.noun} (${describeChoices(vocab)}), got ${quote(input)}` }
      : { ok: true, value };
  };
}

function readValidInstant(input: unknown): Read<string> {
  const result = readInstant(input, 'UTC');
  return result.ok ? { ok: true, value: String(input instanceof Date ? input.toISOString() : input).trim() } : result;
}

const text = field(readText);
const key = field(readKey);
const optionalText = clearable(readText);
const optionalKey = clearable(readKey);
const date = field(readDate);
const optionalDate = clearable(readDate);
const number = field(readNumber);
const boolean = optional(readBoolean);
const progress = optional(readProgress);
const instant = field(readValidInstant);

const closureDay = z.strictObject({
  date: field(readDate),
  reason: optionalText,
});

const partnership = z.strictObject({
  slug: field(readSlug),
  name: text,
  timeZone: optional(readTimeZone),
  quorum: field((input) => readWholeNumber(input, 1)),
  majorityRule: optional(readWord(MAJORITY_RULE)),
  chairHasCastingVote: boolean,
  voteReminderHours: optional((input) => readWholeNumber(input, 1)),
  escalationAfterDays: optional((input) => readWholeNumber(input, 1)),
  defaultDigestCron: optional(readCron),
  digestOnBankHoliday: optional(readWord(DIGEST_HOLIDAY_RULE)),
  closureDays: z.array(closureDay).optional(),
});

const organisation = z.strictObject({
  key,
  name: text,
  kind: field(readWord(ORGANISATION_KIND)),
  statutory: boolean,
});

/** A zod text parser (working-pattern-text.ts) as a field reader. */
function readWith<T>(schema: z.ZodType<T>) {
  return (input: unknown): Read<T> => {
    const result = schema.safeParse(typeof input === 'number' ? String(input) : input);
    return result.success ? { ok: true, value: result.data } : { ok: false, message: result.error.issues[0]?.message ?? 'is not valid' };
  };
}

const workingPattern = z.strictObject({
  days: optional(readWith(workingDaysText)),
  hours: optional(readWith(workingHoursText)),
  timeZone: optional(readTimeZone),
});

const person = z.strictObject({
  key,
  name: text,
  email: clearable(readEmail),
  jobTitle: optionalText,
  organisation: optionalKey,
  workingPattern: workingPattern.optional(),
});

const group = z.strictObject({
  key,
  name: text,
  kind: field(readWord(GROUP_KIND)),
  parent: optionalKey,
  defaultCadence: optional(readWord(UPDATE_CADENCE)),
  digestCron: clearable(readCron),
  /** New votes in the group keep their count secret until they close (the proposer may choose otherwise). */
  secretTally: boolean,
});

const membership = z.strictObject({
  group: key,
  person: key,
  role: field(readWord(MEMBERSHIP_ROLE)),
  organisation: optionalKey,
  startsOn: optionalDate,
  endsOn: optionalDate,
});

const absence = z
  .strictObject({
    person: key,
    from: date,
    until: optionalDate,
    reason: optionalText,
  })
  .superRefine((value, ctx) => {
    if (value.until && value.until < value.from) ctx.addIssue({ code: 'custom', path: ['until'], message: `is before the first day away (${value.from})` });
  });

const priority = z.strictObject({
  key,
  title: text,
  description: optionalText,
  outcomes: z.array(text).optional(),
});

const plan = z
  .strictObject({
    key,
    title: text,
    periodStart: date,
    periodEnd: date,
    priorities: z.array(priority).default([]),
  })
  .superRefine((value, ctx) => {
    if (value.periodEnd < value.periodStart) {
      ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: `ends (${value.periodEnd}) before it starts (${value.periodStart})` });
    }
  });

const actionUpdate = z.strictObject({
  key,
  date: instant,
  author: optionalKey,
  source: optional(readWord(RECORD_SOURCE)),
  status: field(readWord(ACTION_STATUS)),
  progress: field(readProgress),
  done: optionalText,
  nextSteps: optionalText,
  blockers: optionalText,
  cancelReason: optionalText,
  previousDueDate: optionalDate,
  newDueDate: optionalDate,
  dueDateReason: optionalText,
  corrects: optionalKey,
});

const action = z.strictObject({
  ref: key,
  title: text,
  description: optionalText,
  notes: optionalText,
  plan: optionalKey,
  priority: optionalKey,
  leadOrganisation: optionalKey,
  owner: optionalKey,
  group: optionalKey,
  dueDate: optionalDate,
  cadence: clearable(readWord(UPDATE_CADENCE)),
  status: optional(readWord(ACTION_STATUS)),
  progress,
  lastUpdateAt: clearable(readValidInstant),
  updates: z.array(actionUpdate).optional(),
});

/** A period label, read into the label the bot uses and the days it covers. */
const period = field(readPeriod);

const target = z
  .strictObject({ period, value: clearable(readNumber) })
  .transform(({ period: span, value }): TargetData => ({ ...span, value: value ?? null }));

const reading = z
  .strictObject({ period, value: number, source: optional(readWord(RECORD_SOURCE)) })
  .transform(({ period: span, ...rest }): ReadingData => ({ ...span, ...rest }));

const indicator = z.strictObject({
  code: key,
  name: text,
  unit: field(readWord(INDICATOR_UNIT)),
  polarity: field(readWord(POLARITY)),
  amberTolerancePct: clearable(readNumber),
  frequency: optional(readWord(READING_FREQUENCY)),
  cumulative: boolean,
  headline: boolean,
  leadOrganisation: optionalKey,
  group: optionalKey,
  baseline: z.strictObject({ value: clearable(readNumber), period: optionalText }).nullable().optional(),
  targets: z.array(target).optional(),
  readings: z.array(reading).optional(),
});

const assessment = z.strictObject({
  status: clearable(readWord(HALLMARK_STATUS)),
  rawStatus: optionalText,
  needsReview: boolean,
  agreedAction: optionalText,
  evidence: optionalText,
  evidenceLinks: z.array(text).optional(),
  externalBody: optionalText,
  notApplicableReason: optionalText,
  reviewDate: optionalDate,
  assessedBy: optionalKey,
  assessedAt: optional(readValidInstant),
  source: optional(readWord(RECORD_SOURCE)),
});

const hallmarkItem = z.strictObject({
  key,
  stage: text,
  hallmark: clearable(readWord(HALLMARK)),
  kind: field(readWord(HALLMARK_ITEM_KIND)),
  text,
  owner: optionalKey,
  retiredAt: clearable(readValidInstant),
  assessment: assessment.optional(),
});

export const partnershipFileSchema = z.strictObject({
  version: z.literal(FILE_FORMAT_VERSION).optional(),
  partnership,
  organisations: z.array(organisation).default([]),
  people: z.array(person).default([]),
  groups: z.array(group).default([]),
  memberships: z.array(membership).default([]),
  absences: z.array(absence).default([]),
  plans: z.array(plan).default([]),
  actions: z.array(action).default([]),
  indicators: z.array(indicator).default([]),
  hallmarks: z.array(hallmarkItem).default([]),
});

export type PartnershipFileParsed = z.output<typeof partnershipFileSchema>;

function moment(value: string, timeZone: string): Date {
  const result = readInstant(value, timeZone);
  if (!result.ok) throw new Error(`Validated moment could not be read: ${value}`);
  return result.value;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Resolves moments on the partnership's clock and gives the parsed file the shape the importer works with. */
export function toPartnershipData(parsed: PartnershipFileParsed, existingTimeZone?: string): PartnershipData {
  const timeZone = parsed.partnership.timeZone ?? existingTimeZone ?? 'Europe/London';
  const at = (value: string) => moment(value, timeZone);
  const atOrNull = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : at(value));

  const actions = parsed.actions.map((entry): ActionData => {
    const { updates, lastUpdateAt, ...rest } = entry;
    return withoutUndefined({
      ...rest,
      lastUpdateAt: atOrNull(lastUpdateAt),
      updates: updates?.map(({ date: when, ...update }): ActionUpdateData => withoutUndefined({ ...update, at: at(when) })),
    }) as ActionData;
  });
  const indicators = parsed.indicators.map((entry): IndicatorData => {
    const { baseline, targets, readings, ...rest } = entry;
    return withoutUndefined({
      ...rest,
      baselineValue: baseline === undefined ? undefined : (baseline?.value ?? null),
      baselinePeriod: baseline === undefined ? undefined : (baseline?.period ?? null),
      targets,
      readings: readings?.map((value) => withoutUndefined(value) as ReadingData),
    }) as IndicatorData;
  });
  const hallmarks = parsed.hallmarks.map((entry): HallmarkItemData => {
    const { assessment: current, retiredAt, ...rest } = entry;
    return withoutUndefined({
      ...rest,
      retiredAt: atOrNull(retiredAt),
      assessment: current
        ? (withoutUndefined({ ...current, assessedAt: current.assessedAt === undefined ? undefined : at(current.assessedAt) }) as HallmarkAssessmentData)
        : undefined,
    }) as HallmarkItemData;
  });

  return {
    partnership: withoutUndefined({ ...parsed.partnership, closureDays: parsed.partnership.closureDays?.map(withoutUndefined) }),
    organisations: parsed.organisations.map(withoutUndefined),
    people: parsed.people.map((entry) => withoutUndefined({ ...entry, workingPattern: entry.workingPattern && withoutUndefined(entry.workingPattern) })),
    groups: parsed.groups.map(withoutUndefined),
    memberships: parsed.memberships.map(withoutUndefined),
    absences: parsed.absences.map(withoutUndefined),
    plans: parsed.plans.map((entry) => ({ ...entry, priorities: entry.priorities.map(withoutUndefined) })),
    actions,
    indicators,
    hallmarks,
  };
}
