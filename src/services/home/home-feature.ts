// The home view's own sections: the person's open actions and the open votes in their groups. Other
// features add sections and shortcut buttons through the registry as they come.
import { listOpenActionsOwnedBy, listOpenProposalsForMember } from '../../db/membership-store.ts';
import type { ListItem, ViewBlock } from '../../views/model.ts';
import { bold, lineBreak, rich } from '../../views/model.ts';
import type { ChatFeature, PersonContext } from '../registry.ts';
import { privateReply } from '../replies.ts';
import { buildHomeView } from './home-view.ts';

const HOME_LIST_LIMIT = 10;

const ACTION_STATUS_LABELS: Readonly<Record<string, string>> = {
  NOT_STARTED: 'Not started',
  ON_TRACK: 'On track',
  AT_RISK: 'At risk',
  OFF_TRACK: 'Off track',
  COMPLETE: 'Complete',
  CANCELLED: 'Cancelled',
};

const CHOICE_LABELS: Readonly<Record<string, string>> = { FOR: 'for', AGAINST: 'against', ABSTAIN: 'to abstain' };

function formatDate(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}

function formatDateTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  }).format(instant);
}

function moreNote(shown: number, total: number, noun: string): ViewBlock[] {
  return total > shown ? [{ type: 'context', text: `Showing ${shown} of ${total} ${noun}, the most urgent first.` }] : [];
}

async function myActionsSection(context: PersonContext): Promise<ViewBlock[]> {
  const { actions, total } = await listOpenActionsOwnedBy(context.services.db, context.person.id, HOME_LIST_LIMIT);
  if (total === 0) return [{ type: 'heading', text: 'Your actions' }, { type: 'context', text: 'You have no open actions.' }];
  const items: ListItem[] = actions.map((action) => {
    const overdue = action.dueDate !== null && action.dueDate.getTime() < context.today.getTime();
    const due = action.dueDate ? `Due ${formatDate(action.dueDate)}${overdue ? ' (overdue)' : ''}` : 'No due date';
    const status = ACTION_STATUS_LABELS[action.status] ?? action.status;
    return { text: rich(bold(action.ref), ` ${action.title}`, lineBreak(), `${due} · ${status} · ${action.progress}% done`) };
  });
  return [{ type: 'heading', text: 'Your actions' }, { type: 'list', items }, ...moreNote(actions.length, total, 'open actions')];
}

async function openVotesSection(context: PersonContext): Promise<ViewBlock[]> {
  const { db } = context.services;
  const { proposals, total } = await listOpenProposalsForMember(db, context.person.id, context.today, HOME_LIST_LIMIT);
  if (total === 0) return [{ type: 'heading', text: 'Open votes' }, { type: 'context', text: 'No votes are open in your groups.' }];
  const items: ListItem[] = proposals.map((proposal) => {
    const [ballot] = proposal.ballots;
    const state =
      proposal.status === 'AWAITING_CASTING_VOTE'
        ? 'Tied: awaiting the chair\'s casting vote'
        : `Closes ${formatDateTime(proposal.closesAt, context.person.partnership.timeZone)}`;
    const yours = ballot
      ? ballot.recordedVia === 'CLICK'
        ? `You voted ${CHOICE_LABELS[ballot.choice] ?? ballot.choice}`
        : `Recorded on your behalf: ${CHOICE_LABELS[ballot.choice] ?? ballot.choice}`
      : 'You have not voted';
    return { text: rich(bold(proposal.title), ` (${proposal.group.name})`, lineBreak(), `${state} · ${yours}`) };
  });
  return [{ type: 'heading', text: 'Open votes' }, { type: 'list', items }, ...moreNote(proposals.length, total, 'open votes')];
}

export const homeFeature: ChatFeature = {
  name: 'home',
  register(registry) {
    registry.command({
      name: 'home',
      summary: 'Shows your actions, the open votes in your groups and shortcuts.',
      usage: '',
      example: 'home',
      run: async (context) => [privateReply(await buildHomeView(registry, context))],
    });
    registry.homeSection({ id: 'my-actions', order: 10, build: myActionsSection });
    registry.homeSection({ id: 'open-votes', order: 20, build: openVotesSection });
  },
};
