// `/csp digest preview | send | history | schedule`, and the lists behind the digest's buttons (the decision
// log and the actions needing attention; "see all indicators" is the indicator feature's list).
import { z } from 'zod';
import { type DigestGroup, findDigestGroup, listDecisions, listDigestHistory, listGroupTree, listOpenActions, setGroupDigestCron } from '../../db/digest-store.ts';
import { findGroupChannelByChannel } from '../../db/identity-store.ts';
import { findGroupsByKeyOrName, listGroups } from '../../db/membership-store.ts';
import { adHocDigestWindow, DEFAULT_DIGEST_CRON, digestScheduleOf, nextDigestTime } from '../../domain/digest-schedule.ts';
import { parseDigestCron } from '../../domain/cron.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { pad2 } from '../../domain/calendar.ts';
import { toZoned } from '../../domain/time-zone.ts';
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { ActionValue, ListItem, MessageView } from '../../views/model.ts';
import { bold, italic, lineBreak, rich } from '../../views/model.ts';
import type { ChatResponse } from '../chat-core.ts';
import type { ChatFeature, ChatRegistry, CommandArguments, PersonContext, RequestContext } from '../registry.ts';
import { message, privateReply, privateText } from '../replies.ts';
import { mentionsFor } from '../mentions.ts';
import { buildDigests } from './digest-builder.ts';
import { openActionButton } from '../actions/action-format.ts';
import { digestChart } from './digest-chart.ts';
import { actionsNeedingAttention, groupAndDescendants, type ActionNote } from './digest-content.ts';
import { type ChannelOutcome, describeChannel, postDigestToChannels } from './digest-delivery.ts';
import { REPOST_NOTICE, digestView } from './digest-view.ts';

export const DECISION_LIST_ID = 'digest-decisions';
export const ATTENTION_LIST_ID = 'digest-attention';
const PAGE_SIZE = 8;
const HISTORY_LIMIT = 20;

const groupValue = z.object({ groupId: z.uuid() });

function words(tokens: CommandArguments['tokens']): string[] {
  return tokens.flatMap((token) => (token.kind === 'word' ? [token.text] : []));
}

async function groupById(context: PersonContext, value: ActionValue | undefined): Promise<DigestGroup> {
  const parsed = groupValue.safeParse(value ?? {});
  if (!parsed.success) throw new ValidationError('That button carries no group. Please ask for the digest again.');
  const group = await findDigestGroup(context.services.db, context.person.partnershipId, parsed.data.groupId);
  if (!group) throw new NotFoundError('That group no longer exists in your partnership.');
  return group;
}

/**
 * The group a digest command is about: the one named, else the group whose channel this is, else the
 * person's only group.
 */
async function resolveGroup(context: RequestContext, query: string): Promise<DigestGroup> {
  const { db } = context.services;
  const partnership = context.person.partnership;
  let groupId: string | undefined;
  if (query !== '') {
    const groups = await findGroupsByKeyOrName(db, partnership.id, query);
    if (groups.length === 0) throw new NotFoundError(`${partnership.name} has no group called "${query}".`);
    if (groups.length > 1) throw new ValidationError(`"${query}" matches more than one group: ${groups.map((group) => `${group.key} (${group.name})`).join(', ')}. Use the group's key.`);
    groupId = groups[0]?.id;
  } else if (context.conversation.kind !== 'personal') {
    const linked = await findGroupChannelByChannel(db, { platform: context.conversation.platform, workspaceId: context.conversation.workspaceId, channelId: context.conversation.channelId });
    if (linked && linked.group.partnershipId === partnership.id) groupId = linked.group.id;
  }
  if (!groupId) {
    const mine = [...new Map(context.memberships.map((membership) => [membership.group.id, membership.group])).values()];
    if (mine.length === 1) groupId = mine[0]?.id;
  }
  if (!groupId) {
    const groups = await listGroups(db, partnership.id);
    throw new ValidationError(`Which group? Add its key, for example ${context.commandPrefix} digest preview ${groups[0]?.key ?? 'rap'}. The groups are: ${groups.map((group) => `${group.key} (${group.name})`).join(', ')}.`);
  }
  const group = await findDigestGroup(db, partnership.id, groupId);
  if (!group) throw new NotFoundError('That group no longer exists in your partnership.');
  return group;
}

