// The action plan in chat: `/csp actions` (mine, or a group's, priority's or organisation's), `/csp action
// <ref>` with its history, `/csp update [ref]` and the "Post update" button that opens the update form,
// and the reminder's snooze buttons.
import { z } from 'zod';
import {
  findSchedulePartnership,
  findActionFilterCandidates,
  findGroupOrOrganisationName,
  listActionUpdates,
  listActionsMatching,
  listActionsOwnedBy,
  snoozeOwnedActions,
  type ActionFilter,
} from '../../db/action-store.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { describeOwnerCover } from '../absence/cover.ts';
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { ActionValue, JsonObject, MessageView } from '../../views/model.ts';
import { asJsonObject, bold, rich } from '../../views/model.ts';
import { snoozeEnd } from '../calendar/working-time.ts';
import type { ChatResponse } from '../chat-core.ts';
import type { CommandArguments, ChatFeature, RequestContext } from '../registry.ts';
import { privateReply, privateText } from '../replies.ts';
import { findActionFor, updaterRoleOf } from './action-access.ts';
import { formatInstant } from './action-format.ts';
import { HISTORY_LIMIT, actionDetailMessage, actionListMessage } from './action-views.ts';
import { backgroundWork, openUpdateForm, reopenUpdateForm, submitUpdate } from './post-update.ts';
import { OVERDUE_LIST_ID, overdueActionsFor, overdueListMessage } from './send-escalations.ts';

const ACTIONS_LIST_ID = 'actions';

const selectionSchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('mine') }),
  z.object({ by: z.literal('update') }),
  z.object({ by: z.literal('group'), id: z.uuid() }),
  z.object({ by: z.literal('priority'), key: z.string().min(1).max(100) }),
  z.object({ by: z.literal('organisation'), id: z.uuid() }),
]);

type ListSelection = z.infer<typeof selectionSchema>;

const targetSchema = z.object({ actionId: z.uuid().optional(), ref: z.string().min(1).max(100).optional() });

const snoozeValueSchema = z.object({ refs: z.array(z.string().min(1).max(100)).min(1).max(1000), length: z.enum(['DAY', 'WEEK']) });
export type SnoozeValue = z.infer<typeof snoozeValueSchema>;

function wordsOf(args: CommandArguments): string {
  return args.tokens
    .map((token) => (token.kind === 'word' ? token.text : ''))
    .join(' ')
    .trim();
}

async function resolveSelection(context: RequestContext, query: string): Promise<ListSelection> {
  if (context.memberships.length === 0) {
    throw new ForbiddenError('Lists of actions by group, priority or organisation are for members of the partnership\'s groups.');
  }
  const partnership = context.person.partnership;
  const found = await findActionFilterCandidates(context.services.db, partnership.id, query);
  const priorityKeys = [...new Map(found.priorities.map((priority) => [priority.key, priority])).values()];
  const choices: Array<{ selection: ListSelection; label: string }> = [
    ...found.groups.map((group) => ({ selection: { by: 'group', id: group.id } as const, label: `group ${group.key} (${group.name})` })),
    ...priorityKeys.map((priority) => ({ selection: { by: 'priority', key: priority.key } as const, label: `priority ${priority.key} (${priority.title})` })),
    ...found.organisations.map((organisation) => ({
      selection: { by: 'organisation', id: organisation.id } as const,
      label: `organisation ${organisation.key} (${organisation.name})`,
    })),
  ];
  const [only] = choices;
  if (!only) {
    throw new NotFoundError(
      `No group, priority or organisation of ${partnership.name} is called "${query}". ${context.commandPrefix} actions on its own lists your actions.`,
    );
  }
  if (choices.length > 1) {
    throw new ValidationError(`"${query}" could mean ${choices.map((choice) => choice.label).join(', ')}. Use one of those keys.`);
  }
  return only.selection;
}

