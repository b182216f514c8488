// The scheduled side of votes: closing those whose time has come, and the one reminder before closing (to
// voters whose partner has not voted, and to the chair when the quorum is at risk). Each reminder is claimed
// in the Notification table under a unique key before it is sent, so it goes at most once however many
// times, or on however many replicas, the job runs. A voter who is away is not reminded (their key stays
// unclaimed, so they are if they return before the close); their organisation's deputy is, told why.
// Reminders keep to the working calendar: the reminder point moves off nights, weekends, bank holidays and
// closure days (voteReminderAt in working-calendar.ts), and each voter is written to in their own working
// time, or at once if that comes only after the close.
import {
  claimNotifications,
  listOpenProposalsBeforeClosing,
  listProposalsDueToClose,
  loadProposalStates,
  markNotificationFailed,
  markNotificationsSent,
  type NotificationClaim,
} from '../../db/proposal-store.ts';
import { loadPartnershipCalendars } from '../../db/calendar-store.ts';
import { quorumRisk } from '../../domain/vote-lifecycle.ts';
import { isVoteReminderDueOnCalendar } from '../../domain/working-calendar.ts';
import type { MessageView } from '../../views/model.ts';
import { peopleToTellBefore } from '../calendar/working-time.ts';
import { dateOnlyIn } from '../identity.ts';
import { closeVote, type VoteDeps } from './closing.ts';
import { buildProposalModel, type ProposalModel } from './proposal-model.ts';
import { quorumAtRiskView, reminderView } from './vote-views.ts';

export interface CloseRunSummary {
  decided: number;
  awaitingCastingVote: number;
  alreadyClosed: number;
  failed: number;
}

export async function closeDueVotes(deps: VoteDeps, now: Date): Promise<CloseRunSummary> {
  const due = await listProposalsDueToClose(deps.services.db, now);
  const summary: CloseRunSummary = { decided: 0, awaitingCastingVote: 0, alreadyClosed: 0, failed: 0 };
  for (const proposal of due) {
    try {
      const outcome = await closeVote(deps, { proposalId: proposal.id, timeZone: proposal.partnership.timeZone, trigger: 'DEADLINE', closedBy: null, now });
      if (outcome.kind === 'decided') summary.decided += 1;
      else if (outcome.kind === 'awaitingCastingVote') summary.awaitingCastingVote += 1;
      else summary.alreadyClosed += 1;
    } catch (error) {
      summary.failed += 1;
      deps.services.logger.error('Could not close a vote at its closing time', { proposalId: proposal.id, error });
    }
  }
  return summary;
}

export interface ReminderRunSummary {
  proposals: number;
  reminded: number;
  chairsWarned: number;
  alreadySent: number;
  failed: number;
}

function reminderKey(proposalId: string, personId: string): string {
  return `VOTE_REMINDER:${proposalId}:${personId}`;
}

function quorumWarningKey(proposalId: string, personId: string): string {
  return `QUORUM_AT_RISK:${proposalId}:${personId}`;
}

/** The chair, or when the chair is away the group's vice-chair, else its secretariat (whoever is not away). */
function warnedInsteadOfChair(model: ProposalModel): string | null {
  const chairId = model.roll.chairPersonId;
  if (!chairId || !model.awayText(chairId)) return chairId;
  const present = (role: 'VICE_CHAIR' | 'SECRETARIAT') =>
    model.state.group.memberships.find((membership) => membership.role === role && membership.personId !== chairId && !model.awayText(membership.personId));
  return (present('VICE_CHAIR') ?? present('SECRETARIAT'))?.personId ?? chairId;
}

/** For a deputy of a partner yet to vote whose representative is away: whose vote it is and why they are reminded. */
function coverNoteFor(model: ProposalModel, personId: string, waiting: ReadonlySet<string>): string | undefined {
  const notes = model.roll.members
    .filter((member) => member.personId === personId && member.role === 'DEPUTY' && waiting.has(member.organisationId))
    .flatMap((member) => {
      const representative = model.roll.members.find(
        (other) => other.organisationId === member.organisationId && other.role === 'REPRESENTATIVE' && model.awayText(other.personId) !== null,
      );
      if (!representative) return [];
      const name = model.people.get(representative.personId) ?? 'The representative';
      const organisation = model.organisations.get(member.organisationId) ?? 'the organisation';
      return [`${name}, the representative of ${organisation}, is ${model.awayText(representative.personId) ?? 'away'}, so you are reminded as the deputy: your vote counts for ${organisation}.`];
    });
  return notes.length > 0 ? notes.join(' ') : undefined;
}

