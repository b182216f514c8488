// SIGTERM under load, through the front doors of the real process: signed Slack commands and clicks that
// were acknowledged, and Teams messages whose turns are under way, all get their replies before the process
// exits, while new requests (and /healthz) are answered 503. Slack and the Teams connector are the local
// fakes, held at the point where every request's work is under way, so no timing decides the outcome.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from '../support/fake-slack-api.ts';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../support/fake-teams-connector.ts';
import {
  blockActionsPayload,
  interactivePayloadBody,
  postToSlackEndpoint,
  signSlackRequest,
  slashCommandBody,
  type SlackResponse,
} from '../support/slack-requests.ts';
import { personalMessage, type TeamsEnvelope, type TeamsParty } from '../support/teams-activities.ts';
import { freePort } from '../../src/server/free-port.ts';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const SIGNING_SECRET = 'shutdown-signing-secret-0123456789';
const TEAM_ID = 'T0SHUTDOWN';
const TENANT_ID = '5e0d1c2b-3a49-4f58-8e67-9d0c1b2a3f4e';
const BOT = { id: '28:shutdown-test-bot', name: 'CSP' };
const CHANNEL = 'C0SHUT0001';
const HELP_HEADING = 'What you can do with the CSP bot';
/** A person of the demo partnership (prisma/seed/norwich.yaml): the first user of each workspace is linked to her. */
const DEMO_EMAIL = 'ruth.adeyemi@example.org';
/**
 * What a user not on the partnership's list is told. The load is sent by such users: their requests do only
 * reads and an audit row after the held lookup, so a burst of identity-linking transactions on the embedded
 * database (a limit of its own, outside shutdown) does not decide the outcome.
 */
const UNLINKED_TEXT = "I don't know who you are in the partnership yet";
const N = 8;

interface Bot {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  output(): string;
}

const children: ChildProcess[] = [];
let dataDir: string;
let slack: FakeSlackApi;
let connector: FakeTeamsConnector;
const releases: Array<{ release(): void }> = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csp-shutdown-'));
  slack = await startFakeSlackApi({ teamId: TEAM_ID });
  connector = await startFakeTeamsConnector();
});

afterAll(async () => {
  for (const hold of releases) hold.release();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await slack?.close();
  await connector?.close();
  rmSync(dataDir, { recursive: true, force: true });
});


/** The bot as a process of its own, signalled directly (node --import tsx, no wrapper process in between). */
async function startBot(env: Record<string, string> = {}): Promise<Bot> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO: '1',
      SCHEDULER_ENABLED: '0',
      SLACK_BOT_TOKEN: 'xoxb-shutdown',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      TEAMS_LOCAL_ONLY: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const bot = { child, port, exited, output: () => output };
  await waitUntil(async () => (await health(bot))?.status === 200, () => `the bot did not become healthy:\n${output}`);
  return bot;
}

async function waitUntil(condition: () => Promise<boolean> | boolean, failure: () => string, attempts = 1_200): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(failure());
}

async function health(bot: Bot): Promise<{ status: number; retryAfter: string | null } | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    await response.arrayBuffer();
    return { status: response.status, retryAfter: response.headers.get('retry-after') };
  } catch {
    return undefined;
  }
}

function sendSlack(bot: Bot, body: string): Promise<SlackResponse> {
  return postToSlackEndpoint(`http://127.0.0.1:${bot.port}/slack/events`, signSlackRequest(body, { signingSecret: SIGNING_SECRET }));
}

function slackCommand(bot: Bot, userId: string, hook: string): Promise<SlackResponse> {
  return sendSlack(bot, slashCommandBody({ text: 'help', userId, teamId: TEAM_ID, channelId: CHANNEL, responseUrl: slack.responseUrl(hook) }));
}

