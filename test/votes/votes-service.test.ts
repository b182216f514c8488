// Votes through the real chat core against a real database holding the Safer Norwich demo partnership:
// proposing, voting by organisation, declarations, the chair's powers, the outcome rules as recorded, and
// the decision log. The adapters are replaced by a recording notifier; test/votes/*-e2e tests cover them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { renderAdaptiveCard } from '../../src/views/adaptive-card.ts';
import { renderBlockKit } from '../../src/views/block-kit.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import type { MessageView } from '../../src/views/model.ts';
import { toPlainText } from '../../src/views/rich-text.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import type { ChatResponse } from '../../src/services/chat-core.ts';
import { channelConversation, click, createVoteWorld, proposeVote, responseText, text, type VoteWorld } from './vote-fixtures.ts';

let world: VoteWorld;

beforeAll(async () => {
  world = await createVoteWorld();
});

afterAll(async () => {
  await world?.close();
});

beforeEach(() => {
  world.notifier.clear();
});

function command(personKey: string, commandText: string): Promise<ChatResponse> {
  return world.core.handleCommand({ actor: world.actor(personKey), conversation: channelConversation(), text: commandText });
}

function fieldErrors(response: ChatResponse): Record<string, string> {
  const [result] = response;
  if (result?.type !== 'formErrors') throw new Error(`Expected form errors, got ${JSON.stringify(response)}`);
  return { ...(result.form.errors?.fields ?? {}), ...(result.form.errors?.form ? { form: result.form.errors.form } : {}) };
}

async function auditRows(action: string, outcome: 'ALLOWED' | 'REFUSED') {
  return world.prisma.auditEvent.findMany({ where: { action, outcome }, orderBy: { id: 'asc' } });
}

async function ballotsOf(proposalId: string) {
  return world.prisma.ballot.findMany({ where: { proposalId }, include: { voter: true } });
}

async function vote(personKey: string, choice: 'FOR' | 'AGAINST' | 'ABSTAIN', proposalId: string, cardId: string): Promise<ChatResponse> {
  const id = choice === 'FOR' ? ACTION_IDS.voteFor : choice === 'AGAINST' ? ACTION_IDS.voteAgainst : ACTION_IDS.voteAbstain;
  return click(world, personKey, id, proposalId, cardId);
}

/** Each view renders within Block Kit's limits and as a valid Adaptive Card. */
function expectRenderable(view: MessageView | undefined): void {
  if (!view) throw new Error('no view');
  const slack = renderBlockKit(view);
  expect(checkBlockKitLimits({ text: slack.text, blocks: slack.blocks } as unknown as Record<string, unknown>, 'message')).toEqual([]);
  expect(validateAdaptiveCard(renderAdaptiveCard(view))).toEqual([]);
}

function viewsOf(response: ChatResponse): MessageView[] {
  return response.flatMap((result) => (result.type === 'updateMessage' || result.type === 'privateReply' || result.type === 'post' ? [result.message] : []));
}

function listedItems(response: ChatResponse): string[] {
  const [reply] = response;
  if (reply?.type !== 'privateReply' && reply?.type !== 'updateMessage') throw new Error(`Expected a list, got ${JSON.stringify(response)}`);
  const list = reply.message.blocks.find((block) => block.type === 'pagedList');
  return list?.type === 'pagedList' ? list.items.map((item) => toPlainText(item.text)) : [];
}

function cardOf(response: ChatResponse): string {
  const update = response.find((result) => result.type === 'updateMessage');
  if (update?.type !== 'updateMessage') throw new Error(`Expected the card to be updated, got ${JSON.stringify(response)}`);
  return text(update.message);
}

