// Exports and the audit view through the Teams front door: activities to the real teams-ai adapter, the
// replies caught by the fake Bot Connector. Teams gets a card with Download buttons (Action.OpenUrl) whose
// signed links, opened over HTTP on the bot's own server, give the files; a tampered or expired link, or one
// whose person has left, is refused. On Safer Testford's own decision log (decision-log-fixtures.ts).
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { mountExportDownloads } from '../../src/server/export-downloads.ts';
import { exportsFeature } from '../../src/services/exports/exports-feature.ts';
import { voteFeature } from '../../src/services/votes/vote-feature.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { personalMessage, type TeamsParty } from '../support/teams-activities.ts';
import { docxParagraphs } from '../support/zip-entries.ts';
import { SAM, TENANT_ID, startTeamsTestApp, type TeamsTestApp } from '../teams/teams-test-app.ts';
import { seedDecisionLog, type SeededLog } from './decision-log-fixtures.ts';

type Json = Record<string, unknown>;

const PUBLIC_BASE_URL = 'https://csp.testford.example';
const SECRET = 'teams-e2e-export-link-secret-0123456789';
const BEA: TeamsParty = { id: '29:1beaTeamsUserForExports', aadObjectId: '00000000-0000-4000-8000-0000000000b1', name: 'Bea Council' };
const HOUR_MS = 3_600_000;

let app: TeamsTestApp;
let log: SeededLog;
let clockAhead = 0;

beforeAll(async () => {
  app = await startTeamsTestApp({ features: [voteFeature, exportsFeature], downloadLinks: { baseUrl: PUBLIC_BASE_URL, secret: SECRET } });
  mountExportDownloads(app.http, { db: app.db.prisma, secret: SECRET, logger: createLogger({ level: 'error', write: () => {} }), now: () => new Date(Date.now() + clockAhead) });
  const { prisma } = app.db;
  log = await seedDecisionLog(prisma, app.partnershipId);
  const bea = await prisma.person.create({ data: { partnershipId: app.partnershipId, key: 'bea', name: BEA.name, email: 'bea@testford.gov.uk' } });
  await prisma.membership.create({ data: { groupId: log.rapId, personId: bea.id, role: 'MEMBER' } });
  await prisma.chatIdentity.create({ data: { personId: bea.id, platform: 'TEAMS', workspaceId: TENANT_ID, userId: BEA.aadObjectId, linkedBy: 'IMPORT' } });
  app.connector.addMember({ id: BEA.id, name: BEA.name, aadObjectId: BEA.aadObjectId, email: 'bea@testford.gov.uk', userPrincipalName: 'bea@testford.gov.uk', tenantId: TENANT_ID, userRole: 'user' });
});

afterAll(async () => {
  await app?.stop();
});

/** Sends a message in the person's chat with the bot and returns the cards it sent back. */
async function say(user: TeamsParty, text: string): Promise<Json[]> {
  app.connector.clearRequests();
  expect((await app.post(personalMessage({ ...app.envelope(user), text }))).status).toBe(200);
  return app.connector.sentActivities().flatMap((activity) => ((activity.attachments as Json[] | undefined) ?? []).map((attachment) => attachment.content as Json));
}

function openUrls(cards: Json[]): Record<string, string> {
  const found: Record<string, string> = {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const object = node as Json;
      if (object.type === 'Action.OpenUrl') found[String(object.title)] = String(object.url);
      Object.values(object).forEach(visit);
    }
  };
  visit(cards);
  return found;
}

/** Opens a public link on the bot's own server, as the reverse proxy in front of it would. */
function download(publicUrl: string): Promise<Response> {
  const link = new URL(publicUrl);
  return fetch(new URL(`${link.pathname}${link.search}`, new URL(app.url).origin));
}

