// Decisions and votes in threads, by the partnership's terms of reference: proposing, the vote buttons and
// their card, declarations of interest, closing and the casting vote, and the decision log.
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { ChatFeature } from '../registry.ts';
import { castingVote, castVote, chairCloses, declareInterestForm, openDeclareInterest, proposalIdOf, showVotes, submitDeclareInterest } from './ballot-actions.ts';
import { decisionCommand, decisionsCommand, decisionsPage, DECISIONS_LIST_ID, openDecision, reopenCorrection, submitCorrection } from './decision-log.ts';
import { groupFromArguments, proposeForm, submitPropose } from './propose.ts';
import { loadProposalState } from '../../db/proposal-store.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { buildProposalModel } from './proposal-model.ts';
import { openRecordVotes, reopenRecordVotes, submitRecordVotes, VOTE_COMMAND_USAGE, voteCommand } from './on-behalf.ts';

const PROPOSERS = ['CHAIR', 'VICE_CHAIR', 'SECRETARIAT'] as const;
const RECORDERS = ['CHAIR', 'SECRETARIAT'] as const;

export const voteFeature: ChatFeature = {
  name: 'votes',
  register(registry) {
    registry.command({
      name: 'propose',
      summary: 'Opens a vote in a group you chair or support: the card goes to its channel.',
      usage: '[group key]',
      example: 'propose rap',
      roles: [...PROPOSERS],
      run: async (context, args) => [{ type: 'openForm', form: proposeForm(context, {}, groupFromArguments(context, args.rest)) }],
    });
    registry.action({
      actionId: ACTION_IDS.openProposeForm,
      roles: [...PROPOSERS],
      run: async (context) => [{ type: 'openForm', form: proposeForm(context) }],
    });
    registry.form({
      formId: ACTION_IDS.submitProposeForm,
      roles: [...PROPOSERS],
      run: submitPropose,
      reopen: (context, submission) => proposeForm(context, submission.fields),
    });
    registry.homeShortcut({ label: 'Propose a vote', actionId: ACTION_IDS.openProposeForm, roles: [...PROPOSERS], order: 30 });

    registry.action({ actionId: ACTION_IDS.voteFor, run: (context, request) => castVote(context, request, 'FOR') });
    registry.action({ actionId: ACTION_IDS.voteAgainst, run: (context, request) => castVote(context, request, 'AGAINST') });
    registry.action({ actionId: ACTION_IDS.voteAbstain, run: (context, request) => castVote(context, request, 'ABSTAIN') });
    registry.action({ actionId: ACTION_IDS.openDeclareInterestForm, run: openDeclareInterest });
    registry.form({
      formId: ACTION_IDS.submitDeclareInterestForm,
      run: submitDeclareInterest,
      async reopen(context, submission) {
        const state = await loadProposalState(context.services.db, proposalIdOf(submission.metadata), context.today);
        if (!state || state.partnershipId !== context.person.partnershipId) throw new NotFoundError('That vote no longer exists.');
        const existing = state.declarations.find((declaration) => declaration.personId === context.person.id) ?? null;
        return declareInterestForm(buildProposalModel(state), existing, submission.fields);
      },
    });
    registry.action({ actionId: ACTION_IDS.showVotes, run: showVotes });
    registry.command({
      name: 'vote',
      summary: "Records votes given at a meeting, by phone or by email on the partners' behalf (chair or secretariat).",
      usage: VOTE_COMMAND_USAGE,
      example: 'vote record 3 Norfolk Constabulary for via meeting on 2026-12-03',
      roles: [...RECORDERS],
      run: voteCommand,
    });
    // No role gate on the button: the handler says why and audits it, naming the group whose chair or secretariat may.
    registry.action({ actionId: ACTION_IDS.openRecordVotesForm, run: openRecordVotes });
    registry.form({ formId: ACTION_IDS.submitRecordVotesForm, roles: [...RECORDERS], run: submitRecordVotes, reopen: reopenRecordVotes });
    registry.action({ actionId: ACTION_IDS.closeVote, run: chairCloses });
    registry.action({ actionId: ACTION_IDS.castingVoteFor, run: (context, request) => castingVote(context, request, 'FOR') });
    registry.action({ actionId: ACTION_IDS.castingVoteAgainst, run: (context, request) => castingVote(context, request, 'AGAINST') });

    registry.command({
      name: 'decisions',
      summary: 'Lists the decision log, newest first; optionally for one group and since a date.',
      usage: '[export] [group key] [since YYYY-MM-DD]',
      example: 'decisions rap 2026-04-01',
      run: decisionsCommand,
    });
    registry.command({
      name: 'decision',
      summary: 'Shows one decision in full; the secretariat can record a correction.',
      usage: '<number> | correct <number>',
      example: 'decision 12',
      run: decisionCommand,
    });
    registry.action({ actionId: ACTION_IDS.openDecision, run: openDecision });
    registry.pagedList({ id: DECISIONS_LIST_ID, run: (context, page, value) => decisionsPage(context, page, value) });
    registry.form({ formId: ACTION_IDS.submitDecisionCorrection, roles: ['SECRETARIAT'], run: submitCorrection, reopen: reopenCorrection });
  },
};
