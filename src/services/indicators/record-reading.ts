// Recording an indicator reading from chat (`/csp kpi record` or the form on the indicator card). Only the
// indicator's lead organisation (people who work for it or stand for it in a group) and the secretariat may
// record; a second value for the same period corrects the first and the old value stays in the history.
import { z } from 'zod';
import { findPersonOrganisationId, recordReading, type IndicatorRecord, type IndicatorUnitName, type RecordReadingOutcome } from '../../db/indicator-store.ts';
import { ForbiddenError, ValidationError } from '../../domain/errors.ts';
import { type Period, type ReadingFrequency, describePeriod, parsePeriod, periodContaining, periodKindForFrequency, shiftPeriod } from '../../domain/periods.ts';
import { MAX_READING_VALUE } from '../../domain/stored-numbers.ts';
import type { PersonContext } from '../registry.ts';

export const READING_FIELDS = { period: 'period', value: 'value' } as const;

/** Whether the person may record readings for an indicator led by `leadOrganisationId`. */
export function mayRecordReadings(context: PersonContext, personOrganisationId: string | null, leadOrganisationId: string | null): boolean {
  if (context.roles.has('SECRETARIAT')) return true;
  if (leadOrganisationId === null) return false;
  return personOrganisationId === leadOrganisationId || context.memberships.some((membership) => membership.organisationId === leadOrganisationId);
}

export async function checkMayRecord(context: PersonContext, indicator: IndicatorRecord): Promise<void> {
  const organisationId = await findPersonOrganisationId(context.services.db, context.person.id);
  if (mayRecordReadings(context, organisationId, indicator.leadOrganisation?.id ?? null)) return;
  const who = indicator.leadOrganisation ? `people from ${indicator.leadOrganisation.name} (the lead organisation)` : 'no lead organisation is set, so only';
  throw new ForbiddenError(`Only ${who} or the secretariat can record readings for ${indicator.code}.`, {
    details: { indicatorId: indicator.id, leadOrganisationId: indicator.leadOrganisation?.id ?? null },
  });
}

const NUMBER_TEXT = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

function valueSchema(unit: IndicatorUnitName) {
  const number = z
    .string()
    .trim()
    .min(1, 'Enter a value, for example 35.2')
    .transform((text) => text.replace(/,/g, '').replace(/\s*%$/, ''))
    .refine((text) => NUMBER_TEXT.test(text), 'Enter a number, for example 48749 or 35.2')
    .transform(Number)
    .refine((value) => value >= 0, 'A reading cannot be negative')
    .refine((value) => value <= MAX_READING_VALUE, `A reading cannot be more than ${MAX_READING_VALUE.toLocaleString('en-GB', { maximumFractionDigits: 4 })}`);
  return unit === 'PERCENT' ? number.refine((value) => value <= 100, 'A percentage cannot be more than 100') : number;
}

function parseReadingValue(text: string, unit: IndicatorUnitName): number {
  const result = valueSchema(unit).safeParse(text);
  if (result.success) return result.data;
  const reason = result.error.issues[0]?.message ?? 'Not a valid value';
  throw new ValidationError(`"${text}" is not a value I can record: ${reason.toLowerCase()}.`, { fieldErrors: { [READING_FIELDS.value]: reason } });
}

const KIND_EXAMPLES: Readonly<Record<ReadingFrequency, string>> = {
  MONTHLY: 'a month like 2026-04',
  QUARTERLY: 'a financial quarter like 2026-Q1 (April to June 2026)',
  ANNUAL: 'a financial year like 2026/27',
};

/** A reporting period of the indicator's frequency that has started by `today` ('YYYY-MM-DD'). */
function parseReadingPeriod(text: string, frequency: ReadingFrequency, today: string): Period {
  let period: Period;
  try {
    period = parsePeriod(text);
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(error.message, { fieldErrors: { [READING_FIELDS.period]: `Use ${KIND_EXAMPLES[frequency]}` } });
    }
    throw error;
  }
  if (period.kind !== periodKindForFrequency(frequency)) {
    const message = `This indicator has ${frequency.toLowerCase()} readings: use ${KIND_EXAMPLES[frequency]}, not ${period.label}.`;
    throw new ValidationError(message, { fieldErrors: { [READING_FIELDS.period]: `Use ${KIND_EXAMPLES[frequency]}` } });
  }
  if (period.start > today) {
    const message = `${describePeriod(period)} has not started yet, so there is nothing to record for it.`;
    throw new ValidationError(message, { fieldErrors: { [READING_FIELDS.period]: 'That period has not started yet' } });
  }
  return period;
}

/** The periods offered on the form: the current one and the seven before it, newest first. */
export function recentPeriods(frequency: ReadingFrequency, today: string, count = 8): Period[] {
  const current = periodContaining(today, periodKindForFrequency(frequency));
  return Array.from({ length: count }, (_, index) => shiftPeriod(current, -index));
}

export interface RecordedReading {
  period: Period;
  value: number;
  result: RecordReadingOutcome;
}

export async function recordIndicatorReading(
  context: PersonContext,
  indicator: IndicatorRecord,
  input: { period: string; value: string },
): Promise<RecordedReading> {
  await checkMayRecord(context, indicator);
  const today = context.today.toISOString().slice(0, 10);
  const fieldErrors: Record<string, string> = {};
  let period: Period | undefined;
  let value: number | undefined;
  const messages: string[] = [];
  try {
    period = parseReadingPeriod(input.period, indicator.frequency, today);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    Object.assign(fieldErrors, error.fieldErrors);
    messages.push(error.message);
  }
  try {
    value = parseReadingValue(input.value, indicator.unit);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    Object.assign(fieldErrors, error.fieldErrors);
    messages.push(error.message);
  }
  if (!period || value === undefined) throw new ValidationError(messages.join(' '), { fieldErrors });

  const result = await recordReading(context.services.db, {
    indicatorId: indicator.id,
    period: period.label,
    periodStart: new Date(`${period.start}T00:00:00Z`),
    periodEnd: new Date(`${period.end}T00:00:00Z`),
    value,
    recordedById: context.person.id,
    source: 'CHAT',
    at: context.services.now(),
  });
  await context.audit({
    action: 'indicator.reading.record',
    outcome: 'ALLOWED',
    subjectType: 'Indicator',
    subjectId: indicator.id,
    detail: {
      code: indicator.code,
      period: period.label,
      value,
      outcome: result.outcome,
      ...(result.outcome === 'corrected' ? { previousValue: result.previousValue } : {}),
    },
  });
  return { period, value, result };
}
