// What one group's digest says, worked out from rows loaded for a whole batch of digests (no I/O here).
//
// Scope: a group's digest covers the actions and headline indicators of the group and of every group under
// it (a strategy board holds its groups to account), the decisions and votes of the group itself, and, for a
// top-level group, the partnership's hallmarks checklist.
import type { DigestGroup, DigestSource } from '../../db/digest-store.ts';
import { nextUpdateDue, type UpdateCadence } from '../../domain/schedule.ts';
import { buildVotingRoll, tallyVotes, type MajorityRule } from '../../domain/voting.ts';
import type { RagStatus } from '../../domain/indicator-status.ts';
import { type IndicatorStatusRow, byUrgency, countByStatus } from '../indicators/indicator-statuses.ts';

export type ActionStatusName = 'NOT_STARTED' | 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'COMPLETE' | 'CANCELLED';

export interface DigestWindow {
  from: Date;
  to: Date;
}

export interface ActionNote {
  id: string;
  ref: string;
  groupId: string | null;
  title: string;
  status: ActionStatusName;
  owner: { id: string; name: string } | null;
  dueDate: Date | null;
  /** When the missing update was due, for actions whose update is missing. */
  updateDueAt?: Date;
  lastUpdateAt: Date | null;
}

export interface PriorityLine {
  title: string;
  counts: Partial<Record<ActionStatusName, number>>;
  total: number;
}

export interface DecisionNote {
  number: number;
  title: string;
  outcome: string;
  forCount: number;
  againstCount: number;
  abstainCount: number;
  decidedAt: Date;
  isCorrection: boolean;
  /** Opens the vote's card and thread (Slack permalink or Teams deep link), when the decision came from a vote posted here. */
  url?: string;
}

export interface VoteNote {
  title: string;
  closesAt: Date;
  awaitingCastingVote: boolean;
  stillToVote: number;
  votingPartners: number;
  /** Opens the vote's card and thread, when its link was stored at posting. */
  url?: string;
}

export type HallmarkStatusName = 'MET' | 'PARTLY_MET' | 'NOT_MET' | 'AWAITING_EXTERNAL' | 'NOT_APPLICABLE' | 'NOT_ASSESSED';

export interface HallmarkProgress {
  total: number;
  now: Record<HallmarkStatusName, number>;
  before: Record<HallmarkStatusName, number>;
  /** Items whose status changed in the window. */
  changed: number;
}

export interface DigestContent {
  group: { id: string; key: string; name: string };
  partnershipName: string;
  timeZone: string;
  window: DigestWindow;
  indicators: {
    rows: IndicatorStatusRow[];
    counts: Record<RagStatus, number>;
    /** Reds then ambers. */
    attention: IndicatorStatusRow[];
    /** No reading for the period just ended (stale or never read), by code; each names its lead organisation. */
    awaiting: IndicatorStatusRow[];
  };
  actions: {
    total: number;
    priorities: PriorityLine[];
    completed: ActionNote[];
    atRisk: ActionNote[];
    overdue: ActionNote[];
    missingUpdates: ActionNote[];
  };
  decisions: DecisionNote[];
  votes: VoteNote[];
  hallmarks: HallmarkProgress | null;
}

export interface GroupTreeRow {
  id: string;
  partnershipId: string;
  parentId: string | null;
  defaultCadence: UpdateCadence;
}

/** The group and every group under it. */
export function groupAndDescendants(groupId: string, tree: readonly GroupTreeRow[]): string[] {
  const children = new Map<string, string[]>();
  for (const row of tree) {
    if (!row.parentId) continue;
    const list = children.get(row.parentId) ?? [];
    list.push(row.id);
    children.set(row.parentId, list);
  }
  const found = new Set<string>([groupId]);
  const queue = [groupId];
  while (queue.length > 0) {
    const next = queue.shift() ?? '';
    for (const child of children.get(next) ?? []) {
      if (!found.has(child)) {
        found.add(child);
        queue.push(child);
      }
    }
  }
  return [...found];
}

const NO_PRIORITY = 'Actions without a priority';
const STATUS_ORDER: readonly ActionStatusName[] = ['OFF_TRACK', 'AT_RISK', 'NOT_STARTED', 'ON_TRACK', 'COMPLETE', 'CANCELLED'];

function priorityLines(groupIds: ReadonlySet<string>, source: DigestSource): { lines: PriorityLine[]; total: number } {
  const byPriority = new Map<string | null, PriorityLine>();
  let total = 0;
  for (const row of source.statusCounts) {
    if (!row.groupId || !groupIds.has(row.groupId)) continue;
    const priority = row.priorityId ? source.priorities.find((candidate) => candidate.id === row.priorityId) : undefined;
    const line = byPriority.get(row.priorityId) ?? { title: priority?.title ?? NO_PRIORITY, counts: {}, total: 0 };
    line.counts[row.status] = (line.counts[row.status] ?? 0) + row.count;
    line.total += row.count;
    total += row.count;
    byPriority.set(row.priorityId, line);
  }
  const position = (priorityId: string | null) => source.priorities.find((candidate) => candidate.id === priorityId)?.position ?? Number.MAX_SAFE_INTEGER;
  const lines = [...byPriority.entries()]
    .sort(([a, lineA], [b, lineB]) => position(a) - position(b) || lineA.title.localeCompare(lineB.title))
    .map(([, line]) => line);
  return { lines, total };
}

