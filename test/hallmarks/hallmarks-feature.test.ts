// The hallmarks feature through the real chat core against a real database holding the Safer Norwich demo:
// the summary card and what changed since it was last posted, lists, items, the update form with its rules,
// refusals with their audit entries, the yearly check and the items due for review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../src/db/generated/client.ts';
import { loadDemoPartnership } from '../../src/import/demo.ts';
import { importPartnershipText } from '../../src/import/partnership-import.ts';
import { createLogger } from '../../src/logger.ts';
import type { ChatActor, ChatConversation, ChatResponse, FormSubmitRequest } from '../../src/services/chat-core.ts';
import { createChatCore, type RunningChatCore } from '../../src/services/core.ts';
import { hallmarksFeature } from '../../src/services/hallmarks/hallmarks-feature.ts';
import { dueForReviewByOwner, hallmarkItemsDueForReview, hallmarkReviewSection } from '../../src/services/hallmarks/review-reminders.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { renderAdaptiveCard, checkAdaptiveCardSize } from '../../src/views/adaptive-card.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import { renderBlockKit, renderSlackModal } from '../../src/views/block-kit.ts';
import type { FormView, MessageView } from '../../src/views/model.ts';
import { pageSummary, pageWindow } from '../../src/views/paging.ts';
import { toPlainText } from '../../src/views/rich-text.ts';
import { fallbackText } from '../../src/views/view-text.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { demoText } from '../import/helpers.ts';

const IMPORTED_AT = new Date('2011-01-10T12:00:00Z');
const WORKSPACE = 'T0NORWICH';
const CHANNEL: ChatConversation = { platform: 'SLACK', workspaceId: WORKSPACE, channelId: 'C0RAP00001', kind: 'channel', name: 'rap' };

let db: TestDatabase;
let prisma: PrismaClient;
let core: RunningChatCore;
let clock = new Date('2011-01-12T10:00:00Z');
let partnershipId: string;
const people = new Map<string, { id: string; actor: ChatActor }>();

function actorFor(key: string): ChatActor {
  const found = people.get(key);
  if (!found) throw new Error(`No person ${key}`);
  return found.actor;
}

async function itemId(key: string): Promise<string> {
  return (await prisma.hallmarkItem.findFirstOrThrow({ where: { partnershipId, key }, select: { id: true } })).id;
}

/** The text a person sees: like the fallback text, but with the shown page of each paged list. */
function viewText(view: MessageView): string {
  return view.blocks
    .map((block) => {
      if (block.type !== 'pagedList') return fallbackText({ kind: 'message', blocks: [block] });
      const window = pageWindow(block);
      return [block.title ?? '', ...window.items.map((item) => toPlainText(item.text)), pageSummary(window)].join('\n');
    })
    .join('\n');
}

function text(response: ChatResponse): string {
  return response
    .map((result) => ('message' in result && result.message ? viewText(result.message) : 'form' in result ? JSON.stringify(result.form) : ''))
    .join('\n');
}

function only<T extends ChatResponse[number]['type']>(response: ChatResponse, type: T): Extract<ChatResponse[number], { type: T }> {
  expect(response.map((result) => result.type)).toEqual([type]);
  return response[0] as Extract<ChatResponse[number], { type: T }>;
}

/** Renders for both platforms and checks each is within its limits without anything cut. */
function expectWithinLimits(view: MessageView): void {
  const slack = renderBlockKit(view);
  expect(checkBlockKitLimits(slack as unknown as Record<string, unknown>, 'message')).toEqual([]);
  expect(JSON.stringify(slack)).not.toContain('not shown');
  const card = renderAdaptiveCard(view);
  expect(validateAdaptiveCard(card)).toEqual([]);
  expect(checkAdaptiveCardSize(card).withinLimit).toBe(true);
  expect(JSON.stringify(card)).not.toContain('not shown');
}

