// Bot Framework activities for tests, built from the real Teams payloads in test/fixtures/teams (see
// SOURCES.md there) with only what a test must control replaced: service URL, ids, tenant, text and card
// data. Install activities have no captured fixture; they are built on the captured personal-message
// envelope with the fields the Teams docs list for installationUpdate / conversationUpdate.
import { readFileSync } from 'node:fs';
import { FIXTURES_URL } from './fixtures.ts';

type Json = Record<string, unknown>;

const TEAMS_FIXTURES = new URL('teams/', FIXTURES_URL);

export function readTeamsFixture(name: string): Json {
  return JSON.parse(readFileSync(new URL(name, TEAMS_FIXTURES), 'utf8')) as Json;
}

/** A documented payload written with comments and trailing commas (`.jsonc`), read as JSON. */
export function readTeamsJsonc(name: string): Json {
  const text = readFileSync(new URL(name, TEAMS_FIXTURES), 'utf8');
  const withoutComments = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');
  return JSON.parse(withoutComments.replace(/,(\s*[}\]])/g, '$1')) as Json;
}

export interface TeamsParty {
  /** `29:…` Teams user id. */
  id: string;
  aadObjectId: string;
  name: string;
}

export interface TeamsEnvelope {
  serviceUrl: string;
  tenantId: string;
  user: TeamsParty;
  /** `28:<app id>`. */
  botId: string;
  botName: string;
}

let sequence = 0;
function nextId(): string {
  sequence += 1;
  return `${Date.now()}${sequence}`;
}

function envelope(base: Json, options: TeamsEnvelope): Json {
  const channelData = { ...((base.channelData as Json | undefined) ?? {}), tenant: { id: options.tenantId } };
  return {
    ...base,
    id: nextId(),
    timestamp: new Date().toISOString(),
    serviceUrl: options.serviceUrl,
    channelId: 'msteams',
    from: { id: options.user.id, name: options.user.name, aadObjectId: options.user.aadObjectId },
    recipient: { id: options.botId, name: options.botName },
    channelData,
  };
}

/** A 1:1 message to the bot (fixture: message.personal.msteams-docs.json). */
export function personalMessage(options: TeamsEnvelope & { text: string; conversationId?: string }): Json {
  const base = readTeamsFixture('message.personal.msteams-docs.json');
  const conversation = { ...(base.conversation as Json), id: options.conversationId ?? (base.conversation as Json).id, tenantId: options.tenantId };
  return {
    ...envelope(base, options),
    conversation,
    text: options.text,
    // The captured HTML copy of the text would contradict the replaced text.
    attachments: [],
  };
}

/** A channel post that @mentions the bot (fixture: message.channel-mention.teams-net-captured.json). */
export function channelMention(options: TeamsEnvelope & { text: string; channelId?: string; threadId?: string }): Json {
  const base = readTeamsFixture('message.channel-mention.teams-net-captured.json');
  const baseChannelData = base.channelData as Json;
  const channelId = options.channelId ?? ((baseChannelData.channel as Json).id as string);
  const threadId = options.threadId ?? nextId();
  const mention = `<at>${options.botName}</at>`;
  const entities = (base.entities as Json[]).map((entity) =>
    entity.type === 'mention' ? { ...entity, text: mention, mentioned: { id: options.botId, name: options.botName } } : entity,
  );
  const activity = envelope(base, options);
  return {
    ...activity,
    channelData: { ...(activity.channelData as Json), teamsChannelId: channelId, channel: { id: channelId } },
    conversation: { ...(base.conversation as Json), id: `${channelId};messageid=${threadId}`, tenantId: options.tenantId },
    text: `${mention} ${options.text}`,
    entities,
    attachments: [],
  };
}

/**
 * An Adaptive Card Action.Submit: a message with the action's data (inputs merged in) as `value` and no
 * text (fixture: message.actionSubmit.teams-ai-v1-test.json, in the personal-message envelope).
 */
export function actionSubmit(options: TeamsEnvelope & { data: Json; replyToId?: string; conversationId?: string }): Json {
  const submit = readTeamsFixture('message.actionSubmit.teams-ai-v1-test.json');
  const base = readTeamsFixture('message.personal.msteams-docs.json');
  const activity: Json = {
    ...envelope(base, options),
    ...submit,
    conversation: {
      ...(base.conversation as Json),
      id: options.conversationId ?? (base.conversation as Json).id,
      tenantId: options.tenantId,
    },
    value: options.data,
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
  };
  delete activity.text;
  delete activity.textFormat;
  delete activity.attachments;
  return activity;
}

