// A partnership with something to report, for the digest's tests: a board with an operations group under it
// and a task group beside it, a plan with two priorities, actions in every state, headline indicators in
// every RAG state, decisions, an open vote and a small hallmarks checklist. Dates are around the digest of
// Monday 26 October 2026, 09:00 in London (just after the clocks went back): it covers 19 October 09:00 BST
// (08:00 UTC) to 26 October 09:00 GMT (09:00 UTC).
import { recordPostIntent } from '../../src/db/digest-store.ts';
import type { PrismaClient } from '../../src/db/generated/client.ts';
import { claimJobRun, databaseNow } from '../../src/db/job-run-store.ts';
import { postKey } from '../../src/services/digest/digest-delivery.ts';
import type { ChannelTarget, DirectTarget, Notifier, PostedMessage } from '../../src/services/chat-core.ts';
import type { MessageView } from '../../src/views/model.ts';

export const DIGEST_AT = new Date('2026-10-26T09:00:00Z');
export const WINDOW_FROM = new Date('2026-10-19T08:00:00Z');
const IN_WINDOW = new Date('2026-10-21T10:00:00Z');
const BEFORE_WINDOW = new Date('2026-09-01T10:00:00Z');

export interface DigestScenario {
  partnershipId: string;
  groups: { board: string; ops: string; asb: string };
  people: { secretary: string; chair: string; police: string; fire: string; owner: string; other: string };
  organisations: { police: string; council: string; fire: string };
  indicators: { allCrime: string; ni21: string };
}

