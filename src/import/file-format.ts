// Reading and writing partnership files. YAML and JSON are both read with the `yaml` parser, which keeps
// each value's position, so a problem can be reported with the line it is on.
import { LineCounter, parseDocument, stringify, type Document } from 'yaml';
import type { IsoWeekday } from '../domain/calendar.ts';
import { describeHours, describeWorkingDays } from '../domain/working-pattern-text.ts';
import type { PartnershipData } from './partnership-data.ts';
import { FILE_FORMAT_VERSION, partnershipFileSchema, type PartnershipFileParsed } from './file-schema.ts';
import { ProblemList, formatPath } from './problems.ts';
import { writeInstant } from './values.ts';
import {
  ACTION_STATUS, DIGEST_HOLIDAY_RULE, GROUP_KIND, HALLMARK, HALLMARK_ITEM_KIND, HALLMARK_STATUS, INDICATOR_UNIT, MAJORITY_RULE,
  MEMBERSHIP_ROLE, ORGANISATION_KIND, POLARITY, READING_FREQUENCY, RECORD_SOURCE, UPDATE_CADENCE, wordFor,
  type RecordSource,
} from './vocabulary.ts';
import { describeZodIssues } from './zod-issues.ts';

export type FileFormat = 'yaml' | 'json';

export function formatOfFileName(fileName: string): FileFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

export interface ReadFile {
  parsed: PartnershipFileParsed;
  /** `actions[3].dueDate (line 120)`: a path and the line it is on. */
  placeOf: (path: ReadonlyArray<PropertyKey>) => string;
}

function lineFinder(document: Document, lines: LineCounter) {
  return (path: ReadonlyArray<PropertyKey>): number | undefined => {
    for (let length = path.length; length >= 0; length -= 1) {
      const node = document.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
}

/**
 * Parses and validates a partnership file. Throws an ImportError listing every problem found (syntax,
 * missing or misspelt fields, values that cannot be read), each with its place in the file.
 */
export function readPartnershipText(text: string, fileName: string): ReadFile {
  const problems = new ProblemList();
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  for (const error of document.errors) {
    const where = error.linePos?.[0];
    const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    problems.add(where ? `line ${where.line}, column ${where.col}` : '', `the file cannot be read: ${reason}`);
  }
  problems.throwIfAny(fileName);

  const lineOf = lineFinder(document, lines);
  const placeOf = (path: ReadonlyArray<PropertyKey>) => {
    const line = lineOf(path);
    const where = formatPath(path);
    if (line === undefined) return where;
    return where === '' ? `line ${line}` : `${where} (line ${line})`;
  };

  const content: unknown = document.toJS({ maxAliasCount: 100 });
  if (content === null || typeof content !== 'object' || Array.isArray(content)) {
    problems.add('', 'expected a partnership file: a "partnership" section followed by lists such as "organisations" and "actions"');
    problems.throwIfAny(fileName);
  }
  const result = partnershipFileSchema.safeParse(content, { reportInput: true });
  if (!result.success) {
    for (const issue of describeZodIssues(result.error.issues)) problems.add(placeOf(issue.path), issue.message);
    problems.throwIfAny(fileName);
  }
  return { parsed: result.data!, placeOf };
}

type Plain = Record<string, unknown>;

/** Drops fields with no value so the file shows only what is set. */
function compact(fields: Plain): Plain {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)),
  );
}

