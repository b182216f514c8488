// Reads a whole partnership for import and export, and writes an import's changes in one transaction.
// Rows are written in bulk: createMany for new rows and one UPDATE … FROM (VALUES …) per chunk of changed
// rows, so importing thousands of actions takes a handful of round trips, not one per row.
import { Prisma, type PrismaClient } from './generated/client.ts';
import type {
  AbsenceRow, ActionRow, ActionUpdateRow, ChangeSet, ClosureDayRow, GroupRow, HallmarkAssessmentRow, HallmarkItemRow, IndicatorRow,
  MembershipRow, OrganisationRow, OutcomeRow, PartnershipState, PersonRow, PlanRow, PriorityRow,
  ReadingRevisionRow, ReadingRow, TargetRow, WorkingPatternRow,
} from '../import/partnership-state.ts';

export type PartnershipDatabase = PrismaClient;
type Tx = Prisma.TransactionClient;

/** Generous: a first import of a large partnership on embedded PGlite can take a while. */
const IMPORT_TRANSACTION_TIMEOUT_MS = 10 * 60_000;
const IMPORT_TRANSACTION_MAX_WAIT_MS = 60_000;
const CHUNK_SIZE = 1_000;

const toDay = (value: Date): string => value.toISOString().slice(0, 10);
const toDayOrNull = (value: Date | null): string | null => (value === null ? null : toDay(value));
const fromDay = (value: string): Date => new Date(`${value}T00:00:00.000Z`);
const fromDayOrNull = (value: string | null): Date | null => (value === null ? null : fromDay(value));
const toNumber = (value: Prisma.Decimal): number => value.toNumber();
const toNumberOrNull = (value: Prisma.Decimal | null): number | null => (value === null ? null : value.toNumber());
const decimalText = (value: number): string => String(value);
const decimalTextOrNull = (value: number | null): string | null => (value === null ? null : String(value));

export async function listPartnershipSlugs(prisma: PartnershipDatabase): Promise<string[]> {
  const rows = await prisma.partnership.findMany({ select: { slug: true }, orderBy: { slug: 'asc' } });
  return rows.map((row) => row.slug);
}

