// One HTTP server for everything: health checks, Slack's events endpoint and Teams' messages endpoint.
// Adapters mount their handlers on it so the bot needs a single port behind a single reverse proxy.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.ts';

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

export interface HttpServer {
  route(method: 'GET' | 'POST', path: string, handler: RouteHandler): void;
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
  readonly server: Server;
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

export function createHttpServer(logger: Logger): HttpServer {
  const routes = new Map<string, RouteHandler>();

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
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
    Promise.resolve()
      .then(() => handler(request, response))
      .catch((error: unknown) => {
        logger.error('Unhandled error in HTTP handler', { path, error });
        if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
        else response.end();
      });
  });
  // Slack and Teams keep connections open; idle sockets must not hold up a clean shutdown.
  server.keepAliveTimeout = 5_000;

  return {
    server,
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
    close() {
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
    },
  };
}
