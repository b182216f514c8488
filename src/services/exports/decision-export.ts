// `/csp decisions export [group] [since]`: the decision log as a CSV file and a Word document, for the person
// who asked. The decision log is the board's public record, so anyone serving in a group of the partnership
// may take a copy (as anyone may list it with `/csp decisions`); someone with no current membership is
// refused, and both the export and the refusal are audited. Slack receives the files themselves; Teams gets
// signed download links (export-links.ts), or word that the administrator has not set them up.
import { z } from 'zod';
import { listDecisionsForExport } from '../../db/decision-export-store.ts';
import type { DbClient } from '../../db/identity-store.ts';
import { findGroupsByKeyOrName, listActiveMemberships } from '../../db/membership-store.ts';
import { parseIsoDate } from '../../domain/calendar.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { fromLocal } from '../../domain/time-zone.ts';
import type { MessageView, RichText } from '../../views/model.ts';
import { bold, rich } from '../../views/model.ts';
import type { ChatFile, ChatResponse } from '../chat-core.ts';
import type { RequestContext } from '../registry.ts';
import { privateText } from '../replies.ts';
import { formatDate, formatDateTime } from '../votes/vote-views.ts';
import { decisionsCsv } from './decision-csv.ts';
import { decisionsDocument } from './decision-document.ts';
import { decisionRecord, type DecisionRecord } from './decision-records.ts';
import { EXPORT_LINK_HOURS, exportLinkUrl, type ExportFormat } from './export-links.ts';

export const EXPORT_AUDIT_ACTION = 'decisions.export';
export const CSV_MIME_TYPE = 'text/csv';
export const DOCX_MIME_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Which part of which partnership's log to export. */
export interface DecisionExportScope {
  readonly partnership: { readonly id: string; readonly slug: string; readonly name: string; readonly timeZone: string };
  readonly group?: { readonly id: string; readonly key: string; readonly name: string };
  /** YYYY-MM-DD in the partnership's time zone. */
  readonly since?: string;
}

export interface DecisionExport {
  readonly records: readonly DecisionRecord[];
  readonly scope: DecisionExportScope;
  readonly baseName: string;
  readonly title: string;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((text) => {
    try {
      parseIsoDate(text);
      return true;
    } catch {
      return false;
    }
  });

function exportTitle(scope: DecisionExportScope): string {
  const period = scope.since ? ` since ${formatDate(sinceInstant(scope), scope.partnership.timeZone)}` : '';
  return `Decision log of ${scope.group?.name ?? scope.partnership.name}${period}`;
}

function sinceInstant(scope: DecisionExportScope): Date {
  return fromLocal({ ...parseIsoDate(scope.since ?? '1970-01-01'), hour: 0, minute: 0 }, scope.partnership.timeZone);
}

export async function loadDecisionExport(db: DbClient, scope: DecisionExportScope): Promise<DecisionExport> {
  const rows = await listDecisionsForExport(db, scope.partnership.id, {
    ...(scope.group ? { groupIds: [scope.group.id] } : {}),
    ...(scope.since ? { since: sinceInstant(scope) } : {}),
  });
  const baseName = ['decisions', scope.partnership.slug, scope.group?.key, scope.since ? `since-${scope.since}` : undefined]
    .filter((part): part is string => Boolean(part))
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '-');
  return { records: rows.map((row) => decisionRecord(row, scope.partnership.timeZone)), scope, baseName, title: exportTitle(scope) };
}

/** One export file: the CSV, or the Word document. */
export async function exportFile(exported: DecisionExport, format: ExportFormat, now: Date): Promise<ChatFile> {
  if (format === 'csv') {
    return { fileName: `${exported.baseName}.csv`, mimeType: CSV_MIME_TYPE, title: `${exported.title} (CSV)`, bytes: Buffer.from(decisionsCsv(exported.records), 'utf8') };
  }
  const { scope } = exported;
  const bytes = await decisionsDocument(
    {
      partnershipName: scope.partnership.name,
      scope: scope.group?.name ?? 'All groups',
      period: scope.since ? `Since ${formatDate(sinceInstant(scope), scope.partnership.timeZone)}` : 'All decisions',
      producedOn: formatDateTime(now, scope.partnership.timeZone),
    },
    exported.records,
  );
  return { fileName: `${exported.baseName}.docx`, mimeType: DOCX_MIME_TYPE, title: exported.title, bytes };
}

