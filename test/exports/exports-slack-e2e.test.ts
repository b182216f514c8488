// Exports and the audit view through Slack's front door: signed slash commands to the real Bolt receiver, and
// the fake Web API receiving the files (upload URL, the bytes, then completeUploadExternal sharing them in the
// person's DM with the bot). On Safer Testford's own decision log (decision-log-fixtures.ts).
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportsFeature } from '../../src/services/exports/exports-feature.ts';
import { voteFeature } from '../../src/services/votes/vote-feature.ts';
import type { RecordedSlackCall } from '../support/fake-slack-api.ts';
import { recordAudit } from '../../src/db/audit-store.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { blockActionsPayload, interactivePayloadBody, slashCommandBody } from '../support/slack-requests.ts';
import { docxParagraphs } from '../support/zip-entries.ts';
import { ALEX, BOARD_CHANNEL, TEAM_ID, startSlackTestApp, type SlackTestApp } from '../slack/slack-test-app.ts';
import { seedDecisionLog } from './decision-log-fixtures.ts';

const SUE = { userId: 'U0SUE00001', email: 'sue.secretariat@testford.gov.uk', name: 'Sue Secretariat' } as const;
const FLO = { userId: 'U0FLO00001', email: 'flo.former@testford.gov.uk', name: 'Flo Former' } as const;

let app: SlackTestApp;

beforeAll(async () => {
  app = await startSlackTestApp({ features: [voteFeature, exportsFeature] });
  const { prisma } = app.db;
  await seedDecisionLog(prisma, app.partnershipId);
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId: app.partnershipId, key: 'board' } });
  const sue = await prisma.person.create({ data: { partnershipId: app.partnershipId, key: 'sue', name: SUE.name, email: SUE.email } });
  await prisma.membership.create({ data: { groupId: board.id, personId: sue.id, role: 'SECRETARIAT' } });
  for (const user of [SUE, FLO]) app.fake.addUser({ id: user.userId, email: user.email, realName: user.name, name: user.name.split(' ')[0]?.toLowerCase() });
});

afterAll(async () => {
  await app?.stop();
});

let commands = 0;

/** Sends `/csp <text>` from the board's channel and resolves with the private answer (not the first-contact welcome). */
async function command(userId: string, text: string): Promise<RecordedSlackCall> {
  commands += 1;
  const name = `export-${commands}`;
  const response = await app.send(slashCommandBody({ text, userId, teamId: TEAM_ID, channelId: BOARD_CHANNEL, responseUrl: app.fake.responseUrl(name) }));
  expect(response.status).toBe(200);
  return app.fake.waitForCall('response_url', (call) => call.path === `/response-url/${name}` && !String(call.body.text).startsWith('Welcome!'), 15_000);
}

const said = (call: RecordedSlackCall) => JSON.stringify(call.body);

describe('decision-log exports in Slack', () => {
  it('sends the board\'s decisions since a date as a CSV file and a Word document to the person\'s DM', async () => {
    const answer = await command(ALEX.userId, 'decisions export board 2026-01-01');
    expect(app.acks.filter((ack) => ack.kind === 'command').every((ack) => ack.milliseconds < 3000)).toBe(true);
    expect(said(answer)).toContain('Decision log of Strategy Board since 1 Jan 2026: 3 decisions — sent to your direct messages with the bot.');
    expect(answer.body.response_type).toBe('ephemeral');

    const shared = await app.fake.waitForCall('files.completeUploadExternal', undefined, 10_000);
    expect(shared.body.channel_id).toBe(`D${ALEX.userId}`);
    expect(shared.body.initial_comment).toBe('Decision log of Strategy Board since 1 Jan 2026: 3 decisions');
    const files = shared.body.files as { id: string; title: string }[];
    expect(files.map((file) => file.title)).toEqual(['Decision log of Strategy Board since 1 Jan 2026 (CSV)', 'Decision log of Strategy Board since 1 Jan 2026']);
    const reserved = app.fake.callsTo('files.getUploadURLExternal').map((call) => call.body.filename);
    expect(reserved).toEqual(['decisions-safer-testford-board-since-2026-01-01.csv', 'decisions-safer-testford-board-since-2026-01-01.docx']);

    const [csvUpload, docxUpload] = app.fake.callsTo('file_upload');
    const rows = parse(csvUpload?.bytes ?? Buffer.alloc(0), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.Number, row.Title, row.Outcome])).toEqual([
      ['1', 'Adopt the 2026/27 partnership plan', 'Carried'],
      ['2', `'=HYPERLINK("http://evil.example","Fund CCTV")`, 'Carried'],
      ['4', 'Adopt the 2026/27 partnership plan', 'Carried'],
    ]);
    expect(rows[0]?.['Votes recorded on behalf']).toBe('Dee Health (Testford Health): For, recorded on behalf by Sue Secretariat by phone on 9 Feb 2026');
    const document = docxParagraphs(docxUpload?.bytes ?? Buffer.alloc(0));
    expect(document).toContain('Group: Strategy Board');
    expect(document).toContain('Decision 2: =HYPERLINK("http://evil.example","Fund CCTV")');

    const audited = await app.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'decisions.export', outcome: 'ALLOWED' } });
    expect(audited).toMatchObject({ actorPlatform: 'SLACK', actorUserId: ALEX.userId, detail: { group: 'board', since: '2026-01-01', decisions: 3, via: 'chat' } });
  });

  it('says what was wrong with a date or a group', async () => {
    expect(said(await command(ALEX.userId, 'decisions export board 2026-02-30'))).toContain('\\"2026-02-30\\" is not a date. Write the day to export from as YYYY-MM-DD, e.g. /csp decisions export board 2026-04-01.');
    expect(said(await command(ALEX.userId, 'decisions export finance'))).toContain('Safer Testford has no group called \\"finance\\".');
  });

  it('refuses someone who no longer serves in any group, and audits it', async () => {
    const uploadsBefore = app.fake.callsTo('files.completeUploadExternal').length;
    expect(said(await command(FLO.userId, 'decisions export'))).toContain("Only people serving in one of the partnership's groups can export the decision log.");
    expect(app.fake.callsTo('files.completeUploadExternal')).toHaveLength(uploadsBefore);
    const refused = await app.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'decisions.export', outcome: 'REFUSED' } });
    expect(refused).toMatchObject({ actorUserId: FLO.userId, reason: 'no current membership' });
  });
});

