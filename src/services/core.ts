// The platform-neutral core behind both adapters: finds the person behind each request, checks what
// their roles allow, routes to the registered feature, and turns every failure into a polite private
// reply. Refusals and failures are written to the audit log.
import { randomBytes } from 'node:crypto';
import { recordAudit, type AuditEntry } from '../db/audit-store.ts';
import { findGroupChannelByChannel, saveGroupChannelConversationReference, saveIdentityConversationReference } from '../db/identity-store.ts';
import { isDomainError, type DomainError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import { ACTION_IDS } from '../views/action-ids.ts';
import type { ActionValue, FormView, MessageView } from '../views/model.ts';
import { bold, rich } from '../views/model.ts';
import { requestedPage } from '../views/paging.ts';
import { fallbackText } from '../views/view-text.ts';
import { notAllowedMessage, unlinkedMessage } from './access-replies.ts';
import { channelFeature } from './admin/channel-command.ts';
import { linkFeature } from './admin/link-command.ts';
import type {
  ActionRequest,
  ChatActor,
  ChatConversation,
  ChatCore,
  ChatResponse,
  CommandRequest,
  ChatPlatform,
  FormSubmitRequest,
  Notifier,
  Notifiers,
} from './chat-core.ts';
import { parseCommandText } from './command-text.ts';
import { buildPersonContext, withConversation } from './context.ts';
import { DEFAULT_DELIVERY_RETRY, retryingNotifier, type DeliveryRetryPolicy } from './delivery-retry.ts';
import { helpFeature, unknownCommandMessage } from './help/help-feature.ts';
import { homeFeature } from './home/home-feature.ts';
import { buildHomeView, unlinkedHomeView } from './home/home-view.ts';
import { resolveIdentity, secretariatContacts, type IdentityResolution } from './identity.ts';
import { ChatRegistry, isAllowed, type ChatFeature, type CoreServices, type PersonContext, type RequestContext } from './registry.ts';
import type { DbClient } from '../db/identity-store.ts';
import { commandPrefixFor, message, privateReply, privateText } from './replies.ts';
import type { MembershipRoleName } from './roles.ts';
import type { DownloadLinkSettings } from './exports/export-links.ts';

export interface ChatCoreOptions {
  readonly db: DbClient;
  readonly logger: Logger;
  /** Feature modules beyond the core's own (help, home, link, channel). */
  readonly features?: readonly ChatFeature[];
  readonly notifiers?: Notifiers;
  readonly now?: () => Date;
  /** The reference quoted to the person when something fails unexpectedly; random by default. */
  readonly newErrorReference?: () => string;
  /** How proactive messages are retried (src/services/delivery-retry.ts); the default policy otherwise. */
  readonly deliveryRetry?: Partial<DeliveryRetryPolicy>;
  /** Where and how exports are offered as signed download links (Teams). */
  readonly downloadLinks?: DownloadLinkSettings;
}

export interface RunningChatCore extends ChatCore {
  readonly registry: ChatRegistry;
  readonly services: CoreServices;
  /**
   * Adapters are built after the core (they call it), so each hands over its notifier once it exists; the
   * core wraps it in the delivery retry policy.
   */
  setNotifier(notifier: Notifier): void;
}

/** The core's own features, registered before any other. */
export const CORE_FEATURES: readonly ChatFeature[] = [helpFeature, homeFeature, linkFeature, channelFeature, pagingFeature()];

type Unlinked = Extract<IdentityResolution, { status: 'unlinked' }>;

interface Subject {
  readonly actor: ChatActor;
  /** The audit action: `command.<name>`, `action.<id>` or `form.<id>`. */
  readonly auditAction: string;
  readonly context?: PersonContext;
}

function pagingFeature(): ChatFeature {
  return {
    name: 'paging',
    register(registry) {
      for (const actionId of [ACTION_IDS.pageNext, ACTION_IDS.pagePrevious]) {
        registry.action({
          actionId,
          async run(context, request) {
            const list = listIdOf(request.value);
            const page = requestedPage(request.value);
            const definition = list === undefined ? undefined : registry.findPagedList(list);
            if (!definition || page === null || request.value === undefined) {
              context.services.logger.warn('A paging button named no known list', { actionId, value: request.value });
              return [privateText('That list can no longer be paged. Please ask for it again.')];
            }
            if (!isAllowed(definition, context.roles)) throw new NotAllowed(`this list`, definition.roles ?? []);
            return definition.run(context, page, request.value, request);
          },
        });
      }
    },
  };
}

function listIdOf(value: ActionValue | undefined): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const list = (value as { readonly list?: unknown }).list;
  return typeof list === 'string' ? list : undefined;
}