function submission(actor: ChatActor, id: string, fields: Record<string, string>): FormSubmitRequest {
  return { actor, conversation: CHANNEL, formId: ACTION_IDS.submitHallmarkItem, fields, metadata: { itemId: id } };
}

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = db.prisma;
  await loadDemoPartnership(prisma, { now: IMPORTED_AT });
  partnershipId = (await prisma.partnership.findUniqueOrThrow({ where: { slug: 'safer-norwich' } })).id;
  await prisma.chatWorkspace.create({ data: { partnershipId, platform: 'SLACK', workspaceId: WORKSPACE } });
  for (const key of ['ruth-adeyemi', 'helen-marsh', 'priya-raman', 'marcus-bell', 'ian-brookes']) {
    const person = await prisma.person.findFirstOrThrow({ where: { partnershipId, key } });
    const userId = `U${key.replace(/-/g, '').toUpperCase().slice(0, 10)}`;
    await prisma.chatIdentity.create({ data: { personId: person.id, platform: 'SLACK', workspaceId: WORKSPACE, userId, linkedBy: 'IMPORT' } });
    people.set(key, { id: person.id, actor: { platform: 'SLACK', workspaceId: WORKSPACE, userId, lookupEmail: async () => person.email ?? undefined } });
  }
  core = createChatCore({ db: prisma, logger: createLogger({ level: 'error', write: () => undefined }), features: [hallmarksFeature], now: () => clock });
});

afterAll(async () => {
  await db?.close();
});

describe('the summary card', () => {
  it('posts counts by hallmark and stage, the items not met with their owners, and those awaiting the county group', async () => {
    const response = await core.handleCommand({ actor: actorFor('priya-raman'), conversation: CHANNEL, text: 'hallmarks' });
    const posted = only(response, 'post');
    const card = viewText(posted.message);
    expect(card).toContain('Hallmarks of effective partnership — Safer Norwich Partnership');
    expect(card).toContain('111 items');
    expect(card).toContain('41 met · 3 partly met · 11 not met · 7 awaiting others · 49 to review');
    expect(card).toContain('First posting');
    for (const stage of ['Lead and Guide / Governing Partnership Processes', 'Assess', 'Determine Priorities', 'Partnership working in two-tier areas', 'Plan for Action', 'Publish Summary', 'Deliver', 'Solving Problems', 'Evaluating Impact']) {
      expect(card).toContain(stage);
    }
    expect(card).toContain('Engaged Communities');
    expect(card).toContain('Not met or overdue for review (11)');
    expect(card).toContain('governing-q1');
    expect(card).toContain('owner: nobody yet');
    expect(card).toContain('County group — 7 items');
    expect(card).toContain('49 items to review');
    expectWithinLimits(posted.message);

    const postings = await prisma.hallmarkPosting.findMany({ where: { partnershipId } });
    expect(postings).toMatchObject([{ platform: 'SLACK', channelId: CHANNEL.channelId, postedAt: clock }]);
    expect(await prisma.auditEvent.count({ where: { action: 'hallmarks.post', outcome: 'ALLOWED' } })).toBe(1);
  });

  it('shows the card only to the asker with --me, without counting it as a posting', async () => {
    const before = await prisma.hallmarkPosting.count();
    const response = await core.handleCommand({ actor: actorFor('priya-raman'), conversation: CHANNEL, text: 'hallmarks --me' });
    expect(text([only(response, 'privateReply')])).toContain('Hallmarks of effective partnership');
    const dashed = await core.handleCommand({ actor: actorFor('priya-raman'), conversation: CHANNEL, text: 'hallmarks –me' });
    expect(only(dashed, 'privateReply')).toBeTruthy();
    expect(await prisma.hallmarkPosting.count()).toBe(before);
  });

  it('pages the list of items not met, comparing each page with the same posting', async () => {
    const response = await core.handleAction({
      actor: actorFor('priya-raman'),
      conversation: CHANNEL,
      actionId: ACTION_IDS.pageNext,
      value: { list: 'hallmarks', since: null, page: 2 },
      message: { id: '1763900000.000100' },
    });
    const page = text([only(response, 'updateMessage')]);
    expect(page).toContain('Showing 11–11 of 11');
    expect(page).toContain('evaluating-q9');
    expect(page).not.toContain('governing-q1 ');
  });

  it('lists one hallmark or stage privately from its button, and from the command', async () => {
    const byStage = await core.handleAction({ actor: actorFor('priya-raman'), conversation: CHANNEL, actionId: ACTION_IDS.filterHallmarks, value: { stage: 'lead-and-guide' } });
    const stage = text([only(byStage, 'privateReply')]);
    expect(stage).toContain('Stage: Lead and Guide / Governing Partnership Processes');
    expect(stage).toContain('of 35');
    expectWithinLimits((byStage[0] as { message: MessageView }).message);

    const byHallmark = text(await core.handleCommand({ actor: actorFor('priya-raman'), conversation: CHANNEL, text: 'hallmarks engaged communities' }));
    expect(byHallmark).toContain('Hallmark: Engaged Communities');
    expect(byHallmark).toContain('assess-q3');

    const review = text(await core.handleAction({ actor: actorFor('priya-raman'), conversation: CHANNEL, actionId: ACTION_IDS.filterHallmarks, value: { review: true } }));
    expect(review).toContain('of 49');
    expect(review).toContain('To review (imported as "PCTIs Missing")');

    const unknown = text(await core.handleCommand({ actor: actorFor('priya-raman'), conversation: CHANNEL, text: 'hallmarks banana' }));
    expect(unknown).toContain('"banana" is not a hallmark or a stage');
  });
});

