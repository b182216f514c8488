// Signed Slack requests built from the real payloads in test/fixtures/slack, with only the fields a test
// cares about replaced, so the receiver sees exactly what Slack sends (form encoding, `payload=` wrapping).
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { FIXTURES_URL } from './fixtures.ts';

const FIXTURES = new URL('slack/', FIXTURES_URL);

export function readSlackFixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

export function readSlackJsonFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readSlackFixture(name)) as T;
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` keyed with the signing secret. */
export function slackSignature(signingSecret: string, timestampSeconds: number | string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex')}`;
}

export interface SlackHttpRequest {
  body: string;
  headers: Record<string, string>;
}

export type SignatureMode =
  | { kind: 'valid' }
  | { kind: 'missing' }
  | { kind: 'wrongSecret' }
  | { kind: 'stale'; ageSeconds: number }
  | { kind: 'tampered' };

export interface SigningOptions {
  signingSecret: string;
  signature?: SignatureMode;
  nowSeconds?: number;
  /** Slash commands and interactivity are form-encoded; Events API callbacks are JSON. */
  contentType?: 'application/x-www-form-urlencoded' | 'application/json';
}

export function signSlackRequest(body: string, options: SigningOptions): SlackHttpRequest {
  const mode = options.signature ?? { kind: 'valid' };
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const timestamp = mode.kind === 'stale' ? now - mode.ageSeconds : now;
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded' };
  if (mode.kind === 'missing') return { body, headers };
  const secret = mode.kind === 'wrongSecret' ? `${options.signingSecret}-not-the-secret` : options.signingSecret;
  headers['x-slack-request-timestamp'] = String(timestamp);
  headers['x-slack-signature'] = slackSignature(secret, timestamp, body);
  // Signed first, then changed: the signature no longer covers the body that is sent.
  const sentBody = mode.kind === 'tampered' ? body.replace(/text=[^&]*/, 'text=admin') + '&tampered=1' : body;
  return { body: sentBody, headers };
}

export interface SlashCommandFields {
  command?: string;
  text: string;
  userId?: string;
  userName?: string;
  teamId?: string;
  channelId?: string;
  responseUrl?: string;
  triggerId?: string;
}

/** Form body of a slash command, from the modern bolt-js fixture (api_app_id, response_url, trigger_id). */
export function slashCommandBody(fields: SlashCommandFields): string {
  const form = new URLSearchParams(readSlackFixture('slash_command.bolt-js.urlencoded.txt').trim());
  form.set('command', fields.command ?? '/csp');
  form.set('text', fields.text);
  if (fields.userId) form.set('user_id', fields.userId);
  if (fields.userName) form.set('user_name', fields.userName);
  if (fields.teamId) form.set('team_id', fields.teamId);
  if (fields.channelId) form.set('channel_id', fields.channelId);
  if (fields.responseUrl) form.set('response_url', fields.responseUrl);
  if (fields.triggerId) form.set('trigger_id', fields.triggerId);
  if (fields.teamId) {
    form.delete('enterprise_id');
    form.delete('enterprise_name');
  }
  return form.toString();
}