async function buildOne(context: PersonContext, group: DigestGroup, registry: ChatRegistry): Promise<MessageView> {
  const now = context.services.now();
  const schedule = digestScheduleOf(group.digestCron, group.partnership.defaultDigestCron);
  const window = adHocDigestWindow(schedule, now, group.partnership.timeZone);
  const built = (await buildDigests(context.services, [{ group, window }], now)).get(group.id);
  if (!built) throw new Error(`No digest was built for group ${group.key}`);
  const chart = await digestChart(built.content).catch((error: unknown) => {
    context.services.logger.warn('The digest\'s chart could not be drawn; the digest goes without it', { group: group.key, error });
    return undefined;
  });
  return digestView(built.content, { mentions: built.mentions, canOpenUpdateForm: registry.hasAction(ACTION_IDS.openUpdateForm), ...(chart ? { chart } : {}) });
}

function checkMaySend(context: PersonContext, group: DigestGroup): void {
  const allowed = context.memberships.some((membership) => membership.role === 'SECRETARIAT' || (membership.role === 'CHAIR' && membership.group.id === group.id));
  if (!allowed) throw new ForbiddenError(`Only the chair of ${group.name} or the secretariat can post its digest.`, { details: { groupId: group.id } });
}

function localMinute(now: Date, timeZone: string): string {
  const local = toZoned(now, timeZone);
  return `${local.year}-${pad2(local.month)}-${pad2(local.day)}T${pad2(local.hour)}:${pad2(local.minute)}`;
}

function describeOutcome(outcome: ChannelOutcome, group: DigestGroup): string {
  const channel = describeChannel({ ...outcome, name: group.channels.find((candidate) => candidate.channelId === outcome.channelId)?.name ?? null });
  switch (outcome.status) {
    case 'sent':
      return `posted to ${channel}`;
    case 'already-sent':
      return `already posted to ${channel} a moment ago`;
    case 'failed':
      return `not posted to ${channel}: ${outcome.failure.reason}`;
    case 'given-up':
      return `not posted to ${channel}: ${outcome.reason}`;
    case 'no-notifier':
      return `not posted to ${channel}: the bot is not connected to that platform here`;
  }
}

async function sendNow(context: RequestContext, group: DigestGroup, registry: ChatRegistry): Promise<ChatResponse> {
  checkMaySend(context, group);
  if (group.channels.length === 0) {
    throw new ValidationError(`${group.name} has no channel yet. In its channel, the secretariat can type ${context.commandPrefix} channel ${group.key}.`);
  }
  const now = context.services.now();
  const view = await buildOne(context, group, registry);
  const outcomes = await postDigestToChannels(context.services, {
    group,
    view,
    ledgerKey: `manual:${localMinute(now, group.partnership.timeZone)}`,
    now,
  });
  await context.audit({
    action: 'digest.send',
    outcome: outcomes.some((outcome) => outcome.status === 'sent') ? 'ALLOWED' : 'FAILED',
    subjectType: 'Group',
    subjectId: group.id,
    detail: { channels: outcomes.map((outcome) => ({ platform: outcome.platform, channelId: outcome.channelId, status: outcome.status })) },
  });
  const lines = outcomes.map((outcome) => describeOutcome(outcome, group));
  return [privateText(rich('The digest of ', bold(group.name), `: ${lines.join('; ')}.`))];
}

function describeSchedule(context: PersonContext, group: DigestGroup): MessageView {
  const timeZone = group.partnership.timeZone;
  const own = group.digestCron?.trim();
  let next: string;
  try {
    const schedule = digestScheduleOf(group.digestCron, group.partnership.defaultDigestCron);
    const at = nextDigestTime(schedule, context.services.now(), timeZone);
    next = at
      ? new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(at)
      : 'never';
  } catch (error) {
    next = error instanceof ValidationError ? `not until the schedule is fixed (${error.message})` : 'unknown';
  }
  const source = own ? `its own schedule "${own}"` : `the partnership's schedule "${group.partnership.defaultDigestCron || DEFAULT_DIGEST_CRON}"`;
  return message(
    { type: 'text', text: rich(bold(group.name), ` gets its digest on ${source} (${timeZone}). Next: ${next}.`) },
    { type: 'context', text: `The secretariat can change it with ${context.commandPrefix} digest schedule ${group.key} <minute hour day month weekday>, e.g. "0 9 * * 1" for Mondays at 09:00, or go back to the partnership's with ${context.commandPrefix} digest schedule ${group.key} default.` },
  );
}

