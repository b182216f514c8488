// A local stand-in for Slack's Web API (and for response_url webhooks). The adapter's WebClient is pointed at
// it with `slackApiUrl`; every call is recorded with its method, token and decoded body so tests can assert
// what the bot actually sent. Answers follow the documented success shapes of each method.
// It also plays Slack's side of Socket Mode: apps.connections.open hands out a ws:// URL on this server, where
// a minimal RFC 6455 endpoint says `hello`, delivers envelopes and collects their acknowledgements.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedSlackCall {
  /** Web API method (`chat.postMessage`), or `response_url` for webhook posts. */
  method: string;
  /** Bearer token from the Authorization header, else the `token` form field. */
  token?: string;
  contentType: string;
  /** Form fields (JSON-valued fields such as `blocks` and `view` decoded) or the JSON body. */
  body: Record<string, unknown>;
  raw: string;
  /** For response_url posts: the path the bot posted to. */
  path: string;
  /** For `file_upload` (the POST to an upload_url): the bytes as sent. */
  bytes?: Buffer;
  at: number;
}

export interface FakeSlackUser {
  id: string;
  teamId?: string;
  name?: string;
  realName?: string;
  email?: string;
  isBot?: boolean;
  deleted?: boolean;
}

export interface ScriptedFailure {
  status?: number;
  retryAfterSeconds?: number;
  /** Slack-level error with HTTP 200 (`{ ok: false, error }`). */
  error?: string;
}

export type SocketModeEnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SocketModeAck {
  envelope_id: string;
  payload?: unknown;
}

export interface FakeSocketMode {
  /** Resolves once a Socket Mode client has connected and been sent `hello`. */
  connected(): Promise<void>;
  /** Sends an envelope as Slack does and resolves with the client's acknowledgement. */
  deliver(type: SocketModeEnvelopeType, payload: unknown, timeoutMs?: number): Promise<SocketModeAck>;
}

export interface FakeSlackApi {
  /** Base URL for WebClient's `slackApiUrl` (ends with `/api/`). */
  readonly apiUrl: string;
  /** A response_url on this fake; posts to it are recorded as method `response_url`. */
  responseUrl(name?: string): string;
  readonly calls: readonly RecordedSlackCall[];
  callsTo(method: string): RecordedSlackCall[];
  /** Resolves with the first recorded call (already made or still to come) that matches. */
  waitForCall(method: string, predicate?: (call: RecordedSlackCall) => boolean, timeoutMs?: number): Promise<RecordedSlackCall>;
  addUser(user: FakeSlackUser): void;
  /** The next `times` calls to `method` fail as described (HTTP 429 with Retry-After, or `{ ok: false }`). */
  failNext(method: string, failure: ScriptedFailure, times?: number): void;
  /**
   * Calls to `method` (or `response_url`) are recorded when they arrive but answered only once `release()`
   * is called: a Slack that is slow for as long as a test needs, without timing.
   */
  hold(method: string): { release(): void };
  clearCalls(): void;
  readonly socketMode: FakeSocketMode;
  close(): Promise<void>;
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'users', 'unfurls', 'files']);

function decodeForm(raw: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.has(key)) {
      try {
        body[key] = JSON.parse(value);
        continue;
      } catch {
        // Not JSON: keep the text, as Slack would reject it and the test should see what was sent.
      }
    }
    body[key] = value;
  }
  return body;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * A file on its way through Slack's external upload: files.getUploadURLExternal reserves it, the POST to the
 * upload_url carries the bytes, files.completeUploadExternal finishes it; Slack then processes it
 * asynchronously, so the first files.info after completion still shows it without a mimetype.
 */
interface FakeFile {
  id: string;
  filename: string;
  length: number;
  altText?: string;
  title?: string;
  bytes?: Buffer;
  completed: boolean;
  infoCalls: number;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(text);
}