export async function seedDigestScenario(prisma: PrismaClient, slug: string, options: { slackWorkspace?: string } = {}): Promise<DigestScenario> {
  const partnership = await prisma.partnership.create({ data: { slug, name: `Safer ${slug}`, quorum: 2 } });
  const partnershipId = partnership.id;
  const organisation = (key: string, name: string, kind: 'POLICE' | 'LOCAL_AUTHORITY' | 'FIRE' | 'HEALTH', isStatutory = true) =>
    prisma.organisation.create({ data: { partnershipId, key, name, kind, isStatutory } });
  const police = await organisation('police', 'Testford Police', 'POLICE');
  const council = await organisation('council', 'Testford Council', 'LOCAL_AUTHORITY');
  const fire = await organisation('fire', 'Testford Fire', 'FIRE');
  await organisation('health', 'Testford Health', 'HEALTH', false);

  const board = await prisma.group.create({ data: { partnershipId, key: 'board', name: 'Testford Board', kind: 'STRATEGY_BOARD' } });
  const ops = await prisma.group.create({ data: { partnershipId, key: 'ops', name: 'Operations Group', kind: 'OPERATIONS_GROUP', parentId: board.id } });
  const asb = await prisma.group.create({ data: { partnershipId, key: 'asb', name: 'ASB Task Group', kind: 'TASK_AND_FINISH' } });

  const person = (key: string, name: string, organisationId: string) =>
    prisma.person.create({ data: { partnershipId, key, name, email: `${key}@${slug}.example`, organisationId } });
  const secretary = await person('sec', 'Sam Secretary', council.id);
  const chair = await person('chair', 'Chris Chair', council.id);
  const policeRep = await person('pol', 'Pat Police', police.id);
  const fireRep = await person('fire', 'Fran Fire', fire.id);
  const owner = await person('owner', 'Olly Owner', police.id);
  const other = await person('other', 'Oona Other', fire.id);
  await prisma.membership.createMany({
    data: [
      { groupId: board.id, personId: secretary.id, role: 'SECRETARIAT' },
      { groupId: board.id, personId: chair.id, role: 'CHAIR' },
      { groupId: board.id, personId: chair.id, role: 'REPRESENTATIVE', organisationId: council.id },
      { groupId: board.id, personId: policeRep.id, role: 'REPRESENTATIVE', organisationId: police.id },
      { groupId: board.id, personId: fireRep.id, role: 'REPRESENTATIVE', organisationId: fire.id },
      { groupId: ops.id, personId: owner.id, role: 'MEMBER' },
      { groupId: ops.id, personId: other.id, role: 'MEMBER' },
    ],
  });
  if (options.slackWorkspace) {
    await prisma.chatIdentity.create({ data: { personId: owner.id, platform: 'SLACK', workspaceId: options.slackWorkspace, userId: `U${slug.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 6)}OWN`, linkedBy: 'IMPORT' } });
  }

  const plan = await prisma.plan.create({ data: { partnershipId, key: 'plan', title: 'Partnership plan', periodStart: new Date('2026-04-01'), periodEnd: new Date('2027-03-31') } });
  const crime = await prisma.priority.create({ data: { planId: plan.id, key: 'crime', title: 'Reduce all crime', position: 0 } });
  const asbPriority = await prisma.priority.create({ data: { planId: plan.id, key: 'asb', title: 'Tackle anti-social behaviour', position: 1 } });
  const action = (ref: string, data: Record<string, unknown>) =>
    prisma.action.create({ data: { partnershipId, planId: plan.id, ref, title: `Action ${ref}`, createdAt: new Date('2026-08-01T09:00:00Z'), ...data } });
  await action('OP-1', { groupId: ops.id, priorityId: crime.id, status: 'ON_TRACK', ownerId: owner.id, dueDate: new Date('2027-01-31'), lastUpdateAt: new Date('2026-10-20T10:00:00Z') });
  await action('OP-2', { groupId: ops.id, priorityId: crime.id, status: 'AT_RISK', ownerId: owner.id, dueDate: new Date('2027-03-31'), lastUpdateAt: new Date('2026-10-22T10:00:00Z') });
  await action('OP-3', { groupId: ops.id, priorityId: crime.id, status: 'OFF_TRACK', ownerId: other.id, dueDate: new Date('2026-10-01'), lastUpdateAt: new Date('2026-10-23T10:00:00Z') });
  await action('OP-4', { groupId: ops.id, priorityId: asbPriority.id, status: 'NOT_STARTED', ownerId: owner.id, dueDate: new Date('2027-02-28') });
  const done = await action('OP-5', { groupId: ops.id, priorityId: asbPriority.id, status: 'COMPLETE', ownerId: owner.id, progress: 100 });
  await prisma.actionUpdate.create({ data: { actionId: done.id, authorId: owner.id, status: 'COMPLETE', progress: 100, createdAt: IN_WINDOW } });
  const doneBefore = await action('OP-6', { groupId: ops.id, priorityId: crime.id, status: 'COMPLETE', progress: 100 });
  await prisma.actionUpdate.create({ data: { actionId: doneBefore.id, status: 'COMPLETE', progress: 100, createdAt: BEFORE_WINDOW } });
  await action('OP-7', { groupId: ops.id, priorityId: crime.id, status: 'CANCELLED' });
  await action('BD-1', { groupId: board.id, priorityId: asbPriority.id, status: 'ON_TRACK', ownerId: chair.id, dueDate: new Date('2027-03-31'), lastUpdateAt: new Date('2026-10-19T12:00:00Z') });
  await action('AS-1', { groupId: asb.id, priorityId: asbPriority.id, status: 'OFF_TRACK', ownerId: other.id, dueDate: new Date('2026-09-01') });

  const indicator = (code: string, data: Record<string, unknown>) =>
    prisma.indicator.create({ data: { partnershipId, code, name: `Indicator ${code}`, unit: 'COUNT', polarity: 'LOWER_IS_BETTER', frequency: 'QUARTERLY', leadOrganisationId: police.id, ...data } });
  const target = (indicatorId: string, value: number | null) =>
    prisma.indicatorTarget.create({ data: { indicatorId, period: '2026/27', periodStart: new Date('2026-04-01'), periodEnd: new Date('2027-03-31'), value } });
  const reading = (indicatorId: string, period: string, start: string, end: string, value: number) =>
    prisma.indicatorReading.create({ data: { indicatorId, period, periodStart: new Date(start), periodEnd: new Date(end), value, source: 'IMPORT' } });
  const allCrime = await indicator('ALL CRIME', { name: 'All crime', cumulative: true, groupId: board.id, baselineValue: 55_686, baselinePeriod: '2007/08' });
  await target(allCrime.id, 48_749);
  await reading(allCrime.id, '2025-Q2', '2025-07-01', '2025-09-30', 25_000);
  await reading(allCrime.id, '2026-Q1', '2026-04-01', '2026-06-30', 13_000);
  await reading(allCrime.id, '2026-Q2', '2026-07-01', '2026-09-30', 27_000);
  const ni21 = await indicator('NI 21', { name: 'Dealing with local concerns about ASB and crime', unit: 'PERCENT', polarity: 'HIGHER_IS_BETTER', groupId: ops.id, leadOrganisationId: council.id });
  await target(ni21.id, 35.2);
  await reading(ni21.id, '2026-Q1', '2026-04-01', '2026-06-30', 35);
  await reading(ni21.id, '2026-Q2', '2026-07-01', '2026-09-30', 34);
  const ni30 = await indicator('NI 30', { groupId: ops.id });
  await target(ni30.id, null);
  await reading(ni30.id, '2026-Q2', '2026-07-01', '2026-09-30', 335);
  const ni32 = await indicator('NI 32', { groupId: ops.id });
  await target(ni32.id, 900);
  const ni111 = await indicator('NI 111', { unit: 'RATE_PER_100000', groupId: ops.id });
  await target(ni111.id, 1_940);
  await reading(ni111.id, '2026-Q2', '2026-07-01', '2026-09-30', 1_900);
  const quiet = await indicator('LOCAL 1', { headline: false, groupId: ops.id });
  await target(quiet.id, 10);
  await reading(quiet.id, '2026-Q2', '2026-07-01', '2026-09-30', 50);
  const asbIndicator = await indicator('ASB 1', { groupId: asb.id });
  await target(asbIndicator.id, 10);
  await reading(asbIndicator.id, '2026-Q2', '2026-07-01', '2026-09-30', 50);

  const decision = (number: number, groupId: string, decidedAt: Date, title: string) =>
    prisma.decision.create({
      data: {
        partnershipId, number, groupId, decidedAt, title, motion: title, outcome: 'CARRIED', quorate: true, quorumRequired: 2, presentCount: 3,
        forCount: 2, againstCount: 1, abstainCount: 0, tally: {}, declarations: [], proposedByName: 'Chris Chair',
      },
    });
  await decision(1, board.id, BEFORE_WINDOW, 'Adopt the partnership plan');
  await decision(2, board.id, IN_WINDOW, 'Fund the CCTV upgrade');
  await decision(3, asb.id, IN_WINDOW, 'Close the task group');
  const proposal = await prisma.proposal.create({
    data: {
      partnershipId, groupId: board.id, proposedById: chair.id, title: 'Commission a night-time economy survey', motion: 'That we commission it.',
      reason: 'FINANCE', opensAt: IN_WINDOW, closesAt: new Date('2026-10-29T17:00:00Z'),
    },
  });
  await prisma.ballot.create({ data: { proposalId: proposal.id, voterId: policeRep.id, organisationId: police.id, choice: 'FOR', castAt: IN_WINDOW } });

  const item = (key: string) => prisma.hallmarkItem.create({ data: { partnershipId, key, stage: 'Assess', kind: 'REQUIREMENT', text: `Requirement ${key}` } });
  const met = await item('h1');
  const improved = await item('h2');
  const assessedNow = await item('h3');
  await item('h4');
  await prisma.hallmarkAssessment.createMany({
    data: [
      { itemId: met.id, status: 'MET', assessedAt: BEFORE_WINDOW },
      { itemId: improved.id, status: 'PARTLY_MET', assessedAt: BEFORE_WINDOW },
      { itemId: improved.id, status: 'MET', assessedAt: IN_WINDOW },
      { itemId: assessedNow.id, status: 'NOT_MET', assessedAt: IN_WINDOW },
    ],
  });

  return {
    partnershipId,
    groups: { board: board.id, ops: ops.id, asb: asb.id },
    people: { secretary: secretary.id, chair: chair.id, police: policeRep.id, fire: fireRep.id, owner: owner.id, other: other.id },
    organisations: { police: police.id, council: council.id, fire: fire.id },
    indicators: { allCrime: allCrime.id, ni21: ni21.id },
  };
}

