import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/db/audit-store.ts';
import { createLogger } from '../../src/logger.ts';
import { createHttpServer, type HttpServer } from '../../src/server/http-server.ts';
import type { ChatConversation, ChatCore } from '../../src/services/chat-core.ts';
import { decodeModalMetadata, encodeModalMetadata } from '../../src/slack/modal-metadata.ts';
import { createRefusalAuditor, SLACK_REQUEST_REFUSED, type AuditWriter } from '../../src/slack/refusal-audit.ts';
import { boltLogger } from '../../src/slack/bolt-logger.ts';
import { createSlackAdapter, mentionCommandText, type SlackAdapter } from '../../src/slack/slack-adapter.ts';
import { SlackHttpReceiver } from '../../src/slack/slack-http-receiver.ts';
import { conversationKind, parsePayload, readFormFields, SlackPayloadError, viewSubmissionSchema } from '../../src/slack/slack-payloads.ts';
import { ViewModelError } from '../../src/views/model.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../support/fake-slack-api.ts';
import {
  dateValue,
  interactivePayloadBody,
  postToSlackEndpoint,
  readSlackJsonFixture,
  selectValue,
  signSlackRequest,
  slashCommandBody,
} from '../support/slack-requests.ts';

/** An audit writer that keeps rows in memory, shaped like the Prisma delegate recordAudit calls. */
function memoryAudit(): { writer: AuditWriter; rows: AuditEntry[] } {
  const rows: AuditEntry[] = [];
  const writer = {
    auditEvent: {
      create: async ({ data }: { data: AuditEntry }) => {
        rows.push(data);
        return data;
      },
    },
  } as unknown as AuditWriter;
  return { writer, rows };
}

const silent = createLogger({ level: 'error', write: () => undefined });

const channel: ChatConversation = { platform: 'SLACK', workspaceId: 'T1', channelId: 'C1', kind: 'channel', name: 'board', threadId: '1.2' };

describe('modal metadata', () => {
  it('carries the conversation and the form metadata through private_metadata', () => {
    const encoded = encodeModalMetadata(channel, { action: 'A-1', page: 2 });
    expect(decodeModalMetadata(encoded)).toEqual({ conversation: channel, metadata: { action: 'A-1', page: 2 } });
    expect(decodeModalMetadata(encodeModalMetadata(channel, undefined))).toEqual({ conversation: channel });
  });

  it('drops the channel name before refusing metadata too long for Slack', () => {
    const longName = { ...channel, name: 'n'.repeat(2500) };
    const metadata = 'm'.repeat(2800);
    expect(decodeModalMetadata(encodeModalMetadata(longName, metadata))?.conversation.name).toBeUndefined();
    expect(() => encodeModalMetadata(channel, 'm'.repeat(3000))).toThrow(ViewModelError);
  });

  it('reads nothing from metadata it did not write', () => {
    expect(decodeModalMetadata('')).toBeUndefined();
    expect(decodeModalMetadata('This is for you!')).toBeUndefined();
    expect(decodeModalMetadata(JSON.stringify({ action: 'A-1' }))).toBeUndefined();
  });
});

describe('payload reading', () => {
  it('reads form values by field id from a real view_submission, leaving out empty inputs', () => {
    const payload = parsePayload(viewSubmissionSchema, 'view_submission', readSlackJsonFixture('view_submission.bolt-python.json'));
    expect(readFormFields(payload.view.state.values)).toEqual({ hspI: 'test' });
    expect(
      readFormFields({
        lead: { lead: selectValue('police', 'Testford Constabulary') },
        due: { due: dateValue('2027-03-31') },
        unset: { unset: selectValue(null) },
        blank: { blank: { type: 'plain_text_input', value: '  ' } },
        none: { none: { type: 'plain_text_input', value: null } },
      }),
    ).toEqual({ lead: 'police', due: '2027-03-31' });
  });

  it('names what is missing when a payload is not what Slack documents', () => {
    expect(() => parsePayload(viewSubmissionSchema, 'view_submission', { type: 'view_submission', user: { id: 'U1' } })).toThrow(SlackPayloadError);
    expect(() => parsePayload(viewSubmissionSchema, 'view_submission', { type: 'view_submission', user: { id: 'U1' } })).toThrow(/view/);
  });

  it('tells DMs, group DMs and channels apart', () => {
    expect(conversationKind('D024BE91L', 'directmessage')).toBe('personal');
    expect(conversationKind('G0PRIVATE', 'privategroup')).toBe('channel');
    expect(conversationKind('G0MPIM', 'mpdm-alex--sam-1')).toBe('group');
    expect(conversationKind('C0BOARD')).toBe('channel');
  });

  it('takes the command out of an @mention or a direct message', () => {
    expect(mentionCommandText('<@UBOT> help', 'UBOT')).toBe('help');
    expect(mentionCommandText('<@UBOT|csp bot> csp vote yes', 'UBOT')).toBe('vote yes');
    expect(mentionCommandText('/csp link <@U2|sam> sam@example.org', 'UBOT')).toBe('link <@U2|sam> sam@example.org');
    expect(mentionCommandText('CSP', undefined)).toBe('');
  });
});

