// Votes recorded on a partner's behalf and secret tallies through the chat core on the real database: who may
// record, one standing ballot per partner, the partner's own vote standing over anything recorded for it,
// nothing recorded once the vote has closed, and a group's default for secret tallies.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import type { ChatResponse } from '../../src/services/chat-core.ts';
import { channelConversation, click, createVoteWorld, proposeVote, responseText, type VoteWorld } from './vote-fixtures.ts';

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

async function numberOf(proposalId: string): Promise<number> {
  return (await world.prisma.proposal.findUniqueOrThrow({ where: { id: proposalId } })).number ?? 0;
}

describe('recording votes on a partner’s behalf', () => {
  it('keeps one standing ballot per partner, replacing what was recorded before, with the history kept', async () => {
    const { proposalId, response } = await proposeVote(world, { title: 'Recorded ballots' });
    const number = await numberOf(proposalId);
    expect(responseText(response)).toContain(`Recorded ballots (vote ${number}) is open in`);
    const city = world.organisations['norwich-city-council'] ?? (await world.prisma.organisation.findFirstOrThrow({ where: { name: 'Norwich City Council' } })).id;

    const first = await command('ruth-adeyemi', `vote record ${number} Norwich City Council for via meeting on 2026-11-23`);
    expect(responseText(first)).toContain('Norwich City Council: For (Helen Marsh).');
    const second = await command('ruth-adeyemi', `vote record ${number} city council against via email on 2026-11-23 by deputy`);
    expect(responseText(second)).toContain('Norwich City Council: Against (Sam Okafor).');
    expect(responseText(second)).toContain('on behalf by Ruth Adeyemi by email on 23 Nov 2026');

    const ballots = await world.prisma.ballot.findMany({ where: { proposalId, organisationId: city } });
    expect(ballots.map((ballot) => [ballot.voterId, ballot.choice, ballot.recordedVia, ballot.recordedById])).toEqual([[world.people['sam-okafor'], 'AGAINST', 'EMAIL', world.people['ruth-adeyemi']]]);
    const history = await world.prisma.ballotChange.findMany({ where: { proposalId, organisationId: city }, orderBy: { changedAt: 'asc' } });
    expect(history.map((row) => [row.choice, row.recordedVia])).toEqual([
      ['FOR', 'MEETING'],
      ['AGAINST', 'EMAIL'],
    ]);
  });

  it('leaves a partner’s own vote standing, says so, and audits it', async () => {
    const { proposalId, cardId } = await proposeVote(world, { title: 'Own vote stands' });
    const number = await numberOf(proposalId);
    await click(world, 'daniel-reeve', ACTION_IDS.voteFor, proposalId, cardId);
    const response = await command('ruth-adeyemi', `vote record ${number} Norfolk Constabulary against via meeting on 2026-11-23`);
    expect(responseText(response)).toContain('Norfolk Constabulary: not recorded, because it has already voted itself with the buttons, and its own vote stands.');
    const ballot = await world.prisma.ballot.findFirstOrThrow({ where: { proposalId, voterId: world.people['daniel-reeve'] } });
    expect(ballot).toMatchObject({ choice: 'FOR', recordedVia: 'CLICK' });
    const audit = await world.prisma.auditEvent.findFirstOrThrow({ where: { action: 'vote.recordOnBehalf', outcome: 'REFUSED', subjectId: proposalId } });
    expect(audit.reason).toBe('the partner has voted itself; its own vote stands');
  });

  it('is refused to anyone but the chair and the secretariat, and audited', async () => {
    const { proposalId, cardId } = await proposeVote(world, { title: 'Only the chair or secretariat' });
    const refused = await click(world, 'daniel-reeve', ACTION_IDS.openRecordVotesForm, proposalId, cardId);
    expect(responseText(refused)).toContain('Only the chair or the secretariat of');
    expect(await world.prisma.auditEvent.count({ where: { action: 'vote.recordOnBehalf', outcome: 'REFUSED', subjectId: proposalId, actorPersonId: world.people['daniel-reeve'] } })).toBe(1);
    const chair = await click(world, 'helen-marsh', ACTION_IDS.openRecordVotesForm, proposalId, cardId);
    expect(chair[0]?.type).toBe('openForm');
  });

  it('checks the date and the vote number, and records nothing once the vote has closed', async () => {
    const { proposalId, cardId } = await proposeVote(world, { title: 'Closed before recording' });
    const number = await numberOf(proposalId);
    expect(responseText(await command('ruth-adeyemi', `vote record ${number} Norfolk Constabulary for via meeting on 2026-11-30`))).toContain('cannot be in the future');
    expect(responseText(await command('ruth-adeyemi', `vote record ${number} Norfolk Constabulary for via meeting on 2026-02-30`))).toContain('That is not a real date.');
    expect(responseText(await command('ruth-adeyemi', 'vote record 999 Norfolk Constabulary for via meeting'))).toContain('There is no vote 999');
    expect(responseText(await command('ruth-adeyemi', `vote record ${number} Atlantis Council for via meeting`))).toContain('is not a statutory partner voting in');
    await click(world, 'helen-marsh', ACTION_IDS.closeVote, proposalId, cardId);
    const late = await command('ruth-adeyemi', `vote record ${number} Norfolk Constabulary for via meeting`);
    expect(responseText(late)).toContain('has closed');
    expect(await world.prisma.ballot.count({ where: { proposalId } })).toBe(0);
  });
});

