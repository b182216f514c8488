// What people do with the hallmarks checklist in chat: see the summary (posted to the channel or just for
// themselves), list one hallmark's or stage's items, open an item, and update its assessment.
import { z } from 'zod';
import {
  findItemWithHistory,
  findLastPosting,
  listPeopleForChoice,
  loadChecklist,
  personInPartnership,
  recordAssessment,
  recordPosting,
  type ItemWithHistory,
} from '../../db/hallmark-store.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import {
  filterItems,
  HALLMARK_STAGES,
  HALLMARKS,
  latestAssessments,
  mayUpdateItem,
  stageOf,
  summariseChecklist,
  type ChecklistFilter,
  type ChecklistItem,
} from '../../domain/hallmark-checklist.ts';
import { assessmentProblems, HALLMARK_STATUSES, type HallmarkStatusValue } from '../../domain/hallmark-status.ts';
import type { ActionValue, FormView, MessageView } from '../../views/model.ts';
import { bold, rich } from '../../views/model.ts';
import type { ChatResponse, FormSubmitRequest } from '../chat-core.ts';
import { describeContacts } from '../access-replies.ts';
import { secretariatContacts } from '../identity.ts';
import type { PersonContext, RequestContext } from '../registry.ts';
import { message, privateReply } from '../replies.ts';
import { describeState } from './hallmark-format.ts';
import { FORM_FIELDS, HISTORY_LIMIT, NO_OWNER, filteredCard, itemCard, itemForm, summaryCard } from './hallmark-views.ts';

const UPDATE_AUDIT_ACTION = 'hallmark.update';
const POST_AUDIT_ACTION = 'hallmarks.post';
/** Slack's static select holds at most 100 options: one is "Nobody yet". */
const OWNER_CHOICES = 99;

// ---------------------------------------------------------------- values carried by buttons and forms

const itemValue = z.object({ itemId: z.uuid() });

const filterValue = z.union([
  z.object({ hallmark: z.enum(HALLMARKS.map((hallmark) => hallmark.value) as [string, ...string[]]) }),
  z.object({ stage: z.string().min(1).max(200) }),
  z.object({ review: z.literal(true) }),
  z.object({ awaiting: z.literal(true) }),
]);

export function readItemId(value: ActionValue | undefined): string {
  const parsed = itemValue.safeParse(value);
  if (!parsed.success) throw new NotFoundError('That hallmark item could not be found: the button may be from an old message. Ask for the card again.');
  return parsed.data.itemId;
}

export function readFilter(value: ActionValue | undefined): ChecklistFilter {
  const parsed = filterValue.safeParse(value);
  if (!parsed.success) throw new NotFoundError('That list could not be shown: the button may be from an old message. Ask for the card again.');
  return parsed.data as ChecklistFilter;
}

const pagingValue = z.object({ since: z.iso.datetime().nullable().optional() });

// ---------------------------------------------------------------- the summary card

interface SummaryRequest {
  readonly page: number;
  /** The posting to compare with; undefined means the latest posting. */
  readonly since?: Date | null;
}

async function buildSummary(context: PersonContext, request: SummaryRequest): Promise<{ card: MessageView; comparedWith: Date | null }> {
  const { db } = context.services;
  const partnership = context.person.partnership;
  const [checklist, lastPosting] = await Promise.all([
    loadChecklist(db, partnership.id),
    request.since === undefined ? findLastPosting(db, partnership.id) : Promise.resolve(request.since),
  ]);
  const current = latestAssessments(checklist.history);
  const previous = lastPosting ? latestAssessments(checklist.history, lastPosting) : null;
  const summary = summariseChecklist({ items: checklist.items, current, previous, today: context.today, now: context.services.now() });
  const toReview = checklist.items.filter((item) => {
    const assessment = current.get(item.id);
    return assessment !== undefined && (assessment.status === null || assessment.needsReview);
  }).length;
  const card = summaryCard(summary, {
    partnershipName: partnership.name,
    timeZone: partnership.timeZone,
    previousPostedAt: lastPosting,
    page: request.page,
    pagingValue: { since: lastPosting ? lastPosting.toISOString() : null },
    commandPrefix: context.commandPrefix,
    toReview,
  });
  return { card, comparedWith: lastPosting };
}

/** `/csp hallmarks`: posts the card where it was asked for and remembers when; `--me` shows it only to the person. */
export async function showSummary(context: RequestContext, onlyMe: boolean): Promise<ChatResponse> {
  const { card } = await buildSummary(context, { page: 0 });
  const { conversation } = context;
  if (onlyMe || conversation.kind === 'personal') return [privateReply(card)];
  const postedAt = context.services.now();
  await recordPosting(context.services.db, { partnershipId: context.person.partnershipId, platform: conversation.platform, channelId: conversation.channelId, postedAt });
  await context.audit({ action: POST_AUDIT_ACTION, outcome: 'ALLOWED', subjectType: 'Partnership', subjectId: context.person.partnershipId, detail: { channelId: conversation.channelId } });
  return [{ type: 'post', message: card }];
}