describe('updating an item', () => {
  it('shows the item with its history, and the update button only to those who may use it', async () => {
    const id = await itemId('governing-q1');
    const forChair = await core.handleAction({ actor: actorFor('helen-marsh'), conversation: CHANNEL, actionId: ACTION_IDS.openHallmarkItem, value: { itemId: id } });
    const chairView = only(forChair, 'privateReply').message;
    expect(fallbackText(chairView)).toContain('Do you have an information sharing protocol?');
    expect(fallbackText(chairView)).toContain('Not met — recorded as “Not yet (old one in existence badly in need of refresh)” (imported)');
    expect(JSON.stringify(chairView)).toContain(ACTION_IDS.editHallmarkItem);
    expectWithinLimits(chairView);

    const forMember = await core.handleAction({ actor: actorFor('priya-raman'), conversation: CHANNEL, actionId: ACTION_IDS.openHallmarkItem, value: { itemId: id } });
    const memberView = only(forMember, 'privateReply').message;
    expect(JSON.stringify(memberView)).not.toContain(ACTION_IDS.editHallmarkItem);
    expect(fallbackText(memberView)).toContain("Only its owner (nobody yet), the board's chair or the secretariat can update this item.");
  });

  it('refuses someone who is not the owner, the chair or the secretariat, and audits it', async () => {
    const id = await itemId('governing-q2');
    const opened = await core.handleAction({ actor: actorFor('priya-raman'), conversation: CHANNEL, actionId: ACTION_IDS.editHallmarkItem, value: { itemId: id } });
    expect(text([only(opened, 'privateReply')])).toContain('Sorry, only its owner, the board\'s chair or the secretariat can update hallmark item governing-q2.');
    expect(text(opened)).toContain('Ruth Adeyemi');

    const submitted = await core.handleFormSubmit(submission(actorFor('priya-raman'), id, { status: 'MET' }));
    expect(text([only(submitted, 'closeForm')])).toContain('Sorry');
    // The chair of the operations group is not the board's chair.
    const pogChair = await core.handleAction({ actor: actorFor('ian-brookes'), conversation: CHANNEL, actionId: ACTION_IDS.editHallmarkItem, value: { itemId: id } });
    expect(text(pogChair)).toContain('Sorry');

    const refusals = await prisma.auditEvent.findMany({ where: { action: 'hallmark.update', outcome: 'REFUSED' }, orderBy: { id: 'asc' } });
    expect(refusals).toHaveLength(3);
    expect(refusals[0]).toMatchObject({ subjectType: 'HallmarkItem', subjectId: id, actorPersonId: people.get('priya-raman')!.id, partnershipId });
    expect(await prisma.hallmarkAssessment.count({ where: { itemId: id } })).toBe(1);
  });

  it('opens the form for the secretariat, sends it back with what is wrong, and saves a valid assessment', async () => {
    clock = new Date('2011-01-14T09:00:00Z');
    const id = await itemId('governing-q2');
    const ruth = actorFor('ruth-adeyemi');
    const opened = await core.handleAction({ actor: ruth, conversation: CHANNEL, actionId: ACTION_IDS.editHallmarkItem, value: { itemId: id } });
    const form = only(opened, 'openForm').form;
    expect(form.submitActionId).toBe(ACTION_IDS.submitHallmarkItem);
    expect(form.fields.map((field) => field.id)).toEqual(['status', 'externalBody', 'notApplicableReason', 'agreedAction', 'owner', 'evidence', 'evidenceLinks', 'reviewDate']);
    expect(form.fields.find((field) => field.id === 'status')).toMatchObject({ initialValue: 'NOT_MET' });
    expect(checkBlockKitLimits(renderSlackModal(form) as unknown as Record<string, unknown>, 'modal')).toEqual([]);
    expect(validateAdaptiveCard(renderAdaptiveCard(form))).toEqual([]);

    const errorsOf = async (fields: Record<string, string>) => {
      const response = await core.handleFormSubmit(submission(ruth, id, fields));
      const sent = only(response, 'formErrors').form as FormView;
      return sent.errors?.fields ?? {};
    };
    expect(Object.keys(await errorsOf({ status: 'AWAITING_EXTERNAL' }))).toEqual(['externalBody']);
    expect(Object.keys(await errorsOf({ status: 'NOT_APPLICABLE' }))).toEqual(['notApplicableReason']);
    expect((await errorsOf({ status: 'MET', evidenceLinks: 'https://example.org/isp\nisp-signed.pdf' })).evidenceLinks).toContain('isp-signed.pdf');
    expect(Object.keys(await errorsOf({ status: 'MET', reviewDate: '2011-01-13' }))).toEqual(['reviewDate']);
    expect(Object.keys(await errorsOf({ evidence: 'Signed' }))).toEqual(['status']);
    const kept = await core.handleFormSubmit(submission(ruth, id, { status: 'AWAITING_EXTERNAL', evidence: 'Draft circulated' }));
    expect(JSON.stringify((kept[0] as { form: FormView }).form)).toContain('Draft circulated');
    expect(await prisma.hallmarkAssessment.count({ where: { itemId: id } })).toBe(1);

    const marcus = people.get('marcus-bell')!.id;
    const saved = await core.handleFormSubmit(
      submission(ruth, id, {
        status: 'MET',
        evidence: 'All responsible authorities signed the refreshed protocol.',
        evidenceLinks: 'https://example.org/isp-2011.pdf\n http://intranet.example.org/isp ',
        reviewDate: '2011-07-01',
        owner: marcus,
        externalBody: 'ignored unless awaiting',
      }),
    );
    expect(text([only(saved, 'closeForm')])).toContain('Saved: hallmark item governing-q2 is now met.');
    const latest = await prisma.hallmarkAssessment.findFirstOrThrow({ where: { itemId: id }, orderBy: { assessedAt: 'desc' } });
    expect(latest).toMatchObject({
      status: 'MET',
      externalBody: null,
      rawStatus: null,
      needsReview: false,
      evidenceLinks: ['https://example.org/isp-2011.pdf', 'http://intranet.example.org/isp'],
      reviewDate: new Date('2011-07-01T00:00:00Z'),
      assessedById: people.get('ruth-adeyemi')!.id,
      source: 'CHAT',
    });
    expect((await prisma.hallmarkItem.findUniqueOrThrow({ where: { id } })).ownerId).toBe(marcus);
    expect(await prisma.hallmarkAssessment.count({ where: { itemId: id } })).toBe(2);
    expect(await prisma.auditEvent.findFirst({ where: { action: 'hallmark.update', outcome: 'ALLOWED', subjectId: id } })).toMatchObject({
      detail: { key: 'governing-q2', from: 'NOT_MET', to: 'MET', ownerTo: marcus },
    });
  });

  it("lets the item's owner update it, with no role at all", async () => {
    clock = new Date('2011-01-15T09:00:00Z');
    const id = await itemId('governing-q2');
    const marcus = actorFor('marcus-bell');
    const response = await core.handleFormSubmit(submission(marcus, id, { status: 'AWAITING_EXTERNAL', externalBody: 'County group', reviewDate: '2011-06-01' }));
    expect(text([only(response, 'closeForm')])).toContain('is now awaiting County group');
    expect(only(await core.handleAction({ actor: marcus, conversation: CHANNEL, actionId: ACTION_IDS.editHallmarkItem, value: { itemId: id } }), 'openForm')).toBeTruthy();
  });

  it('shows what changed since the last posting on the next card', async () => {
    clock = new Date('2011-01-20T10:00:00Z');
    const response = await core.handleCommand({ actor: actorFor('helen-marsh'), conversation: CHANNEL, text: 'hallmarks' });
    const card = text([only(response, 'post')]);
    expect(card).toContain('Since 12 Jan 2011: 1 item changed, −1 not met, +1 awaiting others');
    expect(card).toContain('County group — 8 items');
  });

  it('answers a button from an old message, or for another partnership\'s item, without a change', async () => {
    const stale = await core.handleAction({ actor: actorFor('ruth-adeyemi'), conversation: CHANNEL, actionId: ACTION_IDS.openHallmarkItem, value: { itemId: '00000000-0000-4000-8000-000000000000' } });
    expect(text(stale)).toContain('no longer on the checklist');
    const garbled = await core.handleAction({ actor: actorFor('ruth-adeyemi'), conversation: CHANNEL, actionId: ACTION_IDS.filterHallmarks, value: { hallmark: 'NOT_A_HALLMARK' } });
    expect(text(garbled)).toContain('could not be shown');
  });
});

