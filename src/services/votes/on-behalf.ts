// Votes recorded on a partner's behalf. Much of a board's voting happens in the room (Norwich: "voting at
// meetings is by a show of hands"), and some partners vote by phone or email; the chair or the secretariat
// records those here, through the same rules and the same one-transaction writes as a click. The "Record
// votes" button and `/csp vote record <number>` open a form for a whole meeting; `/csp vote record <number>
// <organisation> for|against|abstain|interest via meeting|phone|email [on <date>] [by deputy]` records one.
import { z } from 'zod';
import { recordOnBehalf, type OnBehalfChoice, type OnBehalfEntry, type OnBehalfResult, type RecordedViaName } from '../../db/ballot-store.ts';
import { findProposalIdByNumber, refreshVotes } from '../../db/proposal-store.ts';
import { formatIsoDate, parseIsoDate } from '../../domain/calendar.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { MAX_INT_COLUMN } from '../../domain/stored-numbers.ts';
import { localDateOf } from '../../domain/time-zone.ts';
import { canRecordOnBehalf, meetingDateProblem, onBehalfPhrase, type OnBehalfRecord, type RecordedVia } from '../../domain/vote-lifecycle.ts';
import type { OrganisationTally } from '../../domain/voting.ts';
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { FormField, FormView, Inline } from '../../views/model.ts';
import { bold, lineBreak, rich } from '../../views/model.ts';
import type { ActionRequest, ChatResponse, FormSubmitRequest } from '../chat-core.ts';
import type { CommandArguments, RequestContext } from '../registry.ts';
import { privateReply, privateText, textMessage } from '../replies.ts';
import { closedText, closeIfEveryoneVoted, liveCard, loadModel, messengerFor, proposalIdOf, refuse, refusedWriteText } from './ballot-actions.ts';
import { buildProposalModel, type ProposalModel } from './proposal-model.ts';
import { CHOICE_LABELS } from './vote-views.ts';

const VIA_CHOICES = ['MEETING', 'PHONE', 'EMAIL'] as const;
const VIA_LABELS: Readonly<Record<RecordedVia, string>> = { MEETING: 'At a meeting (show of hands)', PHONE: 'By phone', EMAIL: 'By email' };
const NOT_PRESENT = 'NONE';
const CHOICES = ['FOR', 'AGAINST', 'ABSTAIN', 'INTEREST'] as const;
const CHOICE_WORDS: Readonly<Record<OnBehalfChoice, string>> = { ...CHOICE_LABELS, INTEREST: 'Interest declared' };
const ACTION = 'vote.recordOnBehalf';

function todayIn(context: RequestContext): string {
  return formatIsoDate(localDateOf(context.services.now(), context.person.partnership.timeZone));
}

/** Statutory partners that have a representative or deputy on the group: the ones whose votes can be recorded. */
function votingPartners(model: ProposalModel): OrganisationTally[] {
  return model.tally.organisations.filter((organisation) => organisation.hasVoter);
}

function votersOf(model: ProposalModel, organisationId: string) {
  return model.roll.members
    .filter((member) => member.organisationId === organisationId)
    .sort((a, b) => Number(b.role === 'REPRESENTATIVE') - Number(a.role === 'REPRESENTATIVE'));
}

const choiceFieldId = (organisationId: string) => `o-${organisationId}`;
const voterFieldId = (organisationId: string) => `v-${organisationId}`;

