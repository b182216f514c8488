// Slack's manifest JSON schema (slackapi/manifest-schema, schemas/manifest.schema.1.0.0.json) is not
// available offline, so the parts of it this manifest uses are restated here with zod (strict objects, as
// the schema sets additionalProperties: false), with the limits listed in the shared platform-limits notes.
// The schema repository's own valid example (test/fixtures/slack) must pass too.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PLACEHOLDER_REQUEST_URL, SLACK_MANIFEST_FILE, slackManifest } from '../../src/slack/slack-manifest.ts';
import { readSlackJsonFixture } from '../support/slack-requests.ts';

const httpUrl = (max: number) => z.string().regex(/^https?:\/\//).max(max);

const manifestSchema = z.strictObject({
  $schema: z.string().optional(),
  _metadata: z.strictObject({ major_version: z.number().int().optional(), minor_version: z.number().int().optional() }).optional(),
  display_information: z.strictObject({
    name: z.string().min(1).max(35),
    description: z.string().min(1).max(140).optional(),
    long_description: z.string().min(175).max(4000).optional(),
    background_color: z.string().regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/).optional(),
  }),
  features: z
    .strictObject({
      app_home: z
        .strictObject({
          home_tab_enabled: z.boolean().optional(),
          messages_tab_enabled: z.boolean().optional(),
          messages_tab_read_only_enabled: z.boolean().optional(),
        })
        .optional(),
      bot_user: z.strictObject({ display_name: z.string().min(1).max(80), always_online: z.boolean().optional() }).optional(),
      shortcuts: z
        .array(
          z.strictObject({
            name: z.string().min(1).max(24),
            type: z.enum(['message', 'global']),
            callback_id: z.string().min(1).max(255),
            description: z.string().min(1).max(150),
          }),
        )
        .min(1)
        .max(10)
        .optional(),
      slash_commands: z
        .array(
          z.strictObject({
            command: z.string().min(2).max(32).regex(/^\//),
            url: httpUrl(3000).optional(),
            description: z.string().min(1).max(2000),
            usage_hint: z.string().min(1).max(1000).optional(),
            should_escape: z.boolean().optional(),
          }),
        )
        .min(1)
        .max(50)
        .optional(),
    })
    .optional(),
  oauth_config: z
    .strictObject({
      redirect_urls: z.array(z.string().max(2500)).max(1000).optional(),
      scopes: z
        .strictObject({
          bot: z.array(z.string().max(50)).max(255).optional(),
          user: z.array(z.string().max(50)).max(255).optional(),
        })
        .optional(),
      token_management_enabled: z.boolean().optional(),
    })
    .optional(),
  settings: z
    .strictObject({
      event_subscriptions: z
        .strictObject({
          request_url: httpUrl(3500).optional(),
          bot_events: z.array(z.string().max(50)).max(100).optional(),
          user_events: z.array(z.string().max(50)).max(100).optional(),
        })
        .optional(),
      interactivity: z
        .strictObject({
          is_enabled: z.boolean(),
          request_url: httpUrl(3500).optional(),
          message_menu_options_url: httpUrl(3500).optional(),
        })
        .optional(),
      org_deploy_enabled: z.boolean().optional(),
      socket_mode_enabled: z.boolean().optional(),
      token_rotation_enabled: z.boolean().optional(),
    })
    .optional(),
});

const unique = (values: readonly string[] | undefined) => new Set(values).size === (values ?? []).length;

/** Every Web API method and event the adapter uses, and the bot scope Slack requires for it. */
const SCOPES_USED: Record<string, string[]> = {
  'slash command /csp': ['commands'],
  'chat.postMessage / chat.postEphemeral / chat.update': ['chat:write'],
  'chat.postMessage to a public channel the bot has not joined': ['chat:write.public'],
  'conversations.open (DM channel)': ['im:write'],
  'users.info': ['users:read'],
  'users.info profile.email': ['users:read.email'],
  'event app_mention': ['app_mentions:read'],
  'event member_joined_channel': ['channels:read', 'groups:read'],
  'event message.im': ['im:history'],
  'files.getUploadURLExternal / files.completeUploadExternal (chart images, decision-log exports to the DM)': ['files:write'],
  'files.info (waiting for an uploaded chart to be processed)': ['files:read'],
};

function manifestFile(): unknown {
  return JSON.parse(readFileSync(SLACK_MANIFEST_FILE, 'utf8'));
}

describe('Slack app manifest', () => {
  it("accepts the schema repository's own valid example, so the restated schema is not stricter than Slack's", () => {
    const result = manifestSchema.safeParse(readSlackJsonFixture('app-manifest.v1.valid.manifest-schema-test.json'));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('is valid against the schema', () => {
    const result = manifestSchema.safeParse(manifestFile());
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('rejects what Slack rejects', () => {
    const base = manifestSchema.parse(manifestFile());
    const broken = [
      { ...base, display_information: { ...base.display_information, name: 'x'.repeat(36) } },
      { ...base, display_information: { ...base.display_information, long_description: 'too short' } },
      { ...base, features: { ...base.features, slash_commands: [{ command: 'csp', description: 'no slash' }] } },
      { ...base, settings: { ...base.settings, interactivity: { request_url: PLACEHOLDER_REQUEST_URL } } },
      { ...base, settings: { ...base.settings, unknown_setting: true } },
    ];
    for (const manifest of broken) expect(manifestSchema.safeParse(manifest).success).toBe(false);
  });

  it('declares /csp with a usage hint, escaped so mentions arrive as <@U…> tokens', () => {
    const manifest = manifestSchema.parse(manifestFile());
    const [command, ...others] = manifest.features?.slash_commands ?? [];
    expect(others).toEqual([]);
    expect(command).toMatchObject({ command: '/csp', url: PLACEHOLDER_REQUEST_URL, should_escape: true });
    expect(command?.usage_hint).toContain('help');
  });

  it('asks for exactly the bot scopes the adapter uses', () => {
    const manifest = manifestSchema.parse(manifestFile());
    const scopes = manifest.oauth_config?.scopes?.bot ?? [];
    expect(unique(scopes)).toBe(true);
    expect([...scopes].sort()).toEqual([...new Set(Object.values(SCOPES_USED).flat())].sort());
    expect(manifest.oauth_config?.scopes?.user).toBeUndefined();
  });

  it('sends interactivity and events to /slack/events over HTTP, with the App Home tab on', () => {
    const manifest = manifestSchema.parse(manifestFile());
    expect(manifest.settings).toMatchObject({
      socket_mode_enabled: false,
      interactivity: { is_enabled: true, request_url: PLACEHOLDER_REQUEST_URL },
      event_subscriptions: { request_url: PLACEHOLDER_REQUEST_URL },
    });
    expect([...(manifest.settings?.event_subscriptions?.bot_events ?? [])].sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'member_joined_channel',
      'message.im',
    ]);
    expect(unique(manifest.settings?.event_subscriptions?.bot_events)).toBe(true);
    expect(manifest.features?.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
  });

  it('fills in the public address for a deployment', () => {
    const manifest = slackManifest({ publicBaseUrl: 'https://csp.norwich.example.net/' });
    const url = 'https://csp.norwich.example.net/slack/events';
    expect(manifest.features.slash_commands[0]?.url).toBe(url);
    expect(manifest.settings.event_subscriptions.request_url).toBe(url);
    expect(manifest.settings.interactivity.request_url).toBe(url);
    expect(JSON.stringify(manifest)).not.toContain('example.org');
    expect(manifestSchema.safeParse(manifest).success).toBe(true);
  });

  it('refuses a plain-http public address, which Slack would not call', () => {
    expect(() => slackManifest({ publicBaseUrl: 'http://csp.example.net' })).toThrow(/https/);
  });

  it('has a Socket Mode variant without request URLs', () => {
    const manifest = slackManifest({ socketMode: true });
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(manifest)).not.toMatch(/request_url|"url"/);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifestSchema.safeParse(manifest).success).toBe(true);
  });
});