describe('refusal audit', () => {
  it('writes one row per refusal up to a cap a minute, then says how many were left out', async () => {
    const { writer, rows } = memoryAudit();
    let now = 0;
    const audit = createRefusalAuditor({ prisma: writer, logger: silent, maxPerMinute: 2, now: () => now });
    const refusal = { reason: 'Failed to verify authenticity: signature mismatch', path: '/slack/events', signaturePresent: true };
    for (let i = 0; i < 5; i += 1) await audit(refusal);
    expect(rows).toHaveLength(2);
    now = 60_000;
    await audit(refusal);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatchObject({ action: SLACK_REQUEST_REFUSED, outcome: 'REFUSED', detail: { refusalsNotRecordedBefore: 3 } });
    expect(rows[0]?.detail).not.toHaveProperty('refusalsNotRecordedBefore');
  });

  it('still refuses when the audit log cannot be written', async () => {
    const failing = { auditEvent: { create: async () => Promise.reject(new Error('database is down')) } } as unknown as AuditWriter;
    const lines: string[] = [];
    const audit = createRefusalAuditor({ prisma: failing, logger: createLogger({ write: (line) => lines.push(line) }) });
    await expect(audit({ reason: 'stale', path: '/slack/events', signaturePresent: true })).resolves.toBeUndefined();
    expect(lines.some((line) => line.includes('Could not write the audit entry'))).toBe(true);
  });
});

describe('receiver lifecycle', () => {
  let http: HttpServer | undefined;
  let fake: FakeSlackApi | undefined;
  let adapter: SlackAdapter | undefined;

  afterEach(async () => {
    await adapter?.stop();
    await http?.close();
    await fake?.close();
    [adapter, http, fake] = [undefined, undefined, undefined];
  });

  const idleCore: ChatCore = {
    handleCommand: async () => [],
    handleAction: async () => [],
    handleFormSubmit: async () => [],
    homeView: async () => ({ kind: 'message', blocks: [] }),
    onInstalled: async () => [],
    onConversationSeen: async () => undefined,
  };

  it('checks the signature first, then answers 503 until the adapter has started', async () => {
    fake = await startFakeSlackApi();
    const { writer, rows } = memoryAudit();
    const secret = 'lifecycle-secret';
    adapter = createSlackAdapter({
      config: { botToken: 'xoxb-lifecycle', signingSecret: secret, apiUrl: fake.apiUrl, mode: 'http' },
      core: idleCore,
      prisma: writer,
      logger: silent,
    });
    http = createHttpServer(silent);
    adapter.mount(http);
    const { port } = (await http.listen(0, '127.0.0.1')) as AddressInfo;
    const url = `http://127.0.0.1:${port}/slack/events`;
    const body = slashCommandBody({ text: 'help', responseUrl: fake.responseUrl() });

    expect((await postToSlackEndpoint(url, signSlackRequest(body, { signingSecret: secret, signature: { kind: 'missing' } }))).status).toBe(401);
    expect(rows).toHaveLength(1);
    expect((await postToSlackEndpoint(url, signSlackRequest(body, { signingSecret: secret }))).status).toBe(503);

    await adapter.start();
    expect(fake.callsTo('auth.test')[0]?.token).toBe('xoxb-lifecycle');
    expect((await postToSlackEndpoint(url, signSlackRequest(body, { signingSecret: secret }))).status).toBe(200);
    const ssl = await postToSlackEndpoint(url, signSlackRequest('ssl_check=1&token=x', { signingSecret: secret, signature: { kind: 'missing' } }));
    expect(ssl.status).toBe(200);
    const malformed = await postToSlackEndpoint(url, signSlackRequest(interactivePayloadBody('x').replace('%22x%22', '%7Bnot-json'), { signingSecret: secret }));
    expect(malformed.status).toBe(400);
  });

  it('answers an oversized body 413 without treating it as a forged request', async () => {
    const refusals: unknown[] = [];
    const receiver = new SlackHttpReceiver({
      signingSecret: 'size-secret',
      logger: boltLogger(silent),
      onRefused: async (refusal) => void refusals.push(refusal),
      bodyLimit: 512,
    });
    http = createHttpServer(silent);
    http.route('POST', '/slack/events', receiver.requestListener);
    const { port } = (await http.listen(0, '127.0.0.1')) as AddressInfo;
    const body = slashCommandBody({ text: 'x'.repeat(1024) });
    const response = await postToSlackEndpoint(`http://127.0.0.1:${port}/slack/events`, signSlackRequest(body, { signingSecret: 'size-secret' }));
    expect(response.status).toBe(413);
    expect(refusals).toEqual([]);
  });

  it('fails to start when Slack refuses the bot token', async () => {
    fake = await startFakeSlackApi();
    fake.failNext('auth.test', { error: 'invalid_auth' });
    adapter = createSlackAdapter({
      config: { botToken: 'xoxb-revoked', signingSecret: 's', apiUrl: fake.apiUrl, mode: 'http' },
      core: idleCore,
      prisma: memoryAudit().writer,
      logger: silent,
    });
    await expect(adapter.start()).rejects.toThrow(/invalid_auth/);
  });
});
