// `/csp propose [group]`: the chair, vice-chair or secretariat of a group opens a vote in it (ToR s.22: when
// a decision commits finance, when consensus cannot be reached, or at the chair's discretion). The card goes
// to the group's channel; voting and discussion happen in its thread.
import { z } from 'zod';
import { createProposal, discardUnpostedProposal, findGroupVotingSetup, loadProposalState, saveProposalPost } from '../../db/proposal-store.ts';
import { addDays, formatIsoDate, parseIsoDate } from '../../domain/calendar.ts';
import { ValidationError } from '../../domain/errors.ts';
import { fromLocal, localDateOf } from '../../domain/time-zone.ts';
import {
  PROPOSER_ROLES,
  VOTE_REASON_LABELS,
  closingTimeProblem,
  financeAmountProblem,
  type VoteReason,
} from '../../domain/vote-lifecycle.ts';
import { buildVotingRoll } from '../../domain/voting.ts';
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { FormView, SelectOption } from '../../views/model.ts';
import { bold, rich } from '../../views/model.ts';
import type { ChatResponse, FormSubmitRequest } from '../chat-core.ts';
import type { RequestContext } from '../registry.ts';
import { textMessage } from '../replies.ts';
import { describeRoles } from '../roles.ts';
import { buildProposalModel } from './proposal-model.ts';
import { createVoteMessenger } from './vote-messenger.ts';
import { formatDateTime, proposalCard } from './vote-views.ts';

const DEFAULT_VOTING_DAYS = 7;
const DEFAULT_CLOSING_TIME = '17:00';
const REASONS = Object.keys(VOTE_REASON_LABELS) as VoteReason[];
const TALLY_CHOICES = ['group', 'open', 'secret'] as const;
const TALLY_LABELS: Readonly<Record<(typeof TALLY_CHOICES)[number], string>> = {
  group: "The group's usual setting",
  open: 'Open: the chair and secretariat can see votes as they come in',
  secret: 'Secret until it closes: only who has taken part is shown',
};

interface ProposableGroup {
  readonly id: string;
  readonly key: string;
  readonly name: string;
}