function slackClick(bot: Bot, userId: string, hook: string): Promise<SlackResponse> {
  const payload = blockActionsPayload({
    actionId: 'action.help.open',
    userId,
    teamId: TEAM_ID,
    channelId: CHANNEL,
    messageTs: '1767225600.000100',
    responseUrl: slack.responseUrl(hook),
  });
  return sendSlack(bot, interactivePayloadBody(payload));
}

function emailOf(index: number): string {
  return index === 0 ? DEMO_EMAIL : `visitor-${index}@example.net`;
}

/** User 0 is on the partnership's list; the others are not. */
function slackUser(index: number): string {
  const id = `U0SHUT${String(index).padStart(4, '0')}`;
  slack.addUser({ id, teamId: TEAM_ID, email: emailOf(index), realName: `Person ${index}` });
  return id;
}

function teamsUser(index: number): TeamsParty {
  const suffix = String(index).padStart(12, '0');
  const user = { id: `29:shutdown-user-${index}`, aadObjectId: `7c9e6679-7425-40de-944b-${suffix}`, name: `Person ${index}` };
  connector.addMember({ ...user, email: emailOf(index), userPrincipalName: emailOf(index), tenantId: TENANT_ID });
  return user;
}

function envelope(user: TeamsParty): TeamsEnvelope {
  return { serviceUrl: connector.serviceUrl, tenantId: TENANT_ID, user, botId: BOT.id, botName: BOT.name };
}

async function sendTeams(bot: Bot, user: TeamsParty, conversationId: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(personalMessage({ ...envelope(user), text: 'help', conversationId })),
  });
  await response.arrayBuffer();
  return response.status;
}

function slackReplyTo(hook: string, text = UNLINKED_TEXT): boolean {
  return slack.callsTo('response_url').some((call) => call.path === `/response-url/${hook}` && JSON.stringify(call.body).includes(text));
}

/** What reached the fake Slack for these response_urls, for a failure message. */
function repliesSeen(hooks: string[]): string {
  return hooks
    .map((hook) => {
      const calls = slack.callsTo('response_url').filter((call) => call.path === `/response-url/${hook}`);
      return `${hook}: ${calls.map((call) => String(call.body.text ?? call.raw).slice(0, 160)).join(' | ') || 'nothing'}`;
    })
    .join('\n');
}

function teamsRepliesTo(conversationId: string) {
  return connector.requests.filter(
    (request) => (request.operation === 'replyToActivity' || request.operation === 'sendToConversation') && request.conversationId === conversationId,
  );
}