export async function linkChannel(
  prisma: PrismaClient,
  groupId: string,
  platform: 'SLACK' | 'TEAMS',
  channelId: string,
  options: { linkedAt?: Date; workspaceId?: string; conversationReference?: object; name?: string } = {},
): Promise<void> {
  await prisma.groupChannel.create({
    data: {
      groupId,
      platform,
      workspaceId: options.workspaceId ?? (platform === 'SLACK' ? 'T0DIGEST' : 'tenant-digest'),
      channelId,
      name: options.name ?? null,
      conversationReference: options.conversationReference ?? (platform === 'TEAMS' ? { serviceUrl: 'https://teams.example/', conversation: { id: channelId } } : undefined),
      linkedAt: options.linkedAt ?? new Date('2026-01-01T00:00:00Z'),
    },
  });
}

interface RecordedPost {
  target: ChannelTarget;
  message: MessageView;
}

export interface RecordingNotifier extends Notifier {
  posts: RecordedPost[];
  directs: { target: DirectTarget; message: MessageView }[];
  /** Failures to throw, in order, from the next channel posts. */
  failures: unknown[];
}

export function recordingNotifier(platform: 'SLACK' | 'TEAMS'): RecordingNotifier {
  const notifier: RecordingNotifier = {
    platform,
    posts: [],
    directs: [],
    failures: [],
    async postToChannel(target, message): Promise<PostedMessage> {
      const failure = notifier.failures.shift();
      if (failure !== undefined) throw failure;
      notifier.posts.push({ target, message });
      return { channelId: target.channelId, messageId: `${platform}-${notifier.posts.length}` };
    },
    async sendDirect(target, message) {
      notifier.directs.push({ target, message });
      return { channelId: `dm-${target.userId}`, messageId: `${platform}-dm-${notifier.directs.length}` };
    },
    async updateMessage() {},
  };
  return notifier;
}

