// A small leveled logger: readable lines for a person running `npm start`, JSON lines for log shippers.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function serialise(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export function createLogger(options: {
  level?: LogLevel;
  format?: 'text' | 'json';
  scope?: string;
  write?: (line: string) => void;
} = {}): Logger {
  const level = options.level ?? 'info';
  const format = options.format ?? 'text';
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));

  function log(at: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (ORDER[at] < ORDER[level]) return;
    const time = new Date().toISOString();
    if (format === 'json') {
      const entry: Record<string, unknown> = { time, level: at, message };
      if (options.scope) entry.scope = options.scope;
      for (const [key, value] of Object.entries(fields ?? {})) entry[key] = serialise(value);
      write(JSON.stringify(entry));
      return;
    }
    const scope = options.scope ? ` [${options.scope}]` : '';
    const extra = fields && Object.keys(fields).length > 0
      ? ' ' + Object.entries(fields)
          .map(([key, value]) => {
            const shown = serialise(value);
            return `${key}=${typeof shown === 'string' ? shown : JSON.stringify(shown)}`;
          })
          .join(' ')
      : '';
    write(`${time} ${at.toUpperCase().padEnd(5)}${scope} ${message}${extra}`);
  }

  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    child: (scope) => createLogger({ ...options, scope: options.scope ? `${options.scope}:${scope}` : scope }),
  };
}