export async function showSummaryPage(context: RequestContext, page: number, value: ActionValue): Promise<ChatResponse> {
  const parsed = pagingValue.safeParse(value);
  const since = parsed.success && parsed.data.since ? new Date(parsed.data.since) : null;
  const { card } = await buildSummary(context, { page, since });
  return [{ type: 'updateMessage', message: card }];
}

// ---------------------------------------------------------------- one hallmark or stage

export async function buildFilteredCard(context: PersonContext, filter: ChecklistFilter, page: number): Promise<MessageView> {
  const checklist = await loadChecklist(context.services.db, context.person.partnershipId);
  const current = latestAssessments(checklist.history);
  const items = filterItems(checklist.items, current, filter);
  const stageName = 'stage' in filter ? checklist.items.map((item) => stageOf(item.stage)).find((stage) => stage.id === filter.stage)?.name : undefined;
  return filteredCard(filter, items, current, { page, today: context.today, ...(stageName ? { stageName } : {}) });
}

function words(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** The hallmark or stage a person typed ("engaged communities", "assess", "two-tier"), if it names one. */
export function findFilter(typed: string): ChecklistFilter | undefined {
  const wanted = words(typed);
  if (wanted.length === 0) return undefined;
  if (wanted === 'review' || wanted === 'to review') return { review: true };
  const hallmarks = HALLMARKS.filter((hallmark) => words(hallmark.label).includes(wanted));
  const stages = HALLMARK_STAGES.filter((stage) => [stage.name, ...stage.headings].some((name) => words(name).includes(wanted)));
  const exactStage = HALLMARK_STAGES.find((stage) => [stage.name, ...stage.headings].some((name) => words(name) === wanted));
  if (exactStage) return { stage: exactStage.id };
  if (hallmarks.length === 1 && stages.length === 0) return { hallmark: hallmarks[0]!.value };
  if (stages.length === 1 && hallmarks.length === 0) return { stage: stages[0]!.id };
  return undefined;
}

// ---------------------------------------------------------------- one item

async function findItem(context: PersonContext, itemId: string): Promise<ItemWithHistory> {
  const found = await findItemWithHistory(context.services.db, context.person.partnershipId, itemId, HISTORY_LIMIT);
  if (!found || found.retired) throw new NotFoundError('That hallmark item is no longer on the checklist.');
  return found;
}

function mayUpdate(context: PersonContext, item: ChecklistItem): boolean {
  return mayUpdateItem(context.person.id, item, context.memberships.map((membership) => ({ role: membership.role, groupKind: membership.group.kind })));
}

export async function showItem(context: RequestContext, itemId: string): Promise<ChatResponse> {
  const { item, history } = await findItem(context, itemId);
  const partnership = context.person.partnership;
  return [privateReply(itemCard(item, history, { timeZone: partnership.timeZone, today: context.today, mayUpdate: mayUpdate(context, item) }))];
}

/** Refused privately, and written to the audit log with the item it was about. */
async function refusal(context: PersonContext, item: ChecklistItem, attempted: string): Promise<MessageView> {
  await context.audit({
    action: UPDATE_AUDIT_ACTION,
    outcome: 'REFUSED',
    subjectType: 'HallmarkItem',
    subjectId: item.id,
    reason: 'not the owner, a strategy board chair or the secretariat',
    detail: { key: item.key, attempted },
  });
  const partnership = context.person.partnership;
  const secretariat = await secretariatContacts(context.services, partnership.id, partnership.timeZone);
  const ask = secretariat.length > 0 ? `If you think you should be able to, please ask the secretariat: ${describeContacts(secretariat)}.` : 'If you think you should be able to, please ask your partnership\'s secretariat.';
  return message(
    { type: 'text', text: rich('Sorry, only its owner', item.ownerName ? ` (${item.ownerName})` : '', ', the board\'s chair or the secretariat can update hallmark item ', bold(item.key), '.') },
    { type: 'context', text: ask },
  );
}

async function formFor(context: PersonContext, found: ItemWithHistory, values?: Readonly<Record<string, string>>): Promise<FormView> {
  const { people, total } = await listPeopleForChoice(context.services.db, context.person.partnershipId, OWNER_CHOICES);
  return itemForm(found.item, found.history[0], { ...(total <= OWNER_CHOICES ? { people } : {}), ...(values ? { values } : {}) });
}

export async function openItemForm(context: RequestContext, itemId: string): Promise<ChatResponse> {
  const found = await findItem(context, itemId);
  if (!mayUpdate(context, found.item)) return [privateReply(await refusal(context, found.item, 'open the update form'))];
  return [{ type: 'openForm', form: await formFor(context, found) }];
}

export async function reopenItemForm(context: RequestContext, submission: FormSubmitRequest): Promise<FormView> {
  const found = await findItem(context, readItemId(submission.metadata));
  return formFor(context, found, submission.fields);
}

// ---------------------------------------------------------------- saving an assessment

const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? null : value.trim()))
    .pipe(z.string().max(max, `Keep it to ${max} characters.`).nullable());