export function statusCountsInOrder(line: PriorityLine): [ActionStatusName, number][] {
  return STATUS_ORDER.flatMap((status) => {
    const count = line.counts[status] ?? 0;
    return count > 0 ? [[status, count] as [ActionStatusName, number]] : [];
  });
}

type OpenAction = DigestSource['openActions'][number];

function note(action: OpenAction, extra: Partial<ActionNote> = {}): ActionNote {
  return {
    id: action.id,
    ref: action.ref,
    groupId: action.groupId,
    title: action.title,
    status: action.status,
    owner: action.owner,
    dueDate: action.dueDate,
    lastUpdateAt: action.lastUpdateAt,
    ...extra,
  };
}

export interface ActionAttention {
  atRisk: ActionNote[];
  overdue: ActionNote[];
  missingUpdates: ActionNote[];
}

/**
 * Open actions that need someone: at risk or off track; past their due date (by the partnership's calendar);
 * and those whose progress update is overdue for their cadence (the action's own, else its group's default).
 */
export function actionsNeedingAttention(
  actions: readonly OpenAction[],
  options: { now: Date; today: Date; timeZone: string; cadenceOfGroup: (groupId: string | null) => UpdateCadence },
): ActionAttention {
  const atRisk: ActionNote[] = [];
  const overdue: ActionNote[] = [];
  const missingUpdates: ActionNote[] = [];
  for (const action of actions) {
    if (action.status === 'AT_RISK' || action.status === 'OFF_TRACK') atRisk.push(note(action));
    if (action.dueDate && action.dueDate.getTime() < options.today.getTime()) overdue.push(note(action));
    const cadence = action.cadence ?? options.cadenceOfGroup(action.groupId);
    const due = nextUpdateDue(action.lastUpdateAt ?? action.createdAt, cadence, options.timeZone);
    if (due.dueAt.getTime() <= options.now.getTime()) missingUpdates.push(note(action, { updateDueAt: due.dueAt }));
  }
  atRisk.sort((a, b) => (a.status === b.status ? a.ref.localeCompare(b.ref) : a.status === 'OFF_TRACK' ? -1 : 1));
  missingUpdates.sort((a, b) => (a.updateDueAt?.getTime() ?? 0) - (b.updateDueAt?.getTime() ?? 0) || a.ref.localeCompare(b.ref));
  return { atRisk, overdue, missingUpdates };
}

function votes(group: DigestGroup, source: DigestSource): VoteNote[] {
  const organisations = source.organisations.filter((organisation) => organisation.partnershipId === group.partnershipId);
  const memberships = source.votingMembers.filter((membership) => membership.groupId === group.id);
  const roll = buildVotingRoll(organisations, memberships);
  const rules = {
    quorum: group.partnership.quorum,
    majorityRule: group.partnership.majorityRule as MajorityRule,
    chairHasCastingVote: group.partnership.chairHasCastingVote,
  };
  return source.proposals
    .filter((proposal) => proposal.groupId === group.id)
    .map((proposal) => {
      const tally = tallyVotes({
        roll,
        rules,
        ballots: proposal.ballots.map((ballot) => ({ personId: ballot.voterId, choice: ballot.choice, castAt: ballot.castAt, organisationId: ballot.organisationId })),
        declarations: proposal.declarations,
      });
      return {
        title: proposal.title,
        closesAt: proposal.closesAt,
        awaitingCastingVote: proposal.status === 'AWAITING_CASTING_VOTE',
        stillToVote: tally.notYetVoted.length,
        votingPartners: tally.votingPartnerCount,
        ...(proposal.postUrl ? { url: proposal.postUrl } : {}),
      };
    });
}

const HALLMARK_STATUSES: readonly HallmarkStatusName[] = ['MET', 'PARTLY_MET', 'NOT_MET', 'AWAITING_EXTERNAL', 'NOT_APPLICABLE', 'NOT_ASSESSED'];

function emptyHallmarkCounts(): Record<HallmarkStatusName, number> {
  return Object.fromEntries(HALLMARK_STATUSES.map((status) => [status, 0])) as Record<HallmarkStatusName, number>;
}