async function schedule(context: RequestContext, parts: readonly string[]): Promise<ChatResponse> {
  const { db } = context.services;
  let rest = [...parts];
  let group: DigestGroup | undefined;
  const first = rest[0];
  if (first && !/[*\d]/.test(first[0] ?? '') && first.toLowerCase() !== 'default') {
    group = await resolveGroup(context, first);
    rest = rest.slice(1);
  } else {
    group = await resolveGroup(context, '');
  }
  if (rest.length === 0) return [privateReply(describeSchedule(context, group))];
  if (!context.roles.has('SECRETARIAT')) throw new ForbiddenError('Only the secretariat can change when a group gets its digest.');
  const text = rest.join(' ').trim();
  const cron = text.toLowerCase() === 'default' ? null : parseDigestCron(text.replace(/^["'“”]|["'“”]$/g, '')).expression;
  await setGroupDigestCron(db, group.id, cron);
  await context.audit({ action: 'digest.schedule', outcome: 'ALLOWED', subjectType: 'Group', subjectId: group.id, detail: { previous: group.digestCron, cron } });
  const updated = await findDigestGroup(db, context.person.partnershipId, group.id);
  return [privateReply(describeSchedule(context, updated ?? { ...group, digestCron: cron }))];
}

async function history(context: RequestContext): Promise<ChatResponse> {
  const timeZone = context.person.partnership.timeZone;
  const rows = await listDigestHistory(context.services.db, context.person.partnershipId, HISTORY_LIMIT);
  if (rows.length === 0) return [privateText('No digests have been posted yet.', `The first goes out at the next scheduled time; see ${context.commandPrefix} digest schedule.`)];
  const when = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone });
  const items: ListItem[] = rows.map((row) => {
    const where = row.platform && row.channelId ? describeChannel({ platform: row.platform, name: row.channelName, channelId: row.channelId }) : 'no channel';
    const notes = [
      row.caughtUp.length > 0 ? `catch-up, also covering ${row.caughtUp.join(', ')}` : '',
      row.late && !row.possibleDuplicate ? 'sent late' : '',
      row.possibleDuplicate ? REPOST_NOTICE : '',
    ].filter(Boolean);
    const kind = row.periodKey.startsWith('manual:') ? 'sent by hand' : `for ${[row.periodKey, ...notes].join(', ')}`;
    const state = row.sentAt ? `posted ${when.format(row.sentAt)}` : row.error ? `not posted: ${row.error.replace(/^(permanent|transient): /, '')}` : 'being posted';
    return { text: rich(bold(row.group?.name ?? 'A removed group'), ` · ${where}`, lineBreak(), `${state} (${kind})`) };
  });
  return [privateReply(message({ type: 'heading', text: 'Digest history' }, { type: 'context', text: `The latest ${rows.length} posts, newest first.` }, { type: 'list', items }))];
}

async function decisionLog(context: PersonContext, group: DigestGroup, page: number): Promise<MessageView> {
  const rows = await listDecisions(context.services.db, [group.id]);
  const date = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: context.person.partnership.timeZone });
  const outcome: Record<string, string> = { CARRIED: 'carried', LOST: 'lost', NO_DECISION_INQUORATE: 'no decision (inquorate)' };
  const items: ListItem[] = rows.map((row) => ({
    text: rich(
      bold(`#${row.number} ${row.title}`),
      lineBreak(),
      `${outcome[row.outcome] ?? row.outcome} · ${row.forCount} for, ${row.againstCount} against, ${row.abstainCount} abstaining · ${date.format(row.decidedAt)}`,
      ...(row.corrects ? [lineBreak(), italic(`Corrects decision #${row.corrects.number}`)] : []),
    ),
  }));
  return {
    kind: 'message',
    blocks: [
      { type: 'heading', text: `Decision log · ${group.name}` },
      { type: 'pagedList', items, page, pageSize: PAGE_SIZE, pagingValue: { list: DECISION_LIST_ID, groupId: group.id }, emptyText: 'No decisions have been recorded for this group yet.' },
    ],
  };
}

