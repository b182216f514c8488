// Features plug into the core here, as in Bolt's starter template: each feature folder exports a
// `ChatFeature` whose `register(registry)` adds its commands, button actions, forms, paged lists and
// home-view sections. The core routes requests to them and applies the role checks they declare.
import type { AuditEntry } from '../db/audit-store.ts';
import type { DbClient, PersonWithPartnership } from '../db/identity-store.ts';
import type { Logger } from '../logger.ts';
import type { ActionId } from '../views/action-ids.ts';
import type { ActionValue, FormView, ViewBlock } from '../views/model.ts';
import type {
  ActionRequest,
  ChatActor,
  ChatConversation,
  ChatResponse,
  ConversationKind,
  FormSubmitRequest,
  Notifiers,
} from './chat-core.ts';
import type { CommandToken } from './command-text.ts';
import type { MembershipRoleName } from './roles.ts';
import type { DownloadLinkSettings } from './exports/export-links.ts';

export interface CoreServices {
  readonly db: DbClient;
  readonly logger: Logger;
  readonly notifiers: Notifiers;
  /** PUBLIC_BASE_URL and EXPORT_LINK_SECRET, when both are set: exports can then be offered as download links. */
  readonly downloadLinks?: DownloadLinkSettings;
  now(): Date;
}

interface ActiveMembership {
  readonly role: MembershipRoleName;
  readonly organisationId: string | null;
  readonly group: { readonly id: string; readonly key: string; readonly name: string; readonly kind: string };
}

/** Who is asking (a linked person) and the services to act with: what home sections get. */
export interface PersonContext {
  readonly actor: ChatActor;
  readonly person: PersonWithPartnership;
  readonly memberships: readonly ActiveMembership[];
  /** Roles the person holds in any group of their partnership today. */
  readonly roles: ReadonlySet<MembershipRoleName>;
  /** "/csp" on Slack, "csp" on Teams: for examples and hints in replies. */
  readonly commandPrefix: string;
  readonly services: CoreServices;
  /** Today's date in the partnership's time zone, as a Date at UTC midnight (how @db.Date columns compare). */
  readonly today: Date;
  hasAnyRole(roles: readonly MembershipRoleName[]): boolean;
  /** Appends to the audit log with the actor, person and partnership filled in. */
  audit(entry: Omit<AuditEntry, 'partnershipId' | 'actorPersonId' | 'actorPlatform' | 'actorUserId'>): Promise<void>;
}

/** What command, action and form handlers get: the person and the conversation they are in. */
export interface RequestContext extends PersonContext {
  readonly conversation: ChatConversation;
}

export interface CommandArguments {
  readonly tokens: readonly CommandToken[];
  /** The text after the sub-command, as typed. */
  readonly rest: string;
}

interface Restricted {
  /** Who may use it; absent means every linked person. */
  readonly roles?: readonly MembershipRoleName[];
}

export interface CommandDefinition extends Restricted {
  /** Lower case, one word: `/csp <name>`. */
  readonly name: string;
  readonly aliases?: readonly string[];
  /** One line for the help list. */
  readonly summary: string;
  /** Arguments after the name, e.g. `@user <person key or email>`; '' when none. */
  readonly usage: string;
  /** A complete example after the prefix, e.g. `link @sam sam.jones@norwich.gov.uk`. */
  readonly example: string;
  /** Where it can be used; absent means anywhere. */
  readonly conversationKinds?: readonly ConversationKind[];
  run(context: RequestContext, args: CommandArguments): Promise<ChatResponse>;
}

export interface ActionDefinition extends Restricted {
  readonly actionId: ActionId;
  run(context: RequestContext, request: ActionRequest): Promise<ChatResponse>;
}

export interface FormDefinition extends Restricted {
  /** The FormView's `submitActionId`. */
  readonly formId: ActionId;
  /** Throw a ValidationError (with fieldErrors keyed by field id) to send the form back with the errors shown. */
  run(context: RequestContext, submission: FormSubmitRequest): Promise<ChatResponse>;
  /** The form again, filled with the submitted values, for showing validation errors. */
  reopen(context: RequestContext, submission: FormSubmitRequest): FormView | Promise<FormView>;
}

/**
 * A list shown as a PagedListBlock. Its `pagingValue` must include `list: <id>`; the core routes the
 * previous/next buttons (ACTION_IDS.pagePrevious/pageNext) here with the page asked for.
 */