/** True when the person serves in any group of the partnership today: who may take a copy of the log. */
export async function mayExportDecisions(db: DbClient, personId: string, today: Date): Promise<boolean> {
  return (await listActiveMemberships(db, personId, today)).length > 0;
}

async function scopeFromWords(context: RequestContext, parts: readonly string[]): Promise<DecisionExportScope> {
  const partnership = context.person.partnership;
  const dates = parts.filter((part) => /^\d/.test(part));
  const rest = parts.filter((part) => !dates.includes(part)).join(' ').trim();
  const example = `${context.commandPrefix} decisions export board 2026-04-01`;
  if (dates.length > 1) throw new ValidationError(`Give at most one date, the day to export from, e.g. ${example}.`);
  const [since] = dates;
  if (since !== undefined && !isoDate.safeParse(since).success) {
    throw new ValidationError(`"${since}" is not a date. Write the day to export from as YYYY-MM-DD, e.g. ${example}.`);
  }
  const base = { partnership, ...(since ? { since } : {}) };
  if (rest === '') return base;
  const groups = await findGroupsByKeyOrName(context.services.db, partnership.id, rest);
  const [group] = groups;
  if (!group) throw new NotFoundError(`${partnership.name} has no group called "${rest}".`);
  if (groups.length > 1) throw new ValidationError(`"${rest}" matches more than one group: ${groups.map((g) => `${g.key} (${g.name})`).join(', ')}. Use the group's key.`);
  return { ...base, group };
}

function linksView(context: RequestContext, exported: DecisionExport, summary: RichText): MessageView {
  const settings = context.services.downloadLinks;
  if (!settings) {
    const text = 'Downloads are not set up on this bot yet: the administrator must set PUBLIC_BASE_URL and EXPORT_LINK_SECRET.';
    return { kind: 'message', blocks: [{ type: 'text', text: summary }, { type: 'context', text }], fallbackText: text };
  }
  const expiresAt = Math.floor(context.services.now().getTime() / 1000) + EXPORT_LINK_HOURS * 3600;
  const url = (format: ExportFormat) =>
    exportLinkUrl(settings, {
      partnershipId: context.person.partnershipId,
      personId: context.person.id,
      ...(exported.scope.group ? { groupId: exported.scope.group.id } : {}),
      ...(exported.scope.since ? { since: exported.scope.since } : {}),
      format,
      expiresAt,
    });
  return {
    kind: 'message',
    blocks: [
      { type: 'text', text: summary },
      {
        type: 'actions',
        controls: [
          { type: 'linkButton', label: 'Download CSV', url: url('csv') },
          { type: 'linkButton', label: 'Download Word document', url: url('docx') },
        ],
      },
      { type: 'context', text: `The links are made out to you (please do not forward them) and work for ${EXPORT_LINK_HOURS} hours; the files are made afresh when you open them.` },
    ],
    fallbackText: exported.title,
  };
}

export async function exportDecisionsCommand(context: RequestContext, parts: readonly string[]): Promise<ChatResponse> {
  const scope = await scopeFromWords(context, parts);
  const detail = { ...(scope.group ? { group: scope.group.key } : {}), ...(scope.since ? { since: scope.since } : {}) };
  if (context.memberships.length === 0) {
    await context.audit({ action: EXPORT_AUDIT_ACTION, outcome: 'REFUSED', subjectType: 'Decision', reason: 'no current membership', detail });
    return [privateText('Only people serving in one of the partnership\'s groups can export the decision log.', 'If you should be, please ask the secretariat.')];
  }
  const exported = await loadDecisionExport(context.services.db, scope);
  const count = exported.records.length;
  await context.audit({ action: EXPORT_AUDIT_ACTION, outcome: 'ALLOWED', subjectType: 'Decision', detail: { ...detail, decisions: count, via: 'chat' } });
  const summary = rich(bold(exported.title), `: ${count} decision${count === 1 ? '' : 's'}, as a CSV file and a Word document.`);
  const now = context.services.now();
  return [
    {
      type: 'privateFiles',
      message: { kind: 'message', blocks: [{ type: 'text', text: summary }], fallbackText: `${exported.title}: ${count} decisions` },
      files: async () => [await exportFile(exported, 'csv', now), await exportFile(exported, 'docx', now)],
      withoutFiles: linksView(context, exported, summary),
    },
  ];
}