/** Groups the person may open a vote in today: where they are chair, vice-chair or secretariat. */
function proposableGroups(context: RequestContext): ProposableGroup[] {
  const groups = new Map<string, ProposableGroup>();
  for (const membership of context.memberships) {
    if (PROPOSER_ROLES.includes(membership.role)) groups.set(membership.group.id, membership.group);
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function closingTimeOptions(): SelectOption[] {
  const options: SelectOption[] = [];
  for (let hour = 0; hour < 24; hour += 1) {
    for (const minute of [0, 30]) {
      const value = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
      options.push({ label: value, value });
    }
  }
  return options;
}

export function proposeForm(context: RequestContext, values: Readonly<Record<string, string>> = {}, preselectedGroupId?: string): FormView {
  const groups = proposableGroups(context);
  const timeZone = context.person.partnership.timeZone;
  const defaultDate = formatIsoDate(addDays(localDateOf(context.services.now(), timeZone), DEFAULT_VOTING_DAYS));
  const groupId = values.group ?? preselectedGroupId ?? (groups.length === 1 ? groups[0]?.id : undefined);
  const amount = values.amount !== undefined && values.amount !== '' && Number.isFinite(Number(values.amount)) ? Number(values.amount) : undefined;
  return {
    kind: 'form',
    submitActionId: ACTION_IDS.submitProposeForm,
    cancelActionId: ACTION_IDS.cancelForm,
    title: 'Propose a vote',
    submitLabel: 'Open the vote',
    intro: [
      {
        type: 'context',
        text: 'Decisions are taken by consensus where possible. The card goes to the group’s channel; only the representatives and deputies of statutory partners vote, one vote per partner.',
      },
    ],
    fields: [
      { type: 'textInput', id: 'title', label: 'Title', required: true, maxLength: 150, placeholder: 'e.g. Fund the night-time economy marshals', ...(values.title ? { initialValue: values.title } : {}) },
      {
        type: 'textInput',
        id: 'motion',
        label: 'The motion',
        required: true,
        multiline: true,
        maxLength: 3000,
        hint: 'What the group is asked to agree, as it will be recorded in the decision log.',
        ...(values.motion ? { initialValue: values.motion } : {}),
      },
      {
        type: 'select',
        id: 'group',
        label: 'Group',
        required: true,
        options: groups.map((group) => ({ label: group.name.slice(0, 75), value: group.id })),
        ...(groupId ? { initialValue: groupId } : {}),
      },
      {
        type: 'select',
        id: 'reason',
        label: 'Why a vote is needed',
        required: true,
        options: REASONS.map((reason) => ({ label: VOTE_REASON_LABELS[reason], value: reason })),
        ...(values.reason ? { initialValue: values.reason } : {}),
      },
      {
        type: 'numberInput',
        id: 'amount',
        label: 'Amount committed (£)',
        allowDecimal: true,
        min: 0,
        hint: 'Only when the decision commits finance.',
        ...(amount !== undefined ? { initialValue: amount } : {}),
      },
      { type: 'datePicker', id: 'closesOn', label: 'Voting closes on', required: true, initialDate: values.closesOn ?? defaultDate },
      {
        type: 'select',
        id: 'closesAt',
        label: `Voting closes at (${timeZone})`,
        required: true,
        options: closingTimeOptions(),
        initialValue: values.closesAt ?? DEFAULT_CLOSING_TIME,
      },
      { type: 'textInput', id: 'papers', label: 'Link to the papers (optional)', placeholder: 'https://…', maxLength: 2000, ...(values.papers ? { initialValue: values.papers } : {}) },
      {
        type: 'select',
        id: 'tally',
        label: 'The count while voting is open',
        required: true,
        options: TALLY_CHOICES.map((choice) => ({ label: TALLY_LABELS[choice], value: choice })),
        initialValue: values.tally ?? 'group',
        hint: 'A secret vote shows who has taken part and whether it is quorate, but not For or Against, to anyone, until it closes.',
      },
    ],
  };
}

const proposeFields = z.object({
  title: z.string({ error: 'Give the vote a title.' }).trim().min(1, { error: 'Give the vote a title.' }).max(150, { error: 'Keep the title to 150 characters.' }),
  motion: z
    .string({ error: 'Write the motion the group is asked to agree.' })
    .trim()
    .min(1, { error: 'Write the motion the group is asked to agree.' })
    .max(3000, { error: 'Keep the motion to 3,000 characters; link to the papers for the rest.' }),
  group: z.uuid({ error: 'Choose the group the vote is for.' }),
  reason: z.enum(REASONS as [VoteReason, ...VoteReason[]], { error: 'Choose why a vote is needed.' }),
  amount: z.string().trim().optional(),
  closesOn: z.string({ error: 'Choose the day voting closes.' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Choose the day voting closes.' }),
  closesAt: z.string({ error: 'Choose the time voting closes.' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Choose the time voting closes.' }),
  papers: z.string().trim().optional(),
  tally: z.enum(TALLY_CHOICES, { error: 'Choose how the count is shown while voting is open.' }).optional(),
});

function papersProblem(papers: string | undefined): string | null {
  if (!papers) return null;
  try {
    const url = new URL(papers);
    return url.protocol === 'https:' || url.protocol === 'http:' ? null : 'Give a web link starting with https://.';
  } catch {
    return 'Give a web link starting with https://.';
  }
}

type ProposeFields = z.output<typeof proposeFields>;

/** Each field on its own, so every problem in the form is shown at once. */
function parseFields(raw: Readonly<Record<string, string>>, fieldErrors: Record<string, string>): Partial<ProposeFields> {
  const parsed: Partial<Record<keyof ProposeFields, unknown>> = {};
  for (const [name, schema] of Object.entries(proposeFields.shape) as [keyof ProposeFields, z.ZodType][]) {
    const result = schema.safeParse(raw[name]);
    if (result.success) parsed[name] = result.data;
    else fieldErrors[name] = result.error.issues[0]?.message ?? 'Check this field.';
  }
  return parsed as Partial<ProposeFields>;
}

export async function submitPropose(context: RequestContext, submission: FormSubmitRequest): Promise<ChatResponse> {
  const now = context.services.now();
  const { partnership } = context.person;
  const fieldErrors: Record<string, string> = {};
  const fields = parseFields(submission.fields, fieldErrors);

  let closesAt: Date | null = null;
  if (fields.closesOn && fields.closesAt) {
    const [hour, minute] = fields.closesAt.split(':').map(Number);
    try {
      closesAt = fromLocal({ ...parseIsoDate(fields.closesOn), hour: hour ?? 0, minute: minute ?? 0 }, partnership.timeZone);
    } catch {
      fieldErrors.closesOn = 'Choose a real date.';
    }
  }
  const closingProblem = closesAt ? closingTimeProblem(closesAt, now) : null;
  if (closingProblem) fieldErrors.closesOn = closingProblem;
  const amount = fields.amount ? fields.amount : null;
  const amountProblem = fields.reason ? financeAmountProblem(fields.reason, amount) : null;
  if (amountProblem) fieldErrors.amount = amountProblem;
  const linkProblem = papersProblem(fields.papers);
  if (linkProblem) fieldErrors.papers = linkProblem;

  const allowed = proposableGroups(context);
  if (fields.group && !allowed.some((group) => group.id === fields.group)) {
    await context.audit({ action: 'vote.propose', outcome: 'REFUSED', subjectType: 'Group', subjectId: fields.group, reason: 'not chair, vice-chair or secretariat of the group' });
    fieldErrors.group = `You can open votes only in groups where you are the ${describeRoles(PROPOSER_ROLES)}.`;
  }
  const setup = fieldErrors.group || !fields.group ? null : await findGroupVotingSetup(context.services.db, partnership.id, fields.group, context.today);
  if (!fieldErrors.group && !setup) fieldErrors.group = 'That group no longer exists.';
  if (setup) {
    const roll = buildVotingRoll(setup.partnership.organisations, setup.memberships);
    const statutory = new Set(setup.partnership.organisations.filter((o) => o.isStatutory).map((o) => o.id));
    if (!roll.members.some((member) => statutory.has(member.organisationId))) {
      fieldErrors.group = `${setup.name} has no voting members: no representative or deputy of a statutory partner is on it.`;
    } else if (setup.channels.length === 0) {
      fieldErrors.group = `${setup.name} has no channel yet for its votes. A member of the secretariat can link one by typing ${context.commandPrefix} channel ${setup.key} in it.`;
    }
  }
  if (Object.keys(fieldErrors).length > 0 || !setup || !closesAt || !fields.title || !fields.motion || !fields.reason) {
    throw new ValidationError('Some details of the vote need attention.', { fieldErrors });
  }

  const { id, number } = await createProposal(context.services.db, {
    partnershipId: partnership.id,
    groupId: setup.id,
    proposedById: context.person.id,
    title: fields.title,
    motion: fields.motion,
    reason: fields.reason,
    financeAmount: amount,
    papersUrl: fields.papers ? fields.papers : null,
    opensAt: now,
    closesAt,
    secretTally: fields.tally === 'secret' || ((fields.tally ?? 'group') === 'group' && setup.secretTallyDefault),
  });
  const state = await loadProposalState(context.services.db, id, context.today);
  if (!state) throw new Error(`The proposal ${id} just created could not be read back`);
  const messenger = createVoteMessenger(context.services);
  let posted;
  try {
    posted = await messenger.postCard(setup.channels, context.actor.platform, proposalCard(buildProposalModel(state), { kind: 'open' }));
  } catch (error) {
    await discardUnpostedProposal(context.services.db, id);
    context.services.logger.warn('A vote was not opened: its card could not be posted', { groupId: setup.id, error });
    await context.audit({ action: 'vote.propose', outcome: 'FAILED', subjectType: 'Group', subjectId: setup.id, reason: 'card could not be posted' });
    throw new ValidationError(`The vote card could not be posted to ${setup.name}'s channel, so the vote was not opened. Check that the bot is still in the channel, then try again.`);
  }
  await saveProposalPost(context.services.db, id, {
    platform: posted.platform,
    channelId: posted.channelId,
    messageId: posted.messageId,
    conversationReference: posted.conversationReference,
    ...(posted.url ? { url: posted.url } : {}),
  });
  await context.audit({
    action: 'vote.propose',
    outcome: 'ALLOWED',
    subjectType: 'Proposal',
    subjectId: id,
    detail: { groupId: setup.id, reason: fields.reason, financeAmount: amount, closesAt: closesAt.toISOString(), platform: posted.platform, channelId: posted.channelId },
  });
  const channel = setup.channels.find((candidate) => candidate.platform === posted.platform);
  const where = channel?.name ? `#${channel.name}` : `${setup.name}'s channel`;
  return [
    {
      type: 'closeForm',
      message: textMessage(
        rich('Your vote ', bold(fields.title), ` (vote ${number}) is open in ${where} until ${formatDateTime(closesAt, partnership.timeZone)}.`),
        'Partners vote with the buttons on the card; discussion goes in its thread.',
      ),
    },
  ];
}

/** `/csp propose [group]`: the group named is preselected in the form. */
export function groupFromArguments(context: RequestContext, text: string): string | undefined {
  const query = text.trim().toLowerCase();
  if (query === '') return undefined;
  const groups = proposableGroups(context);
  const match = groups.find((group) => group.key.toLowerCase() === query || group.name.toLowerCase() === query);
  if (match) return match.id;
  throw new ValidationError(
    groups.length > 0
      ? `You can open votes in: ${groups.map((group) => `${group.key} (${group.name})`).join(', ')}. "${text.trim()}" is not one of them.`
      : `You are not the ${describeRoles(PROPOSER_ROLES)} of any group, so you cannot open a vote.`,
  );
}
