/**
 * The contract between the platform adapters (src/slack, src/teams) and the platform-neutral core.
 *
 * Adapters translate platform payloads into these requests, call the core, and render the results with
 * src/views renderers. The core never sees platform JSON and never returns it.
 *
 * Calling order (both platforms): acknowledge the platform request first, then call the core, with two
 * exceptions that need the core's answer inside the acknowledgement:
 * - Slack `view_submission` (a form submit): call `handleFormSubmit` first, then `ack()` with
 *   `{ response_action: 'errors', errors: form.errors.fields }` for a `formErrors` result, or a plain
 *   `ack()` (closes the modal) otherwise. Form handlers validate before any slow work, so this fits in 3 s.
 * - Teams `adaptiveCard/action` invokes (Action.Execute): call the core, then answer the invoke with the
 *   `updateMessage` / `formErrors` / `closeForm` card (it must be answered within 5 s).
 * - Teams dialog invokes (`task/fetch`, `task/submit`): call the core, then answer with the form (or the form
 *   with its errors) to show in the dialog, or the text of the outcome; other results are sent as usual.
 * Results that open a form (`openForm`) come back quickly: the Slack `trigger_id` is only valid for 3 s.
 */
import type { ActionValue, ChatPlatform, FormView, MessageView } from '../views/model.ts';

export type { ChatPlatform } from '../views/model.ts';

// ---------------------------------------------------------------- who and where

export interface ChatActor {
  readonly platform: ChatPlatform;
  /** Slack team id (T…); Teams tenant id. */
  readonly workspaceId: string;
  /** Slack user id (U…/W…); Teams AAD object id (`from.aadObjectId`), not the `29:…` id. */
  readonly userId: string;
  readonly displayName?: string;
  /**
   * The user's email as the platform knows it: Slack `users.info` (`user.profile.email`, needs the
   * `users:read.email` scope); Teams `TeamsInfo.getMember(context, from.id)` (`email` or
   * `userPrincipalName`). Called only when the user is not linked yet; undefined when unavailable.
   * The core links a user to the person with this email, so it must come from a source the platform
   * vouches for (an authenticated API), never from what the request itself claims; an adapter that has
   * no such source returns undefined.
   */
  lookupEmail(): Promise<string | undefined>;
}

export type ConversationKind = 'personal' | 'channel' | 'group';

export interface ChatConversation {
  readonly platform: ChatPlatform;
  readonly workspaceId: string;
  /**
   * Slack channel id (C…/G…/D…). Teams: the channel id (`channelData.channel.id`, `19:…@thread.tacv2`)
   * for team channels, else `conversation.id` with any `;messageid=…` suffix removed.
   */
  readonly channelId: string;
  /** personal: a 1:1 chat with the bot (Slack DM or App Home; Teams personal scope). */
  readonly kind: ConversationKind;
  readonly name?: string;
  /** Slack `thread_ts`; Teams the root message id from `conversation.id;messageid=…`. */
  readonly threadId?: string;
  /**
   * Teams: `TurnContext.getConversationReference(activity)` (JSON-serialisable), stored by the core for
   * proactive posts. Slack: omit.
   */
  readonly conversationReference?: unknown;
}

// ---------------------------------------------------------------- requests

export interface CommandRequest {
  readonly actor: ChatActor;
  readonly conversation: ChatConversation;
  /**
   * Slack: everything after `/csp`. Teams: the message text with the bot mention and a leading "csp"
   * removed. Other users' mentions must be normalised to mention tokens (see `formatMentionToken`).
   */
  readonly text: string;
}

export interface ActionRequest {
  readonly actor: ChatActor;
  readonly conversation: ChatConversation;
  /** Slack `action_id`; Teams `Action.Execute` verb (or `data.verb` of an Action.Submit fallback). */
  readonly actionId: string;
  /** The button's `value` from the view (Slack: JSON-parsed `action.value`; Teams: `data.value`). */
  readonly value?: ActionValue;
  /** The message the button was on, when it was on a message (Slack `message.ts`; Teams `replyToId`). */
  readonly message?: { readonly id: string };
}

/**
 * Field values by form field id. Every value is the raw string the platform gave: numbers as typed,
 * dates as YYYY-MM-DD, selects as the option value. Empty inputs are left out.
 */