/** Raised inside the core when the person's roles do not allow a request; becomes an audited refusal. */
class NotAllowed extends Error {
  constructor(
    readonly what: string,
    readonly roles: readonly MembershipRoleName[],
  ) {
    super(`requires ${roles.join(' or ') || 'another role'}`);
  }
}

const DOMAIN_HINTS: Readonly<Record<DomainError['code'], string | undefined>> = {
  NOT_FOUND: 'Check the name or reference and try again.',
  FORBIDDEN: 'If you think you should be able to do this, please ask your partnership\'s secretariat.',
  VALIDATION: undefined,
  CONFLICT: 'Nothing was changed.',
  NOT_LINKED: undefined,
  PRECONDITION: 'Nothing was changed.',
};

export function createChatCore(options: ChatCoreOptions): RunningChatCore {
  const notifiers: Partial<Record<ChatPlatform, Notifier>> = { ...options.notifiers };
  const services: CoreServices = {
    db: options.db,
    logger: options.logger.child('chat'),
    notifiers,
    ...(options.downloadLinks ? { downloadLinks: options.downloadLinks } : {}),
    now: options.now ?? (() => new Date()),
  };
  const newErrorReference = options.newErrorReference ?? (() => randomBytes(4).toString('hex'));
  const registry = new ChatRegistry().use(...CORE_FEATURES, ...(options.features ?? []));
  registry.validate();
  const { logger } = services;

  async function audit(entry: AuditEntry): Promise<void> {
    try {
      await recordAudit(services.db, entry);
    } catch (error) {
      logger.error('Could not write to the audit log', { action: entry.action, outcome: entry.outcome, error });
    }
  }

  function auditBase(subject: Subject): Pick<AuditEntry, 'action' | 'partnershipId' | 'actorPersonId' | 'actorPlatform' | 'actorUserId'> {
    return {
      action: subject.auditAction,
      partnershipId: subject.context?.person.partnershipId ?? null,
      actorPersonId: subject.context?.person.id ?? null,
      actorPlatform: subject.actor.platform,
      actorUserId: subject.actor.userId,
    };
  }

  async function refuseUnlinked(subject: Subject, unlinked: Unlinked): Promise<MessageView> {
    await audit({
      ...auditBase(subject),
      partnershipId: unlinked.partnership?.id ?? null,
      outcome: 'REFUSED',
      reason: `not linked (${unlinked.reason.toLowerCase().replace('_', ' ')})`,
      detail: { workspaceId: subject.actor.workspaceId },
    });
    return unlinkedMessage(unlinked, subject.actor.platform);
  }

  async function refuseNotAllowed(subject: Subject & { context: PersonContext }, refusal: NotAllowed): Promise<MessageView> {
    await audit({ ...auditBase(subject), outcome: 'REFUSED', reason: `not allowed: ${refusal.message}` });
    const partnership = subject.context.person.partnership;
    const secretariat = await secretariatContacts(services, partnership.id, partnership.timeZone);
    return notAllowedMessage(refusal.what, refusal.roles, secretariat);
  }

  function checkAllowed(context: PersonContext, roles: readonly MembershipRoleName[] | undefined, what: string): void {
    if (roles && !context.hasAnyRole(roles)) throw new NotAllowed(what, roles);
  }

  /** A failure in words for the person: domain errors in their own words, anything else by reference. */
  async function describeFailure(subject: Subject, error: unknown): Promise<MessageView> {
    if (error instanceof NotAllowed && subject.context) {
      return refuseNotAllowed({ ...subject, context: subject.context }, error);
    }
    if (isDomainError(error)) {
      if (error.code === 'FORBIDDEN' || error.code === 'NOT_LINKED') {
        await audit({ ...auditBase(subject), outcome: 'REFUSED', reason: error.message, detail: { code: error.code } });
      }
      const fieldLines = Object.values(error.fieldErrors);
      const hint = [fieldLines.join(' '), DOMAIN_HINTS[error.code]].filter((part) => part && part.length > 0).join(' ');
      return message({ type: 'text', text: error.message }, ...(hint ? [{ type: 'context' as const, text: hint }] : []));
    }
    const reference = newErrorReference();
    logger.error('Request failed', { ref: reference, action: subject.auditAction, platform: subject.actor.platform, userId: subject.actor.userId, error });
    await audit({ ...auditBase(subject), outcome: 'FAILED', reason: 'unexpected error', detail: { ref: reference } });
    return message(
      { type: 'text', text: `Something went wrong on our side; the team has been told (ref ${reference}).` },
      { type: 'context', text: 'Please try again in a little while.' },
    );
  }

  /** The person's context, with a welcome note when they were linked by email just now. */
  async function contextFor(actor: ChatActor, identity: Extract<IdentityResolution, { status: 'linked' }>) {
    const context = await buildPersonContext(services, actor, identity.person);
    const preface: ChatResponse = identity.linkedByEmailNow
      ? [
          privateText(
            rich('Welcome! I have linked you to ', bold(identity.person.name), ` in ${identity.person.partnership.name}, using your email address.`),
          ),
        ]
      : [];
    return { context, preface };
  }

  async function handleCommand(request: CommandRequest): Promise<ChatResponse> {
    const { actor, conversation } = request;
    const parsed = parseCommandText(request.text);
    const name = parsed.name === '' ? 'help' : parsed.name;
    const command = registry.findCommand(name);
    const subject: Subject = { actor, auditAction: `command.${command?.name ?? name}` };
    let context: RequestContext | undefined;
    try {
      const identity = await resolveIdentity(services, actor, conversation);
      if (identity.status === 'unlinked') {
        if (name === 'help') return [privateReply(unlinkedMessage(identity, actor.platform))];
        return [privateReply(await refuseUnlinked(subject, identity))];
      }
      const found = await contextFor(actor, identity);
      context = withConversation(found.context, conversation);
      if (!command) return [...found.preface, privateReply(unknownCommandMessage(registry, context, parsed.name))];
      checkAllowed(context, command.roles, `${context.commandPrefix} ${command.name}`);
      if (command.conversationKinds && !command.conversationKinds.includes(conversation.kind)) {
        return [
          ...found.preface,
          privateText(
            rich(bold(`${context.commandPrefix} ${command.name}`), ` works in ${command.conversationKinds.map(describeKind).join(' or ')}, not here.`),
          ),
        ];
      }
      return [...found.preface, ...(await command.run(context, { tokens: parsed.args, rest: parsed.rest }))];
    } catch (error) {
      return [privateReply(await describeFailure({ ...subject, context }, error))];
    }
  }

  async function handleAction(request: ActionRequest): Promise<ChatResponse> {
    const { actor, conversation } = request;
    const subject: Subject = { actor, auditAction: `action.${request.actionId}` };
    let context: RequestContext | undefined;
    try {
      const action = registry.findAction(request.actionId);
      if (!action) {
        logger.warn('No handler for an action', { actionId: request.actionId, platform: actor.platform });
        return [privateText('That button no longer works.', `Type ${commandPrefixFor(actor.platform)} help to see what you can do.`)];
      }
      const identity = await resolveIdentity(services, actor, conversation);
      if (identity.status === 'unlinked') return [privateReply(await refuseUnlinked(subject, identity))];
      const found = await contextFor(actor, identity);
      context = withConversation(found.context, conversation);
      checkAllowed(context, action.roles, 'this button');
      return [...found.preface, ...(await action.run(context, request))];
    } catch (error) {
      return [privateReply(await describeFailure({ ...subject, context }, error))];
    }
  }

  async function handleFormSubmit(request: FormSubmitRequest): Promise<ChatResponse> {
    const { actor, conversation } = request;
    const subject: Subject = { actor, auditAction: `form.${request.formId}` };
    let context: RequestContext | undefined;
    const form = registry.findForm(request.formId);
    if (!form) {
      logger.warn('No handler for a form', { formId: request.formId, platform: actor.platform });
      return [{ type: 'closeForm', message: message({ type: 'text', text: 'This form is no longer in use, so nothing was saved.' }) }];
    }
    try {
      const identity = await resolveIdentity(services, actor, conversation);
      if (identity.status === 'unlinked') return [{ type: 'closeForm', message: await refuseUnlinked(subject, identity) }];
      const found = await contextFor(actor, identity);
      context = withConversation(found.context, conversation);
      checkAllowed(context, form.roles, 'this form');
      return [...found.preface, ...(await form.run(context, request))];
    } catch (error) {
      if (context && !(error instanceof NotAllowed)) {
        const reopened = await formWithErrors(context, request, error, subject);
        if (reopened) return [{ type: 'formErrors', form: reopened }];
      }
      return [{ type: 'closeForm', message: await describeFailure({ ...subject, context }, error) }];
    }
  }

  /** The form again with the errors shown, so nothing typed is lost; undefined if it cannot be rebuilt. */
  async function formWithErrors(context: RequestContext, request: FormSubmitRequest, error: unknown, subject: Subject): Promise<FormView | undefined> {
    const definition = registry.findForm(request.formId);
    if (!definition) return undefined;
    let form: FormView;
    try {
      form = await definition.reopen(context, request);
    } catch (reopenError) {
      logger.error('Could not rebuild a form to show its errors', { formId: request.formId, error: reopenError });
      return undefined;
    }
    if (isDomainError(error) && error.code === 'VALIDATION') {
      const hasFieldErrors = Object.keys(error.fieldErrors).length > 0;
      return { ...form, errors: { ...(hasFieldErrors ? { fields: error.fieldErrors } : { form: error.message }) } };
    }
    const failure = await describeFailure({ ...subject, context }, error);
    return { ...form, errors: { form: fallbackText(failure) } };
  }

  async function homeView(actor: ChatActor): Promise<MessageView> {
    const subject: Subject = { actor, auditAction: 'home.view' };
    let context: PersonContext | undefined;
    try {
      const identity = await resolveIdentity(services, actor);
      if (identity.status === 'unlinked') return unlinkedHomeView(identity, actor.platform);
      context = await buildPersonContext(services, actor, identity.person);
      return await buildHomeView(registry, context);
    } catch (error) {
      return describeFailure({ ...subject, context }, error);
    }
  }

  async function onConversationSeen(conversation: ChatConversation, actor?: ChatActor): Promise<void> {
    if (conversation.conversationReference === undefined) return;
    try {
      if (conversation.kind === 'personal') {
        if (!actor) return;
        const key = { platform: actor.platform, workspaceId: actor.workspaceId, userId: actor.userId };
        await saveIdentityConversationReference(services.db, key, conversation.conversationReference);
      } else {
        const key = { platform: conversation.platform, workspaceId: conversation.workspaceId, channelId: conversation.channelId };
        await saveGroupChannelConversationReference(services.db, key, conversation.conversationReference);
      }
    } catch (error) {
      logger.error('Could not store a conversation reference', { platform: conversation.platform, channelId: conversation.channelId, error });
    }
  }

  async function onInstalled(conversation: ChatConversation, actor?: ChatActor): Promise<ChatResponse> {
    await onConversationSeen(conversation, actor);
    const prefix = commandPrefixFor(conversation.platform);
    if (conversation.kind === 'personal') {
      return [
        {
          type: 'post',
          message: message(
            { type: 'text', text: rich('Hello! I am the CSP bot: your actions, votes, hallmarks and performance digests, in one place.') },
            { type: 'context', text: rich('Type ', bold(`${prefix} help`), ' to see what you can do.') },
          ),
        },
      ];
    }
    const linked = await findGroupChannelByChannel(services.db, {
      platform: conversation.platform,
      workspaceId: conversation.workspaceId,
      channelId: conversation.channelId,
    }).catch((error: unknown) => {
      logger.error('Could not look up a channel link', { channelId: conversation.channelId, error });
      return null;
    });
    const where = linked
      ? rich('This is the channel of ', bold(linked.group.name), '.')
      : rich('A member of the secretariat can make this a group\'s channel with ', bold(`${prefix} channel <group key or name>`), '.');
    return [
      {
        type: 'post',
        message: message(
          { type: 'text', text: 'Hello! I am the CSP bot. I post vote cards, update reminders and performance digests for the partnership\'s groups.' },
          { type: 'text', text: where },
          { type: 'context', text: rich('Type ', bold(`${prefix} help`), ' to see what you can do.') },
        ),
      },
    ];
  }

  const deliveryRetry: DeliveryRetryPolicy = { ...DEFAULT_DELIVERY_RETRY, ...options.deliveryRetry };

  function setNotifier(notifier: Notifier): void {
    notifiers[notifier.platform] = retryingNotifier(notifier, deliveryRetry, logger.child('delivery'));
  }

  return { registry, services, setNotifier, handleCommand, handleAction, handleFormSubmit, homeView, onInstalled, onConversationSeen };
}

function describeKind(kind: ChatConversation['kind']): string {
  switch (kind) {
    case 'personal':
      return 'a personal chat with the bot';
    case 'channel':
      return 'a channel';
    case 'group':
      return 'a group chat';
  }
}

