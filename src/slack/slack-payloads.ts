// What the adapter reads from Slack's payloads, checked with zod: Bolt's types describe Slack's documentation,
// not what actually arrived. Extra fields are allowed (Slack adds fields over time); missing ones are errors.
import { z } from 'zod';
import type { ConversationKind, FormFieldValues } from '../services/chat-core.ts';
import { withoutNulCharacters } from '../views/storable-text.ts';

const id = z.string().min(1);

export const slashCommandSchema = z.looseObject({
  command: z.string().startsWith('/'),
  text: z.string().default(''),
  team_id: id,
  channel_id: id,
  channel_name: z.string().optional(),
  user_id: id,
  user_name: z.string().optional(),
  trigger_id: id,
  response_url: z.string().url().optional(),
});

const userSchema = z.looseObject({
  id,
  name: z.string().optional(),
  username: z.string().optional(),
  team_id: z.string().optional(),
});

const teamSchema = z.looseObject({ id }).nullable().optional();

const viewRefSchema = z.looseObject({
  id,
  type: z.string(),
  hash: z.string().optional(),
  callback_id: z.string().optional(),
  private_metadata: z.string().optional(),
  root_view_id: z.string().nullable().optional(),
});

export const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  user: userSchema,
  team: teamSchema,
  channel: z.looseObject({ id, name: z.string().optional() }).optional(),
  container: z.looseObject({
    type: z.string(),
    message_ts: z.string().optional(),
    channel_id: z.string().optional(),
    is_ephemeral: z.boolean().optional(),
    view_id: z.string().optional(),
  }),
  message: z.looseObject({ ts: z.string(), thread_ts: z.string().optional() }).optional(),
  view: viewRefSchema.optional(),
  actions: z
    .array(
      z.looseObject({
        action_id: z.string(),
        block_id: z.string().optional(),
        type: z.string(),
        value: z.string().optional(),
      }),
    )
    .min(1),
  trigger_id: z.string().optional(),
  response_url: z.string().url().optional(),
});

const stateValueSchema = z.looseObject({
  type: z.string(),
  value: z.string().nullable().optional(),
  selected_option: z.looseObject({ value: z.string() }).nullable().optional(),
  selected_date: z.string().nullable().optional(),
});

export const viewSubmissionSchema = z.looseObject({
  type: z.literal('view_submission'),
  user: userSchema,
  team: teamSchema,
  view: viewRefSchema.extend({
    callback_id: z.string(),
    private_metadata: z.string().default(''),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), stateValueSchema)) }),
  }),
  trigger_id: z.string().optional(),
});
export type ViewSubmissionPayload = z.output<typeof viewSubmissionSchema>;

export const appHomeOpenedSchema = z.looseObject({
  type: z.literal('app_home_opened'),
  user: id,
  channel: z.string().optional(),
  tab: z.string().optional(),
});

export const memberJoinedChannelSchema = z.looseObject({
  type: z.literal('member_joined_channel'),
  user: id,
  channel: id,
  channel_type: z.string().optional(),
  team: z.string().optional(),
  inviter: z.string().optional(),
});

export const appMentionSchema = z.looseObject({
  type: z.literal('app_mention'),
  user: id,
  text: z.string(),
  channel: id,
  ts: z.string(),
  thread_ts: z.string().optional(),
});

/** A message in a conversation the bot is in; the adapter reads only people's messages in its DMs. */
export const directMessageSchema = z.looseObject({
  type: z.literal('message'),
  channel_type: z.string().optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  user: z.string().optional(),
  text: z.string().optional(),
  channel: id,
  ts: z.string(),
});

export const eventEnvelopeSchema = z.looseObject({ team_id: id });

export class SlackPayloadError extends Error {
  override readonly name = 'SlackPayloadError';
  constructor(kind: string, issues: z.ZodError) {
    super(`Unexpected Slack ${kind} payload: ${issues.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`).join('; ')}`);
  }
}

/** Every read of a Slack payload goes through here, so every string the core gets is storable (see storable-text.ts). */
export function parsePayload<T extends z.ZodType>(schema: T, kind: string, input: unknown): z.output<T> {
  const parsed = schema.safeParse(withoutNulCharacters(input));
  if (!parsed.success) throw new SlackPayloadError(kind, parsed.error);
  return parsed.data;
}

const eventCallbackSchema = z.looseObject({ team_id: id, event: z.looseObject({ type: z.string().min(1) }) });

/** The events the adapter reads (see the manifest's bot_events); other event types are acknowledged and ignored. */
const HANDLED_EVENTS: Readonly<Record<string, z.ZodType>> = {
  app_home_opened: appHomeOpenedSchema,
  app_mention: appMentionSchema,
  member_joined_channel: memberJoinedChannelSchema,
  message: directMessageSchema,
};

function problemWith(schema: z.ZodType, kind: string, input: unknown): string | undefined {
  try {
    parsePayload(schema, kind, input);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Why a signed request body (already a JSON object) is not one the adapter can use, or undefined when it is:
 * a slash command, a block action, a view submission or an Events API callback, each with the fields the
 * listeners read. The receiver answers these 400 before Bolt runs, so a listener never fails on them.
 */
export function unusablePayloadReason(body: Record<string, unknown>): string | undefined {
  if (body.command !== undefined) return problemWith(slashCommandSchema, 'slash command', body);
  switch (body.type) {
    case 'block_actions':
      return problemWith(blockActionsSchema, 'block_actions', body);
    case 'view_submission':
      return problemWith(viewSubmissionSchema, 'view_submission', body);
    case 'event_callback': {
      const envelope = problemWith(eventCallbackSchema, 'event callback', body);
      if (envelope) return envelope;
      const event = body.event as { type: string };
      const schema = HANDLED_EVENTS[event.type];
      return schema ? problemWith(schema, event.type, event) : undefined;
    }
    case 'app_rate_limited':
      return undefined;
    default:
      return `a payload of type ${JSON.stringify(body.type ?? null).slice(0, 60)}, which this app does not handle`;
  }
}

/**
 * D… is a direct message with the bot. Slash commands name private channels `privategroup` and group
 * DMs `mpdm-…`; group DMs are the core's "group" conversations, private channels are channels.
 */
export function conversationKind(channelId: string, channelName?: string): ConversationKind {
  if (channelId.startsWith('D') || channelName === 'directmessage') return 'personal';
  if (channelName?.startsWith('mpdm-')) return 'group';
  return 'channel';
}

export function namedChannel(channelName: string | undefined): string | undefined {
  if (!channelName || channelName === 'directmessage' || channelName === 'privategroup') return undefined;
  return channelName;
}

/** view.state.values → field id (= block_id) → the raw string Slack gave; empty inputs are left out. */
export function readFormFields(values: ViewSubmissionPayload['view']['state']['values']): FormFieldValues {
  const fields: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(values)) {
    for (const state of Object.values(actions)) {
      const raw = state.selected_option?.value ?? state.selected_date ?? state.value ?? undefined;
      if (raw !== undefined && raw !== null && raw.trim() !== '') fields[blockId] = raw;
    }
  }
  return fields;
}