describe('shutting down under load', () => {
  it('replies to every acknowledged Slack command and click and every Teams message under way, answers 503 meanwhile, and exits 0', async () => {
    const bot = await startBot();

    // The first request from each workspace links it to the demo partnership; the load comes after.
    const warmSlack = await slackCommand(bot, slackUser(0), 'warm-up');
    expect(warmSlack.status).toBe(200);
    await waitUntil(() => slackReplyTo('warm-up', HELP_HEADING), () => `no reply to the first Slack command:\n${bot.output()}`);
    expect(await sendTeams(bot, teamsUser(0), 'a:shutdown-warm-up')).toBe(200);
    expect(teamsRepliesTo('a:shutdown-warm-up').length).toBeGreaterThan(0);

    // Slack's users.info holds every Slack request's work after its acknowledgement; the connector holds every
    // Teams reply (local-only mode links nobody by email, so a Teams turn makes no member lookup).
    const slackHold = slack.hold('users.info');
    const teamsHold = connector.hold('replyToActivity');
    const teamsSendHold = connector.hold('sendToConversation');
    releases.push(slackHold, teamsHold, teamsSendHold);
    const teamsRepliesBefore = connector.requests.length;

    const commandUsers = Array.from({ length: N }, (_, index) => slackUser(1 + index));
    const clickUsers = Array.from({ length: N }, (_, index) => slackUser(1 + N + index));
    const acks = await Promise.all([
      ...commandUsers.map((userId, index) => slackCommand(bot, userId, `command-${index}`)),
      ...clickUsers.map((userId, index) => slackClick(bot, userId, `click-${index}`)),
    ]);
    expect(acks.map((ack) => ack.status)).toEqual(Array(2 * N).fill(200));

    const teamsUsers = Array.from({ length: N }, (_, index) => teamsUser(1 + index));
    const teamsResponses = teamsUsers.map((user, index) => sendTeams(bot, user, `a:shutdown-${index}`));

    const slackUsers = [...commandUsers, ...clickUsers];
    await waitUntil(
      () => slackUsers.every((userId) => slack.callsTo('users.info').some((call) => call.body.user === userId)),
      () => `not every Slack request reached its user lookup:\n${bot.output()}`,
    );
    await waitUntil(
      () => teamsUsers.every((_, index) => connector.requests.slice(teamsRepliesBefore).some((request) => request.conversationId === `a:shutdown-${index}`)),
      () => `not every Teams message reached its reply:\n${bot.output()}`,
    );
    expect(commandUsers.some((_, index) => slackReplyTo(`command-${index}`))).toBe(false);

    bot.child.kill('SIGTERM');
    await waitUntil(async () => (await health(bot))?.status === 503, () => `/healthz never answered 503 after SIGTERM:\n${bot.output()}`);
    expect((await health(bot))?.retryAfter).toBe('5');
    const refused = await slackCommand(bot, slackUser(99), 'refused');
    expect(refused.status).toBe(503);

    slackHold.release();
    teamsHold.release();
    teamsSendHold.release();

    expect(await Promise.all(teamsResponses)).toEqual(Array(N).fill(200));
    expect(await bot.exited).toBe(0);
    const output = bot.output();
    expect(output).toContain('Stopped cleanly');
    expect(output).not.toContain('Cannot use a pool');
    expect(output).not.toContain('Slack request failed');
    expect(output).not.toContain('A Teams turn failed');

    const missingSlack = [
      ...commandUsers.map((_, index) => `command-${index}`),
      ...clickUsers.map((_, index) => `click-${index}`),
    ].filter((hook) => !slackReplyTo(hook));
    expect(missingSlack, `Slack replies seen: ${repliesSeen(missingSlack)}\n${output}`).toEqual([]);
    const missingTeams = teamsUsers.map((_, index) => `a:shutdown-${index}`).filter((conversationId) => teamsRepliesTo(conversationId).length === 0);
    expect(missingTeams).toEqual([]);
    expect(slack.calls.some((call) => call.path === '/response-url/refused')).toBe(false);
  }, 600_000);

  it('names the work still unfinished when the grace period runs out, and exits 1', async () => {
    const bot = await startBot({ SHUTDOWN_GRACE_SECONDS: '1' });
    const slackHold = slack.hold('response_url');
    const teamsHold = connector.hold('replyToActivity');
    const teamsSendHold = connector.hold('sendToConversation');
    releases.push(slackHold, teamsHold, teamsSendHold);

    // Each request's reply is sent and never answered, so its work is still under way at the deadline.
    const slackUserId = slackUser(0);
    const teams = teamsUser(0);
    expect((await slackCommand(bot, slackUserId, 'stuck')).status).toBe(200);
    const teamsResponse = sendTeams(bot, teams, 'a:shutdown-stuck').catch(() => 'connection closed');
    await waitUntil(() => slack.calls.some((call) => call.path === '/response-url/stuck'), () => `the Slack reply never started:\n${bot.output()}`);
    await waitUntil(() => teamsRepliesTo('a:shutdown-stuck').length > 0, () => `the Teams reply never started:\n${bot.output()}`);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(1);
    const output = bot.output();
    expect(output).toContain(`Unfinished at shutdown: slack command /csp help from ${slackUserId}`);
    expect(output).toContain(`Unfinished at shutdown: teams command help from ${teams.aadObjectId}`);
    expect(await teamsResponse).toBe('connection closed');
  }, 600_000);
});
