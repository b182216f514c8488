// The decision log (ToR s.13: "Decisions made by RAP partners will be identified clearly"): `/csp decisions
// [group] [since]` lists them, `/csp decision <number>` shows one, and `/csp decision correct <number>` lets the
// secretariat record a correction, which is a new decision naming the one it corrects.
import { z } from 'zod';
import { findGroupsByKeyOrName } from '../../db/membership-store.ts';
import { createDecisionCorrection, findDecisionByNumber, listDecisions, type DecisionDetail, type DecisionListRow } from '../../db/decision-store.ts';
import { parseIsoDate } from '../../domain/calendar.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { MAX_INT_COLUMN } from '../../domain/stored-numbers.ts';
import { fromLocal } from '../../domain/time-zone.ts';
import { onBehalfPhrase, type DecisionTallyRecord, type DeclarationRecord } from '../../domain/vote-lifecycle.ts';
import { checkCorrectedOutcome, type DecisionOutcome, type VotingRules } from '../../domain/voting.ts';
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { ActionValue, FormView, LabelledValue, ListItem, MessageView, ViewBlock } from '../../views/model.ts';
import { asJsonObject, bold, lineBreak, link, rich } from '../../views/model.ts';
import type { ChatResponse, FormSubmitRequest } from '../chat-core.ts';
import { exportDecisionsCommand } from '../exports/decision-export.ts';
import type { CommandArguments, RequestContext } from '../registry.ts';
import { privateReply, privateText, textMessage } from '../replies.ts';
import { openDecisionButton } from './decision-links.ts';
import { CHOICE_LABELS, formatDate, OUTCOME_LABELS } from './vote-views.ts';

export const DECISIONS_LIST_ID = 'decisions';
const DECISIONS_PAGE_SIZE = 10;

interface DecisionFilter {
  readonly groupId?: string;
  readonly groupName?: string;
  readonly since?: string;
}

function countsLine(row: Pick<DecisionListRow, 'forCount' | 'againstCount' | 'abstainCount' | 'presentCount' | 'quorumRequired' | 'quorate' | 'castingVote'>): string {
  const casting = row.castingVote ? `, chair's casting vote ${row.castingVote === 'FOR' ? 'for' : 'against'}` : '';
  const quorum = row.quorate ? `quorate, ${row.presentCount} present (quorum ${row.quorumRequired})` : `not quorate, ${row.presentCount} present (quorum ${row.quorumRequired})`;
  return `${row.forCount} for, ${row.againstCount} against, ${row.abstainCount} abstaining${casting}; ${quorum}`;
}

function listItem(row: DecisionListRow, timeZone: string): ListItem {
  const links: string[] = [];
  if (row.outcomeOverrideReason) links.push('outcome set by override');
  if (row.corrects) links.push(`corrects decision ${row.corrects.number}`);
  if (row.correctedBy) links.push(`corrected by decision ${row.correctedBy.number}`);
  const text = rich(
    bold(`${row.number}. ${row.title}`),
    ` — ${OUTCOME_LABELS[row.outcome]}`,
    lineBreak(),
    `${formatDate(row.decidedAt, timeZone)} · ${row.group.name} · ${countsLine(row)}${links.length > 0 ? ` · ${links.join(', ')}` : ''}`,
  );
  const url = row.proposal?.postUrl;
  return url ? { text: [...text, lineBreak(), link(url, 'Open the vote thread')], button: openDecisionButton(row.number) } : { text, button: openDecisionButton(row.number) };
}

function decisionsView(rows: readonly DecisionListRow[], filter: DecisionFilter, page: number, timeZone: string, prefix: string): MessageView {
  const scope = [filter.groupName ? `for ${filter.groupName}` : null, filter.since ? `since ${filter.since}` : null].filter(Boolean).join(' ');
  const pagingValue = { list: DECISIONS_LIST_ID, ...(filter.groupId ? { g: filter.groupId } : {}), ...(filter.groupName ? { n: filter.groupName } : {}), ...(filter.since ? { s: filter.since } : {}) };
  const blocks: ViewBlock[] = [
    { type: 'heading', text: `Decision log${scope ? ` ${scope}` : ''}` },
    {
      type: 'pagedList',
      items: rows.map((row) => listItem(row, timeZone)),
      page,
      pageSize: DECISIONS_PAGE_SIZE,
      pagingValue,
      emptyText: 'No decisions recorded yet.',
    },
    { type: 'context', text: rich('See one in full with ', bold(`${prefix} decision <number>`), '.') },
  ];
  return { kind: 'message', blocks, fallbackText: `Decision log${scope ? ` ${scope}` : ''}` };
}

