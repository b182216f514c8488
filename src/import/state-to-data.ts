// The other direction: a partnership as the database holds it, described by human keys for export.
// Importing the result into an empty database gives back the same partnership.
import type {
  ActionData, ActionUpdateData, HallmarkItemData, IndicatorData, PartnershipData, PlanData,
} from './partnership-data.ts';
import type { PartnershipState } from './partnership-state.ts';
import type { MembershipRole } from './vocabulary.ts';

const byText = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

const ROLE_ORDER: readonly MembershipRole[] = ['CHAIR', 'VICE_CHAIR', 'REPRESENTATIVE', 'DEPUTY', 'MEMBER', 'SECRETARIAT'];

function keyMap<R extends { id: string }>(rows: readonly R[], keyOf: (row: R) => string): (id: string | null) => string | null {
  const keys = new Map(rows.map((row) => [row.id, keyOf(row)]));
  return (id) => (id === null ? null : (keys.get(id) ?? null));
}

export function stateToData(state: PartnershipState): PartnershipData {
  const p = state.partnership;
  const organisationKey = keyMap(state.organisations, (row) => row.key);
  const personKey = keyMap(state.people, (row) => row.key);
  const groupKey = keyMap(state.groups, (row) => row.key);
  const planKey = keyMap(state.plans, (row) => row.key);
  const priorityKey = keyMap(state.priorities, (row) => row.key);

  const plans: PlanData[] = [...state.plans]
    .sort((a, b) => a.periodStart.localeCompare(b.periodStart) || byText(a.key, b.key))
    .map((plan) => ({
      key: plan.key,
      title: plan.title,
      periodStart: plan.periodStart,
      periodEnd: plan.periodEnd,
      priorities: state.priorities
        .filter((priority) => priority.planId === plan.id)
        .sort((a, b) => a.position - b.position || byText(a.key, b.key))
        .map((priority) => ({
          key: priority.key,
          title: priority.title,
          description: priority.description,
          outcomes: state.outcomes
            .filter((outcome) => outcome.priorityId === priority.id)
            .sort((a, b) => a.position - b.position)
            .map((outcome) => outcome.description),
        })),
    }));

  const updatesByAction = new Map<string, typeof state.actionUpdates>();
  for (const update of state.actionUpdates) {
    const list = updatesByAction.get(update.actionId) ?? [];
    list.push(update);
    updatesByAction.set(update.actionId, list);
  }
  const updateKey = new Map(state.actionUpdates.map((update) => [update.id, update.importKey ?? update.id]));

  const actions: ActionData[] = [...state.actions]
    .sort((a, b) => byText(a.ref, b.ref))
    .map((action) => ({
      ref: action.ref,
      title: action.title,
      description: action.description,
      notes: action.notes,
      plan: planKey(action.planId),
      priority: priorityKey(action.priorityId),
      leadOrganisation: organisationKey(action.leadOrganisationId),
      owner: personKey(action.ownerId),
      group: groupKey(action.groupId),
      dueDate: action.dueDate,
      cadence: action.cadence,
      status: action.status,
      progress: action.progress,
      lastUpdateAt: action.lastUpdateAt,
      updates: (updatesByAction.get(action.id) ?? [])
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .map((update): ActionUpdateData => ({
          key: update.importKey ?? update.id,
          at: update.createdAt,
          author: personKey(update.authorId),
          source: update.source,
          status: update.status,
          progress: update.progress,
          done: update.done,
          nextSteps: update.nextSteps,
          blockers: update.blockers,
          cancelReason: update.cancelReason,
          previousDueDate: update.previousDueDate,
          newDueDate: update.newDueDate,
          dueDateReason: update.dueDateReason,
          corrects: update.correctsId === null ? null : (updateKey.get(update.correctsId) ?? null),
        })),
    }));

  const indicators: IndicatorData[] = [...state.indicators]
    .sort((a, b) => byText(a.code, b.code))
    .map((indicator) => ({
      code: indicator.code,
      name: indicator.name,
      unit: indicator.unit,
      polarity: indicator.polarity,
      amberTolerancePct: indicator.amberTolerancePct,
      frequency: indicator.frequency,
      cumulative: indicator.cumulative,
      headline: indicator.headline,
      leadOrganisation: organisationKey(indicator.leadOrganisationId),
      group: groupKey(indicator.groupId),
      baselineValue: indicator.baselineValue,
      baselinePeriod: indicator.baselinePeriod,
      targets: state.targets
        .filter((target) => target.indicatorId === indicator.id)
        .sort((a, b) => a.periodStart.localeCompare(b.periodStart) || byText(a.period, b.period))
        .map(({ period, periodStart, periodEnd, value }) => ({ period, periodStart, periodEnd, value })),
      readings: state.readings
        .filter((reading) => reading.indicatorId === indicator.id)
        .sort((a, b) => a.periodStart.localeCompare(b.periodStart) || byText(a.period, b.period))
        .map(({ period, periodStart, periodEnd, value, source }) => ({ period, periodStart, periodEnd, value, source })),
    }));

  const latest = new Map(state.latestAssessments.map((row) => [row.itemId, row]));
  const hallmarks: HallmarkItemData[] = [...state.hallmarkItems]
    .sort((a, b) => a.position - b.position || byText(a.key, b.key))
    .map((item) => {
      const assessment = latest.get(item.id);
      return {
        key: item.key,
        stage: item.stage,
        hallmark: item.hallmark,
        kind: item.kind,
        text: item.text,
        owner: personKey(item.ownerId),
        retiredAt: item.retiredAt,
        assessment: assessment && {
          status: assessment.status,
          rawStatus: assessment.rawStatus,
          needsReview: assessment.needsReview,
          agreedAction: assessment.agreedAction,
          evidence: assessment.evidence,
          evidenceLinks: assessment.evidenceLinks,
          externalBody: assessment.externalBody,
          notApplicableReason: assessment.notApplicableReason,
          reviewDate: assessment.reviewDate,
          assessedBy: personKey(assessment.assessedById),
          assessedAt: assessment.assessedAt,
          source: assessment.source,
        },
      };
    });

  // Withdrawn absences (ended before they began) are left out; ended ones keep their real last day.
  const absences = (state.absences ?? [])
    .filter((row) => row.untilDate === null || row.untilDate >= row.fromDate)
    .map((row) => ({ person: personKey(row.personId)!, from: row.fromDate, until: row.untilDate, reason: row.reason }))
    .sort((a, b) => byText(a.person, b.person) || byText(a.from, b.from));

  const membershipSort = (a: (typeof state.memberships)[number], b: (typeof state.memberships)[number]) =>
    byText(groupKey(a.groupId) ?? '', groupKey(b.groupId) ?? '') ||
    ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) ||
    byText(organisationKey(a.organisationId) ?? '', organisationKey(b.organisationId) ?? '') ||
    byText(personKey(a.personId) ?? '', personKey(b.personId) ?? '');

  return {
    partnership: {
      slug: p.slug,
      name: p.name,
      timeZone: p.timeZone,
      quorum: p.quorum,
      majorityRule: p.majorityRule,
      chairHasCastingVote: p.chairHasCastingVote,
      voteReminderHours: p.voteReminderHours,
      escalationAfterDays: p.escalationAfterDays,
      defaultDigestCron: p.defaultDigestCron,
      digestOnBankHoliday: p.digestOnBankHoliday,
      closureDays: [...state.closureDays].sort((a, b) => byText(a.date, b.date)).map((row) => ({ date: row.date, reason: row.reason })),
    },
    organisations: [...state.organisations]
      .sort((a, b) => Number(b.isStatutory) - Number(a.isStatutory) || byText(a.key, b.key))
      .map((row) => ({ key: row.key, name: row.name, kind: row.kind, statutory: row.isStatutory })),
    people: [...state.people]
      .sort((a, b) => byText(a.key, b.key))
      .map((row) => {
        const pattern = state.workingPatterns.find((entry) => entry.id === row.id);
        return {
          key: row.key, name: row.name, email: row.email, jobTitle: row.jobTitle, organisation: organisationKey(row.organisationId),
          ...(pattern
            ? { workingPattern: { days: pattern.workingDays, hours: { startHour: pattern.startHour, endHour: pattern.endHour }, ...(pattern.timeZone ? { timeZone: pattern.timeZone } : {}) } }
            : {}),
        };
      }),
    groups: [...state.groups]
      .sort((a, b) => byText(a.key, b.key))
      .map((row) => ({ key: row.key, name: row.name, kind: row.kind, parent: groupKey(row.parentId), defaultCadence: row.defaultCadence, digestCron: row.digestCron, ...(row.secretTallyDefault ? { secretTally: true } : {}) })),
    memberships: [...state.memberships].sort(membershipSort).map((row) => ({
      group: groupKey(row.groupId)!,
      person: personKey(row.personId)!,
      role: row.role,
      organisation: organisationKey(row.organisationId),
      startsOn: row.startsOn,
      endsOn: row.endsOn,
    })),
    ...(absences.length > 0 ? { absences } : {}),
    plans,
    actions,
    indicators,
    hallmarks,
  };
}