describe('proposing a vote', () => {
  it('opens the form for the chair, vice-chair and secretariat, with the group named preselected', async () => {
    const [opened] = await command('ruth-adeyemi', 'propose rap');
    expect(opened?.type).toBe('openForm');
    if (opened?.type !== 'openForm') return;
    const group = opened.form.fields.find((field) => field.id === 'group');
    expect(group).toMatchObject({ type: 'select', initialValue: world.groups.rap });
    expect(opened.form.fields.map((field) => field.id)).toEqual(['title', 'motion', 'group', 'reason', 'amount', 'closesOn', 'closesAt', 'papers', 'tally']);
  });

  it('refuses people who are not chair, vice-chair or secretariat, and audits it', async () => {
    const before = (await auditRows('command.propose', 'REFUSED')).length;
    const response = await command('peter-sutton', 'propose rap');
    expect(response).toHaveLength(1);
    expect(response[0]?.type).toBe('privateReply');
    expect(responseText(response)).toMatch(/only for the chair, vice-chair or secretariat/);
    expect(await auditRows('command.propose', 'REFUSED')).toHaveLength(before + 1);
  });

  it('shows what is wrong next to each field and saves nothing', async () => {
    const count = await world.prisma.proposal.count();
    const { response } = await proposeVote(world, { title: '  ', amount: undefined, closesOn: '2026-11-23', closesAt: '10:30', papers: 'ftp://example.org/papers' });
    expect(fieldErrors(response)).toEqual({
      title: 'Give the vote a title.',
      amount: 'Say how much the decision commits, in pounds.',
      closesOn: 'Choose a closing time at least 60 minutes from now, so partners have time to vote.',
      papers: 'Give a web link starting with https://.',
    });
    const noFinance = await proposeVote(world, { reason: 'NO_CONSENSUS', amount: '100' });
    expect(fieldErrors(noFinance.response)).toEqual({ amount: 'Give an amount only when the decision commits finance.' });
    expect(await world.prisma.proposal.count()).toBe(count);
  });

  it('allows a vote only in a group the person chairs or supports, and only where there are voters and a channel', async () => {
    const notTheirs = await proposeVote(world, { group: world.groups.pog ?? '' }, 'daniel-reeve');
    expect(fieldErrors(notTheirs.response).group).toBe('You can open votes only in groups where you are the chair, vice-chair or secretariat.');
    expect((await auditRows('vote.propose', 'REFUSED')).at(-1)).toMatchObject({ subjectId: world.groups.pog });

    const noVoters = await proposeVote(world, { group: world.groups.pog ?? '' }, 'ian-brookes');
    expect(fieldErrors(noVoters.response).group).toMatch(/has no voting members/);
  });

  it('posts the card to the group channel, and opens nothing when it cannot be posted', async () => {
    world.notifier.failPosts = true;
    const count = await world.prisma.proposal.count();
    const failed = await proposeVote(world);
    world.notifier.failPosts = false;
    expect(fieldErrors(failed.response).form).toMatch(/could not be posted/);
    expect(await world.prisma.proposal.count()).toBe(count);

    const { proposalId, cardId, response } = await proposeVote(world, { papers: 'https://example.org/rap/papers.pdf' });
    expect(response[0]?.type).toBe('closeForm');
    expect(responseText(response)).toMatch(/is open in #rap-board until Mon 30 Nov 2026, 17:00/);
    const [posted] = world.notifier.posts;
    expect(posted?.target).toMatchObject({ channelId: 'C0RAPBOARD' });
    expect(posted?.target.threadId).toBeUndefined();
    const card = text(posted?.message);
    expect(card).toContain('Vote: Fund the night-time economy marshals');
    expect(card).toContain('The decision commits finance: £12,500.00');
    expect(card).toContain('4 more partners needed for quorum');
    expect(JSON.stringify(posted?.message)).toContain(ACTION_IDS.voteFor);
    const proposal = await world.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } });
    expect(proposal).toMatchObject({ status: 'OPEN', reason: 'FINANCE', postPlatform: 'SLACK', postChannelId: 'C0RAPBOARD', postMessageId: cardId });
    expect(proposal.closesAt.toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(proposal.financeAmount?.toString()).toBe('12500');
  });
});