function words(args: CommandArguments): string[] {
  return args.tokens.flatMap((token) => (token.kind === 'word' ? [token.text] : []));
}

async function filterFromWords(context: RequestContext, parts: readonly string[]): Promise<DecisionFilter> {
  const dates = parts.filter((part) => /^\d{4}-\d{2}-\d{2}$/.test(part));
  const rest = parts.filter((part) => !dates.includes(part)).join(' ').trim();
  if (dates.length > 1) throw new ValidationError('Give at most one date, e.g. 2026-04-01, to list decisions since then.');
  const since = dates[0];
  if (since) parseIsoDate(since);
  if (rest === '') return since ? { since } : {};
  const groups = await findGroupsByKeyOrName(context.services.db, context.person.partnershipId, rest);
  const [group] = groups;
  if (!group) throw new NotFoundError(`${context.person.partnership.name} has no group called "${rest}".`);
  if (groups.length > 1) throw new ValidationError(`"${rest}" matches more than one group: ${groups.map((g) => `${g.key} (${g.name})`).join(', ')}. Use the group's key.`);
  return { groupId: group.id, groupName: group.name, ...(since ? { since } : {}) };
}

async function decisionsReply(context: RequestContext, filter: DecisionFilter, page: number): Promise<MessageView> {
  const since = filter.since ? fromLocal({ ...parseIsoDate(filter.since), hour: 0, minute: 0 }, context.person.partnership.timeZone) : undefined;
  const rows = await listDecisions(context.services.db, context.person.partnershipId, {
    ...(filter.groupId ? { groupId: filter.groupId } : {}),
    ...(since ? { since } : {}),
  });
  return decisionsView(rows, filter, page, context.person.partnership.timeZone, context.commandPrefix);
}

export async function decisionsCommand(context: RequestContext, args: CommandArguments): Promise<ChatResponse> {
  const [first, ...rest] = words(args);
  if (first?.toLowerCase() === 'export') return exportDecisionsCommand(context, rest);
  const filter = await filterFromWords(context, words(args));
  return [privateReply(await decisionsReply(context, filter, 0))];
}

const pagingSchema = z.object({ g: z.uuid().optional(), n: z.string().optional(), s: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() });

export async function decisionsPage(context: RequestContext, page: number, value: ActionValue): Promise<ChatResponse> {
  const parsed = pagingSchema.safeParse(asJsonObject(value) ?? {});
  const filter: DecisionFilter = parsed.success
    ? { ...(parsed.data.g ? { groupId: parsed.data.g } : {}), ...(parsed.data.n ? { groupName: parsed.data.n } : {}), ...(parsed.data.s ? { since: parsed.data.s } : {}) }
    : {};
  return [{ type: 'updateMessage', message: await decisionsReply(context, filter, page) }];
}

// ---------------------------------------------------------------- one decision

function asTally(value: unknown): DecisionTallyRecord | null {
  const object = typeof value === 'object' && value !== null ? (value as Partial<DecisionTallyRecord>) : null;
  return object && Array.isArray(object.organisations) ? (object as DecisionTallyRecord) : null;
}

function asDeclarations(value: unknown): DeclarationRecord[] {
  return Array.isArray(value) ? (value as DeclarationRecord[]) : [];
}