export function interactivePayloadBody(payload: unknown): string {
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

interface ActionPayload {
  action_id: string;
  block_id: string;
  value?: string;
  action_ts: string;
  [key: string]: unknown;
}

interface BlockActionsPayload {
  user: { id: string; [key: string]: unknown };
  team: { id: string; [key: string]: unknown } | null;
  channel?: { id: string; [key: string]: unknown };
  container: { channel_id?: string; message_ts?: string; [key: string]: unknown };
  message?: { ts: string; [key: string]: unknown };
  actions: ActionPayload[];
  response_url?: string;
  trigger_id: string;
  [key: string]: unknown;
}

export interface BlockActionFields {
  actionId: string;
  value?: string;
  blockId?: string;
  userId?: string;
  teamId?: string;
  channelId?: string;
  messageTs?: string;
  responseUrl?: string;
  triggerId?: string;
}

/** A button click in a bot message, from the bolt-python captured payload. */
export function blockActionsPayload(fields: BlockActionFields): BlockActionsPayload {
  const payload = readSlackJsonFixture<BlockActionsPayload>('block_actions.button-in-message.bolt-python.json');
  const action = payload.actions[0];
  if (!action) throw new Error('block_actions fixture has no action');
  action.action_id = fields.actionId;
  if (fields.value === undefined) delete action.value;
  else action.value = fields.value;
  if (fields.blockId) action.block_id = fields.blockId;
  if (fields.userId) payload.user = { ...payload.user, id: fields.userId };
  if (fields.teamId) payload.team = { id: fields.teamId };
  if (fields.channelId) {
    payload.channel = { id: fields.channelId };
    payload.container = { ...payload.container, channel_id: fields.channelId };
  }
  if (fields.messageTs) {
    payload.container = { ...payload.container, message_ts: fields.messageTs };
    if (payload.message) payload.message.ts = fields.messageTs;
  }
  if (fields.responseUrl) payload.response_url = fields.responseUrl;
  if (fields.triggerId) payload.trigger_id = fields.triggerId;
  return payload;
}

type InputStateValue =
  | { type: 'plain_text_input'; value: string | null }
  | { type: 'number_input'; value: string | null }
  | { type: 'static_select'; selected_option: { text: { type: 'plain_text'; text: string }; value: string } | null }
  | { type: 'datepicker'; selected_date: string | null };

interface ViewSubmissionPayload {
  user: { id: string; [key: string]: unknown };
  team: { id: string; [key: string]: unknown };
  view: {
    callback_id: string;
    private_metadata: string;
    blocks: unknown[];
    state: { values: Record<string, Record<string, InputStateValue>> };
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface ViewSubmissionFields {
  callbackId: string;
  privateMetadata?: string;
  /** block_id → action_id → state value, exactly as Slack sends `view.state.values`. */
  values: Record<string, Record<string, InputStateValue>>;
  blocks?: unknown[];
  userId?: string;
  teamId?: string;
}

/** A modal submit, from the bolt-python payload. */
export function viewSubmissionPayload(fields: ViewSubmissionFields): ViewSubmissionPayload {
  const payload = readSlackJsonFixture<ViewSubmissionPayload>('view_submission.bolt-python.json');
  payload.view.callback_id = fields.callbackId;
  payload.view.private_metadata = fields.privateMetadata ?? '';
  payload.view.state = { values: fields.values };
  if (fields.blocks) payload.view.blocks = fields.blocks;
  if (fields.userId) payload.user = { ...payload.user, id: fields.userId };
  if (fields.teamId) {
    payload.team = { id: fields.teamId };
    payload.user = { ...payload.user, team_id: fields.teamId };
    payload.view = { ...payload.view, team_id: fields.teamId, app_installed_team_id: fields.teamId };
    delete payload.team.enterprise_id;
  }
  return payload;
}

export function plainTextValue(value: string | null): InputStateValue {
  return { type: 'plain_text_input', value };
}

export function numberValue(value: string | null): InputStateValue {
  return { type: 'number_input', value };
}

export function selectValue(value: string | null, label = value ?? ''): InputStateValue {
  return { type: 'static_select', selected_option: value === null ? null : { text: { type: 'plain_text', text: label }, value } };
}

export function dateValue(date: string | null): InputStateValue {
  return { type: 'datepicker', selected_date: date };
}

/**
 * An Events API `event_callback` envelope. There is no captured Events API payload in the shared fixtures,
 * so this follows the documented envelope (token, team_id, api_app_id, event, type, event_id, event_time).
 */
export function eventCallbackBody(event: Record<string, unknown>, fields: { teamId: string; appId?: string }): string {
  const now = Math.floor(Date.now() / 1000);
  return JSON.stringify({
    token: 'verification_token',
    team_id: fields.teamId,
    api_app_id: fields.appId ?? 'A111',
    event,
    type: 'event_callback',
    event_id: `Ev${now}${Math.floor(Math.random() * 1e6)}`,
    event_time: now,
    authorizations: [{ enterprise_id: null, team_id: fields.teamId, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

export interface SlackResponse {
  status: number;
  text: string;
  json(): unknown;
  elapsedMs: number;
}

/** POSTs a request to the receiver and returns its HTTP answer (what Slack would see). */
export async function postToSlackEndpoint(url: string, request: SlackHttpRequest): Promise<SlackResponse> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) as unknown, elapsedMs: performance.now() - started };
}