/** The whole partnership, or null when no partnership has this slug. */
export async function readPartnershipState(prisma: PartnershipDatabase | Tx, slug: string): Promise<PartnershipState | null> {
  const partnership = await prisma.partnership.findUnique({ where: { slug } });
  if (!partnership) return null;
  const partnershipId = partnership.id;
  const inPartnership = { partnershipId };

  const organisations = await prisma.organisation.findMany({ where: inPartnership });
  const people = await prisma.person.findMany({ where: inPartnership });
  const groups = await prisma.group.findMany({ where: inPartnership });
  const memberships = await prisma.membership.findMany({ where: { group: inPartnership } });
  const absences = await prisma.absence.findMany({ where: { person: inPartnership }, orderBy: [{ fromDate: 'asc' }, { createdAt: 'asc' }] });
  const plans = await prisma.plan.findMany({ where: inPartnership });
  const priorities = await prisma.priority.findMany({ where: { plan: inPartnership } });
  const outcomes = await prisma.outcome.findMany({ where: { priority: { plan: inPartnership } } });
  const actions = await prisma.action.findMany({ where: inPartnership });
  const actionUpdates = await prisma.actionUpdate.findMany({ where: { action: inPartnership } });
  const indicators = await prisma.indicator.findMany({ where: inPartnership });
  const targets = await prisma.indicatorTarget.findMany({ where: { indicator: inPartnership } });
  const readings = await prisma.indicatorReading.findMany({ where: { indicator: inPartnership } });
  const hallmarkItems = await prisma.hallmarkItem.findMany({ where: inPartnership });
  const closureDays = await prisma.closureDay.findMany({ where: inPartnership, orderBy: { date: 'asc' } });
  const workingPatterns = await prisma.workingPattern.findMany({ where: { person: inPartnership } });
  const assessments = await prisma.hallmarkAssessment.findMany({
    where: { item: inPartnership },
    orderBy: [{ itemId: 'asc' }, { assessedAt: 'desc' }],
  });
  const latestAssessments = new Map<string, (typeof assessments)[number]>();
  for (const row of assessments) if (!latestAssessments.has(row.itemId)) latestAssessments.set(row.itemId, row);

  return {
    partnership: {
      id: partnership.id,
      slug: partnership.slug,
      name: partnership.name,
      timeZone: partnership.timeZone,
      quorum: partnership.quorum,
      majorityRule: partnership.majorityRule,
      chairHasCastingVote: partnership.chairHasCastingVote,
      voteReminderHours: partnership.voteReminderHours,
      escalationAfterDays: partnership.escalationAfterDays,
      digestOnBankHoliday: partnership.digestOnBankHoliday,
      defaultDigestCron: partnership.defaultDigestCron,
    },
    organisations: organisations.map(({ id, key, name, kind, isStatutory }): OrganisationRow => ({ id, partnershipId, key, name, kind, isStatutory })),
    people: people.map(({ id, key, name, email, jobTitle, organisationId }): PersonRow => ({ id, partnershipId, key, name, email, jobTitle, organisationId })),
    groups: groups.map(({ id, key, name, kind, parentId, defaultCadence, digestCron, secretTallyDefault }): GroupRow => ({ id, partnershipId, key, name, kind, parentId, defaultCadence, digestCron, secretTallyDefault })),
    absences: absences.map((row): AbsenceRow => ({
      id: row.id,
      personId: row.personId,
      fromDate: toDay(row.fromDate),
      untilDate: toDayOrNull(row.untilDate),
      reason: row.reason,
      source: row.source,
    })),
    memberships: memberships.map((row): MembershipRow => ({
      id: row.id,
      groupId: row.groupId,
      personId: row.personId,
      role: row.role,
      organisationId: row.organisationId,
      startsOn: toDayOrNull(row.startsOn),
      endsOn: toDayOrNull(row.endsOn),
    })),
    plans: plans.map((row): PlanRow => ({ id: row.id, partnershipId, key: row.key, title: row.title, periodStart: toDay(row.periodStart), periodEnd: toDay(row.periodEnd) })),
    priorities: priorities.map(({ id, planId, key, title, description, position }): PriorityRow => ({ id, planId, key, title, description, position })),
    outcomes: outcomes.map(({ id, priorityId, description, position }): OutcomeRow => ({ id, priorityId, description, position })),
    actions: actions.map((row): ActionRow => ({
      id: row.id,
      partnershipId,
      planId: row.planId,
      ref: row.ref,
      title: row.title,
      description: row.description,
      notes: row.notes,
      leadOrganisationId: row.leadOrganisationId,
      ownerId: row.ownerId,
      groupId: row.groupId,
      priorityId: row.priorityId,
      dueDate: toDayOrNull(row.dueDate),
      cadence: row.cadence,
      status: row.status,
      progress: row.progress,
      lastUpdateAt: row.lastUpdateAt,
    })),
    actionUpdates: actionUpdates.map((row): ActionUpdateRow => ({
      id: row.id,
      actionId: row.actionId,
      authorId: row.authorId,
      source: row.source,
      status: row.status,
      progress: row.progress,
      done: row.done,
      nextSteps: row.nextSteps,
      blockers: row.blockers,
      cancelReason: row.cancelReason,
      previousDueDate: toDayOrNull(row.previousDueDate),
      newDueDate: toDayOrNull(row.newDueDate),
      dueDateReason: row.dueDateReason,
      correctsId: row.correctsId,
      importKey: row.importKey,
      createdAt: row.createdAt,
    })),
    indicators: indicators.map((row): IndicatorRow => ({
      id: row.id,
      partnershipId,
      code: row.code,
      name: row.name,
      unit: row.unit,
      polarity: row.polarity,
      amberTolerancePct: toNumberOrNull(row.amberTolerancePct),
      frequency: row.frequency,
      cumulative: row.cumulative,
      headline: row.headline,
      leadOrganisationId: row.leadOrganisationId,
      groupId: row.groupId,
      baselineValue: toNumberOrNull(row.baselineValue),
      baselinePeriod: row.baselinePeriod,
    })),
    targets: targets.map((row): TargetRow => ({
      id: row.id,
      indicatorId: row.indicatorId,
      period: row.period,
      periodStart: toDay(row.periodStart),
      periodEnd: toDay(row.periodEnd),
      value: toNumberOrNull(row.value),
    })),
    readings: readings.map((row): ReadingRow => ({
      id: row.id,
      indicatorId: row.indicatorId,
      period: row.period,
      periodStart: toDay(row.periodStart),
      periodEnd: toDay(row.periodEnd),
      value: toNumber(row.value),
      source: row.source,
      recordedAt: row.recordedAt,
    })),
    hallmarkItems: hallmarkItems.map(({ id, key, stage, hallmark, kind, text, position, ownerId, retiredAt }): HallmarkItemRow => ({
      id, partnershipId, key, stage, hallmark, kind, text, position, ownerId, retiredAt,
    })),
    workingPatterns: workingPatterns.map(({ personId, workingDays, startHour, endHour, timeZone }): WorkingPatternRow => ({ id: personId, workingDays, startHour, endHour, timeZone })),
    closureDays: closureDays.map(({ id, date, reason }): ClosureDayRow => ({ id, partnershipId, date: toDay(date), reason })),
    latestAssessments: [...latestAssessments.values()].map((row): HallmarkAssessmentRow => ({
      id: row.id,
      itemId: row.itemId,
      status: row.status,
      rawStatus: row.rawStatus,
      needsReview: row.needsReview,
      externalBody: row.externalBody,
      notApplicableReason: row.notApplicableReason,
      agreedAction: row.agreedAction,
      evidence: row.evidence,
      evidenceLinks: row.evidenceLinks,
      reviewDate: toDayOrNull(row.reviewDate),
      assessedById: row.assessedById,
      source: row.source,
      assessedAt: row.assessedAt,
    })),
  };
}