function decisionView(decision: DecisionDetail, timeZone: string): MessageView {
  const tally = asTally(decision.tally);
  const facts: LabelledValue[] = [
    { label: 'Decided', value: formatDate(decision.decidedAt, timeZone) },
    { label: 'Group', value: decision.group.name },
    { label: 'Outcome', value: OUTCOME_LABELS[decision.outcome] },
    { label: 'Votes', value: countsLine(decision) },
    { label: 'Proposed by', value: decision.proposedByName },
  ];
  if (decision.corrects) facts.push({ label: 'Corrects', value: `Decision ${decision.corrects.number}` });
  if (decision.correctedBy) facts.push({ label: 'Corrected by', value: `Decision ${decision.correctedBy.number}` });
  const blocks: ViewBlock[] = [{ type: 'heading', text: `Decision ${decision.number}: ${decision.title}` }, { type: 'text', text: decision.motion }, { type: 'facts', facts }];
  const threadUrl = decision.proposal?.postUrl;
  if (threadUrl) blocks.push({ type: 'actions', controls: [{ type: 'linkButton', label: 'Open the vote thread', url: threadUrl }] });
  if (decision.correctionReason) {
    blocks.push({ type: 'text', text: rich(bold('Correction: '), decision.correctionReason, decision.recordedByName ? ` (recorded by ${decision.recordedByName})` : '') });
  }
  if (decision.outcomeOverrideReason) {
    blocks.push({ type: 'text', text: rich(bold('Outcome set by override: '), decision.outcomeOverrideReason, ` (the counts alone would not give ${OUTCOME_LABELS[decision.outcome].toLowerCase()})`) });
  }
  if (tally) {
    blocks.push({ type: 'text', text: rich(bold(decision.corrects ? 'The vote as originally recorded' : 'By organisation')) });
    blocks.push({
      type: 'facts',
      facts: tally.organisations.map((organisation) => ({
        label: organisation.organisation,
        value: organisation.declaredInterest
          ? 'Abstained: interest declared'
          : organisation.counted && organisation.votedBy
            ? `${CHOICE_LABELS[organisation.counted]} (${organisation.votedBy.name}, ${organisation.votedBy.role.toLowerCase()})${organisation.votedBy.recorded ? `, ${onBehalfPhrase(organisation.votedBy.recorded)}` : ''}`
            : 'Did not vote',
      })),
    });
    if (tally.people.length > 0) {
      blocks.push({
        type: 'list',
        items: tally.people.map((person) => ({
          text: `${person.name}: ${CHOICE_LABELS[person.choice]}${person.recorded ? `, ${onBehalfPhrase(person.recorded)}` : ''}${person.changes > 0 ? ` (changed ${person.changes}×)` : ''}${person.counted ? '' : ` — not counted: ${person.note ?? ''}`}`,
        })),
      });
    }
    const replaced = tally.replacedOnBehalf ?? [];
    if (replaced.length > 0) {
      blocks.push({
        type: 'context',
        text: `Replaced by the partner's own vote: ${replaced.map((entry) => `${entry.organisation}: ${CHOICE_LABELS[entry.choice]}, ${onBehalfPhrase(entry.recorded)}`).join('; ')}.`,
      });
    }
    if (tally.castingVote && tally.castingVoteBy) blocks.push({ type: 'context', text: `Casting vote ${tally.castingVote === 'FOR' ? 'for' : 'against'} by ${tally.castingVoteBy.name}, the chair.` });
  }
  const declarations = asDeclarations(decision.declarations);
  blocks.push({
    type: 'context',
    text:
      declarations.length === 0
        ? 'No interests were declared.'
        : `Declarations of interest: ${declarations.map((d) => `${d.name}${d.organisation ? ` (${d.organisation})` : ''}${d.text ? `: ${d.text}` : ''}`).join('; ')}`,
  });
  return { kind: 'message', blocks, fallbackText: `Decision ${decision.number}: ${decision.title}` };
}

