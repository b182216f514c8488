// The shared server is plain node:http; botbuilder's CloudAdapter expects Express-like objects with a
// parsed body. These wrappers give it exactly the methods it calls and nothing more.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request as BotRequest, Response as BotResponse } from 'botbuilder';

/** Bot Framework activities are small; attachments arrive as URLs. */
export const MAX_ACTIVITY_BYTES = 1024 * 1024;

export class RequestBodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'RequestBodyError';
  }
}

export async function readJsonBody(request: IncomingMessage, limit = MAX_ACTIVITY_BYTES): Promise<Record<string, unknown>> {
  const contentType = request.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(contentType)) {
    throw new RequestBodyError(415, 'expected an application/json body');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > limit) throw new RequestBodyError(413, `body is larger than ${limit} bytes`);
    chunks.push(buffer);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new RequestBodyError(400, 'body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RequestBodyError(400, 'body must be a JSON object (a Bot Framework activity)');
  }
  return parsed as Record<string, unknown>;
}

export function toBotRequest(request: IncomingMessage, body: Record<string, unknown>): BotRequest {
  return { body, headers: request.headers, method: request.method };
}

export function toBotResponse(response: ServerResponse): BotResponse {
  let status = 200;
  let body: unknown;
  return {
    socket: response.socket,
    header(name: string, value: unknown) {
      if (!response.headersSent) response.setHeader(name, String(value));
    },
    status(code: number) {
      status = code;
    },
    send(payload: unknown) {
      body = payload;
    },
    end() {
      if (response.writableEnded) return;
      if (body === undefined || body === null) {
        response.writeHead(status, { 'content-length': 0 });
        response.end();
        return;
      }
      const isText = typeof body === 'string';
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      response.writeHead(status, {
        'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      });
      response.end(text);
    },
  };
}