describe('the audit view in Slack', () => {
  it('is refused, and audited, for anyone but the secretariat', async () => {
    expect(said(await command(ALEX.userId, 'audit'))).toMatch(/secretariat/i);
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'command.audit', outcome: 'REFUSED', actorUserId: ALEX.userId } })).toBe(1);
  });

  it('lists refusals and changes, newest first, for the secretariat, with a date filter', async () => {
    const listed = said(await command(SUE.userId, 'audit 2026-01-01'));
    expect(listed).toContain('Audit log of Safer Testford since 2026-01-01');
    const order = ['/csp audit — refused', 'Decision log export — refused', 'Decision log export — done'].map((text) => listed.indexOf(text));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(listed).toContain('Flo Former · no current membership · decisions.export');
    expect(listed).toContain('Chat account linked — done');

    expect(said(await command(SUE.userId, 'audit 2999-01-01'))).toContain('Nothing was refused or changed since then.');
    expect(said(await command(SUE.userId, 'audit 2026-01-01 2026-02-01'))).toContain('Give at most one date, e.g. /csp audit 2026-04-01.');
    expect(said(await command(SUE.userId, 'audit last-week'))).toContain('\\"last-week\\" is not a date: Write the date as YYYY-MM-DD.');
  });

  it('pages ten at a time with Next, which only the secretariat may press', async () => {
    for (let index = 1; index <= 12; index += 1) {
      await recordAudit(app.db.prisma, { action: 'action.update', outcome: 'ALLOWED', partnershipId: app.partnershipId, subjectType: 'Action', detail: { ref: `A${index}` } });
    }
    const first = said(await command(SUE.userId, 'audit'));
    expect(first).toMatch(/Showing 1–10 of \d+ · page 1 of \d+/);
    expect(first).toContain('ref A12');
    expect(first).not.toContain('ref A2 ·');

    const next = async (userId: string, name: string) => {
      const payload = blockActionsPayload({ actionId: ACTION_IDS.pageNext, value: JSON.stringify({ list: 'audit', page: 1 }), userId, teamId: TEAM_ID, channelId: BOARD_CHANNEL, messageTs: '1764000000.000200', responseUrl: app.fake.responseUrl(name) });
      payload.container = { ...payload.container, is_ephemeral: true };
      expect((await app.send(interactivePayloadBody(payload))).status).toBe(200);
      return app.fake.waitForCall('response_url', (call) => call.path === `/response-url/${name}`, 15_000);
    };
    const second = await next(SUE.userId, 'audit-page-2');
    expect(second.body.replace_original).toBe(true);
    expect(said(second)).toMatch(/Showing 11–\d+ of \d+ · page 2 of \d+/);
    expect(said(second)).toContain('Action plan update — done');
    expect(said(second)).toContain('ref A2 · action.update');
    expect(said(second)).not.toContain('ref A12');

    expect(said(await next(ALEX.userId, 'audit-page-alex'))).toMatch(/secretariat/i);
    expect(await app.db.prisma.auditEvent.count({ where: { action: `action.${ACTION_IDS.pageNext}`, outcome: 'REFUSED', actorUserId: ALEX.userId } })).toBe(1);
  });
});