/** "12" or "#12" as typed; leading zeros dropped so the number is quoted back as a person would write it. */
const decisionNumberText = z
  .string()
  .trim()
  .regex(/^#?\d+$/)
  .transform((text) => text.replace(/^#/, '').replace(/^0+(?=\d)/, ''))
  .refine((digits) => digits !== '0');

/** The decision number typed after the command. Beyond what the log's number column holds, no such decision exists. */
function decisionNumberOf(text: string | undefined, context: RequestContext): number {
  const parsed = decisionNumberText.safeParse(text ?? '');
  if (!parsed.success) throw new ValidationError(`Give the decision's number, e.g. ${context.commandPrefix} decision 12.`);
  const number = Number(parsed.data);
  if (number > MAX_INT_COLUMN) throw new NotFoundError(`There is no decision ${parsed.data} in ${context.person.partnership.name}'s log.`);
  return number;
}

async function findDecision(context: RequestContext, number: number): Promise<DecisionDetail> {
  const decision = await findDecisionByNumber(context.services.db, context.person.partnershipId, number);
  if (!decision) throw new NotFoundError(`There is no decision ${number} in ${context.person.partnership.name}'s log.`);
  return decision;
}

const openDecisionValue = z.object({ number: z.number().int().min(1).max(MAX_INT_COLUMN) });

/** The Open button on a decision line: the decision in full, from the log. */
export async function openDecision(context: RequestContext, request: { readonly value?: ActionValue }): Promise<ChatResponse> {
  const parsed = openDecisionValue.safeParse(request.value);
  if (!parsed.success) return [privateText('That button is out of date.', `Ask for the decision again: ${context.commandPrefix} decision <number>.`)];
  return [privateReply(decisionView(await findDecision(context, parsed.data.number), context.person.partnership.timeZone))];
}

export async function decisionCommand(context: RequestContext, args: CommandArguments): Promise<ChatResponse> {
  const [first, second] = words(args);
  if (first?.toLowerCase() === 'correct') {
    const number = decisionNumberOf(second, context);
    if (!context.hasAnyRole(['SECRETARIAT'])) {
      await context.audit({ action: 'decision.correct', outcome: 'REFUSED', subjectType: 'Decision', reason: 'not secretariat', detail: { number } });
      return [privateText('Only the secretariat can record a correction to the decision log.', 'If a decision was recorded wrongly, please tell the secretariat.')];
    }
    const decision = await findDecision(context, number);
    if (decision.correctedBy) throw new ValidationError(`Decision ${number} was already corrected by decision ${decision.correctedBy.number}; correct that one instead.`);
    return [{ type: 'openForm', form: correctionForm(decision) }];
  }
  return [privateReply(decisionView(await findDecision(context, decisionNumberOf(first, context)), context.person.partnership.timeZone))];
}

// ---------------------------------------------------------------- corrections

const OUTCOMES = Object.keys(OUTCOME_LABELS) as DecisionOutcome[];

/** The form's number inputs allow 0–1000; the same range is checked here, as the platform's check can be bypassed. */
const MAX_COUNT = 1000;
const COUNT_RANGE = `Enter a whole number from 0 to ${MAX_COUNT}.`;

function correctionForm(decision: Pick<DecisionDetail, 'number' | 'title' | 'outcome' | 'forCount' | 'againstCount' | 'abstainCount'>, values: Readonly<Record<string, string>> = {}): FormView {
  const number = (id: string, label: string, initial: number) => {
    const typed = values[id] !== undefined && values[id] !== '' ? Number(values[id]) : NaN;
    return { type: 'numberInput' as const, id, label, required: true, min: 0, max: MAX_COUNT, initialValue: Number.isFinite(typed) ? typed : initial };
  };
  return {
    kind: 'form',
    submitActionId: ACTION_IDS.submitDecisionCorrection,
    cancelActionId: ACTION_IDS.cancelForm,
    title: `Correct decision ${decision.number}`,
    submitLabel: 'Record correction',
    metadata: { n: decision.number },
    intro: [
      { type: 'text', text: rich(bold(decision.title)) },
      { type: 'context', text: `The log is never changed: the correction is recorded as a new decision that names decision ${decision.number}.` },
    ],
    fields: [
      { type: 'select', id: 'outcome', label: 'Correct outcome', required: true, options: OUTCOMES.map((outcome) => ({ label: OUTCOME_LABELS[outcome], value: outcome })), initialValue: values.outcome ?? decision.outcome },
      number('forCount', 'Partners for', decision.forCount),
      number('againstCount', 'Partners against', decision.againstCount),
      number('abstainCount', 'Partners abstaining (including declared interests)', decision.abstainCount),
      { type: 'textInput', id: 'reason', label: 'What was wrong, and how you know', required: true, multiline: true, maxLength: 1000, ...(values.reason ? { initialValue: values.reason } : {}) },
      {
        type: 'textInput',
        id: 'override',
        label: 'Override (only if the outcome does not follow from the counts)',
        multiline: true,
        maxLength: 1000,
        hint: "Leave empty unless the outcome is set otherwise than the counts give under the group's rules, e.g. by a legal ruling: say why. It is shown on the decision as an override.",
        ...(values.override ? { initialValue: values.override } : {}),
      },
    ],
  };
}

const count = (label: string) =>
  z.coerce
    .number({ error: `Enter the number of partners ${label}.` })
    .int({ error: COUNT_RANGE })
    .min(0, { error: COUNT_RANGE })
    .max(MAX_COUNT, { error: COUNT_RANGE });
const correctionFields = z.object({
  outcome: z.enum(OUTCOMES as [DecisionOutcome, ...DecisionOutcome[]], { error: 'Choose the correct outcome.' }),
  forCount: count('for'),
  againstCount: count('against'),
  abstainCount: count('abstaining'),
  reason: z.string({ error: 'Say what was wrong.' }).trim().min(1, { error: 'Say what was wrong.' }).max(1000),
  override: z.string().trim().max(1000, { error: 'Keep the override to 1,000 characters.' }).optional(),
});
const correctionMetadata = z.object({ n: z.number().int().min(1).max(MAX_INT_COLUMN) });

/** The rules the decision was taken under: as kept with its tally, with the quorum it recorded. */
function rulesOf(decision: DecisionDetail): VotingRules {
  const tally = asTally(decision.tally);
  return {
    quorum: decision.quorumRequired,
    majorityRule: tally?.rules.majorityRule ?? decision.partnership.majorityRule,
    chairHasCastingVote: tally?.rules.chairHasCastingVote ?? decision.partnership.chairHasCastingVote,
  };
}

export async function submitCorrection(context: RequestContext, submission: FormSubmitRequest): Promise<ChatResponse> {
  const metadata = correctionMetadata.safeParse(submission.metadata);
  if (!metadata.success) throw new ValidationError('This form does not say which decision it corrects. Please start again.');
  if (!context.hasAnyRole(['SECRETARIAT'])) {
    await context.audit({ action: 'decision.correct', outcome: 'REFUSED', subjectType: 'Decision', reason: 'not secretariat', detail: { number: metadata.data.n } });
    return [{ type: 'closeForm', message: textMessage('Only the secretariat can record a correction to the decision log.') }];
  }
  const parsed = correctionFields.safeParse(submission.fields);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'Check the correction.');
  const original = await findDecision(context, metadata.data.n);
  const fields = parsed.data;
  const override = fields.override ? fields.override : null;
  const check = checkCorrectedOutcome(rulesOf(original), fields, fields.outcome);
  if (!check.consistent && !override) {
    await context.audit({
      action: 'decision.correct',
      outcome: 'REFUSED',
      subjectType: 'Decision',
      reason: 'outcome does not follow from the counts',
      detail: { number: original.number, outcome: fields.outcome, forCount: fields.forCount, againstCount: fields.againstCount, abstainCount: fields.abstainCount },
    });
    throw new ValidationError('The outcome does not follow from the counts.', { fieldErrors: { outcome: check.explanation } });
  }
  if (check.consistent && override) {
    throw new ValidationError('Check the correction.', {
      fieldErrors: { override: `The outcome already follows from the counts under the group's rules, so it needs no override: clear this box.` },
    });
  }
  const present = check.presentCount;
  const quorate = check.quorate;
  const written = await createDecisionCorrection(context.services.db, {
    partnershipId: context.person.partnershipId,
    correctsNumber: original.number,
    outcome: fields.outcome,
    quorate,
    presentCount: present,
    forCount: fields.forCount,
    againstCount: fields.againstCount,
    abstainCount: fields.abstainCount,
    castingVote: check.consistent ? check.castingVote : null,
    reason: fields.reason,
    outcomeOverrideReason: override,
    recordedByName: context.person.name,
    now: context.services.now(),
  });
  if (written.kind === 'notFound') throw new NotFoundError(`Decision ${original.number} no longer exists.`);
  if (written.kind === 'alreadyCorrected') throw new ValidationError(`Decision ${original.number} was corrected by decision ${written.by} meanwhile; correct that one instead.`);
  await context.audit({
    action: 'decision.correct',
    outcome: 'ALLOWED',
    subjectType: 'Decision',
    subjectId: written.decisionId,
    detail: { corrects: original.number, number: written.number, outcome: fields.outcome, reason: fields.reason, outcomeOverrideReason: override },
  });
  return [
    {
      type: 'closeForm',
      message: textMessage(
        rich('Recorded decision ', bold(String(written.number)), `, correcting decision ${original.number}.`),
        override ? `Outcome set by override: ${override}` : undefined,
      ),
    },
  ];
}

export async function reopenCorrection(context: RequestContext, submission: FormSubmitRequest): Promise<FormView> {
  const metadata = correctionMetadata.safeParse(submission.metadata);
  const decision = metadata.success ? await findDecisionByNumber(context.services.db, context.person.partnershipId, metadata.data.n) : null;
  if (!decision) throw new NotFoundError('The decision this form corrects no longer exists.');
  return correctionForm(decision, submission.fields);
}