async function listFor(context: RequestContext, selection: ListSelection, page: number): Promise<MessageView> {
  const { db } = context.services;
  const partnership = context.person.partnership;
  const base = { page, pagingValue: { list: ACTIONS_LIST_ID, ...selection } as JsonObject, today: context.today, timeZone: partnership.timeZone };
  if (selection.by === 'mine' || selection.by === 'update') {
    const actions = await listActionsOwnedBy(db, context.person.id);
    const choosing = selection.by === 'update';
    return actionListMessage(actions, {
      ...base,
      title: choosing ? 'Which action is your update for?' : 'Your open actions',
      emptyText: 'You have no open actions.',
      showOwner: false,
      withUpdateButtons: true,
      footer: choosing
        ? `To update an action you do not own, name it: ${context.commandPrefix} update <ref>.`
        : `${context.commandPrefix} action <ref> shows an action and its updates.`,
    });
  }
  let filter: ActionFilter;
  let title: string;
  if (selection.by === 'priority') {
    const found = await findActionFilterCandidates(db, partnership.id, selection.key);
    const priorities = found.priorities.filter((priority) => priority.key === selection.key);
    filter = { kind: 'priority', priorityIds: priorities.map((priority) => priority.id) };
    title = `Actions for the priority: ${priorities[0]?.title ?? selection.key}`;
  } else if (selection.by === 'group') {
    filter = { kind: 'group', groupId: selection.id };
    title = `Actions of ${(await findGroupOrOrganisationName(db, partnership.id, 'group', selection.id)) ?? 'the group'}`;
  } else {
    filter = { kind: 'organisation', organisationId: selection.id };
    const name = (await findGroupOrOrganisationName(db, partnership.id, 'organisation', selection.id)) ?? 'the organisation';
    title = `Actions led by ${name} or owned by its people`;
  }
  const actions = await listActionsMatching(db, partnership.id, filter);
  return actionListMessage(actions, {
    ...base,
    title,
    emptyText: 'No actions here yet.',
    showOwner: true,
    withUpdateButtons: false,
    footer: `${context.commandPrefix} action <ref> shows an action and its updates.`,
  });
}

function targetOf(value: ActionValue | undefined): { actionId?: string; ref?: string } {
  const parsed = targetSchema.safeParse(asJsonObject(value) ?? {});
  return parsed.success ? parsed.data : {};
}

/** `/csp update` or a "Post update" button without an action: the form if the person owns one open action, else a choice. */
async function chooseAndOpen(context: RequestContext, auditAction: string): Promise<ChatResponse> {
  const owned = await listActionsOwnedBy(context.services.db, context.person.id);
  const [only] = owned;
  if (owned.length === 1 && only) return openUpdateForm(context, { actionId: only.id }, auditAction);
  if (owned.length === 0) {
    return [privateText('You have no open actions of your own.', `To update another action, name it: ${context.commandPrefix} update <ref>.`)];
  }
  return [privateReply(await listFor(context, { by: 'update' }, 0))];
}

/** One action with its update history, as `/csp action <ref>` and the Open buttons show it. */
async function showAction(context: RequestContext, target: { actionId?: string; ref?: string }): Promise<ChatResponse> {
  const action = await findActionFor(context, target);
  const history = await listActionUpdates(context.services.db, action.id, HISTORY_LIMIT);
  const ownerAway = await describeOwnerCover(context.services.db, action.partnershipId, action.owner, action.group?.id ?? null, context.today);
  const view = actionDetailMessage(action, history, {
    now: context.services.now(),
    today: context.today,
    timeZone: context.person.partnership.timeZone,
    canUpdate: updaterRoleOf(context, action) !== null,
    ...(ownerAway ? { ownerAway } : {}),
  });
  return [privateReply(view)];
}

/** The complete overdue list behind a chair's summary, for a chair or the secretariat only. */
async function overdueList(context: RequestContext, page: number): Promise<MessageView> {
  const chairOf = context.memberships.filter((membership) => membership.role === 'CHAIR').map((membership) => membership.group.id);
  const isSecretariat = context.hasAnyRole(['SECRETARIAT']);
  if (chairOf.length === 0 && !isSecretariat) {
    throw new ForbiddenError('The overdue list is for the chairs of the partnership\'s groups and the secretariat.');
  }
  const partnership = await findSchedulePartnership(context.services.db, context.person.partnershipId);
  if (!partnership) throw new NotFoundError('Your partnership could not be found.');
  const summary = await overdueActionsFor(context.services, partnership, { person: context.person, chairOf, isSecretariat }, context.services.now());
  return overdueListMessage(summary, partnership.name, context.today, page);
}

const overduePageSchema = z.object({ page: z.number().int().min(0).max(1000).optional() });

export interface ActionsFeature extends ChatFeature {
  /** Resolves once channel notices already started have been sent (or failed). */
  idle(): Promise<void>;
}

