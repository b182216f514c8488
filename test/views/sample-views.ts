import { ACTION_IDS } from '../../src/views/action-ids.ts';
import type { ChatUserRef, FormView, ListItem, MessageView } from '../../src/views/model.ts';
import { bold, italic, lineBreak, link, mention, rich } from '../../src/views/model.ts';
import { progressBar, sparkline } from '../../src/views/text-graphics.ts';

const owner: readonly ChatUserRef[] = [
  { platform: 'SLACK', userId: 'U0123ABCD' },
  { platform: 'TEAMS', userId: '29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85gQ' },
];

export const updateReminder: MessageView = {
  kind: 'message',
  blocks: [
    { type: 'heading', text: 'Progress update due: Reduce repeat domestic abuse incidents' },
    {
      type: 'text',
      text: rich(
        'Hi ',
        mention('Megan Bowen', owner),
        ', the board meets on ',
        bold('Thursday 14 March'),
        '.',
        lineBreak(),
        'Please add a short update. ',
        italic('Target date: 31 March.'),
        ' See the ',
        link('https://example.org/plans/norwich-2024', 'delivery plan'),
        '.',
      ),
    },
    {
      type: 'facts',
      facts: [
        { label: 'Priority', value: 'Domestic abuse' },
        { label: 'Lead agency', value: 'Norfolk Constabulary' },
        { label: 'Last update', value: '12 January — "Referral pathway agreed with IDVA service"' },
      ],
    },
    {
      type: 'actions',
      controls: [
        { type: 'button', actionId: ACTION_IDS.openUpdateForm, label: 'Add update', style: 'primary', value: { actionId: 'a1b2' } },
        { type: 'button', actionId: ACTION_IDS.snoozeUpdateReminder, label: 'Remind me tomorrow', value: { actionId: 'a1b2', days: 1 } },
        { type: 'linkButton', label: 'Open plan', url: 'https://example.org/plans/norwich-2024' },
      ],
    },
    { type: 'context', text: 'You are the owner of this action. Reply "help" for commands.' },
  ],
};

export const voteCard: MessageView = {
  kind: 'message',
  blocks: [
    { type: 'heading', text: 'Vote: fund two additional street pastors (£18,000)' },
    { type: 'text', text: 'This decision commits finance, so the terms of reference require a vote of statutory partners present.' },
    {
      type: 'fields',
      fields: [
        { label: 'Proposed by', value: 'Chair' },
        { label: 'Quorum', value: '5 of 7 present (needs 4)' },
        { label: 'Closes', value: 'Friday 17:00' },
        { label: 'Majority', value: 'Simple' },
        { label: 'For', value: '2' },
        { label: 'Against', value: '1' },
        { label: 'Abstain', value: '0' },
        { label: 'Not voted', value: '2' },
      ],
    },
    { type: 'divider' },
    {
      type: 'actions',
      controls: [
        { type: 'button', actionId: ACTION_IDS.voteFor, label: 'For', style: 'primary', value: { proposalId: 'p-42' } },
        { type: 'button', actionId: ACTION_IDS.voteAgainst, label: 'Against', style: 'danger', value: { proposalId: 'p-42' } },
        {
          type: 'button',
          actionId: ACTION_IDS.voteAbstain,
          label: 'Abstain',
          value: { proposalId: 'p-42' },
          confirm: { title: 'Abstain?', text: 'Your abstention is recorded in the minutes.', confirmLabel: 'Abstain', denyLabel: 'Go back' },
        },
        { type: 'button', actionId: ACTION_IDS.openDeclareInterestForm, label: 'Declare an interest', value: { proposalId: 'p-42' } },
      ],
    },
    { type: 'context', text: `Turnout ${progressBar(3, 5)}` },
  ],
};

const overdue: ListItem[] = Array.from({ length: 7 }, (_, index) => ({
  text: rich(bold(`Action ${index + 1}`), ` — due ${index + 1} February, owner `, mention(`Owner ${index + 1}`, owner)),
  button: { type: 'button', actionId: ACTION_IDS.openUpdateForm, label: 'Chase', value: { actionId: `act-${index}` } },
}));

export const weeklyDigest: MessageView = {
  kind: 'message',
  blocks: [
    { type: 'heading', text: 'Weekly performance digest — Norwich CSP' },
    {
      type: 'fields',
      fields: Array.from({ length: 13 }, (_, index) => ({
        label: `NI ${index + 15}`,
        value: `${sparkline([3, 5, 4, 6, 8, 7, index])} ${progressBar(index, 12, { width: 8 })}`,
      })),
    },
    { type: 'list', style: 'numbered', items: [{ text: 'All crime down 4% on baseline' }, { text: 'Hate crime reports up 2 (small numbers)' }] },
    { type: 'pagedList', title: 'Overdue actions', items: overdue, page: 0, pageSize: 5, pagingValue: { list: 'overdue', digestId: 'd-9' } },
    { type: 'actions', controls: [{ type: 'button', actionId: ACTION_IDS.acknowledgeDigest, label: 'Seen it', value: { digestId: 'd-9' } }] },
  ],
};

