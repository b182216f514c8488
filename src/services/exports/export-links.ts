// Signed, expiring download links for exports, for chat platforms that cannot take a file from the bot (a
// Teams bot needs Graph/OneDrive consent to send one). Nothing is stored: the link carries what to export,
// for whom and until when, signed with HMAC-SHA256 under EXPORT_LINK_SECRET, and the file is made again
// from those parameters when the link is opened. Changing the secret invalidates every link given out.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const EXPORT_DOWNLOAD_PATH = '/exports/download';
export const EXPORT_LINK_HOURS = 24;
export const EXPORT_FORMATS = ['csv', 'docx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface DownloadLinkSettings {
  /** PUBLIC_BASE_URL, where the bot's HTTP server is reached from outside. */
  readonly baseUrl: string;
  readonly secret: string;
}

/** What one link exports, for whom, and until when (seconds since the epoch). */
export interface ExportLinkClaims {
  readonly partnershipId: string;
  readonly personId: string;
  readonly groupId?: string;
  /** YYYY-MM-DD. */
  readonly since?: string;
  readonly format: ExportFormat;
  readonly expiresAt: number;
}

const claimsSchema = z.object({
  p: z.uuid(),
  u: z.uuid(),
  g: z.uuid().optional(),
  s: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  f: z.enum(EXPORT_FORMATS),
  e: z.number().int().positive(),
});

function signature(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export function signExportToken(secret: string, claims: ExportLinkClaims): string {
  const payload = Buffer.from(
    JSON.stringify({
      p: claims.partnershipId,
      u: claims.personId,
      ...(claims.groupId ? { g: claims.groupId } : {}),
      ...(claims.since ? { s: claims.since } : {}),
      f: claims.format,
      e: claims.expiresAt,
    }),
  ).toString('base64url');
  return `${payload}.${signature(secret, payload).toString('base64url')}`;
}

export type TokenCheck =
  | { ok: true; claims: ExportLinkClaims }
  /** The link was ours but is out of date: its claims can be trusted, e.g. to say whose it was. */
  | { ok: false; reason: 'expired'; claims: ExportLinkClaims }
  | { ok: false; reason: 'malformed' | 'bad signature' };

export function verifyExportToken(secret: string, token: string, now: Date): TokenCheck {
  const [payload, signed, ...extra] = token.split('.');
  if (!payload || !signed || extra.length > 0) return { ok: false, reason: 'malformed' };
  const expected = signature(secret, payload);
  const given = Buffer.from(signed, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad signature' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = claimsSchema.safeParse(decoded);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const { p, u, g, s, f, e } = parsed.data;
  const claims: ExportLinkClaims = { partnershipId: p, personId: u, ...(g ? { groupId: g } : {}), ...(s ? { since: s } : {}), format: f, expiresAt: e };
  if (e * 1000 <= now.getTime()) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

export function exportLinkUrl(settings: DownloadLinkSettings, claims: ExportLinkClaims): string {
  return `${settings.baseUrl.replace(/\/+$/, '')}${EXPORT_DOWNLOAD_PATH}?t=${signExportToken(settings.secret, claims)}`;
}