describe('voting by button', () => {
  it('records one ballot per person, keeps every change, and shows the count by organisation only', async () => {
    const { proposalId, cardId } = await proposeVote(world);
    const first = await vote('helen-marsh', 'FOR', proposalId, cardId);
    expect(first.map((result) => result.type)).toEqual(['updateMessage', 'privateReply']);
    expect(responseText(first)).toContain('Your vote for Norwich City Council is recorded: For.');
    const card = cardOf(first);
    expect(card).toContain('3 more partners needed for quorum. 1 of 7 statutory partners have taken part');
    expect(card).toMatch(/Not yet voted: Norfolk Constabulary, .*Norfolk Probation Area/);
    expect(card).not.toContain('Helen Marsh');

    await vote('daniel-reeve', 'AGAINST', proposalId, cardId);
    const changed = await vote('daniel-reeve', 'FOR', proposalId, cardId);
    expect(responseText(changed)).toContain('You changed your vote for Norfolk Constabulary from against to for.');
    const again = await vote('daniel-reeve', 'FOR', proposalId, cardId);
    expect(responseText(again)).toContain('Your vote is already recorded as For; nothing changed.');

    const ballots = await ballotsOf(proposalId);
    expect(ballots.map((ballot) => [ballot.voter.key, ballot.choice]).sort()).toEqual([
      ['daniel-reeve', 'FOR'],
      ['helen-marsh', 'FOR'],
    ]);
    const history = await world.prisma.ballotChange.findMany({ where: { proposalId, voterId: world.people['daniel-reeve'] }, orderBy: { changedAt: 'asc' } });
    expect(history.map((change) => [change.previous, change.choice])).toEqual([
      [null, 'AGAINST'],
      ['AGAINST', 'FOR'],
    ]);
    expect((await auditRows('vote.cast', 'ALLOWED')).filter((row) => row.subjectId === proposalId)).toHaveLength(4);
  });

  it('politely refuses members without a vote, audits it and changes nothing', async () => {
    const { proposalId, cardId } = await proposeVote(world);
    for (const personKey of ['peter-sutton', 'marcus-bell', 'ruth-adeyemi']) {
      const response = await vote(personKey, 'FOR', proposalId, cardId);
      expect(response.map((result) => result.type)).toEqual(['privateReply']);
      expect(responseText(response)).toMatch(/^Thank you, but your vote cannot be counted on Fund the night-time economy marshals\. Only the named representative or deputy/);
    }
    expect(await ballotsOf(proposalId)).toEqual([]);
    const refused = (await auditRows('vote.cast', 'REFUSED')).filter((row) => row.subjectId === proposalId);
    expect(refused.map((row) => row.actorPersonId)).toEqual([world.people['peter-sutton'], world.people['marcus-bell'], world.people['ruth-adeyemi']]);
    expect(world.notifier.updates).toEqual([]);
  });

  it("counts one vote per partner: the representative's stands over the deputy's, and both are told", async () => {
    const { proposalId, cardId } = await proposeVote(world);
    await vote('helen-marsh', 'FOR', proposalId, cardId);
    world.notifier.clear();
    const deputy = await vote('sam-okafor', 'AGAINST', proposalId, cardId);
    expect(responseText(deputy)).toContain('Helen Marsh, the representative of Norwich City Council, has also voted, so their vote counts for Norwich City Council and yours does not.');
    expect(world.notifier.directs).toHaveLength(1);
    expect(world.notifier.directs[0]?.target.userId).toBe(world.userIdOf('helen-marsh'));
    expect(text(world.notifier.directs[0]?.message)).toContain("Your deputy has also voted for Norwich City Council. Your vote is the one that counts");
    const card = cardOf(deputy);
    expect(card).toContain('1 of 7 statutory partners have taken part');

    const shown = await click(world, 'ruth-adeyemi', ACTION_IDS.showVotes, proposalId, cardId);
    expect(responseText(shown)).toContain('Norwich City Council — counted: For');
    expect(responseText(shown)).toContain("The representative's vote stands over the deputy's.");
  });

  it('takes a declaration of interest as present but abstaining, until it is withdrawn', async () => {
    const { proposalId, cardId } = await proposeVote(world);
    const [opened] = await click(world, 'priya-raman', ACTION_IDS.openDeclareInterestForm, proposalId, cardId);
    expect(opened?.type).toBe('openForm');
    const submit = (fields: Record<string, string>, personKey = 'priya-raman') =>
      world.core.handleFormSubmit({
        actor: world.actor(personKey),
        conversation: channelConversation(),
        formId: ACTION_IDS.submitDeclareInterestForm,
        fields,
        metadata: { p: proposalId },
      });
    await vote('priya-raman', 'FOR', proposalId, cardId);
    world.notifier.clear();
    const declared = await submit({ interest: 'My husband chairs the marshals charity.' });
    expect(responseText(declared)).toContain('Your declaration of interest for Norfolk Primary Care Trust is recorded.');
    expect(text(world.notifier.posts[0]?.message)).toBe('Norfolk Primary Care Trust has declared an interest: it counts as present and abstaining.');
    expect(world.notifier.posts[0]?.target.threadId).toBe(cardId);
    expect(text(world.notifier.updates.at(-1)?.message)).toContain('Declared an interest (counted as present, abstaining): Norfolk Primary Care Trust.');

    const shown = responseText(await click(world, 'helen-marsh', ACTION_IDS.showVotes, proposalId, cardId));
    expect(shown).toContain('Norfolk Primary Care Trust — counted: Abstain');
    expect(shown).toContain('My husband chairs the marshals charity.');

    const [reopened] = await click(world, 'priya-raman', ACTION_IDS.openDeclareInterestForm, proposalId, cardId);
    expect(JSON.stringify(reopened)).toContain('Withdraw my declaration');
    const withdrawn = await submit({ declaration: 'withdraw', interest: '' });
    expect(responseText(withdrawn)).toContain('withdrawn');
    expect(await world.prisma.declarationOfInterest.count({ where: { proposalId } })).toBe(0);

    const refused = await click(world, 'karen-doyle', ACTION_IDS.openDeclareInterestForm, proposalId, cardId);
    expect(refused[0]?.type).toBe('privateReply');
    expect((await auditRows('vote.declareInterest', 'REFUSED')).at(-1)).toMatchObject({ subjectId: proposalId, actorPersonId: world.people['karen-doyle'] });
  });

  it('shows the per-person record only to the chair, vice-chair and secretariat while open', async () => {
    const { proposalId, cardId } = await proposeVote(world);
    await vote('helen-marsh', 'FOR', proposalId, cardId);
    const refused = await click(world, 'owen-pritchard', ACTION_IDS.showVotes, proposalId, cardId);
    expect(responseText(refused)).toMatch(/only the chair, vice-chair and secretariat/);
    expect((await auditRows('vote.showVotes', 'REFUSED')).at(-1)).toMatchObject({ actorPersonId: world.people['owen-pritchard'] });
    const shown = responseText(await click(world, 'daniel-reeve', ACTION_IDS.showVotes, proposalId, cardId));
    expect(shown).toContain('Helen Marsh (representative): For at Mon 23 Nov 2026, 10:00');
    expect(shown).toContain('Sam Okafor (deputy): has not voted');
  });
});

