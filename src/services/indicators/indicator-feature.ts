// `/csp kpi`: the partnership's performance indicators with their latest value, target, RAG status, trend arrow
// and trend line; `/csp kpi <code>` opens one indicator's card and `/csp kpi <group>` lists a group's;
// `/csp kpi record <code> <period> <value>` records a reading (as does the form on the card).
import { z } from 'zod';
import { listIndicatorCodes, listReadingRevisions, loadIndicators, findPersonOrganisationId, type IndicatorRecord } from '../../db/indicator-store.ts';
import { findGroupsByKeyOrName } from '../../db/membership-store.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { type Period, comparePeriods, nextPeriod, periodKindForFrequency, tryParsePeriod } from '../../domain/periods.ts';
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { ActionValue, ImageBlock, MessageView } from '../../views/model.ts';
import { bold, rich } from '../../views/model.ts';
import type { ChatResponse } from '../chat-core.ts';
import { closestMatch } from '../closest-match.ts';
import { indicatorChartData } from '../charts/chart-data.ts';
import { renderIndicatorChart } from '../charts/indicator-chart.ts';
import type { ChatFeature, CommandArguments, PersonContext, RequestContext } from '../registry.ts';
import { message, privateReply } from '../replies.ts';
import { formatTarget, formatValue, ragBadge } from './indicator-format.ts';
import { type IndicatorStatusRow, byUrgency, loadIndicatorStatuses, summariseIndicators } from './indicator-statuses.ts';
import { INDICATOR_LIST_ID, indicatorCard, indicatorListMessage, readingForm, shortPeriod } from './indicator-views.ts';
import { READING_FIELDS, checkMayRecord, mayRecordReadings, recentPeriods, recordIndicatorReading, type RecordedReading } from './record-reading.ts';

const REVISIONS_ON_CARD = 3;

const indicatorValue = z.object({ indicatorId: z.uuid() });
const listValue = z.object({ groupId: z.uuid().optional() });

function todayOf(context: PersonContext): string {
  return context.today.toISOString().slice(0, 10);
}

/** "NI 21", "ni21" and "NI-21" are the same code. */
function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s\-_.]+/g, '');
}

function words(args: CommandArguments): string[] {
  return args.tokens.flatMap((token) => (token.kind === 'word' ? [token.text] : []));
}

function parseValue<T>(schema: z.ZodType<T>, value: ActionValue | undefined, what: string): T {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new ValidationError(`That ${what} button carries no usable details. Please ask for the list again.`);
  return parsed.data;
}

async function indicatorById(context: PersonContext, indicatorId: string): Promise<IndicatorRecord> {
  const [indicator] = await loadIndicators(
    context.services.db,
    { ids: [indicatorId], partnershipIds: [context.person.partnershipId] },
    null,
  );
  if (!indicator) throw new NotFoundError('That indicator no longer exists in your partnership.');
  return indicator;
}

async function indicatorByCode(context: PersonContext, code: string): Promise<IndicatorRecord | null> {
  const codes = await listIndicatorCodes(context.services.db, context.person.partnershipId);
  const wanted = normaliseCode(code);
  const match = codes.find((candidate) => normaliseCode(candidate.code) === wanted);
  return match ? indicatorById(context, match.id) : null;
}

/** A red or amber indicator's card shows its readings against the target; a chart that fails is left out. */
async function cardChart(context: PersonContext, row: IndicatorStatusRow): Promise<ImageBlock | undefined> {
  if (row.summary.status !== 'RED' && row.summary.status !== 'AMBER') return undefined;
  const data = indicatorChartData(row);
  if (!data) return undefined;
  try {
    const image = await renderIndicatorChart(data);
    return { type: 'image', png: image.png, altText: image.altText, title: 'Readings against the target', fileName: `${row.indicator.code.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-chart.png` };
  } catch (error) {
    context.services.logger.warn('An indicator chart could not be drawn; the card goes without it', { indicator: row.indicator.code, error });
    return undefined;
  }
}

async function cardFor(context: PersonContext, indicator: IndicatorRecord): Promise<MessageView> {
  const { db } = context.services;
  const [row] = summariseIndicators([indicator], todayOf(context));
  if (!row) throw new NotFoundError('That indicator no longer exists in your partnership.');
  const [revisions, organisationId, chart] = await Promise.all([
    listReadingRevisions(db, indicator.id, REVISIONS_ON_CARD),
    findPersonOrganisationId(db, context.person.id),
    cardChart(context, row),
  ]);
  return indicatorCard({
    row,
    revisions,
    ...(chart ? { chart } : {}),
    canRecord: mayRecordReadings(context, organisationId, indicator.leadOrganisation?.id ?? null),
    timeZone: context.person.partnership.timeZone,
  });
}