export function recordVotesForm(model: ProposalModel, today: string, values: Readonly<Record<string, string>> = {}): FormView {
  const fields: FormField[] = [
    {
      type: 'select',
      id: 'via',
      label: 'How the votes were given',
      required: true,
      options: VIA_CHOICES.map((via) => ({ label: VIA_LABELS[via], value: via })),
      initialValue: values.via ?? 'MEETING',
    },
    { type: 'datePicker', id: 'on', label: 'Date of the meeting, call or email', required: true, initialDate: values.on ?? today },
  ];
  for (const organisation of votingPartners(model)) {
    const id = organisation.organisationId;
    fields.push({
      type: 'select',
      id: choiceFieldId(id),
      label: organisation.organisationName.slice(0, 150),
      required: true,
      options: [{ label: 'Not present / no vote', value: NOT_PRESENT }, ...CHOICES.map((choice) => ({ label: CHOICE_WORDS[choice], value: choice }))],
      initialValue: values[choiceFieldId(id)] ?? NOT_PRESENT,
    });
    const voters = votersOf(model, id);
    if (voters.length > 1) {
      fields.push({
        type: 'select',
        id: voterFieldId(id),
        label: `Who voted for ${organisation.organisationName}`.slice(0, 150),
        required: true,
        options: voters.map((voter) => ({ label: `${model.people.get(voter.personId) ?? 'Unknown'} (${voter.role === 'REPRESENTATIVE' ? 'representative' : 'deputy'})`.slice(0, 75), value: voter.personId })),
        initialValue: values[voterFieldId(id)] ?? voters[0]?.personId ?? '',
      });
    }
  }
  return {
    kind: 'form',
    submitActionId: ACTION_IDS.submitRecordVotesForm,
    cancelActionId: ACTION_IDS.cancelForm,
    title: 'Record votes',
    submitLabel: 'Record the votes',
    metadata: { p: model.state.id },
    intro: [
      { type: 'text', text: rich('Vote: ', bold(model.state.title)) },
      {
        type: 'context',
        text: 'For each statutory partner, record how it voted at the meeting (or by phone or email). The same rules apply as for a click: one vote per partner, the representative over the deputy, declarations and the quorum. A partner that has already voted with the buttons keeps its own vote, and its own later click replaces what you record here.',
      },
    ],
    fields,
  };
}

async function authorised(context: RequestContext, model: ProposalModel): Promise<ChatResponse | null> {
  if (canRecordOnBehalf(model.rolesOf(context.person.id))) return null;
  return refuse(
    context,
    ACTION,
    model,
    'not chair or secretariat of the group',
    `Only the chair or the secretariat of ${model.state.group.name} can record votes on a partner's behalf. If you voted at a meeting or by phone or email, please ask them to record it, or vote with the buttons on the card.`,
  );
}

export async function openRecordVotes(context: RequestContext, request: ActionRequest): Promise<ChatResponse> {
  const model = await loadModel(context, proposalIdOf(request.value));
  const refused = await authorised(context, model);
  if (refused) return refused;
  if (model.state.status !== 'OPEN') return [privateText(closedText(model))];
  return [{ type: 'openForm', form: recordVotesForm(model, todayIn(context)) }];
}