export interface PagedListDefinition extends Restricted {
  readonly id: string;
  run(context: RequestContext, page: number, value: ActionValue, request: ActionRequest): Promise<ChatResponse>;
}

export interface HomeSectionDefinition extends Restricted {
  readonly id: string;
  /** Lower first. */
  readonly order: number;
  /** The section's blocks; none to leave it out. */
  build(context: PersonContext): Promise<readonly ViewBlock[]>;
}

/** A button in the home view's shortcut row. Its action must be registered, so it is never a dead button. */
export interface HomeShortcutDefinition extends Restricted {
  readonly label: string;
  readonly actionId: ActionId;
  readonly value?: ActionValue;
  readonly order: number;
}

export interface ChatFeature {
  readonly name: string;
  register(registry: ChatRegistry): void;
}

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
}

export class ChatRegistry {
  readonly #commands = new Map<string, CommandDefinition>();
  readonly #commandNames = new Map<string, CommandDefinition>();
  readonly #actions = new Map<string, ActionDefinition>();
  readonly #forms = new Map<string, FormDefinition>();
  readonly #pagedLists = new Map<string, PagedListDefinition>();
  readonly #homeSections = new Map<string, HomeSectionDefinition>();
  readonly #homeShortcuts: HomeShortcutDefinition[] = [];

  command(definition: CommandDefinition): this {
    const names = [definition.name, ...(definition.aliases ?? [])];
    for (const name of names) {
      if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new RegistryError(`Command name "${name}" must be one lower-case word`);
      if (this.#commandNames.has(name)) throw new RegistryError(`Command "${name}" is registered twice`);
    }
    this.#commands.set(definition.name, definition);
    for (const name of names) this.#commandNames.set(name, definition);
    return this;
  }

  action(definition: ActionDefinition): this {
    if (this.#actions.has(definition.actionId)) throw new RegistryError(`Action "${definition.actionId}" is registered twice`);
    this.#actions.set(definition.actionId, definition);
    return this;
  }

  form(definition: FormDefinition): this {
    if (this.#forms.has(definition.formId)) throw new RegistryError(`Form "${definition.formId}" is registered twice`);
    this.#forms.set(definition.formId, definition);
    return this;
  }

  pagedList(definition: PagedListDefinition): this {
    if (this.#pagedLists.has(definition.id)) throw new RegistryError(`Paged list "${definition.id}" is registered twice`);
    this.#pagedLists.set(definition.id, definition);
    return this;
  }

  homeSection(definition: HomeSectionDefinition): this {
    if (this.#homeSections.has(definition.id)) throw new RegistryError(`Home section "${definition.id}" is registered twice`);
    this.#homeSections.set(definition.id, definition);
    return this;
  }

  homeShortcut(definition: HomeShortcutDefinition): this {
    this.#homeShortcuts.push(definition);
    return this;
  }

  use(...features: readonly ChatFeature[]): this {
    for (const feature of features) feature.register(this);
    return this;
  }

  /** Throws when a home shortcut names an action nobody handles: a button that would do nothing. */
  validate(): void {
    for (const shortcut of this.#homeShortcuts) {
      if (!this.#actions.has(shortcut.actionId)) {
        throw new RegistryError(`Home shortcut "${shortcut.label}" uses action "${shortcut.actionId}", which no feature handles`);
      }
    }
  }

  findCommand(name: string): CommandDefinition | undefined {
    return this.#commandNames.get(name);
  }

  findAction(actionId: string): ActionDefinition | undefined {
    return this.#actions.get(actionId);
  }

  hasAction(actionId: ActionId): boolean {
    return this.#actions.has(actionId);
  }

  findForm(formId: string): FormDefinition | undefined {
    return this.#forms.get(formId);
  }

  findPagedList(id: string): PagedListDefinition | undefined {
    return this.#pagedLists.get(id);
  }

  /** Commands in registration order. */
  commands(): readonly CommandDefinition[] {
    return [...this.#commands.values()];
  }

  homeSections(): readonly HomeSectionDefinition[] {
    return [...this.#homeSections.values()].sort((a, b) => a.order - b.order);
  }

  homeShortcuts(): readonly HomeShortcutDefinition[] {
    return [...this.#homeShortcuts].sort((a, b) => a.order - b.order);
  }
}

/** True when the person's roles allow a restricted definition (no `roles` means anyone linked). */
export function isAllowed(definition: Restricted, roles: ReadonlySet<MembershipRoleName>): boolean {
  return !definition.roles || definition.roles.some((role) => roles.has(role));
}