/**
 * Runs one import: reads the partnership, lets `plan` work out (and validate) the changes, and writes them,
 * all in one transaction. If `plan` throws, nothing is written.
 */
export async function importIntoPartnership(
  prisma: PartnershipDatabase,
  slug: string,
  plan: (state: PartnershipState | null) => ChangeSet,
): Promise<ChangeSet> {
  return prisma.$transaction(
    async (tx) => {
      const state = await readPartnershipState(tx, slug);
      const changes = plan(state);
      await applyChanges(tx, changes);
      return changes;
    },
    { timeout: IMPORT_TRANSACTION_TIMEOUT_MS, maxWait: IMPORT_TRANSACTION_MAX_WAIT_MS },
  );
}

function chunks<T>(rows: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < rows.length; start += CHUNK_SIZE) result.push(rows.slice(start, start + CHUNK_SIZE));
  return result;
}

async function createInChunks<R, D>(rows: readonly R[], toData: (row: R) => D, create: (data: D[]) => Promise<unknown>): Promise<void> {
  for (const chunk of chunks(rows)) await create(chunk.map(toData));
}

type SqlType = 'text' | 'uuid' | 'integer' | 'boolean' | 'date' | 'timestamptz' | 'numeric' | `"${string}"`;

/** Updates whole rows by id, one statement per chunk: UPDATE "T" SET … FROM (VALUES (…), (…)) WHERE id matches. */
async function updateRows<R extends { id: string }>(
  tx: Tx,
  table: string,
  columns: { [K in keyof R]?: SqlType },
  rows: readonly R[],
  options: { touchUpdatedAt: boolean },
): Promise<void> {
  const names = Object.keys(columns) as Array<keyof R & string>;
  const parameter = (value: unknown, type: SqlType) => {
    const text = value instanceof Date ? value.toISOString() : value === null || value === undefined ? null : type === 'numeric' ? String(value) : value;
    return Prisma.sql`${text}::${Prisma.raw(type)}`;
  };
  const assignments = names.map((name) => `"${name}" = v."${name}"`);
  if (options.touchUpdatedAt) assignments.push('"updatedAt" = now()');
  const columnList = ['id', ...names].map((name) => `"${name}"`).join(', ');
  for (const chunk of chunks(rows)) {
    const values = chunk.map(
      (row) => Prisma.sql`(${Prisma.join([Prisma.sql`${row.id}::uuid`, ...names.map((name) => parameter(row[name], columns[name]!))])})`,
    );
    await tx.$executeRaw`UPDATE ${Prisma.raw(`"${table}"`)} AS t SET ${Prisma.raw(assignments.join(', '))} FROM (VALUES ${Prisma.join(values)}) AS v(${Prisma.raw(columnList)}) WHERE t."id" = v."id"`;
  }
}