const dateText = z.string({ error: 'Choose the date.' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Give the date as YYYY-MM-DD, e.g. 2026-12-03.' }).refine(
  (text) => {
    try {
      parseIsoDate(text);
      return true;
    } catch {
      return false;
    }
  },
  { error: 'That is not a real date.' },
);
const viaSchema = z.enum(VIA_CHOICES, { error: 'Choose how the votes were given: at a meeting, by phone or by email.' });

interface Recording {
  readonly via: RecordedVia;
  readonly on: string;
  readonly entries: readonly OnBehalfEntry[];
}

function describeResult(model: ProposalModel, entry: OnBehalfEntry, result: OnBehalfResult | undefined): string {
  const name = model.organisations.get(entry.organisationId) ?? 'A partner';
  if (result?.kind === 'ownVoteStands') {
    return `${name}: not recorded, because it has already ${result.choice === 'INTEREST' ? 'declared an interest' : 'voted'} itself with the buttons, and its own vote stands.`;
  }
  const voter = model.people.get(entry.voterId) ?? 'its voter';
  const unchanged = result?.kind === 'unchanged' ? ' (already recorded so; nothing changed)' : '';
  return `${name}: ${CHOICE_WORDS[entry.choice]} (${voter})${unchanged}.`;
}

/** Writes the recording, audits each ballot, updates the card and tells the thread who took part (never how). */
async function record(context: RequestContext, model: ProposalModel, recording: Recording): Promise<{ ok: true; lines: string[]; closed: boolean } | { ok: false; text: string }> {
  const now = context.services.now();
  const onBehalf = { recordedById: context.person.id, recordedVia: recording.via as RecordedViaName, meetingDate: new Date(`${recording.on}T00:00:00Z`) };
  const write = await recordOnBehalf(context.services.db, { proposalId: model.state.id, now, onBehalf, entries: recording.entries });
  if (write.kind === 'refused') return { ok: false, text: refusedWriteText(model, write) };
  const phrase: OnBehalfRecord = { byName: context.person.name, via: recording.via, on: recording.on };
  const lines: string[] = [];
  const recordedNames: string[] = [];
  for (const entry of recording.entries) {
    const result = write.results.find((candidate) => candidate.organisationId === entry.organisationId);
    lines.push(describeResult(model, entry, result));
    if (result && result.kind !== 'ownVoteStands') recordedNames.push(model.organisations.get(entry.organisationId) ?? 'A partner');
    await context.audit({
      action: ACTION,
      outcome: result?.kind === 'ownVoteStands' ? 'REFUSED' : 'ALLOWED',
      subjectType: 'Proposal',
      subjectId: model.state.id,
      ...(result?.kind === 'ownVoteStands' ? { reason: 'the partner has voted itself; its own vote stands' } : {}),
      detail: {
        organisationId: entry.organisationId,
        voterId: entry.voterId,
        role: entry.asDeputy ? 'DEPUTY' : 'REPRESENTATIVE',
        choice: entry.choice,
        recordedVia: recording.via,
        meetingDate: recording.on,
        result: result?.kind ?? null,
        note: onBehalfPhrase(phrase),
      },
    });
  }
  const fresh = buildProposalModel(await refreshVotes(context.services.db, model.state));
  const closed = recordedNames.length > 0 ? await closeIfEveryoneVoted(context, fresh) : null;
  if (fresh.card && recordedNames.length > 0) {
    const messenger = messengerFor(context);
    const who = recordedNames.length === 1 ? recordedNames[0] : `${recordedNames.slice(0, -1).join(', ')} and ${recordedNames.at(-1)}`;
    await messenger.postInThread(fresh.card, textMessage(rich(`Votes ${onBehalfPhrase(phrase)} for: `, bold(who ?? ''), '.')));
    await messenger.updateCard(fresh.card, liveCard(fresh, closed));
  }
  return { ok: true, lines, closed: closed !== null };
}

function summaryMessage(recording: Recording, context: RequestContext, result: { lines: string[]; closed: boolean }): Inline[] {
  const phrase = onBehalfPhrase({ byName: context.person.name, via: recording.via, on: recording.on });
  const lines = result.closed ? [...result.lines, 'Every voting partner has now taken part, so the vote has closed; the result is in the thread.'] : result.lines;
  return rich(bold('Votes recorded'), ` (${phrase.replace(/^recorded /, '')}):`, ...lines.flatMap((line) => [lineBreak(), line]));
}

export async function submitRecordVotes(context: RequestContext, submission: FormSubmitRequest): Promise<ChatResponse> {
  const model = await loadModel(context, proposalIdOf(submission.metadata));
  const refused = await authorised(context, model);
  if (refused) {
    const [reply] = refused;
    return [{ type: 'closeForm', ...(reply && reply.type === 'privateReply' ? { message: reply.message } : {}) }];
  }
  if (model.state.status !== 'OPEN') return [{ type: 'closeForm', message: textMessage(`${closedText(model)} Nothing was recorded.`) }];
  const fieldErrors: Record<string, string> = {};
  const via = viaSchema.safeParse(submission.fields.via);
  if (!via.success) fieldErrors.via = via.error.issues[0]?.message ?? 'Choose how the votes were given.';
  const on = dateText.safeParse(submission.fields.on);
  if (!on.success) fieldErrors.on = on.error.issues[0]?.message ?? 'Choose the date.';
  const opensOn = formatIsoDate(localDateOf(model.state.opensAt, model.state.partnership.timeZone));
  const dateProblem = on.success ? meetingDateProblem(on.data, todayIn(context), opensOn) : null;
  if (dateProblem) fieldErrors.on = dateProblem;
  const choiceSchema = z.enum([NOT_PRESENT, ...CHOICES], { error: 'Choose For, Against, Abstain, Interest declared or Not present.' });
  const entries: OnBehalfEntry[] = [];
  for (const organisation of votingPartners(model)) {
    const id = organisation.organisationId;
    const choice = choiceSchema.safeParse(submission.fields[choiceFieldId(id)] ?? NOT_PRESENT);
    if (!choice.success) {
      fieldErrors[choiceFieldId(id)] = choice.error.issues[0]?.message ?? 'Choose an answer.';
      continue;
    }
    if (choice.data === NOT_PRESENT) continue;
    const voters = votersOf(model, id);
    const chosen = submission.fields[voterFieldId(id)];
    const voter = chosen ? voters.find((candidate) => candidate.personId === chosen) : voters[0];
    if (!voter) {
      fieldErrors[voterFieldId(id)] = `Choose the representative or the deputy of ${organisation.organisationName}.`;
      continue;
    }
    entries.push({ organisationId: id, voterId: voter.personId, asDeputy: voter.role === 'DEPUTY', choice: choice.data });
  }
  const firstPartner = votingPartners(model)[0];
  if (entries.length === 0 && Object.keys(fieldErrors).length === 0 && firstPartner) {
    fieldErrors[choiceFieldId(firstPartner.organisationId)] = 'Record at least one partner’s vote; every partner is marked not present.';
  }
  if (Object.keys(fieldErrors).length > 0 || !via.success || !on.success) throw new ValidationError('Some details of the votes need attention.', { fieldErrors });
  const recording: Recording = { via: via.data, on: on.data, entries };
  const result = await record(context, model, recording);
  if (!result.ok) return [{ type: 'closeForm', message: textMessage(result.text) }];
  return [{ type: 'closeForm', message: textMessage(summaryMessage(recording, context, result)) }];
}

export async function reopenRecordVotes(context: RequestContext, submission: FormSubmitRequest): Promise<FormView> {
  const model = await loadModel(context, proposalIdOf(submission.metadata));
  return recordVotesForm(model, todayIn(context), submission.fields);
}

// ---------------------------------------------------------------- `/csp vote record …`

export const VOTE_COMMAND_USAGE = 'record <vote number> [<organisation> for|against|abstain|interest via meeting|phone|email [on YYYY-MM-DD] [by deputy]]';

function usage(context: RequestContext): string {
  return `Use ${context.commandPrefix} vote record 3 to record a meeting's votes in a form, or ${context.commandPrefix} vote record 3 Norfolk Constabulary for via meeting on 2026-12-03 for one partner (add "by deputy" when the deputy voted).`;
}

const singleSchema = z.object({
  organisation: z.string().trim().min(1),
  choice: z.enum(['for', 'against', 'abstain', 'interest']),
  via: z.enum(['meeting', 'phone', 'email']),
  on: dateText.optional(),
  byDeputy: z.boolean(),
});

/** "<organisation words> <choice> via <channel> [on <date>] [by deputy]", parsed from the end. */
function parseSingle(words: readonly string[]): z.ZodSafeParseResult<z.output<typeof singleSchema>> {
  const lower = words.map((word) => word.toLowerCase());
  const choiceAt = lower.findIndex((word, index) => index > 0 && ['for', 'against', 'abstain', 'interest'].includes(word) && lower[index + 1] === 'via');
  const at = choiceAt === -1 ? lower.findIndex((word, index) => index > 0 && ['for', 'against', 'abstain', 'interest'].includes(word)) : choiceAt;
  const tail = at === -1 ? [] : lower.slice(at + 1);
  const onAt = tail.indexOf('on');
  const deputyAt = tail.findIndex((word, index) => word === 'by' && tail[index + 1] === 'deputy');
  const known = new Set([0, 1, ...(onAt >= 0 ? [onAt, onAt + 1] : []), ...(deputyAt >= 0 ? [deputyAt, deputyAt + 1] : [])]);
  const stray = tail.some((_, index) => !known.has(index));
  return singleSchema.safeParse({
    organisation: at === -1 ? '' : words.slice(0, at).join(' '),
    choice: at === -1 ? undefined : lower[at],
    via: tail[0] === 'via' && !stray ? tail[1] : undefined,
    on: onAt >= 0 ? (words[at + 1 + onAt + 1] ?? '') : undefined,
    byDeputy: deputyAt >= 0,
  });
}

function findPartner(model: ProposalModel, text: string): OrganisationTally {
  const query = text.toLowerCase();
  const partners = votingPartners(model);
  const exact = partners.filter((organisation) => organisation.organisationName.toLowerCase() === query);
  const matches = exact.length > 0 ? exact : partners.filter((organisation) => organisation.organisationName.toLowerCase().includes(query));
  if (matches.length === 1 && matches[0]) return matches[0];
  const list = partners.map((organisation) => organisation.organisationName).join(', ');
  if (matches.length === 0) throw new ValidationError(`"${text}" is not a statutory partner voting in ${model.state.group.name}. The partners are: ${list}.`);
  throw new ValidationError(`"${text}" matches more than one partner: ${matches.map((organisation) => organisation.organisationName).join(', ')}. Give more of the name.`);
}

export async function voteCommand(context: RequestContext, args: CommandArguments): Promise<ChatResponse> {
  const words = args.tokens.flatMap((token) => (token.kind === 'word' ? [token.text] : []));
  const [sub, numberText, ...rest] = words;
  if (sub?.toLowerCase() !== 'record') throw new ValidationError(usage(context));
  const number = z.coerce.number().int().min(1).max(MAX_INT_COLUMN).safeParse((numberText ?? '').replace(/^#/, ''));
  if (!number.success || numberText === undefined) throw new ValidationError(`Give the vote's number (it is on its card). ${usage(context)}`);
  const proposalId = await findProposalIdByNumber(context.services.db, context.person.partnershipId, number.data);
  if (!proposalId) throw new NotFoundError(`There is no vote ${number.data} in ${context.person.partnership.name}.`);
  const model = await loadModel(context, proposalId);
  const refused = await authorised(context, model);
  if (refused) return refused;
  if (model.state.status !== 'OPEN') return [privateText(closedText(model))];
  if (rest.length === 0) return [{ type: 'openForm', form: recordVotesForm(model, todayIn(context)) }];

  const parsed = parseSingle(rest);
  if (!parsed.success) {
    const badDate = parsed.error.issues.find((issue) => issue.path[0] === 'on');
    throw new ValidationError(badDate ? `${badDate.message} ${usage(context)}` : `That was not understood. ${usage(context)}`);
  }
  const single = parsed.data;
  const on = single.on ?? todayIn(context);
  const problem = meetingDateProblem(on, todayIn(context), formatIsoDate(localDateOf(model.state.opensAt, model.state.partnership.timeZone)));
  if (problem) throw new ValidationError(problem);
  const partner = findPartner(model, single.organisation);
  const voters = votersOf(model, partner.organisationId);
  const voter = single.byDeputy ? voters.find((candidate) => candidate.role === 'DEPUTY') : voters[0];
  if (!voter) throw new ValidationError(`${partner.organisationName} has no deputy on ${model.state.group.name}; leave out "by deputy".`);
  const recording: Recording = {
    via: single.via.toUpperCase() as RecordedVia,
    on,
    entries: [{ organisationId: partner.organisationId, voterId: voter.personId, asDeputy: voter.role === 'DEPUTY', choice: single.choice.toUpperCase() as OnBehalfChoice }],
  };
  const result = await record(context, model, recording);
  if (!result.ok) return [privateText(result.text)];
  return [privateReply(textMessage(summaryMessage(recording, context, result)))];
}