/**
 * An Action.Execute click: `adaptiveCard/action` invoke (fixture: invoke.adaptiveCard-action.teams-net-captured.json,
 * a personal chat). With `channelId`, the card is in that channel's thread `replyToId`, shaped as the captured
 * channel message is.
 */
export function actionExecute(options: TeamsEnvelope & { verb: string; data: Json; replyToId?: string; conversationId?: string; channelId?: string }): Json {
  const base = readTeamsFixture('invoke.adaptiveCard-action.teams-net-captured.json');
  const value = base.value as Json;
  const activity = envelope(base, options);
  const replyToId = options.replyToId ?? (base.replyToId as string);
  const conversation = options.channelId
    ? { id: `${options.channelId};messageid=${replyToId}`, isGroup: true, conversationType: 'channel', tenantId: options.tenantId }
    : { ...(base.conversation as Json), ...(options.conversationId ? { id: options.conversationId } : {}), tenantId: options.tenantId };
  return {
    ...activity,
    ...(options.channelId
      ? { channelData: { ...(activity.channelData as Json), channel: { id: options.channelId }, teamsChannelId: options.channelId } }
      : {}),
    conversation,
    value: { ...value, action: { ...(value.action as Json), verb: options.verb, data: options.data } },
    replyToId,
  };
}

/** The bot installed for a user: `installationUpdate` with `action: "add"` in the personal envelope. */
export function installationUpdate(options: TeamsEnvelope & { action?: 'add' | 'remove'; conversationId?: string }): Json {
  const base = readTeamsFixture('message.personal.msteams-docs.json');
  const activity: Json = {
    ...envelope(base, options),
    type: 'installationUpdate',
    action: options.action ?? 'add',
    conversation: { ...(base.conversation as Json), id: options.conversationId ?? (base.conversation as Json).id, tenantId: options.tenantId },
  };
  delete activity.text;
  delete activity.textFormat;
  delete activity.attachments;
  return activity;
}

/** The bot added to a team: `conversationUpdate` with the bot in `membersAdded`, in the channel envelope. */
export function botAddedToChannel(options: TeamsEnvelope & { channelId?: string; teamName?: string }): Json {
  const base = readTeamsFixture('message.channel-mention.teams-net-captured.json');
  const baseChannelData = base.channelData as Json;
  const channelId = options.channelId ?? ((baseChannelData.channel as Json).id as string);
  const activity: Json = {
    ...envelope(base, options),
    type: 'conversationUpdate',
    membersAdded: [{ id: options.botId }],
    conversation: { ...(base.conversation as Json), id: channelId, tenantId: options.tenantId },
    channelData: {
      ...baseChannelData,
      tenant: { id: options.tenantId },
      channel: { id: channelId },
      team: { ...(baseChannelData.team as Json), ...(options.teamName ? { name: options.teamName } : {}) },
      eventType: 'teamMemberAdded',
    },
  };
  for (const key of ['text', 'textFormat', 'attachments', 'entities']) delete activity[key];
  return activity;
}

/**
 * A Teams dialog invoke (fixture: invoke.task-fetch.msteams-docs.jsonc, without its tab-only `tabContext`):
 * `task/fetch` when a dialog launcher is selected, `task/submit` when a button in the dialog is; `data` is the
 * button's data, with the dialog's inputs merged in on submit. With `channelId`, the launcher's card is in that
 * channel's thread `replyToId`, shaped as actionExecute shapes it; otherwise in the personal chat.
 */
export function dialogInvoke(
  options: TeamsEnvelope & { name: 'task/fetch' | 'task/submit'; data: Json; channelId?: string; replyToId?: string },
): Json {
  const documented = readTeamsJsonc('invoke.task-fetch.msteams-docs.jsonc');
  const personal = readTeamsFixture('message.personal.msteams-docs.json');
  const { tabContext: _tabOnly, ...value } = documented.value as Json;
  const replyToId = options.replyToId ?? nextId();
  const activity = envelope(personal, options);
  for (const key of ['text', 'textFormat', 'attachments', 'entities', 'locale']) delete activity[key];
  return {
    ...activity,
    type: 'invoke',
    name: options.name,
    value: { ...value, data: options.data },
    ...(options.channelId
      ? {
          conversation: { id: `${options.channelId};messageid=${replyToId}`, isGroup: true, conversationType: 'channel', tenantId: options.tenantId },
          channelData: { ...(activity.channelData as Json), channel: { id: options.channelId }, teamsChannelId: options.channelId },
          replyToId,
        }
      : { conversation: { ...(personal.conversation as Json), tenantId: options.tenantId } }),
  };
}