export type FormFieldValues = Readonly<Record<string, string>>;

export interface FormSubmitRequest {
  readonly actor: ChatActor;
  /**
   * Where the form was opened from. Slack modals have no conversation of their own: the Slack adapter
   * keeps it next to the form's `metadata` in `private_metadata` and restores it here.
   */
  readonly conversation: ChatConversation;
  /** The form's `submitActionId` (Slack modal `callback_id`; Teams submit verb). */
  readonly formId: string;
  readonly fields: FormFieldValues;
  /** The form's `metadata` as it was opened (Slack `private_metadata`; Teams action data). */
  readonly metadata?: ActionValue;
  /** Teams: the id of the form card message, so a `closeForm` can replace it. */
  readonly message?: { readonly id: string };
}

// ---------------------------------------------------------------- results

/**
 * Only the person who asked sees it.
 * - Slack: `chat.postEphemeral` to the conversation (or `respond` with `response_type: 'ephemeral'`); in
 *   the App Home or a DM, a normal message in the DM.
 * - Teams has no ephemeral messages. In a personal chat: a normal reply. In a channel or group chat: send
 *   it to the person's personal chat with the bot (the stored ChatIdentity conversation reference, or
 *   create the 1:1 from the turn with `TeamsInfo`/`createConversationAsync`); when that is impossible,
 *   reply in the thread with an @mention of the person. For an Action.Execute invoke whose only result is
 *   private, answering the invoke with `application/vnd.microsoft.activity.message` (a toast of
 *   `fallbackText`) is acceptable.
 */
export interface PrivateReplyResult {
  readonly type: 'privateReply';
  readonly message: MessageView;
}

/** Visible to everyone in the conversation. In the request's thread when `inThread` (Slack thread_ts; Teams reply chain). */
export interface PostResult {
  readonly type: 'post';
  readonly message: MessageView;
  readonly inThread?: boolean;
}

/**
 * Open a form. Slack: `views.open` with the trigger id. Teams: answer a `task/fetch` invoke with the form as
 * a dialog (buttons that open forms are dialog launchers); for a typed command in a channel or group chat,
 * reply with an "Open form" button that opens the dialog; in a personal chat, send the form card. Where no
 * dialog can open (an Action.Submit message from a client without dialogs, an Action.Execute button), send
 * the form card privately, as for `privateReply`, or answer an Action.Execute invoke in a personal chat with it.
 */
interface OpenFormResult {
  readonly type: 'openForm';
  readonly form: FormView;
}

/**
 * Replace the message the action came from (`ActionRequest.message`). Slack: `chat.update` (or
 * `respond({ replace_original: true })` for ephemeral sources). Teams: the Action.Execute invoke response
 * card (`application/vnd.microsoft.card.adaptive`), or `updateActivity` for an Action.Submit fallback.
 */
interface UpdateMessageResult {
  readonly type: 'updateMessage';
  readonly message: MessageView;
}

/**
 * The submitted form is invalid: `form.errors` says why, `form` keeps the values entered.
 * Slack: ack the view_submission with `response_action: 'errors'` (keys are field ids = block ids);
 * a form-level error (`errors.form`) is shown by `response_action: 'update'` with the re-rendered form.
 * Teams: answer the invoke with the re-rendered form card (inline errors).
 */
interface FormErrorsResult {
  readonly type: 'formErrors';
  readonly form: FormView;
}

/**
 * The form is done. Slack: plain `ack()` closes the modal; `message`, if any, goes as a `privateReply`.
 * Teams: replace the form card with `message` (or a card saying the form was sent).
 */
interface CloseFormResult {
  readonly type: 'closeForm';
  readonly message?: MessageView;
}

/** A file for the person who asked, made by the core (a CSV, a document). */
export interface ChatFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly title: string;
  readonly bytes: Uint8Array;
}

/**
 * Files only the person who asked receives.
 * - Slack: each file is uploaded (files.getUploadURLExternal, a POST of the bytes, files.completeUploadExternal)
 *   and shared in the person's DM with the bot (`channel_id` from conversations.open), `message` as the
 *   first file's comment.
 * - Teams: a bot cannot hand over a file without Graph/OneDrive consent; `withoutFiles` (download links, or
 *   why there are none) is sent as a `privateReply` and `files` is never called.
 */