/** The file document for a partnership, with the words and field names people read and write. */
function toFileDocument(data: PartnershipData): Plain {
  const timeZone = data.partnership.timeZone ?? 'Europe/London';
  const moment = (value: Date | null | undefined) => (value ? writeInstant(value, timeZone) : value);
  const source = (value: RecordSource | undefined) =>
    value === undefined || value === 'IMPORT' ? undefined : wordFor(RECORD_SOURCE, value);
  const p = data.partnership;
  return {
    version: FILE_FORMAT_VERSION,
    partnership: compact({
      slug: p.slug,
      name: p.name,
      timeZone: p.timeZone,
      quorum: p.quorum,
      majorityRule: p.majorityRule && wordFor(MAJORITY_RULE, p.majorityRule),
      chairHasCastingVote: p.chairHasCastingVote,
      voteReminderHours: p.voteReminderHours,
      escalationAfterDays: p.escalationAfterDays,
      defaultDigestCron: p.defaultDigestCron,
      digestOnBankHoliday: p.digestOnBankHoliday && wordFor(DIGEST_HOLIDAY_RULE, p.digestOnBankHoliday),
      closureDays: p.closureDays && p.closureDays.length > 0 ? p.closureDays.map((day) => compact({ ...day })) : undefined,
    }),
    organisations: data.organisations.map((o) => compact({ key: o.key, name: o.name, kind: wordFor(ORGANISATION_KIND, o.kind), statutory: o.statutory })),
    people: data.people.map(({ workingPattern, ...person }) =>
      compact({
        ...person,
        workingPattern: workingPattern && compact({
          days: workingPattern.days && describeWorkingDays(workingPattern.days.filter((day): day is IsoWeekday => day >= 1 && day <= 7)).toLowerCase().replace('–', '-'),
          hours: workingPattern.hours && describeHours(workingPattern.hours.startHour, workingPattern.hours.endHour).replace('–', '-'),
          timeZone: workingPattern.timeZone,
        }),
      }),
    ),
    groups: data.groups.map((g) =>
      compact({ key: g.key, name: g.name, kind: wordFor(GROUP_KIND, g.kind), parent: g.parent, defaultCadence: g.defaultCadence && wordFor(UPDATE_CADENCE, g.defaultCadence), digestCron: g.digestCron, secretTally: g.secretTally }),
    ),
    memberships: data.memberships.map((m) =>
      compact({ group: m.group, person: m.person, role: wordFor(MEMBERSHIP_ROLE, m.role), organisation: m.organisation, startsOn: m.startsOn, endsOn: m.endsOn }),
    ),
    ...(data.absences && data.absences.length > 0
      ? { absences: data.absences.map((absence) => compact({ person: absence.person, from: absence.from, until: absence.until, reason: absence.reason })) }
      : {}),
    plans: data.plans.map((plan) => ({
      key: plan.key,
      title: plan.title,
      periodStart: plan.periodStart,
      periodEnd: plan.periodEnd,
      priorities: plan.priorities.map((priority) => compact({ ...priority })),
    })),
    actions: data.actions.map((a) =>
      compact({
        ref: a.ref,
        title: a.title,
        description: a.description,
        notes: a.notes,
        plan: a.plan,
        priority: a.priority,
        leadOrganisation: a.leadOrganisation,
        owner: a.owner,
        group: a.group,
        dueDate: a.dueDate,
        cadence: a.cadence && wordFor(UPDATE_CADENCE, a.cadence),
        status: a.status && wordFor(ACTION_STATUS, a.status),
        progress: a.progress,
        lastUpdateAt: moment(a.lastUpdateAt),
        updates: a.updates?.map((u) =>
          compact({
            key: u.key,
            date: moment(u.at),
            author: u.author,
            source: source(u.source),
            status: wordFor(ACTION_STATUS, u.status),
            progress: u.progress,
            done: u.done,
            nextSteps: u.nextSteps,
            blockers: u.blockers,
            cancelReason: u.cancelReason,
            previousDueDate: u.previousDueDate,
            newDueDate: u.newDueDate,
            dueDateReason: u.dueDateReason,
            corrects: u.corrects,
          }),
        ),
      }),
    ),
    indicators: data.indicators.map((i) =>
      compact({
        code: i.code,
        name: i.name,
        unit: wordFor(INDICATOR_UNIT, i.unit),
        polarity: wordFor(POLARITY, i.polarity),
        amberTolerancePct: i.amberTolerancePct,
        frequency: i.frequency && wordFor(READING_FREQUENCY, i.frequency),
        cumulative: i.cumulative,
        headline: i.headline,
        leadOrganisation: i.leadOrganisation,
        group: i.group,
        baseline:
          (i.baselineValue ?? null) === null && (i.baselinePeriod ?? null) === null
            ? undefined
            : { value: i.baselineValue ?? null, ...compact({ period: i.baselinePeriod }) },
        targets: i.targets?.map((t) => ({ period: t.period, value: t.value })),
        readings: i.readings?.map((r) => compact({ period: r.period, value: r.value, source: source(r.source) })),
      }),
    ),
    hallmarks: data.hallmarks.map((h) =>
      compact({
        key: h.key,
        stage: h.stage,
        hallmark: h.hallmark && wordFor(HALLMARK, h.hallmark),
        kind: wordFor(HALLMARK_ITEM_KIND, h.kind),
        text: h.text,
        owner: h.owner,
        retiredAt: moment(h.retiredAt),
        assessment:
          h.assessment &&
          compact({
            status: h.assessment.status && wordFor(HALLMARK_STATUS, h.assessment.status),
            rawStatus: h.assessment.rawStatus,
            needsReview: h.assessment.needsReview,
            agreedAction: h.assessment.agreedAction,
            evidence: h.assessment.evidence,
            evidenceLinks: h.assessment.evidenceLinks,
            externalBody: h.assessment.externalBody,
            notApplicableReason: h.assessment.notApplicableReason,
            reviewDate: h.assessment.reviewDate,
            assessedBy: h.assessment.assessedBy,
            assessedAt: moment(h.assessment.assessedAt),
            source: source(h.assessment.source),
          }),
      }),
    ),
  };
}

export function writePartnershipText(data: PartnershipData, format: FileFormat): string {
  const document = toFileDocument(data);
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  return stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
}