interface ListScope {
  title: string;
  groupId?: string;
}

async function listScope(context: PersonContext, groupId: string | undefined): Promise<ListScope> {
  if (!groupId) return { title: `Indicators · ${context.person.partnership.name}` };
  const group = await context.services.db.group.findFirst({ where: { id: groupId, partnershipId: context.person.partnershipId }, select: { id: true, name: true } });
  if (!group) throw new NotFoundError('That group no longer exists in your partnership.');
  return { title: `Indicators · ${group.name}`, groupId: group.id };
}

async function indicatorList(context: PersonContext, groupId: string | undefined, page: number): Promise<MessageView> {
  const scope = await listScope(context, groupId);
  const rows = await loadIndicatorStatuses(
    context.services.db,
    { partnershipIds: [context.person.partnershipId], ...(scope.groupId ? { groupIds: [scope.groupId] } : {}) },
    todayOf(context),
  );
  return indicatorListMessage({
    title: scope.title,
    rows: [...rows].sort(byUrgency),
    page,
    pagingValue: scope.groupId ? { groupId: scope.groupId } : {},
  });
}

function confirmation(context: PersonContext, indicator: IndicatorRecord, recorded: RecordedReading, row: IndicatorStatusRow | undefined): MessageView {
  const value = formatValue(recorded.value, indicator.unit);
  const period = shortPeriod(recorded.period);
  const lead =
    recorded.result.outcome === 'corrected'
      ? rich('Corrected ', bold(indicator.code), ` for ${period}: ${formatValue(recorded.result.previousValue, indicator.unit)} → ${value}. The old value is kept in the history.`)
      : recorded.result.outcome === 'unchanged'
        ? rich(bold(indicator.code), ` for ${period} was already ${value}; nothing changed.`)
        : rich('Recorded ', bold(indicator.code), ` for ${period}: ${value}.`);
  const assessment = row?.summary.latest;
  const status =
    assessment && assessment.period.label === recorded.period.label
      ? `${ragBadge(assessment.rag.status)}${assessment.target?.value != null ? ` against a target of ${formatTarget(assessment.target.value, indicator.unit, indicator.polarity)}` : ''}.`
      : `Status: ${row ? ragBadge(row.summary.status) : 'unknown'} (the latest period with a reading is judged).`;
  return message({ type: 'text', text: lead }, { type: 'context', text: `${status} See it with ${context.commandPrefix} kpi ${indicator.code}.` });
}

async function afterRecording(context: PersonContext, indicator: IndicatorRecord, recorded: RecordedReading): Promise<MessageView> {
  const [row] = summariseIndicators([await indicatorById(context, indicator.id)], todayOf(context));
  return confirmation(context, indicator, recorded, row);
}

async function recordCommand(context: RequestContext, parts: readonly string[]): Promise<ChatResponse> {
  const usage = `${context.commandPrefix} kpi record <code> <period> <value>, for example ${context.commandPrefix} kpi record NI 21 2026-Q1 35.6`;
  if (parts.length < 3) throw new ValidationError(`Say which indicator, which period and the value: ${usage}.`);
  const valueText = parts[parts.length - 1] ?? '';
  const periodText = parts[parts.length - 2] ?? '';
  const code = parts.slice(0, -2).join(' ');
  const indicator = await indicatorByCode(context, code);
  if (!indicator) throw await unknownIndicator(context, code);
  const recorded = await recordIndicatorReading(context, indicator, { period: periodText, value: valueText });
  return [privateReply(await afterRecording(context, indicator, recorded))];
}

async function unknownIndicator(context: PersonContext, typed: string): Promise<NotFoundError> {
  const codes = await listIndicatorCodes(context.services.db, context.person.partnershipId);
  const suggestion = closestMatch(typed, codes.map((candidate) => candidate.code));
  const hint = suggestion ? ` Did you mean ${suggestion}?` : '';
  const known = codes.length > 0 ? ` The codes are: ${codes.map((candidate) => candidate.code).join(', ')}.` : ' There are no indicators yet.';
  return new NotFoundError(`There is no indicator or group called "${typed}".${hint}${known}`);
}