export function createActionsFeature(): ActionsFeature {
  const background = backgroundWork();
  return {
    name: 'actions',
    idle: () => background.idle(),
    register(registry) {
      registry.command({
        name: 'actions',
        summary: 'Lists your open actions, or every action of a group, priority or organisation.',
        usage: '[group, priority or organisation]',
        example: 'actions pog',
        async run(context, args) {
          const query = wordsOf(args);
          const selection: ListSelection = query === '' ? { by: 'mine' } : await resolveSelection(context, query);
          return [privateReply(await listFor(context, selection, 0))];
        },
      });

      registry.command({
        name: 'action',
        summary: 'Shows one action and its update history.',
        usage: '<ref>',
        example: 'action AC-02',
        async run(context, args) {
          const ref = wordsOf(args);
          if (ref === '') throw new ValidationError(`Say which action: ${context.commandPrefix} action <ref>, for example ${context.commandPrefix} action AC-02.`);
          return showAction(context, { ref });
        },
      });

      registry.action({
        actionId: ACTION_IDS.openAction,
        async run(context, request) {
          const target = targetOf(request.value);
          if (!target.actionId && !target.ref) return [privateText('That button is out of date. Ask for the action again with the action command and its ref.')];
          return showAction(context, target);
        },
      });

      registry.action({
        actionId: ACTION_IDS.showOverdueActions,
        async run(context, request) {
          const parsed = overduePageSchema.safeParse(asJsonObject(request.value) ?? {});
          return [privateReply(await overdueList(context, parsed.success ? (parsed.data.page ?? 0) : 0))];
        },
      });

      registry.pagedList({
        id: OVERDUE_LIST_ID,
        run: async (context, page) => [{ type: 'updateMessage', message: await overdueList(context, page) }],
      });

      registry.command({
        name: 'update',
        summary: 'Opens the form to post a progress update on an action.',
        usage: '[ref]',
        example: 'update AC-02',
        async run(context, args) {
          const ref = wordsOf(args);
          return ref === '' ? chooseAndOpen(context, 'command.update') : openUpdateForm(context, { ref }, 'command.update');
        },
      });

      registry.action({
        actionId: ACTION_IDS.openUpdateForm,
        async run(context, request) {
          const target = targetOf(request.value);
          const auditAction = `action.${ACTION_IDS.openUpdateForm}`;
          return target.actionId || target.ref ? openUpdateForm(context, target, auditAction) : chooseAndOpen(context, auditAction);
        },
      });

      registry.action({
        actionId: ACTION_IDS.snoozeUpdateReminder,
        async run(context, request) {
          const parsed = snoozeValueSchema.safeParse(asJsonObject(request.value));
          if (!parsed.success) return [privateText('That snooze button is out of date. Open the latest reminder and try again.')];
          const partnership = context.person.partnership;
          const until = await snoozeEnd(context, parsed.data.length);
          const snoozed = await snoozeOwnedActions(context.services.db, {
            partnershipId: partnership.id,
            ownerId: context.person.id,
            refs: parsed.data.refs,
            until,
          });
          if (snoozed.length === 0) return [privateText('There was nothing to snooze: those actions are closed now, or not yours.')];
          return [
            privateText(
              rich('Snoozed: I will remind you about ', bold(snoozed.join(', ')), ` again from ${formatInstant(until, partnership.timeZone)}.`),
              'Posting an update ends the snooze.',
            ),
          ];
        },
      });

      registry.form({
        formId: ACTION_IDS.submitUpdateForm,
        run: (context, submission) => submitUpdate(context, submission, background),
        reopen: (context, submission) => reopenUpdateForm(context, submission),
      });

      registry.pagedList({
        id: ACTIONS_LIST_ID,
        async run(context, page, value) {
          const parsed = selectionSchema.safeParse(asJsonObject(value));
          if (!parsed.success) return [privateText('That list can no longer be paged. Please ask for it again.')];
          if (parsed.data.by !== 'mine' && parsed.data.by !== 'update' && context.memberships.length === 0) {
            throw new ForbiddenError('Lists of actions by group, priority or organisation are for members of the partnership\'s groups.');
          }
          return [{ type: 'updateMessage', message: await listFor(context, parsed.data, page) }];
        },
      });

      registry.homeShortcut({ label: 'Post an update', actionId: ACTION_IDS.openUpdateForm, value: {}, order: 10 });
    },
  };
}

/** The feature as the app registers it. */
export const actionsFeature = createActionsFeature();
