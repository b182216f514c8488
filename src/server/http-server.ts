// One HTTP server for everything: health checks, Slack's events endpoint and Teams' messages endpoint.
// Adapters mount their handlers on it so the bot needs a single port behind a single reverse proxy.
//
// Shutdown: stopAccepting() makes every new request, /healthz included, answer 503 with Retry-After at once,
// so a load balancer takes the instance out and Slack/Teams send elsewhere or again, while requests already
// read carry on (each is a unit of in-flight work when an InFlightWork is given). Connections are closed
// after their current response rather than kept alive for requests this instance will not take.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.ts';
import type { InFlightWork } from '../services/in-flight-work.ts';

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

export interface HttpServer {
  route(method: 'GET' | 'POST', path: string, handler: RouteHandler): void;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** From now on every request gets 503 (with Retry-After); requests already being handled finish. */
  stopAccepting(): void;
  readonly accepting: boolean;
  /** Stops listening. `force` also cuts connections still open (used once the work they carried is done). */
  close(options?: { force?: boolean }): Promise<void>;
  readonly server: Server;
}

export interface HttpServerOptions {
  /** Every request becomes a unit of in-flight work from the moment it is read until its handler settles. */
  inFlight?: InFlightWork;
  /** Seconds a refused client is told to wait (Retry-After) while this instance shuts down. */
  retryAfterSeconds?: number;
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

export function createHttpServer(logger: Logger, options: HttpServerOptions = {}): HttpServer {
  const routes = new Map<string, RouteHandler>();
  const inFlight = options.inFlight;
  const retryAfter = String(options.retryAfterSeconds ?? 5);
  const pendingResponses = new Set<ServerResponse>();
  let accepting = true;

  function handle(request: IncomingMessage, response: ServerResponse, path: string, handler: RouteHandler): Promise<void> {
    return Promise.resolve()
      .then(() => handler(request, response))
      .catch((error: unknown) => {
        logger.error('Unhandled error in HTTP handler', { path, error });
        if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
        else response.end();
      });
  }

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (!accepting) {
      request.resume();
      response.shouldKeepAlive = false;
      response.setHeader('retry-after', retryAfter);
      sendJson(response, 503, { status: 'stopping', error: 'This instance is shutting down; try again shortly.' });
      return;
    }
    const handler = routes.get(`${request.method} ${path}`);
    if (!handler) {
      const allowed = [...routes.keys()].filter((key) => key.endsWith(` ${path}`));
      if (allowed.length > 0) {
        response.setHeader('allow', allowed.map((key) => key.split(' ')[0]).join(', '));
        sendJson(response, 405, { error: 'method not allowed' });
      } else {
        sendJson(response, 404, { error: 'not found' });
      }
      return;
    }
    pendingResponses.add(response);
    response.once('finish', () => pendingResponses.delete(response));
    response.once('close', () => pendingResponses.delete(response));
    const work = () => handle(request, response, path, handler);
    void (inFlight ? inFlight.admitRequest(`HTTP ${request.method} ${path}`, work) : work());
  });
  // Slack and Teams keep connections open; idle sockets must not hold up a clean shutdown.
  server.keepAliveTimeout = 5_000;

  return {
    server,
    get accepting() {
      return accepting;
    },
    route(method, path, handler) {
      routes.set(`${method} ${path}`, handler);
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    stopAccepting() {
      if (!accepting) return;
      accepting = false;
      // Responses still to be written close their connection afterwards; idle keep-alive connections go now.
      for (const response of pendingResponses) if (!response.headersSent) response.shouldKeepAlive = false;
      server.closeIdleConnections();
    },
    close(closeOptions = {}) {
      if (!server.listening) return Promise.resolve();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if (closeOptions.force) server.closeAllConnections();
        else server.closeIdleConnections();
      });
    },
  };
}