/** The period to offer first: the first ended period after the latest reading, else the last ended one. */
function suggestedPeriod(indicator: IndicatorRecord, today: string): string {
  const [current, lastEnded = current] = recentPeriods(indicator.frequency, today, 2);
  if (!lastEnded) return '';
  const kind = periodKindForFrequency(indicator.frequency);
  const latest = indicator.readings
    .map((reading) => tryParsePeriod(reading.period))
    .filter((period): period is Period => period !== null && period.kind === kind)
    .sort(comparePeriods)
    .at(-1);
  if (!latest) return lastEnded.label;
  const next = nextPeriod(latest);
  return comparePeriods(next, lastEnded) <= 0 ? next.label : lastEnded.label;
}

function formFor(context: PersonContext, indicator: IndicatorRecord, initial: { period?: string; value?: number }) {
  const today = todayOf(context);
  return readingForm({
    indicator,
    periods: recentPeriods(indicator.frequency, today),
    initialPeriod: initial.period ?? suggestedPeriod(indicator, today),
    ...(initial.value !== undefined ? { initialValue: initial.value } : {}),
  });
}

async function kpiCommand(context: RequestContext, args: CommandArguments): Promise<ChatResponse> {
  const parts = words(args);
  if (parts[0]?.toLowerCase() === 'record') return recordCommand(context, parts.slice(1));
  const query = parts.join(' ').trim();
  if (query === '') return [privateReply(await indicatorList(context, undefined, 0))];
  const indicator = await indicatorByCode(context, query);
  if (indicator) return [privateReply(await cardFor(context, indicator))];
  const groups = await findGroupsByKeyOrName(context.services.db, context.person.partnershipId, query);
  const [group] = groups;
  if (group && groups.length === 1) return [privateReply(await indicatorList(context, group.id, 0))];
  if (groups.length > 1) {
    throw new ValidationError(`"${query}" matches more than one group: ${groups.map((candidate) => `${candidate.key} (${candidate.name})`).join(', ')}. Use the group's key.`);
  }
  throw await unknownIndicator(context, query);
}

export const indicatorFeature: ChatFeature = {
  name: 'indicators',
  register(registry) {
    registry.command({
      name: 'kpi',
      aliases: ['indicators'],
      summary: 'Shows performance indicators: latest value, target, red/amber/green and trend; records a reading.',
      usage: '[code | group] | record <code> <period> <value>',
      example: 'kpi NI 21',
      run: kpiCommand,
    });
    registry.action({
      actionId: ACTION_IDS.openDigestIndicator,
      async run(context, request) {
        const { indicatorId } = parseValue(indicatorValue, request.value, 'indicator');
        return [privateReply(await cardFor(context, await indicatorById(context, indicatorId)))];
      },
    });
    registry.action({
      actionId: ACTION_IDS.openIndicatorList,
      async run(context, request) {
        const { groupId } = parseValue(listValue, request.value, 'indicator list');
        return [privateReply(await indicatorList(context, groupId, 0))];
      },
    });
    registry.pagedList({
      id: INDICATOR_LIST_ID,
      async run(context, page, value) {
        const { groupId } = parseValue(listValue, value, 'indicator list');
        return [{ type: 'updateMessage', message: await indicatorList(context, groupId, page) }];
      },
    });
    registry.action({
      actionId: ACTION_IDS.openReadingForm,
      async run(context, request) {
        const { indicatorId } = parseValue(indicatorValue, request.value, 'record a reading');
        const indicator = await indicatorById(context, indicatorId);
        await checkMayRecord(context, indicator);
        return [{ type: 'openForm', form: formFor(context, indicator, {}) }];
      },
    });
    registry.form({
      formId: ACTION_IDS.submitReadingForm,
      async run(context, submission) {
        const { indicatorId } = parseValue(indicatorValue, submission.metadata, 'reading form');
        const indicator = await indicatorById(context, indicatorId);
        const recorded = await recordIndicatorReading(context, indicator, {
          period: submission.fields[READING_FIELDS.period] ?? '',
          value: submission.fields[READING_FIELDS.value] ?? '',
        });
        return [{ type: 'closeForm', message: await afterRecording(context, indicator, recorded) }];
      },
      async reopen(context, submission) {
        const { indicatorId } = parseValue(indicatorValue, submission.metadata, 'reading form');
        const indicator = await indicatorById(context, indicatorId);
        const value = Number(submission.fields[READING_FIELDS.value]);
        return formFor(context, indicator, {
          period: submission.fields[READING_FIELDS.period],
          ...(submission.fields[READING_FIELDS.value] !== undefined && Number.isFinite(value) ? { value } : {}),
        });
      },
    });
    registry.homeShortcut({ label: 'Indicators', actionId: ACTION_IDS.openIndicatorList, value: {}, order: 40 });
  },
};
