// What the process is still doing, by name, so a shutdown can wait for it and say what it gave up on.
// Slack and Teams do not resend a request the bot has acknowledged, so work started for one (the handler
// after the ack, the replies, the deliveries of a job run) must finish before the database closes.
//
// Each unit of work is registered with a name a person can act on ("slack command /csp decision from U123",
// "weekly-digest job", "teams delivery to conversation 19:abc"). The front doors ask whether new requests
// are still admitted; once draining begins they answer 503 and the shutdown waits here for the rest.
// AsyncLocalStorage ties a front door's naming to the request the HTTP server admitted, so one request is
// one unit even though the server admits it before the adapter knows what it is.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ChannelTarget, DirectTarget, Notifier, PostedMessage } from './chat-core.ts';
import type { MessageView } from '../views/model.ts';

interface Unit {
  name: string;
  readonly startedAt: number;
  /** Opened by a front door for an incoming request, still under the door's provisional name. */
  provisional: boolean;
  readonly request: boolean;
}

export interface UnfinishedWork {
  name: string;
  /** How long it had been running when the drain ended. */
  runningMs: number;
}

export interface DrainResult {
  /** Empty when everything finished in time. */
  unfinished: UnfinishedWork[];
}

export type RequestOutcome<T> = { admitted: true; value: T } | { admitted: false };

export class InFlightWork {
  readonly #units = new Set<Unit>();
  readonly #storage = new AsyncLocalStorage<Unit>();
  readonly #idleWaiters = new Set<() => void>();
  readonly #now: () => number;
  #draining = false;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? (() => Date.now());
  }

  /** True once a shutdown began: front doors refuse new requests. Work already admitted carries on. */
  get draining(): boolean {
    return this.#draining;
  }

  get size(): number {
    return this.#units.size;
  }

  /** Names of the work running now, oldest first. */
  names(): string[] {
    return [...this.#units].map((unit) => unit.name);
  }

  beginDrain(): void {
    this.#draining = true;
  }

  /** Runs `work` as one named unit. Always runs, also while draining: deliveries and jobs already under way finish. */
  track<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.#run({ name, startedAt: this.#now(), provisional: false, request: false }, work);
  }

  /**
   * For a front door that admits requests before it can name them (the HTTP server): the request is one
   * unit from the moment it is read, named provisionally until the adapter names it.
   */
  admitRequest<T>(provisionalName: string, work: () => Promise<T>): Promise<T> {
    return this.#run({ name: provisionalName, startedAt: this.#now(), provisional: true, request: true }, work);
  }

  /**
   * The work of one incoming request, under its real name. Inside a request the HTTP server admitted, this
   * names that unit; otherwise (Socket Mode) it is a unit of its own, and refused once draining began, so a
   * request never acknowledged is left to the platform to send again rather than started and cut off.
   */
  async handleRequest<T>(name: string, work: () => Promise<T>): Promise<RequestOutcome<T>> {
    if (this.nameCurrentRequest(name)) return { admitted: true, value: await work() };
    if (this.#draining) return { admitted: false };
    return { admitted: true, value: await this.#run({ name, startedAt: this.#now(), provisional: false, request: true }, work) };
  }

  /** Gives the request being handled here its real name; false when this code runs for no admitted request. */
  nameCurrentRequest(name: string): boolean {
    const unit = this.#storage.getStore();
    if (!unit?.request) return false;
    unit.name = name;
    unit.provisional = false;
    return true;
  }

  /**
   * Waits until no work is left or `deadline` (epoch ms) passes, whichever is first. Work that starts while
   * waiting (a delivery started by a handler or a job run) is waited for too.
   */
  async drain(deadline: number): Promise<DrainResult> {
    if (this.#units.size > 0) {
      const remaining = Math.max(0, deadline - this.#now());
      let timer: NodeJS.Timeout | undefined;
      let onIdle: (() => void) | undefined;
      await Promise.race([
        new Promise<void>((resolve) => {
          onIdle = resolve;
          this.#idleWaiters.add(resolve);
        }),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, remaining);
        }),
      ]);
      clearTimeout(timer);
      if (onIdle) this.#idleWaiters.delete(onIdle);
    }
    const now = this.#now();
    return { unfinished: [...this.#units].map((unit) => ({ name: unit.name, runningMs: now - unit.startedAt })) };
  }

  async #run<T>(unit: Unit, work: () => Promise<T>): Promise<T> {
    this.#units.add(unit);
    try {
      return await this.#storage.run(unit, work);
    } finally {
      this.#units.delete(unit);
      if (this.#units.size === 0) {
        for (const resolve of [...this.#idleWaiters]) resolve();
        this.#idleWaiters.clear();
      }
    }
  }
}

/**
 * A notifier whose every call is a unit of in-flight work, so proactive messages (reminders, digests, vote
 * cards, direct messages) that have started are waited for at shutdown.
 */
export function trackedNotifier(notifier: Notifier, inFlight: InFlightWork): Notifier {
  const platform = notifier.platform.toLowerCase();
  return {
    platform: notifier.platform,
    postToChannel(target: ChannelTarget, message: MessageView): Promise<PostedMessage> {
      return inFlight.track(`${platform} delivery to ${conversationWord(notifier)} ${target.channelId}`, () => notifier.postToChannel(target, message));
    },
    sendDirect(target: DirectTarget, message: MessageView): Promise<PostedMessage> {
      return inFlight.track(`${platform} direct message to ${target.userId}`, () => notifier.sendDirect(target, message));
    },
    updateMessage(target: ChannelTarget, messageId: string, message: MessageView): Promise<void> {
      return inFlight.track(`${platform} update of message ${messageId} in ${target.channelId}`, () =>
        notifier.updateMessage(target, messageId, message),
      );
    },
  };
}

function conversationWord(notifier: Notifier): string {
  return notifier.platform === 'TEAMS' ? 'conversation' : 'channel';
}
