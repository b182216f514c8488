// Bolt and the WebClient log through this bridge, so their lines carry the app's format, level and scope.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../logger.ts';

function describe(parts: unknown[]): string {
  return parts
    .map((part) => (part instanceof Error ? part.message : typeof part === 'string' ? part : JSON.stringify(part)))
    .join(' ');
}

export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.DEBUG;
  return {
    debug: (...parts: unknown[]) => logger.debug(describe(parts)),
    info: (...parts: unknown[]) => logger.info(describe(parts)),
    warn: (...parts: unknown[]) => logger.warn(describe(parts)),
    error: (...parts: unknown[]) => logger.error(describe(parts)),
    // The app's own logger decides what is written; Bolt only asks for the level to skip work.
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