/** A Slack Web API platform error as @slack/web-api throws it. */
export function slackPlatformError(code: string): Error {
  return Object.assign(new Error(`An API error occurred: ${code}`), { code: 'slack_webapi_platform_error', data: { ok: false, error: code } });
}

/** An HTTP failure as a platform client throws it once its own retries are spent. */
export function httpError(statusCode: number): Error {
  return Object.assign(new Error(`HTTP ${statusCode}`), { statusCode });
}

/** The monthly period label `monthsBack` months before the month of `at` (in UTC): 1 → the month just ended. */
export function monthLabelBefore(at: Date, monthsBack: number): { period: string; periodStart: Date; periodEnd: Date } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - monthsBack, 1));
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
  return { period: start.toISOString().slice(0, 7), periodStart: start, periodEnd: end };
}

/**
 * A headline monthly indicator on the board whose only readings stop `monthsBack` months before `at` and meet
 * its target: green once, but stale when `monthsBack` > 1. Led by the named organisation.
 */
export async function seedStaleIndicator(
  prisma: PrismaClient,
  options: { partnershipId: string; groupId: string; at: Date; monthsBack: number; leadName: string },
): Promise<void> {
  const lead = await prisma.organisation.create({ data: { partnershipId: options.partnershipId, key: 'probation', name: options.leadName, kind: 'PROBATION', isStatutory: true } });
  const indicator = await prisma.indicator.create({
    data: { partnershipId: options.partnershipId, code: 'NI 18', name: 'Adult re-offending', unit: 'PERCENT', polarity: 'LOWER_IS_BETTER', frequency: 'MONTHLY', groupId: options.groupId, leadOrganisationId: lead.id },
  });
  const year = options.at.getUTCMonth() >= 3 ? options.at.getUTCFullYear() : options.at.getUTCFullYear() - 1;
  await prisma.indicatorTarget.create({ data: { indicatorId: indicator.id, period: `${year}/${String((year + 1) % 100).padStart(2, '0')}`, periodStart: new Date(`${year}-04-01`), periodEnd: new Date(`${year + 1}-03-31`), value: 10 } });
  for (const back of [options.monthsBack + 1, options.monthsBack]) {
    await prisma.indicatorReading.create({ data: { indicatorId: indicator.id, ...monthLabelBefore(options.at, back), value: 8, source: 'IMPORT' } });
  }
}