describe('the yearly skills and knowledge check', () => {
  it('is flagged on the card once its last assessment is more than twelve months old', async () => {
    clock = new Date('2011-06-01T10:00:00Z');
    const recent = text(await core.handleCommand({ actor: actorFor('helen-marsh'), conversation: CHANNEL, text: 'hallmarks --me' }));
    expect(recent).toContain('Yearly skills and knowledge check: last assessed 10 Jan 2011; next due by 10 Jan 2012');
    expect(recent).not.toContain('Yearly check due');

    clock = new Date('2012-01-11T10:00:00Z');
    const late = text(await core.handleCommand({ actor: actorFor('helen-marsh'), conversation: CHANNEL, text: 'hallmarks --me' }));
    expect(late).toContain('Yearly check due: lead-and-guide-r7 At least once a year the group needs to consider');
    expect(late).toContain('It was last assessed on 10 Jan 2011, more than 12 months ago.');
  });
});

describe('items due for review', () => {
  it('are the items past their review date, by owner, for the weekly reminder', async () => {
    clock = new Date('2011-06-02T10:00:00Z');
    const due = await hallmarkItemsDueForReview(prisma, partnershipId, clock);
    expect(due.map((item) => [item.key, item.ownerName, item.reviewDate.toISOString().slice(0, 10)])).toEqual([['governing-q2', 'Marcus Bell', '2011-06-01']]);
    expect(await hallmarkItemsDueForReview(prisma, partnershipId, new Date('2011-06-01T10:00:00Z'))).toEqual([]);
    expect(await hallmarkItemsDueForReview(prisma, '00000000-0000-4000-8000-000000000000', clock)).toEqual([]);

    const byOwner = dueForReviewByOwner(due);
    expect([...byOwner.keys()]).toEqual([people.get('marcus-bell')!.id]);
    const section = hallmarkReviewSection(byOwner.get(people.get('marcus-bell')!.id) ?? []);
    const view: MessageView = { kind: 'message', blocks: section };
    expect(fallbackText(view)).toContain('Hallmark items to review');
    expect(fallbackText(view)).toContain('review was due 1 Jun 2011');
    expect(JSON.stringify(section)).toContain(ACTION_IDS.openHallmarkItem);
    expectWithinLimits(view);
    expect(hallmarkReviewSection([])).toEqual([]);

    const card = text(await core.handleCommand({ actor: actorFor('helen-marsh'), conversation: CHANNEL, text: 'hallmarks --me' }));
    expect(card).toContain('Not met or overdue for review (11)');
    expect(card).toContain('review was due 1 Jun 2011 · owner: Marcus Bell');
  });
});

