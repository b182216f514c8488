// `/csp audit [since]`: the secretariat's view of the audit log — what was refused, what failed and what was
// changed (corrections, votes, links, readings, digests, exports…), newest first, a page at a time. Plain
// reads (commands, paging) are left out. Only the secretariat may see it; the core refuses and audits others.
import { z } from 'zod';
import { listAuditEvents, type AuditViewRow } from '../../db/decision-export-store.ts';
import { parseIsoDate } from '../../domain/calendar.ts';
import { ValidationError } from '../../domain/errors.ts';
import { fromLocal } from '../../domain/time-zone.ts';
import type { ActionValue, ListItem, MessageView } from '../../views/model.ts';
import { asJsonObject, bold, lineBreak, rich } from '../../views/model.ts';
import type { ChatResponse } from '../chat-core.ts';
import type { CommandArguments, RequestContext } from '../registry.ts';
import { privateReply } from '../replies.ts';
import { formatDateTime } from '../votes/vote-views.ts';

export const AUDIT_LIST_ID = 'audit';
const PAGE_SIZE = 10;
/** The most recent events one view holds; a date narrows it further back. */
export const AUDIT_VIEW_LIMIT = 200;
const DETAIL_LENGTH = 160;

const sinceSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Write the date as YYYY-MM-DD.' })
  .refine(
    (text) => {
      try {
        parseIsoDate(text);
        return true;
      } catch {
        return false;
      }
    },
    { error: 'That day does not exist.' },
  );

const OUTCOME_WORDS = { ALLOWED: 'done', REFUSED: 'refused', FAILED: 'failed' } as const;

/** What each audited action is called in the view; the code itself is shown too, for IT. */
const ACTION_WORDS: Readonly<Record<string, string>> = {
  'action.update': 'Action plan update',
  'channel.link': 'Channel linked',
  'decision.correct': 'Decision log correction',
  'decisions.export': 'Decision log export',
  'digest.post': 'Digest posted',
  'digest.schedule': 'Digest schedule changed',
  'digest.send': 'Digest sent',
  'hallmark.update': 'Hallmark item updated',
  'hallmarks.post': 'Hallmarks card posted',
  'identity.link': 'Chat account linked',
  'indicator.reading.record': 'Indicator reading recorded',
  'partnership.import': 'Partnership data imported',
  'slack.request.refused': 'Slack request refused',
  'teams.request.refused': 'Teams request refused',
  'vote.cast': 'Vote',
  'vote.close': 'Vote closed',
  'vote.propose': 'Vote proposed',
  'vote.showVotes': 'Individual votes shown',
};

function actionWords(action: string, prefix: string): string {
  const known = ACTION_WORDS[action];
  if (known) return known;
  if (action.startsWith('command.')) return `${prefix} ${action.slice('command.'.length)}`;
  if (action.startsWith('form.')) return 'Form';
  if (action.startsWith('action.')) return 'Button';
  return action;
}

function detailText(detail: unknown): string {
  const object = asJsonObject(detail as ActionValue);
  if (!object) return '';
  const text = Object.entries(object)
    .filter(([, value]) => value !== null && value !== undefined && typeof value !== 'object')
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(', ');
  return text.length > DETAIL_LENGTH ? `${text.slice(0, DETAIL_LENGTH - 1)}…` : text;
}

function item(row: AuditViewRow, timeZone: string, prefix: string): ListItem {
  const who = row.actorName ?? (row.actorUserId ? `${row.actorPlatform === 'TEAMS' ? 'Teams' : 'Slack'} user ${row.actorUserId}` : 'no chat user');
  const detail = detailText(row.detail);
  const about = [row.reason, detail].filter((part) => part && part.length > 0).join(' · ');
  return {
    text: rich(
      bold(`${actionWords(row.action, prefix)} — ${OUTCOME_WORDS[row.outcome]}`),
      lineBreak(),
      `${formatDateTime(row.at, timeZone)} · ${who}${about ? ` · ${about}` : ''} · ${row.action}`,
    ),
  };
}

async function auditView(context: RequestContext, since: string | undefined, page: number): Promise<MessageView> {
  const timeZone = context.person.partnership.timeZone;
  const from = since ? fromLocal({ ...parseIsoDate(since), hour: 0, minute: 0 }, timeZone) : undefined;
  const { rows, total } = await listAuditEvents(context.services.db, context.person.partnershipId, { ...(from ? { since: from } : {}), take: AUDIT_VIEW_LIMIT });
  const heading = `Audit log of ${context.person.partnership.name}${since ? ` since ${since}` : ''}`;
  return {
    kind: 'message',
    blocks: [
      { type: 'heading', text: heading },
      { type: 'context', text: 'Refusals, failures and changes, newest first.' },
      {
        type: 'pagedList',
        items: rows.map((row) => item(row, timeZone, context.commandPrefix)),
        page,
        pageSize: PAGE_SIZE,
        pagingValue: { list: AUDIT_LIST_ID, ...(since ? { s: since } : {}) },
        emptyText: since ? 'Nothing was refused or changed since then.' : 'Nothing has been refused or changed yet.',
      },
      ...(total > rows.length
        ? [{ type: 'context' as const, text: `These are the latest ${rows.length} of ${total}. For earlier ones, give a date: ${context.commandPrefix} audit 2026-04-01.` }]
        : []),
    ],
    fallbackText: heading,
  };
}

export async function auditCommand(context: RequestContext, args: CommandArguments): Promise<ChatResponse> {
  const words = args.tokens.flatMap((token) => (token.kind === 'word' ? [token.text] : []));
  if (words.length > 1) throw new ValidationError(`Give at most one date, e.g. ${context.commandPrefix} audit 2026-04-01.`);
  const [since] = words;
  if (since !== undefined) {
    const parsed = sinceSchema.safeParse(since);
    if (!parsed.success) throw new ValidationError(`"${since}" is not a date: ${parsed.error.issues[0]?.message ?? ''} For example ${context.commandPrefix} audit 2026-04-01.`);
  }
  return [privateReply(await auditView(context, since, 0))];
}

const pagingSchema = z.object({ s: sinceSchema.optional() });

export async function auditPage(context: RequestContext, page: number, value: ActionValue): Promise<ChatResponse> {
  const parsed = pagingSchema.safeParse(asJsonObject(value) ?? {});
  return [{ type: 'updateMessage', message: await auditView(context, parsed.success ? parsed.data.s : undefined, page) }];
}