describe('decision-log exports in Teams', () => {
  let links: Record<string, string>;

  it('answers with a card of signed download links, for the person and for 24 hours', async () => {
    const cards = await say(SAM, 'csp decisions export 2026-03-01');
    for (const card of cards) expect(validateAdaptiveCard(card)).toEqual([]);
    expect(JSON.stringify(cards)).toContain('Decision log of Safer Testford since 1 Mar 2026');
    expect(JSON.stringify(cards)).toContain('2 decisions, as a CSV file and a Word document.');
    expect(JSON.stringify(cards)).toContain('The links are made out to you (please do not forward them) and work for 24 hours');
    links = openUrls(cards);
    expect(Object.keys(links)).toEqual(['Download CSV', 'Download Word document']);
    expect(links['Download CSV']).toMatch(/^https:\/\/csp\.testford\.example\/exports\/download\?t=/);
  });

  it('gives the files when the links are opened', async () => {
    const csv = await download(links['Download CSV'] ?? '');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="decisions-safer-testford-since-2026-03-01.csv"');
    const rows = parse(Buffer.from(await csv.arrayBuffer()), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.Number, row.Group, row['Casting vote']])).toEqual([
      ['2', 'Strategy Board', 'For (Pat Police, chair)'],
      ['3', 'Reducing Reoffending Group', ''],
    ]);

    const docx = await download(links['Download Word document'] ?? '');
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const lines = docxParagraphs(new Uint8Array(await docx.arrayBuffer()));
    expect(lines).toContain('Period: Since 1 Mar 2026');
    expect(lines).toContain('Decision 3: Commission a mentoring scheme');

    const downloads = await app.db.prisma.auditEvent.findMany({ where: { action: 'decisions.export', outcome: 'ALLOWED', detail: { path: ['via'], equals: 'link' } } });
    expect(downloads.map((event) => (event.detail as Json).format)).toEqual(['csv', 'docx']);
  });

  it('refuses a tampered link and an expired one', async () => {
    const url = new URL(links['Download CSV'] ?? '');
    const [payload, signature] = (url.searchParams.get('t') ?? '').split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Json;
    const widened = Buffer.from(JSON.stringify({ ...claims, s: '2000-01-01' })).toString('base64url');
    url.searchParams.set('t', `${widened}.${signature}`);
    const tampered = await download(url.toString());
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toBe('This download link is not valid. Ask the bot for a new one with "decisions export".');

    clockAhead = 25 * HOUR_MS;
    try {
      const expired = await download(links['Download CSV'] ?? '');
      expect(expired.status).toBe(410);
      expect(await expired.text()).toContain('This download link has expired.');
    } finally {
      clockAhead = 0;
    }
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'decisions.export', outcome: 'REFUSED', reason: { startsWith: 'download link' } } })).toBe(2);
  });

  it('stops working for a person who has left every group', async () => {
    const cards = await say(BEA, 'csp decisions export rap');
    const beaLink = openUrls(cards)['Download CSV'] ?? '';
    expect((await download(beaLink)).status).toBe(200);
    await app.db.prisma.membership.updateMany({ where: { person: { key: 'bea' } }, data: { endsOn: new Date('2026-01-01T00:00:00Z') } });
    try {
      const refused = await download(beaLink);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('no longer serves in the partnership');
    } finally {
      await app.db.prisma.membership.updateMany({ where: { person: { key: 'bea' } }, data: { endsOn: null } });
    }
  });
});

describe('the audit view in Teams', () => {
  it('is refused, and audited, for anyone but the secretariat', async () => {
    expect(JSON.stringify(await say(BEA, 'csp audit'))).toMatch(/secretariat/i);
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'command.audit', outcome: 'REFUSED', actorUserId: BEA.aadObjectId } })).toBe(1);
  });

  it('lists refusals and downloads for the secretariat, newest first, expired links under their person', async () => {
    const cards = await say(SAM, 'csp audit');
    for (const card of cards) expect(validateAdaptiveCard(card)).toEqual([]);
    const text = JSON.stringify(cards);
    expect(text).toContain('Audit log of Safer Testford');
    expect(text.indexOf('csp audit — refused')).toBeLessThan(text.indexOf('Decision log export — refused'));
    expect(text).toContain('Sam Okafor · download link expired · via link');
    expect(text).toContain('Bea Council · no current membership · via link, format csv');
    expect(text).toContain('Sam Okafor · via link, since 2026-03-01, format docx, decisions 2');
    // A tampered link names nobody the bot can trust, so it is in the audit table but in no partnership's view.
    expect(text).not.toContain('bad signature');
  });
});

describe('exports in Teams without download links set up', () => {
  let bare: TeamsTestApp;
  beforeAll(async () => {
    bare = await startTeamsTestApp({ features: [voteFeature, exportsFeature] });
  });
  afterAll(async () => {
    await bare?.stop();
  });

  it('tells the person the administrator must set PUBLIC_BASE_URL', async () => {
    expect((await bare.post(personalMessage({ ...bare.envelope(SAM), text: 'csp decisions export' }))).status).toBe(200);
    const text = JSON.stringify(bare.connector.sentActivities());
    expect(text).toContain('the administrator must set PUBLIC_BASE_URL and EXPORT_LINK_SECRET');
    expect(text).not.toContain('Action.OpenUrl');
  });
});