const formSchema = z.object({
  [FORM_FIELDS.status]: z.enum(HALLMARK_STATUSES, { error: 'Choose a status.' }),
  [FORM_FIELDS.externalBody]: optionalText(200),
  [FORM_FIELDS.notApplicableReason]: optionalText(1000),
  [FORM_FIELDS.agreedAction]: optionalText(2000),
  [FORM_FIELDS.evidence]: optionalText(2000),
  [FORM_FIELDS.evidenceLinks]: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(/\s*\n\s*/).map((line) => line.trim()).filter((line) => line.length > 0)),
  [FORM_FIELDS.reviewDate]: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? null : value.trim()))
    .pipe(z.iso.date({ error: 'Pick a date from the calendar.' }).nullable()),
  [FORM_FIELDS.owner]: z.string().optional(),
});

export async function submitItemForm(context: RequestContext, submission: FormSubmitRequest): Promise<ChatResponse> {
  const found = await findItem(context, readItemId(submission.metadata));
  const { item } = found;
  if (!mayUpdate(context, item)) return [{ type: 'closeForm', message: await refusal(context, item, 'save an assessment') }];

  const parsed = formSchema.safeParse(submission.fields);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'Some of the details need another look.');
  const fields = parsed.data;
  const status: HallmarkStatusValue = fields.status;
  const reviewDate = fields.reviewDate ? new Date(`${fields.reviewDate}T00:00:00.000Z`) : null;
  const assessment = {
    status,
    externalBody: status === 'AWAITING_EXTERNAL' ? fields.externalBody : null,
    notApplicableReason: status === 'NOT_APPLICABLE' ? fields.notApplicableReason : null,
    agreedAction: fields.agreedAction,
    evidence: fields.evidence,
    evidenceLinks: fields.evidenceLinks,
    reviewDate,
  };
  const problems: Record<string, string> = { ...assessmentProblems(assessment, context.today) };
  const ownerId = await readOwner(context, fields.owner, problems);
  if (Object.keys(problems).length > 0) throw new ValidationError('Some of the details need another look.', { fieldErrors: problems });

  const saved = await recordAssessment(context.services.db, {
    partnershipId: context.person.partnershipId,
    itemId: item.id,
    assessedById: context.person.id,
    assessedAt: context.services.now(),
    ...(ownerId === undefined ? {} : { ownerId }),
    assessment,
  });
  if (!saved) throw new NotFoundError('That hallmark item is no longer on the checklist, so nothing was saved.');
  const before = found.history[0];
  await context.audit({
    action: UPDATE_AUDIT_ACTION,
    outcome: 'ALLOWED',
    subjectType: 'HallmarkItem',
    subjectId: item.id,
    detail: { key: item.key, from: before?.status ?? null, to: status, ...(ownerId !== undefined && ownerId !== item.ownerId ? { ownerFrom: item.ownerId, ownerTo: ownerId } : {}) },
  });
  return [
    {
      type: 'closeForm',
      message: message(
        { type: 'text', text: rich('Saved: hallmark item ', bold(item.key), ` is now ${sentence(describeState(saved).replace(/^./, (first) => first.toLowerCase()))}`) },
        { type: 'context', text: `Before: ${sentence(before ? describeState(before) : 'not assessed')} Recorded by ${context.person.name}.` },
      ),
    },
  ];
}

/** The text as a sentence: with a full stop unless it already ends with one. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The owner chosen in the form: undefined to leave it, null for nobody. Adds a problem for an unknown person. */
async function readOwner(context: PersonContext, chosen: string | undefined, problems: Record<string, string>): Promise<string | null | undefined> {
  if (chosen === undefined || chosen === '') return undefined;
  if (chosen === NO_OWNER) return null;
  if (z.uuid().safeParse(chosen).success && (await personInPartnership(context.services.db, context.person.partnershipId, chosen))) return chosen;
  problems[FORM_FIELDS.owner] = 'Choose the owner from the list.';
  return undefined;
}