const organisationData = ({ id, partnershipId, key, name, kind, isStatutory }: OrganisationRow) => ({ id, partnershipId, key, name, kind, isStatutory });
const personData = ({ id, partnershipId, key, name, email, jobTitle, organisationId }: PersonRow) => ({ id, partnershipId, key, name, email, jobTitle, organisationId });
const groupData = ({ id, partnershipId, key, name, kind, parentId, defaultCadence, digestCron, secretTallyDefault }: GroupRow) => ({ id, partnershipId, key, name, kind, parentId, defaultCadence, digestCron, secretTallyDefault });
const membershipData = (row: MembershipRow) => ({ ...row, startsOn: fromDayOrNull(row.startsOn), endsOn: fromDayOrNull(row.endsOn) });
const absenceData = (row: AbsenceRow) => ({ ...row, fromDate: fromDay(row.fromDate), untilDate: fromDayOrNull(row.untilDate) });
const planData = (row: PlanRow) => ({ ...row, periodStart: fromDay(row.periodStart), periodEnd: fromDay(row.periodEnd) });
const actionData = (row: ActionRow) => ({ ...row, dueDate: fromDayOrNull(row.dueDate) });
const actionUpdateData = (row: ActionUpdateRow) => ({
  ...row,
  previousDueDate: fromDayOrNull(row.previousDueDate),
  newDueDate: fromDayOrNull(row.newDueDate),
});
const indicatorData = (row: IndicatorRow) => ({
  ...row,
  amberTolerancePct: decimalTextOrNull(row.amberTolerancePct),
  baselineValue: decimalTextOrNull(row.baselineValue),
});
const targetData = (row: TargetRow) => ({ ...row, periodStart: fromDay(row.periodStart), periodEnd: fromDay(row.periodEnd), value: decimalTextOrNull(row.value) });
const readingData = (row: ReadingRow) => ({ ...row, periodStart: fromDay(row.periodStart), periodEnd: fromDay(row.periodEnd), value: decimalText(row.value) });
const revisionData = (row: ReadingRevisionRow) => ({ ...row, value: decimalText(row.value), previousValue: decimalTextOrNull(row.previousValue) });
const assessmentData = (row: HallmarkAssessmentRow) => ({ ...row, reviewDate: fromDayOrNull(row.reviewDate) });