async function attentionList(context: PersonContext, group: DigestGroup, page: number): Promise<MessageView> {
  const { db } = context.services;
  const tree = await listGroupTree(db, [group.partnershipId]);
  const scope = groupAndDescendants(group.id, tree);
  const cadences = new Map(tree.map((row) => [row.id, row.defaultCadence]));
  const actions = await listOpenActions(db, scope);
  const now = context.services.now();
  const needing = actionsNeedingAttention(actions, {
    now,
    today: context.today,
    timeZone: group.partnership.timeZone,
    cadenceOfGroup: (groupId) => (groupId ? cadences.get(groupId) : undefined) ?? group.defaultCadence,
  });
  const reasons = new Map<string, { action: ActionNote; notes: string[] }>();
  const add = (action: ActionNote, noteText: string) => {
    const entry = reasons.get(action.id) ?? { action, notes: [] };
    entry.notes.push(noteText);
    reasons.set(action.id, entry);
  };
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const local = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: group.partnership.timeZone });
  for (const action of needing.atRisk) add(action, action.status === 'OFF_TRACK' ? '🔴 off track' : '🟠 at risk');
  for (const action of needing.overdue) add(action, `overdue since ${action.dueDate ? day.format(action.dueDate) : '?'}`);
  for (const action of needing.missingUpdates) add(action, `update due ${action.updateDueAt ? local.format(action.updateDueAt) : '?'}`);
  const entries = [...reasons.values()].sort((a, b) => a.action.ref.localeCompare(b.action.ref, 'en', { numeric: true }));
  const mentions = await mentionsFor(context.services, entries.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).flatMap((entry) => (entry.action.owner ? [entry.action.owner] : [])));
  const items: ListItem[] = entries.map((entry, index) => {
    const onPage = index >= page * PAGE_SIZE && index < (page + 1) * PAGE_SIZE;
    const owner = entry.action.owner ? (onPage ? (mentions.get(entry.action.owner.id) ?? entry.action.owner.name) : entry.action.owner.name) : 'no owner';
    return { text: rich(bold(entry.action.ref), ` ${entry.action.title}`, lineBreak(), `${entry.notes.join(' · ')} · `, owner), button: openActionButton(entry.action) };
  });
  return {
    kind: 'message',
    blocks: [
      { type: 'heading', text: `Actions needing attention · ${group.name}` },
      { type: 'pagedList', items, page, pageSize: PAGE_SIZE, pagingValue: { list: ATTENTION_LIST_ID, groupId: group.id }, emptyText: 'No action is at risk, overdue or missing an update.' },
    ],
  };
}

export function createDigestFeature(): ChatFeature {
  return {
    name: 'digest',
    register(registry) {
      registry.command({
        name: 'digest',
        summary: 'Previews a group\'s digest, posts it now (chair or secretariat), lists what was sent, or shows or sets its schedule.',
        usage: 'preview | send | history | schedule [group] [cron | default]',
        example: 'digest preview rap',
        async run(context, args) {
          const [sub = 'preview', ...rest] = words(args.tokens);
          switch (sub.toLowerCase()) {
            case 'preview':
              return [privateReply(await buildOne(context, await resolveGroup(context, rest.join(' ')), registry))];
            case 'send':
              return sendNow(context, await resolveGroup(context, rest.join(' ')), registry);
            case 'history':
              return history(context);
            case 'schedule':
              return schedule(context, rest);
            default:
              throw new ValidationError(`${context.commandPrefix} digest ${sub} is not something I know. Try ${context.commandPrefix} digest preview, send, history or schedule.`);
          }
        },
      });
      registry.action({
        actionId: ACTION_IDS.openDigestDecisions,
        run: async (context, request) => [privateReply(await decisionLog(context, await groupById(context, request.value), 0))],
      });
      registry.action({
        actionId: ACTION_IDS.openDigestOverdueActions,
        run: async (context, request) => [privateReply(await attentionList(context, await groupById(context, request.value), 0))],
      });
      registry.pagedList({
        id: DECISION_LIST_ID,
        run: async (context, page, value) => [{ type: 'updateMessage', message: await decisionLog(context, await groupById(context, value), page) }],
      });
      registry.pagedList({
        id: ATTENTION_LIST_ID,
        run: async (context, page, value) => [{ type: 'updateMessage', message: await attentionList(context, await groupById(context, value), page) }],
      });
    },
  };
}

export const digestFeature: ChatFeature = createDigestFeature();