describe('recording a whole meeting', () => {
  it('closes the vote when every partner has then taken part, and shows the result on the card', async () => {
    const { proposalId, cardId } = await proposeVote(world, { title: 'Decided in the room' });
    const [opened] = await click(world, 'ruth-adeyemi', ACTION_IDS.openRecordVotesForm, proposalId, cardId);
    if (opened?.type !== 'openForm') throw new Error('The record votes form did not open');
    const fields: Record<string, string> = { via: 'MEETING', on: '2026-11-23' };
    for (const field of opened.form.fields) if (field.id.startsWith('o-')) fields[field.id] = 'FOR';
    world.notifier.clear();
    const response = await world.core.handleFormSubmit({ actor: world.actor('ruth-adeyemi'), conversation: channelConversation(), formId: ACTION_IDS.submitRecordVotesForm, fields, metadata: { p: proposalId } });
    expect(responseText(response)).toContain('Every voting partner has now taken part, so the vote has closed');
    const decision = await world.prisma.decision.findUniqueOrThrow({ where: { proposalId } });
    expect(decision).toMatchObject({ outcome: 'CARRIED', againstCount: 0 });
    expect(decision.forCount).toBe(Object.keys(fields).filter((id) => id.startsWith('o-')).length);
    const card = world.notifier.updates.filter((update) => update.messageId === cardId).at(-1);
    expect(responseText([{ type: 'privateReply', message: card?.message ?? { kind: 'message', blocks: [] } }])).toContain(`Decision ${decision.number}: Carried`);
  });
});

describe('a group’s default for secret tallies', () => {
  it('makes new votes secret unless the proposer chooses an open count', async () => {
    await world.prisma.group.update({ where: { id: world.groups.rap ?? '' }, data: { secretTallyDefault: true } });
    const byDefault = await proposeVote(world, { title: 'Secret by default' });
    const chosenOpen = await proposeVote(world, { title: 'Open by choice', tally: 'open' });
    await world.prisma.group.update({ where: { id: world.groups.rap ?? '' }, data: { secretTallyDefault: false } });
    const chosenSecret = await proposeVote(world, { title: 'Secret by choice', tally: 'secret' });
    const secret = async (id: string) => (await world.prisma.proposal.findUniqueOrThrow({ where: { id } })).secretTally;
    expect([await secret(byDefault.proposalId), await secret(chosenOpen.proposalId), await secret(chosenSecret.proposalId)]).toEqual([true, false, true]);
  });
});