export async function sendDueVoteReminders(deps: VoteDeps, now: Date): Promise<ReminderRunSummary> {
  const { db, logger } = deps.services;
  const open = await listOpenProposalsBeforeClosing(db, now);
  const calendars = await loadPartnershipCalendars(db, open.map((proposal) => proposal.partnership.id));
  const calendarOf = (proposal: (typeof open)[number]) =>
    calendars.get(proposal.partnership.id) ?? { timeZone: proposal.partnership.timeZone, closures: [], digestOnBankHoliday: 'NEXT_WORKING_DAY' as const };
  const due = open.filter((proposal) => isVoteReminderDueOnCalendar(calendarOf(proposal), proposal.opensAt, proposal.closesAt, proposal.partnership.voteReminderHours, now));
  const summary: ReminderRunSummary = { proposals: due.length, reminded: 0, chairsWarned: 0, alreadySent: 0, failed: 0 };
  if (due.length === 0) return summary;

  const byTimeZone = new Map<string, string[]>();
  for (const proposal of due) byTimeZone.set(proposal.partnership.timeZone, [...(byTimeZone.get(proposal.partnership.timeZone) ?? []), proposal.id]);
  const states = (await Promise.all([...byTimeZone].map(([timeZone, ids]) => loadProposalStates(db, ids, dateOnlyIn(now, timeZone))))).flat();

  const claims: NotificationClaim[] = [];
  const views = new Map<string, { personId: string; view: MessageView; kind: 'reminder' | 'quorum' }>();
  for (const state of states) {
    const model = buildProposalModel(state);
    const proposal = due.find((candidate) => candidate.id === state.id);
    const warned = warnedInsteadOfChair(model);
    const candidates = [...model.roll.members.map((member) => member.personId), ...(warned ? [warned] : [])];
    const reachable = proposal ? await peopleToTellBefore(db, calendarOf(proposal), candidates, now, proposal.closesAt) : new Set(candidates);
    const waiting = new Set(model.tally.notYetVoted.map((organisation) => organisation.organisationId));
    for (const member of model.roll.members) {
      if (!waiting.has(member.organisationId) || !reachable.has(member.personId)) continue;
      if (model.awayText(member.personId)) continue;
      const key = reminderKey(state.id, member.personId);
      if (views.has(key)) continue;
      claims.push({ kind: 'VOTE_REMINDER', dedupeKey: key, recipientId: member.personId, subjectId: state.id, periodKey: 'before-closing' });
      const organisationName = model.organisations.get(member.organisationId) ?? 'Your organisation';
      views.set(key, { personId: member.personId, view: reminderView(model, organisationName, coverNoteFor(model, member.personId, waiting)), kind: 'reminder' });
    }
    const risk = quorumRisk(model.tally);
    const chairId = warnedInsteadOfChair(model);
    if (risk.atRisk && chairId && reachable.has(chairId)) {
      const key = quorumWarningKey(state.id, chairId);
      claims.push({ kind: 'QUORUM_AT_RISK', dedupeKey: key, recipientId: chairId, subjectId: state.id, periodKey: 'before-closing' });
      views.set(key, { personId: chairId, view: quorumAtRiskView(model, risk.unreachable), kind: 'quorum' });
    }
  }

  const claimed = await claimNotifications(db, claims);
  summary.alreadySent = claims.length - claimed.size;
  const toSend = [...claimed].map((key) => ({ key, entry: views.get(key) })).filter((item): item is { key: string; entry: NonNullable<typeof item.entry> } => item.entry !== undefined);
  const sent: string[] = [];
  // One person may get a reminder and the quorum warning: sendDirect takes one view per person, so send twice.
  for (const kind of ['reminder', 'quorum'] as const) {
    const batch = toSend.filter((item) => item.entry.kind === kind);
    const outcomes = await deps.messenger.sendDirect(batch.map((item) => ({ personId: item.entry.personId, view: item.entry.view })));
    for (const item of batch) {
      const outcome = outcomes.get(item.entry.personId);
      if (outcome?.status === 'sent') {
        sent.push(item.key);
        if (kind === 'reminder') summary.reminded += 1;
        else summary.chairsWarned += 1;
      } else {
        summary.failed += 1;
        const error = outcome?.status === 'failed' ? outcome.error : 'not sent';
        logger.warn('A vote reminder could not be sent', { key: item.key, error });
        await markNotificationFailed(db, item.key, error);
      }
    }
  }
  await markNotificationsSent(db, sent, now);
  return summary;
}