export function hallmarksChecklist(page: number): MessageView {
  const statuses = ['Yes', 'In place', 'Not yet', 'Will do', 'Awaits County', 'Needs work', 'Noted'];
  return {
    kind: 'message',
    blocks: [
      { type: 'heading', text: 'Hallmarks of effective partnership — self-assessment' },
      {
        type: 'pagedList',
        title: 'Statutory requirements',
        style: 'numbered',
        page,
        pageSize: 20,
        pagingValue: { checklist: 'hallmarks-2024' },
        items: Array.from({ length: 250 }, (_, index) => ({
          text: rich(
            bold(`Requirement ${index + 1}`),
            `: the partnership has a protocol for sharing information (status: ${statuses[index % statuses.length]}). `.repeat(3),
          ),
          ...(index % 2 === 0
            ? { button: { type: 'button' as const, actionId: ACTION_IDS.openHallmarkItem, label: 'Update status', value: { itemId: `h-${index}` } } }
            : {}),
        })),
      },
    ],
  };
}

/** Far beyond every Slack limit: must be trimmed, split and truncated, never sent over the limits. */
export const oversized: MessageView = {
  kind: 'message',
  blocks: [
    { type: 'heading', text: 'H'.repeat(400) },
    ...Array.from({ length: 70 }, (_, index) => ({
      type: 'text' as const,
      text: rich(bold(`Section ${index}`), ' ', 'x'.repeat(5000)),
    })),
    {
      type: 'fields',
      fields: Array.from({ length: 23 }, (_, index) => ({ label: `Field ${index}`, value: 'v'.repeat(2500) })),
    },
    {
      type: 'actions',
      controls: Array.from({ length: 30 }, (_, index) => ({
        type: 'button' as const,
        actionId: index % 2 === 0 ? ACTION_IDS.voteFor : ACTION_IDS.voteAgainst,
        label: `Button label that is much longer than Slack allows for a button ${index} ${'z'.repeat(60)}`,
        value: { index },
      })),
    },
    { type: 'context', text: 'c'.repeat(4000) },
  ],
};

const emptyPagedList: MessageView = {
  kind: 'message',
  blocks: [{ type: 'pagedList', title: 'Votes open', items: [], page: 3, pageSize: 10, emptyText: 'No votes are open.' }],
};

export const messageViews: Readonly<Record<string, MessageView>> = {
  updateReminder,
  voteCard,
  weeklyDigest,
  hallmarksFirstPage: hallmarksChecklist(0),
  hallmarksMiddlePage: hallmarksChecklist(6),
  hallmarksLastPage: hallmarksChecklist(12),
  oversized,
  emptyPagedList,
};

export const updateForm: FormView = {
  kind: 'form',
  submitActionId: ACTION_IDS.submitUpdateForm,
  title: 'Progress update for action 14 of the delivery plan',
  submitLabel: 'Save update',
  closeLabel: 'Cancel',
  cancelActionId: ACTION_IDS.cancelForm,
  metadata: { actionId: 'a1b2', planId: 'p-2024' },
  intro: [{ type: 'text', text: rich(bold('Reduce repeat domestic abuse incidents'), lineBreak(), 'Owner: Norfolk Constabulary') }],
  fields: [
    { type: 'select', id: 'status', label: 'Status', required: true, initialValue: 'on_track', options: [
      { label: 'On track', value: 'on_track' },
      { label: 'At risk', value: 'at_risk' },
      { label: 'Off track', value: 'off_track' },
      { label: 'Complete', value: 'complete' },
    ] },
    { type: 'textInput', id: 'note', label: 'What has happened since the last update?', multiline: true, maxLength: 2000, required: true, initialValue: 'Referral pathway agreed.' },
    { type: 'numberInput', id: 'percentComplete', label: 'Percent complete', min: 0, max: 100, initialValue: 40 },
    { type: 'datePicker', id: 'revisedTargetDate', label: 'Revised target date', initialDate: '2024-06-30', hint: 'Leave empty to keep the current target.' },
  ],
};

export const updateFormWithErrors: FormView = {
  ...updateForm,
  errors: {
    form: 'The update was not saved.',
    fields: { note: 'Please write at least a sentence.', percentComplete: 'Must be between 0 and 100.' },
  },
};

export const bigSelectForm: FormView = {
  kind: 'form',
  submitActionId: ACTION_IDS.submitHallmarkItem,
  title: 'Hallmark item',
  submitLabel: 'Save',
  fields: [
    {
      type: 'select',
      id: 'item',
      label: 'Requirement',
      initialValue: 'item-140',
      options: Array.from({ length: 150 }, (_, index) => ({ label: `Requirement ${index} ${'w'.repeat(100)}`, value: `item-${index}` })),
    },
    { type: 'textInput', id: 'evidence', label: 'Evidence', maxLength: 5000, initialValue: 'e'.repeat(4000) },
  ],
};

export const formViews: Readonly<Record<string, FormView>> = { updateForm, updateFormWithErrors, bigSelectForm };