/** Each checklist item's latest status at the window's start and end (an unmapped or missing status is NOT_ASSESSED). */
export function hallmarkProgress(partnershipId: string, source: DigestSource, window: DigestWindow): HallmarkProgress | null {
  const items = source.hallmarkItems.filter((item) => item.partnershipId === partnershipId);
  if (items.length === 0) return null;
  const ids = new Set(items.map((item) => item.id));
  const before = new Map<string, HallmarkStatusName>();
  const now = new Map<string, HallmarkStatusName>();
  for (const assessment of source.hallmarkAssessments) {
    if (!ids.has(assessment.itemId) || assessment.assessedAt.getTime() > window.to.getTime()) continue;
    const status: HallmarkStatusName = assessment.status ?? 'NOT_ASSESSED';
    now.set(assessment.itemId, status);
    if (assessment.assessedAt.getTime() < window.from.getTime()) before.set(assessment.itemId, status);
  }
  const progress: HallmarkProgress = { total: items.length, now: emptyHallmarkCounts(), before: emptyHallmarkCounts(), changed: 0 };
  for (const item of items) {
    const current = now.get(item.id) ?? 'NOT_ASSESSED';
    const earlier = before.get(item.id) ?? 'NOT_ASSESSED';
    progress.now[current] += 1;
    progress.before[earlier] += 1;
    if (current !== earlier) progress.changed += 1;
  }
  return progress;
}

export interface BuildContentInput {
  group: DigestGroup;
  window: DigestWindow;
  tree: readonly GroupTreeRow[];
  source: DigestSource;
  indicators: readonly IndicatorStatusRow[];
  /** The open actions needing attention across the batch (actionsNeedingAttention), worked out once. */
  attention: ActionAttention;
}

/** Open actions needing attention for every group of a batch, each action judged once. */
export function attentionForBatch(
  source: DigestSource,
  tree: readonly GroupTreeRow[],
  options: { now: Date; todayOf: (partnershipId: string) => Date; timeZoneOf: (partnershipId: string) => string },
): ActionAttention {
  const groups = new Map(tree.map((row) => [row.id, row]));
  const byPartnership = new Map<string, OpenAction[]>();
  for (const action of source.openActions) {
    const partnershipId = action.groupId ? groups.get(action.groupId)?.partnershipId : undefined;
    if (!partnershipId) continue;
    const list = byPartnership.get(partnershipId) ?? [];
    list.push(action);
    byPartnership.set(partnershipId, list);
  }
  const all: ActionAttention = { atRisk: [], overdue: [], missingUpdates: [] };
  for (const [partnershipId, actions] of byPartnership) {
    const found = actionsNeedingAttention(actions, {
      now: options.now,
      today: options.todayOf(partnershipId),
      timeZone: options.timeZoneOf(partnershipId),
      cadenceOfGroup: (groupId) => (groupId ? groups.get(groupId)?.defaultCadence : undefined) ?? 'MONTHLY',
    });
    all.atRisk.push(...found.atRisk);
    all.overdue.push(...found.overdue);
    all.missingUpdates.push(...found.missingUpdates);
  }
  return all;
}

export function buildDigestContent(input: BuildContentInput): DigestContent {
  const { group, source, window } = input;
  const timeZone = group.partnership.timeZone;
  const scope = new Set(groupAndDescendants(group.id, input.tree));
  const inScope = (action: { groupId?: string | null }) => action.groupId != null && scope.has(action.groupId);
  const indicatorRows = input.indicators.filter((row) => row.indicator.headline && row.indicator.group !== null && scope.has(row.indicator.group.id));
  const attention = indicatorRows.filter((row) => row.summary.status === 'RED' || row.summary.status === 'AMBER').sort(byUrgency);
  const { lines, total } = priorityLines(scope, source);
  const needing: ActionAttention = {
    atRisk: input.attention.atRisk.filter(inScope),
    overdue: input.attention.overdue.filter(inScope),
    missingUpdates: input.attention.missingUpdates.filter(inScope),
  };
  const completed = source.completions
    .filter((update) => inScope(update.action) && update.createdAt >= window.from && update.createdAt < window.to)
    .map((update) => ({ id: update.action.id, ref: update.action.ref, groupId: update.action.groupId, title: update.action.title, status: 'COMPLETE' as const, owner: update.action.owner, dueDate: null, lastUpdateAt: update.createdAt }));
  const uniqueCompleted = [...new Map(completed.map((action) => [action.id, action])).values()];
  const decisions = source.decisions
    .filter((decision) => decision.groupId === group.id && decision.decidedAt >= window.from && decision.decidedAt < window.to)
    .map((decision) => ({
      number: decision.number,
      title: decision.title,
      outcome: decision.outcome,
      forCount: decision.forCount,
      againstCount: decision.againstCount,
      abstainCount: decision.abstainCount,
      decidedAt: decision.decidedAt,
      isCorrection: decision.correctsId !== null,
      ...(decision.proposal?.postUrl ? { url: decision.proposal.postUrl } : {}),
    }));
  return {
    group: { id: group.id, key: group.key, name: group.name },
    partnershipName: group.partnership.name,
    timeZone,
    window,
    indicators: {
      rows: indicatorRows,
      counts: countByStatus(indicatorRows),
      attention,
      awaiting: indicatorRows.filter((row) => row.summary.status === 'NO_DATA').sort(byUrgency),
    },
    actions: { total, priorities: lines, completed: uniqueCompleted, ...needing },
    decisions,
    votes: votes(group, source),
    hallmarks: group.parentId === null ? hallmarkProgress(group.partnershipId, source, window) : null,
  };
}
