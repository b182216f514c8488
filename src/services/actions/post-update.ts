// Posting a progress update: check who is asking and what they sent, save the update and the action's new
// state together, then tell the group's channel when the action turns at risk, off track or complete, or
// its due date moves. The notice goes after the answer, so the form closes at once.
import { saveActionUpdate, type ActionDetail } from '../../db/action-store.ts';
import { channelNoticeReasons, checkActionUpdate, type CheckedActionUpdate } from '../../domain/action-updates.ts';
import { ConflictError, PreconditionError } from '../../domain/errors.ts';
import type { FormView, MessageView } from '../../views/model.ts';
import { bold, rich } from '../../views/model.ts';
import type { ChatResponse, FormSubmitRequest } from '../chat-core.ts';
import { postToGroup } from '../delivery.ts';
import type { CoreServices, RequestContext } from '../registry.ts';
import { message } from '../replies.ts';
import { findActionFor, refuseUpdate, updaterRoleOf } from './action-access.ts';
import { formatDay, formatInstant, formatIsoDay, isoDay, statusLabel } from './action-format.ts';
import { channelNoticeMessage } from './action-views.ts';
import { buildUpdateForm, isCompleteBelow100, readUpdateFormMetadata, readUpdateSubmission } from './update-form.ts';

export const UPDATE_AUDIT_ACTION = 'action.update';

/** Work started after a request was answered; kept so it can be awaited (tests, shutdown). */
export interface BackgroundWork {
  run(services: Pick<CoreServices, 'logger'>, work: () => Promise<void>): void;
  idle(): Promise<void>;
}

export function backgroundWork(): BackgroundWork {
  const running = new Set<Promise<void>>();
  return {
    run(services, work) {
      const task: Promise<void> = work()
        .catch((error: unknown) => services.logger.error('Background work failed', { error }))
        .finally(() => running.delete(task));
      running.add(task);
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

function changedMeanwhile(action: ActionDetail, timeZone: string): ConflictError {
  const when = action.lastUpdateAt ? ` at ${formatInstant(action.lastUpdateAt, timeZone)}` : '';
  const state = `${statusLabel(action.status)}, ${action.progress}%${action.dueDate ? `, due ${formatDay(action.dueDate)}` : ''}`;
  return new ConflictError(
    `Another update on ${action.ref} was saved${when} while you were writing yours (it is now ${state}). What you typed is still here: check it and save again.`,
  );
}

export async function openUpdateForm(context: RequestContext, target: { actionId?: string; ref?: string }, auditAction: string): Promise<ChatResponse> {
  const action = await findActionFor(context, target);
  if (!updaterRoleOf(context, action)) return [{ type: 'privateReply', message: await refuseUpdate(context, action, auditAction) }];
  return [{ type: 'openForm', form: buildUpdateForm(action, { timeZone: context.person.partnership.timeZone }) }];
}

export async function submitUpdate(context: RequestContext, submission: FormSubmitRequest, background: BackgroundWork): Promise<ChatResponse> {
  const metadata = readUpdateFormMetadata(submission.metadata);
  if (!metadata) throw new PreconditionError('This form can no longer be used. Open the update form again from the action.');
  const action = await findActionFor(context, { actionId: metadata.actionId });
  const role = updaterRoleOf(context, action);
  if (!role) return [{ type: 'closeForm', message: await refuseUpdate(context, action, UPDATE_AUDIT_ACTION) }];

  const timeZone = context.person.partnership.timeZone;
  if ((action.lastUpdateAt?.toISOString() ?? null) !== metadata.seen) throw changedMeanwhile(action, timeZone);

  const before = { status: action.status, progress: action.progress, dueDate: action.dueDate ? isoDay(action.dueDate) : null };
  const checked = checkActionUpdate(readUpdateSubmission(submission.fields), before, isoDay(context.today));
  const at = context.services.now();
  const outcome = await saveActionUpdate(context.services.db, {
    actionId: action.id,
    authorId: context.person.id,
    seenLastUpdateAt: action.lastUpdateAt,
    at,
    status: checked.status,
    progress: checked.progress,
    done: checked.done,
    nextSteps: checked.nextSteps,
    blockers: checked.blockers,
    cancelReason: checked.cancelReason,
    dueDateChange: checked.dueDateChange
      ? { from: checked.dueDateChange.from ? dayDate(checked.dueDateChange.from) : null, to: dayDate(checked.dueDateChange.to), reason: checked.dueDateChange.reason }
      : null,
  });
  if (!outcome.saved) throw new ConflictError(`Another update on ${action.ref} was saved at the same moment. What you typed is still here: check it and save again.`);

  const after = { status: checked.status, progress: checked.progress, dueDate: checked.dueDateChange?.to ?? before.dueDate };
  const reasons = channelNoticeReasons(before, after);
  await context.audit({
    action: UPDATE_AUDIT_ACTION,
    outcome: 'ALLOWED',
    subjectType: 'Action',
    subjectId: action.id,
    detail: {
      ref: action.ref,
      updateId: outcome.updateId,
      as: role,
      status: checked.status,
      progress: checked.progress,
      ...(checked.dueDateChange ? { dueDateFrom: checked.dueDateChange.from, dueDateTo: checked.dueDateChange.to } : {}),
      noticed: reasons,
    },
  });
  const group = action.group;
  if (reasons.length > 0 && group) {
    const notice = channelNoticeMessage(action, reasons, checked, context.person.name);
    const services = context.services;
    background.run(services, async () => {
      const outcomes = await postToGroup(services, group.id, notice);
      const failed = outcomes.filter((entry) => entry.status !== 'sent');
      if (failed.length > 0) services.logger.warn('A group did not get an action notice', { ref: action.ref, groupId: group.id, outcomes: failed });
    });
  }
  return [{ type: 'closeForm', message: savedMessage(action, checked, context.person.id === action.owner?.id) }];
}

function dayDate(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

function savedMessage(action: ActionDetail, checked: CheckedActionUpdate, byOwner: boolean): MessageView {
  const parts = [`${statusLabel(checked.status)}, ${checked.progress}%`];
  if (checked.dueDateChange) parts.push(`due ${formatIsoDay(checked.dueDateChange.to)}`);
  return message(
    { type: 'text', text: rich('Saved your update on ', bold(action.ref), `: ${parts.join(', ')}.`) },
    { type: 'context', text: byOwner ? 'Thank you. Your next reminder counts from today.' : `Thank you. ${action.owner ? `${action.owner.name}'s` : 'The'} next reminder counts from today.` },
  );
}

/** The form again after a failed submit: what was typed, the action as it is now, and the completion question if needed. */
export async function reopenUpdateForm(context: RequestContext, submission: FormSubmitRequest): Promise<FormView> {
  const metadata = readUpdateFormMetadata(submission.metadata);
  if (!metadata) throw new PreconditionError('This form can no longer be used.');
  const action = await findActionFor(context, { actionId: metadata.actionId });
  return buildUpdateForm(action, {
    timeZone: context.person.partnership.timeZone,
    values: submission.fields,
    askToConfirmComplete: isCompleteBelow100(submission.fields),
  });
}