export async function startFakeSlackApi(options: { teamId?: string; botUserId?: string; botId?: string } = {}): Promise<FakeSlackApi> {
  const teamId = options.teamId ?? 'T0CSPTEST';
  const botUserId = options.botUserId ?? 'UBOTCSP01';
  const botId = options.botId ?? 'BBOTCSP01';
  const calls: RecordedSlackCall[] = [];
  const users = new Map<string, FakeSlackUser>();
  const failures = new Map<string, ScriptedFailure[]>();
  const holds = new Map<string, Promise<void>>();
  const held = (method: string) => holds.get(method) ?? Promise.resolve();
  const waiters: Array<{ method: string; predicate: (call: RecordedSlackCall) => boolean; resolve: (call: RecordedSlackCall) => void }> = [];
  let sequence = 0;
  let socketBase = '';
  let httpBase = '';
  const files = new Map<string, FakeFile>();

  function fileObject(file: FakeFile, processed: boolean): Record<string, unknown> {
    return {
      id: file.id,
      created: Math.floor(Date.now() / 1000),
      name: file.filename,
      title: file.title ?? file.filename,
      mimetype: processed ? 'image/png' : '',
      filetype: processed ? 'png' : '',
      pretty_type: processed ? 'PNG' : '',
      user: botUserId,
      user_team: teamId,
      size: file.length,
      mode: 'hosted',
      is_external: false,
      is_public: false,
      url_private: `https://files.slack.com/files-pri/${teamId}-${file.id}/${file.filename}`,
      ...(file.altText ? { alt_txt: file.altText } : {}),
      channels: [],
      groups: [],
      ims: [],
    };
  }

  function completeUploads(body: Record<string, unknown>): unknown {
    const entries = Array.isArray(body.files) ? (body.files as Array<Record<string, unknown>>) : [];
    if (entries.length === 0) return { ok: false, error: 'invalid_arguments' };
    const completed: FakeFile[] = [];
    for (const entry of entries) {
      const file = typeof entry.id === 'string' ? files.get(entry.id) : undefined;
      if (!file || !file.bytes) return { ok: false, error: 'file_not_found' };
      if (file.bytes.length !== file.length) return { ok: false, error: 'file_upload_size_mismatch' };
      if (typeof entry.title === 'string') file.title = entry.title;
      file.completed = true;
      completed.push(file);
    }
    return { ok: true, files: completed.map((file) => fileObject(file, false)) };
  }

  const nextTs = () => {
    sequence += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(sequence).padStart(6, '0')}`;
  };
  const nextId = (prefix: string) => {
    sequence += 1;
    return `${prefix}${String(sequence).padStart(8, '0')}`;
  };

  function answer(method: string, body: Record<string, unknown>): unknown {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://csp-test.slack.com/', team: 'CSP Test', user: 'csp-bot', team_id: teamId, user_id: botUserId, bot_id: botId, is_enterprise_install: false };
      case 'chat.postMessage': {
        const ts = nextTs();
        return {
          ok: true,
          channel: body.channel,
          ts,
          message: { type: 'message', subtype: 'bot_message', text: body.text, user: botUserId, bot_id: botId, ts, blocks: body.blocks },
        };
      }
      case 'chat.getPermalink': {
        if (typeof body.channel !== 'string' || typeof body.message_ts !== 'string') return { ok: false, error: 'invalid_arguments' };
        return { ok: true, channel: body.channel, permalink: `https://csp-test.slack.com/archives/${body.channel}/p${body.message_ts.replace('.', '')}` };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text, message: { text: body.text, user: botUserId, blocks: body.blocks } };
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish': {
        const view = (body.view ?? {}) as Record<string, unknown>;
        return {
          ok: true,
          view: { id: typeof body.view_id === 'string' ? body.view_id : nextId('V'), team_id: teamId, hash: nextTs(), ...view, state: { values: {} } },
        };
      }
      case 'users.info': {
        const user = typeof body.user === 'string' ? users.get(body.user) : undefined;
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: user.teamId ?? teamId,
            name: user.name ?? user.id.toLowerCase(),
            real_name: user.realName ?? user.name ?? user.id,
            deleted: user.deleted ?? false,
            is_bot: user.isBot ?? false,
            tz: 'Europe/London',
            profile: {
              real_name: user.realName ?? user.name ?? user.id,
              display_name: user.name ?? '',
              ...(user.email ? { email: user.email } : {}),
            },
          },
        };
      }
      case 'apps.connections.open':
        return { ok: true, url: `${socketBase}/socket-mode?ticket=${randomUUID()}` };
      case 'conversations.open': {
        const usersField = typeof body.users === 'string' ? body.users : '';
        return { ok: true, channel: { id: `D${usersField.replace(/[^A-Z0-9]/g, '').slice(0, 10) || nextId('')}` } };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(body.length);
        if (typeof body.filename !== 'string' || body.filename === '' || !Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
        const id = nextId('F');
        files.set(id, { id, filename: body.filename, length, ...(typeof body.alt_txt === 'string' ? { altText: body.alt_txt } : {}), completed: false, infoCalls: 0 });
        return { ok: true, upload_url: `${httpBase}/upload/v1/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return completeUploads(body);
      case 'files.info': {
        const file = typeof body.file === 'string' ? files.get(body.file) : undefined;
        if (!file || !file.completed) return { ok: false, error: 'file_not_found' };
        file.infoCalls += 1;
        return { ok: true, file: fileObject(file, file.infoCalls > 1) };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  function record(call: RecordedSlackCall): void {
    calls.push(call);
    for (const waiter of [...waiters]) {
      if (waiter.method === call.method && waiter.predicate(call)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
  }

  const server = createServer((request, response) => {
    void (async () => {
      const bytes = await readBody(request);
      const raw = bytes.toString('utf8');
      const contentType = String(request.headers['content-type'] ?? '');
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const upload = /^\/upload\/v1\/([A-Z0-9]+)$/.exec(path);
      if (upload?.[1]) {
        record({ method: 'file_upload', contentType, body: {}, raw: '', bytes, path, at: Date.now() });
        const file = files.get(upload[1]);
        if (!file || request.method !== 'POST') {
          response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
          return;
        }
        file.bytes = bytes;
        response.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
        return;
      }
      const body: Record<string, unknown> = contentType.includes('application/json')
        ? ((raw ? JSON.parse(raw) : {}) as Record<string, unknown>)
        : decodeForm(raw);
      const authorization = request.headers.authorization;
      const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : typeof body.token === 'string' ? body.token : undefined;

      if (path.startsWith('/response-url/')) {
        record({ method: 'response_url', token, contentType, body, raw, path, at: Date.now() });
        await held('response_url');
        send(response, 200, { ok: true });
        return;
      }
      const match = /^\/api\/([A-Za-z.]+)$/.exec(path);
      if (!match?.[1]) {
        send(response, 404, { ok: false, error: 'not_found' });
        return;
      }
      const method = match[1];
      record({ method, token, contentType, body, raw, path, at: Date.now() });
      await held(method);

      const scripted = failures.get(method)?.shift();
      if (scripted) {
        if (scripted.status === 429 || scripted.retryAfterSeconds !== undefined) {
          send(response, scripted.status ?? 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(scripted.retryAfterSeconds ?? 1) });
        } else {
          send(response, scripted.status ?? 200, { ok: false, error: scripted.error ?? 'internal_error' });
        }
        return;
      }
      if (!token) {
        send(response, 200, { ok: false, error: 'not_authed' });
        return;
      }
      send(response, 200, answer(method, body));
    })().catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { ok: false, error: String(error) });
    });
  });

  const socketMode = attachSocketMode(server);

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  httpBase = base;
  socketBase = `ws://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (name = nextId('hook')) => `${base}/response-url/${name}`,
    get calls() {
      return calls;
    },
    callsTo: (method) => calls.filter((call) => call.method === method),
    waitForCall(method, predicate = () => true, timeoutMs = 5_000) {
      const existing = calls.find((call) => call.method === method && predicate(call));
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const waiter = {
          method,
          predicate,
          resolve: (call: RecordedSlackCall) => {
            clearTimeout(timer);
            resolve(call);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          const seen = calls.map((call) => call.method).join(', ') || 'none';
          reject(new Error(`No ${method} call within ${timeoutMs} ms (calls so far: ${seen})`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    addUser: (user) => void users.set(user.id, user),
    failNext(method, failure, times = 1) {
      const queue = failures.get(method) ?? [];
      for (let i = 0; i < times; i += 1) queue.push(failure);
      failures.set(method, queue);
    },
    hold(method) {
      let release!: () => void;
      holds.set(method, new Promise<void>((resolve) => (release = resolve)));
      return {
        release() {
          holds.delete(method);
          release();
        },
      };
    },
    clearCalls: () => void calls.splice(0, calls.length),
    socketMode,
    close: () =>
      new Promise<void>((resolve, reject) => {
        socketMode.closeAll();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 65_536
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => {
            const size = Buffer.alloc(8);
            size.writeBigUInt64BE(BigInt(length));
            return size;
          })()]);
  return Buffer.concat([header, payload]);
}

/** Reads complete client frames (always masked) off the front of `buffer`. */
function readFrames(buffer: Buffer): { frames: Array<{ opcode: number; payload: Buffer }>; rest: Buffer } {
  const frames: Array<{ opcode: number; payload: Buffer }> = [];
  let offset = 0;
  while (buffer.length - offset >= 2) {
    const first = buffer[offset] as number;
    const second = buffer[offset + 1] as number;
    let length = second & 0x7f;
    let cursor = offset + 2;
    if (length === 126) {
      if (buffer.length < cursor + 2) break;
      length = buffer.readUInt16BE(cursor);
      cursor += 2;
    } else if (length === 127) {
      if (buffer.length < cursor + 8) break;
      length = Number(buffer.readBigUInt64BE(cursor));
      cursor += 8;
    }
    const masked = (second & 0x80) !== 0;
    const maskEnd = cursor + (masked ? 4 : 0);
    if (buffer.length < maskEnd + length) break;
    const payload = Buffer.from(buffer.subarray(maskEnd, maskEnd + length));
    if (masked) for (let i = 0; i < payload.length; i += 1) payload[i] = (payload[i] as number) ^ (buffer[cursor + (i % 4)] as number);
    frames.push({ opcode: first & 0x0f, payload });
    offset = maskEnd + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

function attachSocketMode(server: ReturnType<typeof createServer>): FakeSocketMode & { closeAll(): void } {
  const sockets = new Set<Socket>();
  const pendingAcks = new Map<string, (ack: SocketModeAck) => void>();
  let connectedResolve!: () => void;
  let connectedPromise = new Promise<void>((resolve) => (connectedResolve = resolve));

  server.on('upgrade', (request: IncomingMessage, socket: Socket) => {
    const key = request.headers['sec-websocket-key'];
    if (!(request.url ?? '').startsWith('/socket-mode') || typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
    socket.write(
      ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, '', ''].join('\r\n'),
    );
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest } = readFrames(Buffer.concat([buffered, chunk]));
      buffered = Buffer.from(rest);
      for (const { opcode, payload } of frames) {
        if (opcode === 0x9) socket.write(frame(0xa, payload));
        else if (opcode === 0x8) {
          socket.end(frame(0x8, payload.subarray(0, 2)));
          sockets.delete(socket);
        } else if (opcode === 0x1) {
          const ack = JSON.parse(payload.toString('utf8')) as SocketModeAck;
          pendingAcks.get(ack.envelope_id)?.(ack);
          pendingAcks.delete(ack.envelope_id);
        }
      }
    });
    const hello = { type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack', approximate_connection_time: 3600 }, connection_info: { app_id: 'A111' } };
    socket.write(frame(0x1, Buffer.from(JSON.stringify(hello))));
    connectedResolve();
  });

  return {
    connected: () => connectedPromise,
    deliver(type, payload, timeoutMs = 5_000) {
      const socket = [...sockets][0];
      if (!socket) return Promise.reject(new Error('No Socket Mode client is connected'));
      const envelopeId = randomUUID();
      const envelope = { envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' };
      return new Promise<SocketModeAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          pendingAcks.delete(envelopeId);
          reject(new Error(`No acknowledgement of the ${type} envelope within ${timeoutMs} ms`));
        }, timeoutMs);
        pendingAcks.set(envelopeId, (ack) => {
          clearTimeout(timer);
          resolve(ack);
        });
        socket.write(frame(0x1, Buffer.from(JSON.stringify(envelope))));
      });
    },
    closeAll() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      connectedPromise = new Promise<void>((resolve) => (connectedResolve = resolve));
    },
  };
}