describe('changing the checklist by import', () => {
  it('adds, edits and retires items; a retired item leaves the card but keeps its history', async () => {
    const retiredId = await itemId('plan-r3');
    const edited = demoText()
      .replace('    text: The plan has to include a strategy for tackling crime and disorder in the area\n', '    text: The plan has to include a strategy for tackling crime and disorder in the area\n    retiredAt: 2011-06-01\n')
      .replace('text: Do you understand what makes a good evaluation?', 'text: Do you understand what makes a good evaluation, and who can carry one out?')
      .concat('  - { key: local-1, stage: Community Trigger, kind: requirement, text: Publish how residents can use the community trigger. }\n');
    const summary = await importPartnershipText(prisma, edited, 'norwich.yaml', { now: clock });
    expect(summary.counts.hallmarkItems).toMatchObject({ created: 1, updated: 2 });

    const card = text(await core.handleCommand({ actor: actorFor('helen-marsh'), conversation: CHANNEL, text: 'hallmarks --me' }));
    expect(card).toContain('111 items');
    expect(card).toContain('Community Trigger');
    expect(await prisma.hallmarkAssessment.count({ where: { itemId: retiredId } })).toBe(1);
    const retired = await core.handleAction({ actor: actorFor('helen-marsh'), conversation: CHANNEL, actionId: ACTION_IDS.openHallmarkItem, value: { itemId: retiredId } });
    expect(text(retired)).toContain('no longer on the checklist');
    const reworded = await prisma.hallmarkItem.findFirstOrThrow({ where: { partnershipId, key: 'evaluating-q6' } });
    expect(reworded.text).toBe('Do you understand what makes a good evaluation, and who can carry one out?');
  });
});