describe('closing and the outcome', () => {
  it('lets only the chair close early; a quorate majority carries and the result goes to the thread, the channel and the log', async () => {
    const { proposalId, cardId } = await proposeVote(world);
    await vote('helen-marsh', 'FOR', proposalId, cardId);
    await vote('daniel-reeve', 'AGAINST', proposalId, cardId);
    await vote('daniel-reeve', 'FOR', proposalId, cardId);
    await vote('margaret-ellison', 'AGAINST', proposalId, cardId);
    await world.core.handleFormSubmit({
      actor: world.actor('priya-raman'),
      conversation: channelConversation(),
      formId: ACTION_IDS.submitDeclareInterestForm,
      fields: { interest: 'Trustee of the charity' },
      metadata: { p: proposalId },
    });

    const refused = await click(world, 'owen-pritchard', ACTION_IDS.closeVote, proposalId, cardId);
    expect(responseText(refused)).toMatch(/Only the chair of Responsible Authorities Partnership \(RAP\) can close a vote early/);
    world.notifier.clear();

    const closed = await click(world, 'helen-marsh', ACTION_IDS.closeVote, proposalId, cardId);
    const card = cardOf(closed);
    const decision = await world.prisma.decision.findUniqueOrThrow({ where: { proposalId } });
    expect(card).toContain(`Decision ${decision.number}: Carried`);
    expect(card).toContain('Carried (simple majority): 2 for, 1 against, 1 abstention (1 partner declared an interest). 4 of 7 statutory partners took part; quorum 4.');
    expect(card).toContain('Norfolk Constabulary: For (Daniel Reeve, representative)');
    expect(card).toContain('Norfolk Primary Care Trust: Abstained: interest declared by Priya Raman');
    expect(card).toContain('Priya Raman (Norfolk Primary Care Trust): Trustee of the charity');
    expect(responseText(closed)).toContain(`You closed the vote: it is decision ${decision.number}.`);

    const [thread, channel] = world.notifier.posts;
    for (const view of [...viewsOf(closed), thread?.message, channel?.message]) expectRenderable(view);
    expect(thread?.target.threadId).toBe(cardId);
    expect(text(thread?.message)).toContain('Result: Fund the night-time economy marshals');
    expect(text(thread?.message)).toContain('Quorate: 4 of 7 statutory partners took part (quorum 4).');
    expect(channel?.target.threadId).toBeUndefined();
    expect(text(channel?.message)).toContain(`Decision ${decision.number}: Fund the night-time economy marshals`);
    expect(text(channel?.message)).toContain('Interests declared: Norfolk Primary Care Trust.');
    expect(world.notifier.updates).toEqual([]);

    expect(decision).toMatchObject({
      outcome: 'CARRIED',
      quorate: true,
      quorumRequired: 4,
      presentCount: 4,
      forCount: 2,
      againstCount: 1,
      abstainCount: 1,
      castingVote: null,
      proposedByName: 'Ruth Adeyemi',
      title: 'Fund the night-time economy marshals',
    });
    const record = decision.tally as { trigger: string; closedBy: { name: string }; people: { name: string; changes: number; counted: boolean }[] };
    expect(record.trigger).toBe('CHAIR');
    expect(record.closedBy.name).toBe('Helen Marsh');
    expect(record.people.find((person) => person.name === 'Daniel Reeve')).toMatchObject({ changes: 1, counted: true });
    expect(record.people.find((person) => person.name === 'Priya Raman')).toBeUndefined();
    expect(decision.declarations).toEqual([expect.objectContaining({ name: 'Priya Raman', organisation: 'Norfolk Primary Care Trust', text: 'Trustee of the charity', counted: true })]);
    expect(await world.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } })).toMatchObject({ status: 'CLOSED', closedById: world.people['helen-marsh'] });

    const withdrawLate = await world.core.handleFormSubmit({
      actor: world.actor('priya-raman'),
      conversation: channelConversation(),
      formId: ACTION_IDS.submitDeclareInterestForm,
      fields: { declaration: 'withdraw' },
      metadata: { p: proposalId },
    });
    expect(responseText(withdrawLate)).toMatch(/has closed: it is decision \d+ in the decision log\. Nothing was recorded\./);
    expect(await world.prisma.declarationOfInterest.count({ where: { proposalId } })).toBe(1);

    const late = await vote('owen-pritchard', 'FOR', proposalId, cardId);
    expect(responseText(late)).toMatch(/has closed: it is decision \d+ in the decision log/);
    expect(await world.prisma.ballot.count({ where: { proposalId, voterId: world.people['owen-pritchard'] } })).toBe(0);
    const shownAfter = await click(world, 'owen-pritchard', ACTION_IDS.showVotes, proposalId, cardId);
    for (const view of viewsOf(shownAfter)) expectRenderable(view);
    const record2 = responseText(shownAfter);
    expect(record2).toContain('Votes: Fund the night-time economy marshals');
  });

  it('on a 2–2 tie asks the chair in the thread and waits; only the chair’s casting vote decides', async () => {
    const { proposalId, cardId } = await proposeVote(world, { title: 'Extend CCTV to the Riverside' });
    await vote('helen-marsh', 'FOR', proposalId, cardId);
    await vote('daniel-reeve', 'FOR', proposalId, cardId);
    await vote('margaret-ellison', 'AGAINST', proposalId, cardId);
    await vote('owen-pritchard', 'AGAINST', proposalId, cardId);
    world.notifier.clear();

    const closed = await click(world, 'helen-marsh', ACTION_IDS.closeVote, proposalId, cardId);
    expect(cardOf(closed)).toContain("Tied 2–2: waiting for the chair's casting vote.");
    expect(await world.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } })).toMatchObject({ status: 'AWAITING_CASTING_VOTE' });
    expect(await world.prisma.decision.count({ where: { proposalId } })).toBe(0);
    const request = world.notifier.posts[0];
    for (const view of [...viewsOf(closed), request?.message]) expectRenderable(view);
    expect(request?.target.threadId).toBe(cardId);
    expect(text(request?.message)).toContain('Helen Marsh: the vote is tied 2–2.');
    expect(JSON.stringify(request?.message)).toContain(ACTION_IDS.castingVoteFor);

    const notChair = await click(world, 'daniel-reeve', ACTION_IDS.castingVoteFor, proposalId, request?.messageId);
    expect(responseText(notChair)).toContain('Only the chair can give the casting vote.');
    expect((await auditRows('vote.castingVote', 'REFUSED')).at(-1)).toMatchObject({ actorPersonId: world.people['daniel-reeve'] });
    const changeAttempt = await vote('owen-pritchard', 'FOR', proposalId, cardId);
    expect(responseText(changeAttempt)).toMatch(/waiting for the chair's casting vote, so votes can no longer change/);
    world.notifier.clear();

    const cast = await click(world, 'helen-marsh', ACTION_IDS.castingVoteAgainst, proposalId, request?.messageId);
    expect(cast[0]).toMatchObject({ type: 'updateMessage' });
    const decision = await world.prisma.decision.findUniqueOrThrow({ where: { proposalId } });
    expect(decision).toMatchObject({ outcome: 'LOST', castingVote: 'AGAINST', forCount: 2, againstCount: 2, quorate: true });
    expect(text(world.notifier.updates[0]?.message)).toContain(`Decision ${decision.number}: Lost`);
    expect(text(world.notifier.updates[0]?.message)).toContain("Lost on the chair's casting vote (against)");
    expect(text(world.notifier.posts[0]?.message)).toContain('Result: Extend CCTV to the Riverside');
    expect(responseText(await click(world, 'helen-marsh', ACTION_IDS.castingVoteFor, proposalId, request?.messageId))).toMatch(/no tie waiting/);
  });

  it('records a tie as lost when the rules give the chair no casting vote', async () => {
    await world.prisma.partnership.update({ where: { id: world.partnershipId }, data: { chairHasCastingVote: false } });
    try {
      const { proposalId, cardId } = await proposeVote(world, { title: 'Tie without a casting vote' });
      await vote('helen-marsh', 'FOR', proposalId, cardId);
      await vote('daniel-reeve', 'FOR', proposalId, cardId);
      await vote('margaret-ellison', 'AGAINST', proposalId, cardId);
      await vote('owen-pritchard', 'AGAINST', proposalId, cardId);
      await click(world, 'helen-marsh', ACTION_IDS.closeVote, proposalId, cardId);
      expect(await world.prisma.decision.findUniqueOrThrow({ where: { proposalId } })).toMatchObject({ outcome: 'LOST', castingVote: null });
    } finally {
      await world.prisma.partnership.update({ where: { id: world.partnershipId }, data: { chairHasCastingVote: true } });
    }
  });

  it('records an inquorate vote as no decision, never carried or lost', async () => {
    const { proposalId, cardId } = await proposeVote(world, { title: 'Three partners only' });
    for (const key of ['helen-marsh', 'daniel-reeve', 'owen-pritchard']) await vote(key, 'FOR', proposalId, cardId);
    const closed = await click(world, 'helen-marsh', ACTION_IDS.closeVote, proposalId, cardId);
    expect(cardOf(closed)).toContain('No decision: not quorate');
    expect(await world.prisma.decision.findUniqueOrThrow({ where: { proposalId } })).toMatchObject({
      outcome: 'NO_DECISION_INQUORATE',
      quorate: false,
      presentCount: 3,
      forCount: 3,
    });
  });

  it('closes by itself once every voting partner has voted', async () => {
    const { proposalId, cardId } = await proposeVote(world, { title: 'Everyone votes' });
    const voters = ['helen-marsh', 'thomas-hale', 'daniel-reeve', 'margaret-ellison', 'owen-pritchard', 'priya-raman'];
    for (const key of voters) await vote(key, key === 'thomas-hale' ? 'AGAINST' : 'FOR', proposalId, cardId);
    expect(await world.prisma.decision.count({ where: { proposalId } })).toBe(0);
    world.notifier.clear();
    const last = await vote('colin-ashby', 'ABSTAIN', proposalId, cardId);
    expect(responseText(last)).toContain('Every voting partner has now voted, so the vote has closed');
    const decision = await world.prisma.decision.findUniqueOrThrow({ where: { proposalId } });
    expect(decision).toMatchObject({ outcome: 'CARRIED', forCount: 5, againstCount: 1, abstainCount: 1, presentCount: 7 });
    expect((decision.tally as { trigger: string }).trigger).toBe('ALL_VOTED');
    expect(cardOf(last)).toContain(`Decision ${decision.number}: Carried`);
    expect(world.notifier.posts.map((post) => post.target.threadId ?? null)).toEqual([cardId, null]);
  });
});

