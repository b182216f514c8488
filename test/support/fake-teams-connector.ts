// A local stand-in for the Bot Connector service that Teams activities name in `serviceUrl`. Tests put its
// URL in the activities they send, so the real botbuilder ConnectorClient posts replies here. Every request
// is recorded; answers follow the documented Bot Connector REST shapes (v3 conversations API).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ConnectorOperation =
  | 'sendToConversation'
  | 'replyToActivity'
  | 'updateActivity'
  | 'deleteActivity'
  | 'getConversationMember'
  | 'getConversationMembers'
  | 'createConversation'
  | 'unknown';

export interface RecordedConnectorRequest {
  operation: ConnectorOperation;
  method: string;
  path: string;
  /** Decoded conversation id from the path, when the operation has one. */
  conversationId?: string;
  /** Decoded activity id (reply/update/delete) or member id (getConversationMember). */
  targetId?: string;
  authorization?: string;
  body: unknown;
  at: number;
}

/** A Teams channel account as `GET /v3/conversations/{id}/members/{memberId}` returns it. */
export interface FakeTeamsMember {
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
  tenantId?: string;
  userRole?: string;
}

export interface ConnectorFailure {
  status: number;
  /** Teams error code, sent as `{ error: { code, message } }`. */
  code?: string;
  message?: string;
  retryAfterSeconds?: number;
}

export interface FakeTeamsConnector {
  /** The `serviceUrl` to put in activities (ends with `/`). */
  readonly serviceUrl: string;
  readonly requests: readonly RecordedConnectorRequest[];
  requestsFor(operation: ConnectorOperation): RecordedConnectorRequest[];
  /** Activities the bot sent (new messages and replies), in order. */
  sentActivities(): Array<Record<string, unknown>>;
  /** Resolves with the first recorded request (made already or still to come) that matches. */
  waitForRequest(
    operation: ConnectorOperation,
    predicate?: (request: RecordedConnectorRequest) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedConnectorRequest>;
  addMember(member: FakeTeamsMember): void;
  /** The next `times` requests of `operation` fail with this status and Teams error body. */
  failNext(operation: ConnectorOperation, failure: ConnectorFailure, times?: number): void;
  /** Requests of `operation` are recorded when they arrive but answered only once `release()` is called. */
  hold(operation: ConnectorOperation): { release(): void };
  clearRequests(): void;
  close(): Promise<void>;
}

interface Route {
  operation: ConnectorOperation;
  conversationId?: string;
  targetId?: string;
}

function route(method: string, path: string): Route {
  const parts = path.split('/').filter(Boolean).map((part) => decodeURIComponent(part));
  if (parts[0] !== 'v3' || parts[1] !== 'conversations') return { operation: 'unknown' };
  const [, , conversationId, collection, targetId] = parts;
  if (conversationId === undefined) return method === 'POST' ? { operation: 'createConversation' } : { operation: 'unknown' };
  if (collection === 'activities') {
    if (targetId === undefined) return method === 'POST' ? { operation: 'sendToConversation', conversationId } : { operation: 'unknown' };
    if (method === 'POST') return { operation: 'replyToActivity', conversationId, targetId };
    if (method === 'PUT') return { operation: 'updateActivity', conversationId, targetId };
    if (method === 'DELETE') return { operation: 'deleteActivity', conversationId, targetId };
  }
  if (collection === 'members' && method === 'GET') {
    return targetId === undefined ? { operation: 'getConversationMembers', conversationId } : { operation: 'getConversationMember', conversationId, targetId };
  }
  return { operation: 'unknown' };
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  const raw = Buffer.concat(chunks).toString('utf8');
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function send(response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

export async function startFakeTeamsConnector(): Promise<FakeTeamsConnector> {
  const requests: RecordedConnectorRequest[] = [];
  const members = new Map<string, FakeTeamsMember>();
  const failures = new Map<ConnectorOperation, Array<ConnectorFailure>>();
  const holds = new Map<ConnectorOperation, Promise<void>>();
  const waiters: Array<{ matches: (request: RecordedConnectorRequest) => boolean; resolve: (request: RecordedConnectorRequest) => void }> = [];

  const server = createServer((request, response) => {
    void (async () => {
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const method = request.method ?? 'GET';
      const body = await readBody(request);
      const target = route(method, path);
      const recorded: RecordedConnectorRequest = {
        operation: target.operation,
        method,
        path,
        ...(target.conversationId !== undefined ? { conversationId: target.conversationId } : {}),
        ...(target.targetId !== undefined ? { targetId: target.targetId } : {}),
        ...(typeof request.headers.authorization === 'string' ? { authorization: request.headers.authorization } : {}),
        body,
        at: Date.now(),
      };
      requests.push(recorded);
      for (const waiter of [...waiters]) {
        if (waiter.matches(recorded)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(recorded);
        }
      }

      await (holds.get(target.operation) ?? Promise.resolve());

      const failure = failures.get(target.operation)?.shift();
      if (failure) {
        send(
          response,
          failure.status,
          { error: { code: failure.code ?? 'Failure', message: failure.message ?? `Scripted ${failure.status}` } },
          failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {},
        );
        return;
      }

      switch (target.operation) {
        case 'sendToConversation':
        case 'replyToActivity':
          send(response, 201, { id: `activity-${randomUUID()}` });
          return;
        case 'updateActivity':
          send(response, 200, { id: target.targetId });
          return;
        case 'deleteActivity':
          send(response, 200);
          return;
        case 'getConversationMember': {
          const member = target.targetId === undefined ? undefined : (members.get(target.targetId) ?? [...members.values()].find((entry) => entry.aadObjectId === target.targetId));
          if (member) send(response, 200, member);
          else send(response, 404, { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found in the conversation.' } });
          return;
        }
        case 'getConversationMembers':
          send(response, 200, [...members.values()]);
          return;
        case 'createConversation':
          send(response, 201, { id: `a:${randomUUID()}`, activityId: `activity-${randomUUID()}` });
          return;
        case 'unknown':
          send(response, 404, { error: { code: 'NotFound', message: `No fake for ${method} ${path}` } });
          return;
      }
    })().catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { error: { code: 'FakeConnectorError', message: String(error) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    requests,
    requestsFor: (operation) => requests.filter((request) => request.operation === operation),
    sentActivities: () =>
      requests
        .filter((request) => request.operation === 'sendToConversation' || request.operation === 'replyToActivity')
        .map((request) => request.body as Record<string, unknown>),
    waitForRequest(operation, predicate = () => true, timeoutMs = 5_000) {
      const matches = (request: RecordedConnectorRequest) => request.operation === operation && predicate(request);
      const existing = requests.find(matches);
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.findIndex((waiter) => waiter.resolve === done), 1);
          reject(new Error(`No ${operation} request reached the fake Teams connector within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (request: RecordedConnectorRequest) => {
          clearTimeout(timer);
          resolve(request);
        };
        waiters.push({ matches, resolve: done });
      });
    },
    addMember(member) {
      members.set(member.id, member);
    },
    failNext(operation, failure, times = 1) {
      const queue = failures.get(operation) ?? [];
      for (let index = 0; index < times; index += 1) queue.push(failure);
      failures.set(operation, queue);
    },
    hold(operation) {
      let release!: () => void;
      holds.set(operation, new Promise<void>((resolve) => (release = resolve)));
      return {
        release() {
          holds.delete(operation);
          release();
        },
      };
    },
    clearRequests() {
      requests.length = 0;
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