/** A decision of the group, carried, at the given time. */
export async function recordDecision(prisma: PrismaClient, options: { partnershipId: string; groupId: string; number: number; decidedAt: Date; title: string }): Promise<void> {
  await prisma.decision.create({
    data: {
      partnershipId: options.partnershipId, number: options.number, groupId: options.groupId, decidedAt: options.decidedAt, title: options.title, motion: options.title,
      outcome: 'CARRIED', quorate: true, quorumRequired: 1, presentCount: 1, forCount: 1, againstCount: 0, abstainCount: 0, tally: {}, declarations: [], proposedByName: 'The chair',
    },
  });
}

/**
 * What a process leaves when it is killed after posting a group's digest and before recording it (see
 * digest-crash.test.ts for the real kill): its claim on the run, still RUNNING, and the channel post's intent
 * written before posting, neither sent nor failed.
 */
export async function leaveCrashedRun(prisma: PrismaClient, options: { groupId: string; periodKey: string; at: Date; platform: 'SLACK' | 'TEAMS'; channelId: string }): Promise<void> {
  const claim = await claimJobRun(prisma, { jobName: 'weekly-digest', scope: options.groupId, periodKey: options.periodKey }, { owner: 'killed-process', now: options.at, leaseMs: 120_000 });
  if (!claim.claimed) throw new Error('the run was already claimed');
  // The process died three minutes ago (by the database's clock): its two-minute lease has run out.
  await prisma.jobRun.update({ where: { id: claim.run.id }, data: { heartbeatAt: new Date((await databaseNow(prisma)).getTime() - 180_000) } });
  await recordPostIntent(
    prisma,
    { dedupeKey: postKey(options.groupId, options.periodKey, options.platform), groupId: options.groupId, periodKey: options.periodKey, platform: options.platform, channelId: options.channelId },
    options.at,
  );
}

/** The figures of seedRedIndicator's readings, oldest first, as the alt text states them. */
export const RED_READINGS = [1_204, 1_150, 1_180] as const;

/**
 * A headline monthly indicator on the board, red: readings for the three months before `at` (the last is the
 * month just ended) all above its target of at most 1,100 a month.
 */
export async function seedRedIndicator(prisma: PrismaClient, options: { partnershipId: string; groupId: string; at: Date }): Promise<void> {
  const indicator = await prisma.indicator.create({
    data: { partnershipId: options.partnershipId, code: 'ASB', name: 'ASB incidents', unit: 'COUNT', polarity: 'LOWER_IS_BETTER', frequency: 'MONTHLY', groupId: options.groupId },
  });
  const year = options.at.getUTCMonth() >= 3 ? options.at.getUTCFullYear() : options.at.getUTCFullYear() - 1;
  for (const start of [year - 1, year]) {
    await prisma.indicatorTarget.create({ data: { indicatorId: indicator.id, period: `${start}/${String((start + 1) % 100).padStart(2, '0')}`, periodStart: new Date(`${start}-04-01`), periodEnd: new Date(`${start + 1}-03-31`), value: 1_100 } });
  }
  for (const [index, value] of RED_READINGS.entries()) {
    await prisma.indicatorReading.create({ data: { indicatorId: indicator.id, ...monthLabelBefore(options.at, RED_READINGS.length - index), value, source: 'IMPORT' } });
  }
}
