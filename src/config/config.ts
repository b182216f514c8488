// Every environment variable the bot reads is declared here and parsed once at startup.
// A wrong or missing value stops the process with a message that names the variable.
import { z } from 'zod';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

function optionalText() {
  return z
    .string()
    .transform((value) => value.trim())
    .transform((value) => (value === '' ? undefined : value))
    .optional();
}

function flag(defaultValue: boolean) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return defaultValue;
      const normalised = value.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(normalised)) return true;
      if (['0', 'false', 'no', 'off'].includes(normalised)) return false;
      ctx.addIssue({ code: 'custom', message: 'must be 1/true/yes/on or 0/false/no/off' });
      return z.NEVER;
    });
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const port = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return 3978;
    const parsed = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isInteger(parsed) || parsed < 1 || parsed > 65535) {
      ctx.addIssue({ code: 'custom', message: 'must be a number between 1 and 65535' });
      return z.NEVER;
    }
    return parsed;
  });

/** A number of seconds up to 10 minutes, with a default when empty. */
function seconds(options: { defaultValue: number; min: number; wholeOnly: boolean }) {
  const { defaultValue, min, wholeOnly } = options;
  const pattern = wholeOnly ? /^\d+$/ : /^\d+(\.\d+)?$/;
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return defaultValue;
      const trimmed = value.trim();
      const parsed = Number(trimmed);
      if (!pattern.test(trimmed) || parsed < min || parsed > 600) {
        const kind = wholeOnly ? 'a whole number of seconds' : 'a number of seconds';
        ctx.addIssue({ code: 'custom', message: `must be ${kind} between ${min} and 600` });
        return z.NEVER;
      }
      return parsed;
    });
}

/** How long a shutdown waits; 0 does not wait. */
const graceSeconds = seconds({ defaultValue: 25, min: 0, wholeOnly: false });
/** Total time for one proactive delivery, retries included. */
const deliveryBudgetSeconds = seconds({ defaultValue: 30, min: 1, wholeOnly: true });

const postgresUrl = optionalText().refine(
  (value) => value === undefined || /^postgres(ql)?:\/\/[^\s]+$/.test(value),
  { message: 'must be a PostgreSQL connection URL like postgres://user:password@host:5432/database' },
);

const httpUrl = optionalText().refine((value) => value === undefined || /^https?:\/\/[^\s]+$/.test(value), {
  message: 'must be an http:// or https:// URL',
});

const slackBotToken = optionalText().refine((value) => value === undefined || value.startsWith('xoxb-'), {
  message: 'must be a Slack bot token starting with xoxb-',
});

const slackAppToken = optionalText().refine((value) => value === undefined || value.startsWith('xapp-'), {
  message: 'must be a Slack app-level token starting with xapp-',
});

export const environmentSchema = z
  .object({
    PORT: port,
    HOST: optionalText().default('0.0.0.0'),
    DATABASE_URL: postgresUrl,
    DATA_DIR: optionalText().default('./data'),
    DEMO: flag(false),
    LOG_LEVEL: optionalText().pipe(
      z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    ),
    LOG_FORMAT: optionalText().pipe(z.enum(['text', 'json'], { message: 'must be text or json' }).default('text')),
    SCHEDULER_ENABLED: flag(true),
    SHUTDOWN_GRACE_SECONDS: graceSeconds,
    DELIVERY_BUDGET_SECONDS: deliveryBudgetSeconds,
    DEFAULT_TIME_ZONE: optionalText()
      .default('Europe/London')
      .refine((zone) => isValidTimeZone(zone), { message: 'must be an IANA time zone such as Europe/London' }),
    PUBLIC_BASE_URL: httpUrl,
    EXPORT_LINK_SECRET: optionalText().refine((value) => value === undefined || value.length >= 32, {
      message: 'must be at least 32 characters (e.g. the output of `openssl rand -hex 32`)',
    }),
    SLACK_BOT_TOKEN: slackBotToken,
    SLACK_SIGNING_SECRET: optionalText(),
    SLACK_APP_TOKEN: slackAppToken,
    SLACK_API_URL: httpUrl,
    TEAMS_APP_ID: optionalText(),
    TEAMS_APP_PASSWORD: optionalText(),
    TEAMS_APP_TENANT_ID: optionalText(),
    TEAMS_APP_TYPE: optionalText().pipe(
      z.enum(['MultiTenant', 'SingleTenant'], { message: 'must be MultiTenant or SingleTenant' }).default('MultiTenant'),
    ),
    TEAMS_LOCAL_ONLY: flag(false),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required when SLACK_BOT_TOKEN is set (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    }
    if (!env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set',
      });
    }
    if (Boolean(env.TEAMS_APP_ID) !== Boolean(env.TEAMS_APP_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.TEAMS_APP_ID ? 'TEAMS_APP_PASSWORD' : 'TEAMS_APP_ID'],
        message: 'must be set together with ' + (env.TEAMS_APP_ID ? 'TEAMS_APP_ID' : 'TEAMS_APP_PASSWORD'),
      });
    }
    if (env.TEAMS_LOCAL_ONLY && (env.TEAMS_APP_ID || env.TEAMS_APP_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEAMS_LOCAL_ONLY'],
        message:
          'cannot be on while TEAMS_APP_ID/TEAMS_APP_PASSWORD are set: with credentials every Teams request must carry a ' +
          'Bot Framework token, and TEAMS_LOCAL_ONLY=1 is only for trying the bot on a laptop without them. Unset one or the other',
      });
    }
    if (env.TEAMS_APP_TYPE === 'SingleTenant' && env.TEAMS_APP_ID && !env.TEAMS_APP_TENANT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEAMS_APP_TENANT_ID'],
        message: 'is required when TEAMS_APP_TYPE is SingleTenant',
      });
    }
  });

