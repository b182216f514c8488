// A Bolt receiver for the bot's one shared HTTP server. Bolt's HTTPReceiver owns its own server and answers a
// bad signature with a bare 401 that nothing else can observe; this receiver is assembled from the same
// exported Bolt pieces (signature check, body parsing, HTTPResponseAck) so verification is Bolt's own, and
// adds what the bot needs around it: every refusal goes to the audit log, requests that arrive before the
// adapter has started get 503 instead of reaching an uninitialised App, and a signed body that is not a
// payload the app can use (`payload=null`, an unknown type, a known type with fields missing) gets 400 and a
// log line before Bolt sees it, so it never becomes a 500, a 404 after Bolt's 3-second wait, or a listener error.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  HTTPModuleFunctions,
  HTTPResponseAck,
  type App,
  type Logger as BoltLogger,
  type Receiver,
  type ReceiverEvent,
} from '@slack/bolt';

export interface RefusedSlackRequest {
  reason: string;
  path: string;
  remoteAddress?: string;
  userAgent?: string;
  signaturePresent: boolean;
  requestTimestamp?: string;
}

export interface SlackHttpReceiverOptions {
  signingSecret: string;
  logger: BoltLogger;
  /** Called (and awaited) before the 401 is sent, so the audit row exists when the caller sees the refusal. */
  onRefused(refusal: RefusedSlackRequest): Promise<void>;
  /** Bytes; Bolt's default (4 MB) when absent. Larger bodies get 413 before any signature work. */
  bodyLimit?: number;
  /** Why a signed body is not one the app can use (answered 400), or undefined when it is. */
  unusableBody?(body: Record<string, unknown>): string | undefined;
}

/** Set on every event's context by the receivers: when the request was read, for ack latency. */
export const RECEIVED_AT_KEY = 'cspReceivedAt';

export function receivedAtProperties(): Record<string, number> {
  return { [RECEIVED_AT_KEY]: performance.now() };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export class SlackHttpReceiver implements Receiver {
  private app?: App;
  private ready = false;

  constructor(private readonly options: SlackHttpReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  /** The shared server is started by the composition root; this only opens the door to events. */
  start(): Promise<void> {
    this.ready = true;
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.ready = false;
    return Promise.resolve();
  }

  readonly requestListener = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const { logger } = this.options;
    const receivedAt = receivedAtProperties();
    let buffered;
    try {
      buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
        {
          enabled: true,
          signingSecret: this.options.signingSecret,
          bodyLimit: this.options.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit,
          logger,
        },
        request,
      );
    } catch (error) {
      if (HTTPModuleFunctions.isRawBodyError(error) && (error.type === 'entity.too.large' || error.statusCode === 413)) {
        logger.warn(`Slack request body exceeded the limit of ${error.limit} bytes`);
        HTTPModuleFunctions.buildNoBodyResponse(response, 413);
        return;
      }
      await this.options.onRefused({
        reason: error instanceof Error ? error.message : String(error),
        path: (request.url ?? '').split('?')[0] ?? '',
        remoteAddress: request.socket.remoteAddress,
        userAgent: header(request, 'user-agent'),
        signaturePresent: header(request, 'x-slack-signature') !== undefined,
        requestTimestamp: header(request, 'x-slack-request-timestamp'),
      });
      HTTPModuleFunctions.buildNoBodyResponse(response, 401);
      return;
    }

    const refuse = (reason: string): void => {
      logger.warn(`Refused a signed Slack request: ${reason}`);
      HTTPModuleFunctions.buildNoBodyResponse(response, 400);
    };
    let parsed: unknown;
    try {
      parsed = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
    } catch (error) {
      refuse(`malformed body (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      refuse(`the payload is ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`}, not a JSON object`);
      return;
    }
    const body = parsed as Record<string, unknown>;
    if (body.ssl_check === '1') {
      HTTPModuleFunctions.buildSSLCheckResponse(response);
      return;
    }
    if (body.type === 'url_verification') {
      HTTPModuleFunctions.buildUrlVerificationResponse(response, body);
      return;
    }
    const app = this.app;
    if (!this.ready || !app) {
      logger.warn('A Slack request arrived before the Slack adapter started; answered 503 so Slack retries');
      HTTPModuleFunctions.buildNoBodyResponse(response, 503);
      return;
    }
    const unusable = this.options.unusableBody?.(body);
    if (unusable !== undefined) {
      refuse(unusable);
      return;
    }

    const ack = new HTTPResponseAck({
      logger,
      // false: ack() writes the HTTP response at once and the listener keeps working after it (see slack-adapter.ts).
      processBeforeResponse: false,
      httpRequest: buffered,
      httpRequestBody: body,
      httpResponse: response,
    });
    const event: ReceiverEvent = {
      body,
      ack: ack.bind(),
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(request),
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(request),
      customProperties: receivedAt,
    };
    try {
      await app.processEvent(event);
    } catch (error) {
      const acknowledged = await HTTPModuleFunctions.defaultProcessEventErrorHandler({
        error: error instanceof Error ? error : new Error(String(error)),
        logger,
        request,
        response,
        storedResponse: ack.storedResponse,
      });
      if (acknowledged) ack.ack();
    }
  };
}
