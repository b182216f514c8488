// Finding the action a request names, and who may post updates on it (the rule is in the domain).
import { findActionById, findActionByRef, type ActionDetail } from '../../db/action-store.ts';
import { updaterRole, type UpdaterRole } from '../../domain/action-updates.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { MessageView } from '../../views/model.ts';
import { bold, rich } from '../../views/model.ts';
import { secretariatContacts } from '../identity.ts';
import type { PersonContext } from '../registry.ts';
import { message } from '../replies.ts';

export async function findActionFor(context: PersonContext, target: { actionId?: string; ref?: string }): Promise<ActionDetail> {
  const { db } = context.services;
  const partnership = context.person.partnership;
  const action = target.actionId
    ? await findActionById(db, partnership.id, target.actionId)
    : target.ref
      ? await findActionByRef(db, partnership.id, target.ref)
      : null;
  if (!action) {
    throw new NotFoundError(target.ref ? `${partnership.name} has no action ${target.ref}.` : `That action is no longer in ${partnership.name}'s plan.`);
  }
  return action;
}

export function updaterRoleOf(context: PersonContext, action: ActionDetail): UpdaterRole | null {
  return updaterRole(
    context.person.id,
    context.memberships.map((membership) => ({ role: membership.role, organisationId: membership.organisationId, groupId: membership.group.id })),
    {
      ownerId: action.owner?.id ?? null,
      ownerOrganisationId: action.owner ? action.owner.organisationId : (action.leadOrganisation?.id ?? null),
      groupId: action.group?.id ?? null,
    },
  );
}

/** Who may update the action, in words: "its owner (Sam Lee), a deputy for Norfolk Constabulary, …". */
function whoMayUpdate(action: ActionDetail, secretariat: string): string {
  const who: string[] = [];
  if (action.owner) who.push(`its owner (${action.owner.name})`);
  const organisation = action.owner ? action.owner.organisation : action.leadOrganisation;
  if (organisation) who.push(`a nominated deputy for ${organisation.name}`);
  if (action.group) who.push(`the chair of ${action.group.name}`);
  who.push(secretariat ? `the secretariat (${secretariat})` : 'the secretariat');
  return who.length === 1 ? who.join('') : `${who.slice(0, -1).join(', ')} or ${who[who.length - 1]}`;
}

/** The refusal for someone who may not update the action, written to the audit log with the reason. */
export async function refuseUpdate(context: PersonContext, action: ActionDetail, auditAction: string): Promise<MessageView> {
  const reason = 'not the owner, a deputy for the owner\'s organisation, the group\'s chair or the secretariat';
  await context.audit({ action: auditAction, outcome: 'REFUSED', subjectType: 'Action', subjectId: action.id, reason, detail: { ref: action.ref } });
  const partnership = context.person.partnership;
  const secretariat = (await secretariatContacts(context.services, partnership.id, partnership.timeZone)).map((contact) => contact.name).join(', ');
  return message(
    { type: 'text', text: rich('Sorry, you can\'t post updates on ', bold(action.ref), ': you are not its owner, a deputy for its organisation, its group\'s chair or the secretariat.') },
    { type: 'context', text: `Updates on ${action.ref} can be posted by ${whoMayUpdate(action, secretariat)}.` },
  );
}
