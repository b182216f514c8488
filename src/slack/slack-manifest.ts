// manifests/slack/manifest.json is written for HTTP mode with a placeholder host. This fills in the bot's
// public address (PUBLIC_BASE_URL), or turns it into the Socket Mode variant, which needs no public URL.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SLACK_EVENTS_PATH } from './slack-constants.ts';

export const SLACK_MANIFEST_FILE = new URL('../../manifests/slack/manifest.json', import.meta.url);
export const PLACEHOLDER_REQUEST_URL = `https://csp-bot.example.org${SLACK_EVENTS_PATH}`;

const manifestShape = z.looseObject({
  features: z.looseObject({
    slash_commands: z.array(z.looseObject({ command: z.string(), url: z.string().optional() })),
  }),
  settings: z.looseObject({
    event_subscriptions: z.looseObject({ request_url: z.string().optional() }),
    interactivity: z.looseObject({ is_enabled: z.boolean(), request_url: z.string().optional() }),
    socket_mode_enabled: z.boolean(),
  }),
});
export type SlackAppManifest = z.output<typeof manifestShape>;

function readSlackManifest(): SlackAppManifest {
  return manifestShape.parse(JSON.parse(readFileSync(SLACK_MANIFEST_FILE, 'utf8')));
}

export interface SlackManifestOptions {
  /** The bot's public https:// origin (PUBLIC_BASE_URL); request URLs become `<origin>/slack/events`. */
  publicBaseUrl?: string;
  /** Socket Mode: no request URLs at all; events arrive over the SLACK_APP_TOKEN connection. */
  socketMode?: boolean;
}

export function slackManifest(options: SlackManifestOptions = {}): SlackAppManifest {
  const manifest = readSlackManifest();
  const { features, settings } = manifest;
  if (options.socketMode) {
    const { request_url: _eventsUrl, ...eventSubscriptions } = settings.event_subscriptions;
    const { request_url: _interactivityUrl, ...interactivity } = settings.interactivity;
    return {
      ...manifest,
      features: { ...features, slash_commands: features.slash_commands.map(({ url: _url, ...command }) => command) },
      settings: {
        ...settings,
        event_subscriptions: eventSubscriptions,
        interactivity: { ...interactivity, is_enabled: settings.interactivity.is_enabled },
        socket_mode_enabled: true,
      },
    };
  }
  if (!options.publicBaseUrl) return manifest;
  const origin = new URL(options.publicBaseUrl);
  if (origin.protocol !== 'https:') throw new Error(`Slack only calls https:// request URLs; PUBLIC_BASE_URL is ${options.publicBaseUrl}`);
  const requestUrl = `${options.publicBaseUrl.replace(/\/+$/, '')}${SLACK_EVENTS_PATH}`;
  return {
    ...manifest,
    features: { ...features, slash_commands: features.slash_commands.map((command) => ({ ...command, url: requestUrl })) },
    settings: {
      ...settings,
      event_subscriptions: { ...settings.event_subscriptions, request_url: requestUrl },
      interactivity: { ...settings.interactivity, request_url: requestUrl },
    },
  };
}