async function applyChanges(tx: Tx, changes: ChangeSet): Promise<void> {
  const { row: partnership } = changes.partnership;
  const { id: partnershipId, ...settings } = partnership;
  if (changes.partnership.create) await tx.partnership.create({ data: partnership });
  else if (changes.partnership.update) await tx.partnership.update({ where: { id: partnershipId }, data: settings });

  await createInChunks(changes.organisations.create, organisationData, (data) => tx.organisation.createMany({ data }));
  await updateRows(tx, 'Organisation', { key: 'text', name: 'text', kind: '"OrganisationKind"', isStatutory: 'boolean' }, changes.organisations.update, { touchUpdatedAt: true });

  await createInChunks(changes.people.create, personData, (data) => tx.person.createMany({ data }));
  await updateRows(tx, 'Person', { key: 'text', name: 'text', email: 'text', jobTitle: 'text', organisationId: 'uuid' }, changes.people.update, { touchUpdatedAt: true });

  await createInChunks(changes.groups.create, groupData, (data) => tx.group.createMany({ data }));
  await updateRows(
    tx, 'Group',
    { key: 'text', name: 'text', kind: '"GroupKind"', parentId: 'uuid', defaultCadence: '"UpdateCadence"', digestCron: 'text', secretTallyDefault: 'boolean' },
    changes.groups.update, { touchUpdatedAt: true },
  );

  await createInChunks(changes.memberships.create, membershipData, (data) => tx.membership.createMany({ data }));
  await updateRows(
    tx, 'Membership',
    { groupId: 'uuid', personId: 'uuid', role: '"MembershipRole"', organisationId: 'uuid', startsOn: 'date', endsOn: 'date' },
    changes.memberships.update, { touchUpdatedAt: true },
  );

  await createInChunks(changes.absences.create, absenceData, (data) => tx.absence.createMany({ data }));
  await updateRows(tx, 'Absence', { untilDate: 'date', reason: 'text' }, changes.absences.update, { touchUpdatedAt: false });

  await createInChunks(changes.plans.create, planData, (data) => tx.plan.createMany({ data }));
  await updateRows(tx, 'Plan', { key: 'text', title: 'text', periodStart: 'date', periodEnd: 'date' }, changes.plans.update, { touchUpdatedAt: true });

  await createInChunks(changes.priorities.create, (row) => row, (data) => tx.priority.createMany({ data }));
  await updateRows(tx, 'Priority', { planId: 'uuid', key: 'text', title: 'text', description: 'text', position: 'integer' }, changes.priorities.update, { touchUpdatedAt: false });

  if (changes.outcomes.deleteIds.length > 0) await tx.outcome.deleteMany({ where: { id: { in: changes.outcomes.deleteIds } } });
  await createInChunks(changes.outcomes.create, (row) => row, (data) => tx.outcome.createMany({ data }));

  await createInChunks(changes.actions.create, actionData, (data) => tx.action.createMany({ data }));
  await updateRows(
    tx, 'Action',
    {
      planId: 'uuid', ref: 'text', title: 'text', description: 'text', notes: 'text', leadOrganisationId: 'uuid',
      ownerId: 'uuid', groupId: 'uuid', priorityId: 'uuid', dueDate: 'date', cadence: '"UpdateCadence"',
      status: '"ActionStatus"', progress: 'integer', lastUpdateAt: 'timestamptz',
    },
    changes.actions.update, { touchUpdatedAt: true },
  );
  await createInChunks(changes.actionUpdates.create, actionUpdateData, (data) => tx.actionUpdate.createMany({ data }));

  await createInChunks(changes.indicators.create, indicatorData, (data) => tx.indicator.createMany({ data }));
  await updateRows(
    tx, 'Indicator',
    {
      code: 'text', name: 'text', unit: '"IndicatorUnit"', polarity: '"Polarity"', amberTolerancePct: 'numeric',
      frequency: '"ReadingFrequency"', cumulative: 'boolean', headline: 'boolean', leadOrganisationId: 'uuid',
      groupId: 'uuid', baselineValue: 'numeric', baselinePeriod: 'text',
    },
    changes.indicators.update, { touchUpdatedAt: true },
  );
  await createInChunks(changes.targets.create, targetData, (data) => tx.indicatorTarget.createMany({ data }));
  await updateRows(tx, 'IndicatorTarget', { period: 'text', periodStart: 'date', periodEnd: 'date', value: 'numeric' }, changes.targets.update, { touchUpdatedAt: false });
  await createInChunks(changes.readings.create, readingData, (data) => tx.indicatorReading.createMany({ data }));
  await updateRows(
    tx, 'IndicatorReading',
    { period: 'text', periodStart: 'date', periodEnd: 'date', value: 'numeric', source: '"RecordSource"', recordedAt: 'timestamptz' },
    changes.readings.update, { touchUpdatedAt: false },
  );
  await createInChunks(changes.readingRevisions.create, revisionData, (data) => tx.indicatorReadingRevision.createMany({ data }));

  await createInChunks(changes.hallmarkItems.create, (row) => row, (data) => tx.hallmarkItem.createMany({ data }));
  await updateRows(
    tx, 'HallmarkItem',
    { key: 'text', stage: 'text', hallmark: '"Hallmark"', kind: '"HallmarkItemKind"', text: 'text', position: 'integer', ownerId: 'uuid', retiredAt: 'timestamptz' },
    changes.hallmarkItems.update, { touchUpdatedAt: true },
  );
  await createInChunks(changes.hallmarkAssessments.create, assessmentData, (data) => tx.hallmarkAssessment.createMany({ data }));

  await createInChunks(changes.closureDays.create, (row: ClosureDayRow) => ({ ...row, date: fromDay(row.date) }), (data) => tx.closureDay.createMany({ data }));
  await updateRows(tx, 'ClosureDay', { reason: 'text' }, changes.closureDays.update, { touchUpdatedAt: false });

  const patternData = ({ id, ...pattern }: WorkingPatternRow) => ({ personId: id, ...pattern });
  await createInChunks(changes.workingPatterns.create, patternData, (data) => tx.workingPattern.createMany({ data }));
  for (const row of changes.workingPatterns.update) {
    const { personId, ...data } = patternData(row);
    await tx.workingPattern.update({ where: { personId }, data });
  }
}
