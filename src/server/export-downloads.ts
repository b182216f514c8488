// GET /exports/download?t=<token>: the file behind a signed export link (src/services/exports/export-links.ts).
// The token says what to export and for whom; the person must still serve in a group of the partnership
// when the link is opened. Each download, and each refused link, is audited.
import type { ServerResponse } from 'node:http';
import { recordAudit } from '../db/audit-store.ts';
import { findExportGroup, findExportPerson } from '../db/decision-export-store.ts';
import type { DbClient } from '../db/identity-store.ts';
import type { Logger } from '../logger.ts';
import { EXPORT_AUDIT_ACTION, exportFile, loadDecisionExport, mayExportDecisions } from '../services/exports/decision-export.ts';
import { EXPORT_DOWNLOAD_PATH, verifyExportToken } from '../services/exports/export-links.ts';
import { dateOnlyIn } from '../services/identity.ts';
import type { HttpServer } from './http-server.ts';

export interface ExportDownloadOptions {
  readonly db: DbClient;
  readonly secret: string;
  readonly logger: Logger;
  readonly now?: () => Date;
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  response.end(text);
}

const ASK_AGAIN = 'Ask the bot for a new one with "decisions export".';

export function mountExportDownloads(http: Pick<HttpServer, 'route'>, options: ExportDownloadOptions): void {
  const now = options.now ?? (() => new Date());
  http.route('GET', EXPORT_DOWNLOAD_PATH, async (request, response) => {
    const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('t') ?? '';
    const checked = verifyExportToken(options.secret, token, now());
    if (!checked.ok) {
      // Only an expired link's claims are trusted enough to say whose it was.
      const whose = checked.reason === 'expired' ? { partnershipId: checked.claims.partnershipId, actorPersonId: checked.claims.personId } : {};
      await recordAudit(options.db, { action: EXPORT_AUDIT_ACTION, outcome: 'REFUSED', ...whose, reason: `download link ${checked.reason}`, detail: { via: 'link' } });
      if (checked.reason === 'expired') sendText(response, 410, `This download link has expired. ${ASK_AGAIN}`);
      else sendText(response, 403, `This download link is not valid. ${ASK_AGAIN}`);
      return;
    }
    const { claims } = checked;
    const person = await findExportPerson(options.db, claims.partnershipId, claims.personId);
    const audit = { action: EXPORT_AUDIT_ACTION, partnershipId: claims.partnershipId, actorPersonId: claims.personId, subjectType: 'Decision' };
    const detail = { via: 'link', format: claims.format, ...(claims.since ? { since: claims.since } : {}) };
    if (!person || !(await mayExportDecisions(options.db, person.id, dateOnlyIn(now(), person.partnership.timeZone)))) {
      await recordAudit(options.db, { ...audit, actorPersonId: person ? person.id : null, outcome: 'REFUSED', reason: 'no current membership', detail });
      sendText(response, 403, 'The person this link was made for no longer serves in the partnership, so it no longer works.');
      return;
    }
    const group = claims.groupId ? await findExportGroup(options.db, claims.partnershipId, claims.groupId) : null;
    if (claims.groupId && !group) {
      sendText(response, 404, `The group this link exports no longer exists. ${ASK_AGAIN}`);
      return;
    }
    const exported = await loadDecisionExport(options.db, {
      partnership: person.partnership,
      ...(group ? { group } : {}),
      ...(claims.since ? { since: claims.since } : {}),
    });
    const file = await exportFile(exported, claims.format, now());
    await recordAudit(options.db, { ...audit, outcome: 'ALLOWED', detail: { ...detail, ...(group ? { group: group.key } : {}), decisions: exported.records.length } });
    options.logger.info('Export downloaded', { file: file.fileName, decisions: exported.records.length });
    response.writeHead(200, {
      'content-type': file.mimeType === 'text/csv' ? 'text/csv; charset=utf-8' : file.mimeType,
      'content-length': file.bytes.byteLength,
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    });
    response.end(file.bytes);
  });
}