export type Environment = z.output<typeof environmentSchema>;

export interface SlackConfig {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  mode: 'http' | 'socket';
}

export interface TeamsConfig {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant';
  /** With credentials every request must carry a valid Bot Framework token. */
  authenticated: boolean;
  /**
   * TEAMS_LOCAL_ONLY=1, never with credentials: requests without a token are served, but only from this
   * machine, to a connector on this machine, and nobody is linked by email (playground and tests). Without
   * credentials and without it, every request is refused.
   */
  localOnly: boolean;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  demo: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  logFormat: 'text' | 'json';
  schedulerEnabled: boolean;
  /** How long a shutdown waits for requests, deliveries and job runs already under way. */
  shutdownGraceSeconds: number;
  /** Total time one proactive message may take, retries and their waits included. */
  deliveryBudgetMs: number;
  defaultTimeZone: string;
  publicBaseUrl?: string;
  /** Signs the download links of exports (Teams); without it, or PUBLIC_BASE_URL, no links are offered. */
  exportLinkSecret?: string;
  slack?: SlackConfig;
  slackDisabledReason?: string;
  teams: TeamsConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const SECRET_VARIABLES = new Set(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'TEAMS_APP_PASSWORD', 'DATABASE_URL', 'EXPORT_LINK_SECRET']);

function describeReceived(name: string, raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') return 'it is not set';
  if (SECRET_VARIABLES.has(name)) return 'got a value that is hidden because it is a secret';
  return `got ${JSON.stringify(raw)}`;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.keys(environmentSchema.shape) as string[];
  const raw: Record<string, string | undefined> = {};
  for (const name of known) raw[name] = source[name];

  const parsed = environmentSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return `${name} ${issue.message} (${describeReceived(name, raw[name])})`;
    });
    throw new ConfigError(problems);
  }
  const env = parsed.data;

  let slack: SlackConfig | undefined;
  let slackDisabledReason: string | undefined;
  if (env.SLACK_BOT_TOKEN) {
    slack = {
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL,
      mode: env.SLACK_APP_TOKEN ? 'socket' : 'http',
    };
  } else {
    slackDisabledReason = 'SLACK_BOT_TOKEN is not set';
  }

  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    demo: env.DEMO,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    schedulerEnabled: env.SCHEDULER_ENABLED,
    shutdownGraceSeconds: env.SHUTDOWN_GRACE_SECONDS,
    deliveryBudgetMs: env.DELIVERY_BUDGET_SECONDS * 1_000,
    defaultTimeZone: env.DEFAULT_TIME_ZONE,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    exportLinkSecret: env.EXPORT_LINK_SECRET,
    slack,
    slackDisabledReason,
    teams: {
      appId: env.TEAMS_APP_ID,
      appPassword: env.TEAMS_APP_PASSWORD,
      tenantId: env.TEAMS_APP_TENANT_ID,
      appType: env.TEAMS_APP_TYPE,
      authenticated: Boolean(env.TEAMS_APP_ID && env.TEAMS_APP_PASSWORD),
      localOnly: env.TEAMS_LOCAL_ONLY,
    },
  };
}

/** The variable names, for checks that .env.example documents every one. */
export function environmentVariableNames(): string[] {
  return Object.keys(environmentSchema.shape);
}