describe('the decision log', () => {
  it('numbers decisions in order, lists them by group and date, and shows one in full', async () => {
    const decisions = await world.prisma.decision.findMany({ where: { partnershipId: world.partnershipId }, orderBy: { number: 'asc' } });
    expect(decisions.length).toBeGreaterThanOrEqual(5);
    expect(decisions.map((decision) => decision.number)).toEqual(decisions.map((_, index) => index + 1));

    const listed = await command('owen-pritchard', 'decisions rap 2026-11-01');
    const [reply] = listed;
    expect(reply?.type).toBe('privateReply');
    const shown = responseText(listed);
    expect(shown).toContain('Decision log for Responsible Authorities Partnership (RAP) since 2026-11-01');
    const items = listedItems(listed);
    expect(items).toHaveLength(decisions.length);
    expect(items[0]).toMatch(new RegExp(`^${decisions.at(-1)?.number}\\. Everyone votes — Carried\\n23 Nov 2026 · Responsible Authorities Partnership \\(RAP\\) · 5 for, 1 against, 1 abstaining; quorate, 7 present \\(quorum 4\\)\\nOpen the vote thread \\(https://norfolk\\.slack\\.example/archives/\\w+/p\\d+\\)$`));
    expect(listedItems(await command('owen-pritchard', 'decisions rap 2027-01-01'))).toEqual([]);
    expect(await command('owen-pritchard', 'decisions nowhere').then(responseText)).toContain('has no group called "nowhere"');

    const detail = responseText(await command('owen-pritchard', `decision ${decisions[0]?.number}`));
    expect(detail).toContain('Decision 1: Fund the night-time economy marshals');
    expect(detail).toContain('Proposed by: Ruth Adeyemi');
  });

  it('pages the list with the previous/next buttons', async () => {
    const [reply] = await command('owen-pritchard', 'decisions');
    if (reply?.type !== 'privateReply') throw new Error('expected the list');
    const list = reply.message.blocks.find((block) => block.type === 'pagedList');
    expect(list).toMatchObject({ type: 'pagedList', page: 0, pagingValue: { list: 'decisions' } });
    const paged = await world.core.handleAction({
      actor: world.actor('owen-pritchard'),
      conversation: channelConversation(),
      actionId: ACTION_IDS.pageNext,
      value: { list: 'decisions', page: 1 },
      message: { id: 'ephemeral' },
    });
    expect(paged[0]).toMatchObject({ type: 'updateMessage', message: { blocks: expect.arrayContaining([expect.objectContaining({ type: 'pagedList', page: 1 })]) } });
  });

  it('lets only the secretariat record a correction, as a new decision that names the old one', async () => {
    const refused = await command('helen-marsh', 'decision correct 1');
    expect(responseText(refused)).toContain('Only the secretariat can record a correction');
    expect((await auditRows('decision.correct', 'REFUSED')).at(-1)).toMatchObject({ actorPersonId: world.people['helen-marsh'] });

    const [form] = await command('ruth-adeyemi', 'decision correct 1');
    expect(form?.type).toBe('openForm');
    const submit = (fields: Record<string, string>) =>
      world.core.handleFormSubmit({
        actor: world.actor('ruth-adeyemi'),
        conversation: channelConversation(),
        formId: ACTION_IDS.submitDecisionCorrection,
        fields,
        metadata: { n: 1 },
      });
    const inconsistent = await submit({ outcome: 'CARRIED', forCount: '2', againstCount: '0', abstainCount: '0', reason: 'Miscounted' });
    expect(fieldErrors(inconsistent).outcome).toMatch(/below the quorum of 4/);

    const before = await world.prisma.decision.findUniqueOrThrow({ where: { partnershipId_number: { partnershipId: world.partnershipId, number: 1 } } });
    const saved = await submit({ outcome: 'LOST', forCount: '1', againstCount: '2', abstainCount: '1', reason: 'The Constabulary vote was recorded for, but was against.' });
    const number = Number(/Recorded decision (\d+)/.exec(responseText(saved))?.[1]);
    const correction = await world.prisma.decision.findUniqueOrThrow({ where: { partnershipId_number: { partnershipId: world.partnershipId, number } } });
    expect(correction).toMatchObject({ correctsId: before.id, outcome: 'LOST', forCount: 1, againstCount: 2, abstainCount: 1, presentCount: 4, quorate: true, proposalId: null, recordedByName: 'Ruth Adeyemi' });
    expect(await world.prisma.decision.findUniqueOrThrow({ where: { id: before.id } })).toEqual(before);
    expect(responseText(await command('owen-pritchard', 'decision 1'))).toContain(`Corrected by: Decision ${number}`);
    expect(responseText(await command('ruth-adeyemi', 'decision correct 1'))).toContain(`already corrected by decision ${number}`);
  });
});