export interface PrivateFilesResult {
  readonly type: 'privateFiles';
  readonly message: MessageView;
  files(): Promise<readonly ChatFile[]>;
  readonly withoutFiles: MessageView;
}

export type ChatResult =
  | PrivateReplyResult
  | PrivateFilesResult
  | PostResult
  | OpenFormResult
  | UpdateMessageResult
  | FormErrorsResult
  | CloseFormResult;

/** Render every result, in order. An empty list means nothing to send (the ack was enough). */
export type ChatResponse = readonly ChatResult[];

// ---------------------------------------------------------------- the core

export interface ChatCore {
  handleCommand(request: CommandRequest): Promise<ChatResponse>;
  handleAction(request: ActionRequest): Promise<ChatResponse>;
  handleFormSubmit(request: FormSubmitRequest): Promise<ChatResponse>;
  /** Slack: `views.publish` on `app_home_opened`. Teams: sent as a card in the personal chat (`/csp home`). */
  homeView(actor: ChatActor): Promise<MessageView>;
  /**
   * The bot was added to a conversation (Slack `member_joined_channel` for the bot / app install;
   * Teams `installationUpdate` add or `conversationUpdate` with the bot in `membersAdded`).
   * May return a welcome message for the adapter to post there.
   */
  onInstalled(conversation: ChatConversation, actor?: ChatActor): Promise<ChatResponse>;
  /**
   * Any incoming activity, on first contact or every time (the core makes it cheap): records Teams
   * conversation references of personal chats and linked channels for proactive messages.
   * Adapters need not await it before acking.
   */
  onConversationSeen(conversation: ChatConversation, actor?: ChatActor): Promise<void>;
}

// ---------------------------------------------------------------- proactive messages

export interface ChannelTarget {
  readonly workspaceId: string;
  readonly channelId: string;
  readonly threadId?: string;
  /** Teams: required; the reference stored from GroupChannel. */
  readonly conversationReference?: unknown;
}

export interface DirectTarget {
  readonly workspaceId: string;
  /** Slack user id; Teams AAD object id. */
  readonly userId: string;
  /** Teams: the personal chat's reference stored on ChatIdentity, when known. */
  readonly conversationReference?: unknown;
}

export interface PostedMessage {
  readonly channelId: string;
  /** Slack `ts`; Teams activity id. */
  readonly messageId: string;
  /** Opens the message in the chat client (Slack permalink, Teams deep link), when one could be had. */
  readonly url?: string;
}

/**
 * Implemented by each adapter; the core uses it for anything not in reply to a request (reminders,
 * digests, vote cards posted to a group channel). Failures are thrown as errors; the caller records them.
 */
export interface Notifier {
  readonly platform: ChatPlatform;
  postToChannel(target: ChannelTarget, message: MessageView): Promise<PostedMessage>;
  /** Slack: `conversations.open` + `chat.postMessage`; Teams: continue/create the personal conversation. */
  sendDirect(target: DirectTarget, message: MessageView): Promise<PostedMessage>;
  updateMessage(target: ChannelTarget, messageId: string, message: MessageView): Promise<void>;
}

export type Notifiers = Partial<Readonly<Record<ChatPlatform, Notifier>>>;

// ---------------------------------------------------------------- mentions

/**
 * Mentions of other users reach the core as `<@USERID>` or `<@USERID|Display Name>`, where USERID is the
 * same id as `ChatActor.userId`. Slack's escaped text already has this form. Teams adapters replace
 * each `<at>Name</at>` (other than the bot's) with the token of its `mention` entity's user, resolving
 * `mentioned.id` (29:…) to the AAD object id (`TeamsInfo.getMember`).
 */
export function formatMentionToken(userId: string, displayName?: string): string {
  const name = displayName?.replace(/[|<>]/g, '').trim();
  return name ? `<@${userId}|${name}>` : `<@${userId}>`;
}

export const MENTION_TOKEN_PATTERN = /^<@([^|>\s]+)(?:\|([^>]*))?>$/;
