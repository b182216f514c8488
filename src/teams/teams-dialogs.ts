// Teams dialogs (task modules): a form opens over the card it was asked for from, as a Slack modal does, instead
// of arriving as a card in the person's personal chat. A launcher button (Action.Submit with
// `msteams.type: task/fetch`, see adaptive-card.ts) makes Teams send a `task/fetch` invoke; every button in the
// dialog's card sends `task/submit` with the inputs merged into its data. Both are answered in the HTTP response
// with `{ task: { type: 'continue', value: TaskInfo } }` (show this card in the dialog) or
// `{ task: { type: 'message', value } }` (show this text), as msteams-docs task-modules-bots.md documents.
import { CardFactory, type Attachment } from 'botbuilder';
import type { ChatResponse, ChatResult } from '../services/chat-core.ts';
import { ACTION_IDS } from '../views/action-ids.ts';
import { renderAdaptiveCard } from '../views/adaptive-card.ts';
import { truncatePlain } from '../views/rich-text.ts';
import { VIEW_LIMITS } from '../views/limits.ts';
import { bold, rich, type FormView, type MessageView, type View } from '../views/model.ts';
import { fallbackText } from '../views/view-text.ts';
import { viewSummary } from './card-activity.ts';

/** DialogInfo (msteams-docs invoking-task-modules.md): sizes as shares of the Teams window, the card as a bot attachment. */
export interface DialogCard {
  readonly title: string;
  readonly width: 'medium' | 'large';
  readonly height: 'medium' | 'large';
  readonly card: Attachment;
}

export type DialogAnswer = { readonly task: { readonly type: 'continue'; readonly value: DialogCard } } | { readonly task: { readonly type: 'message'; readonly value: string } };

/** Teams shows the dialog title on one line. */
const TITLE_LENGTH = 60;
const CLOSED_TEXT = 'Done.';

export function dialogMessage(text: string): DialogAnswer {
  return { task: { type: 'message', value: text } };
}

function dialogCard(view: View): DialogAnswer {
  const title = truncatePlain(view.kind === 'form' ? view.title : viewSummary(view), TITLE_LENGTH);
  const size = view.kind === 'form' ? 'large' : 'medium';
  return {
    task: {
      type: 'continue',
      value: { title, width: size, height: size, card: CardFactory.adaptiveCard(renderAdaptiveCard(view, { surface: 'dialog' })) },
    },
  };
}

function hasButtons(view: MessageView): boolean {
  return view.blocks.some(
    (block) =>
      block.type === 'actions' ||
      block.type === 'pagedList' ||
      (block.type === 'text' && block.accessory !== undefined) ||
      (block.type === 'list' && block.items.some((item) => item.button !== undefined)),
  );
}

/** A message with buttons stays a card in the dialog (its buttons keep working there); plain text is shown as text. */
function messageAnswer(view: MessageView): DialogAnswer {
  if (hasButtons(view)) return dialogCard(view);
  return dialogMessage(view.fallbackText?.trim() || fallbackText(view) || CLOSED_TEXT);
}

/** Which result the dialog shows, best first: a form, the form's outcome, a replaced view, a private reply. */
function rank(result: ChatResult): number {
  switch (result.type) {
    case 'openForm':
    case 'formErrors':
      return 0;
    case 'closeForm':
      return 1;
    case 'updateMessage':
      return 2;
    case 'privateReply':
      return 3;
    case 'post':
    case 'privateFiles':
      return Number.POSITIVE_INFINITY;
  }
}

function answerFor(result: ChatResult): DialogAnswer | undefined {
  switch (result.type) {
    case 'openForm':
    case 'formErrors':
      return dialogCard(result.form);
    case 'closeForm':
      return result.message ? messageAnswer(result.message) : undefined;
    case 'updateMessage':
    case 'privateReply':
      return messageAnswer(result.message);
    case 'post':
    case 'privateFiles':
      return undefined;
  }
}

/**
 * Splits the core's results for a dialog step: the one the dialog shows (undefined: close the dialog) and the
 * rest, delivered as for any other request (posts in the conversation, other private notes to the personal chat).
 * Among private replies the last is shown: the first may be a welcome note for someone linked just now.
 */
export function dialogResults(results: ChatResponse): { answer: DialogAnswer | undefined; elsewhere: ChatResult[] } {
  let chosen: ChatResult | undefined;
  for (const result of results) {
    if (rank(result) === Number.POSITIVE_INFINITY) continue;
    if (!chosen || rank(result) < rank(chosen) || (rank(result) === rank(chosen) && result.type === 'privateReply')) chosen = result;
  }
  return { answer: chosen ? answerFor(chosen) : undefined, elsewhere: results.filter((result) => result !== chosen) };
}

/** Whether a typed command can ride on an "Open form" button (its value has a size limit). */
export function fitsLauncher(command: string): boolean {
  return JSON.stringify({ command }).length <= VIEW_LIMITS.actionValueLength;
}

/**
 * What a typed command that opens a form gets in a channel or group chat: a dialog cannot open without a click,
 * so the reply carries the button that opens it; the form is built afresh for whoever selects it.
 */
export function dialogLauncher(form: FormView, command: string): MessageView {
  return {
    kind: 'message',
    blocks: [
      { type: 'text', text: rich(bold(form.title)) },
      { type: 'context', text: 'The form opens in a dialog, for whoever selects the button. Only what is saved is shared.' },
      { type: 'actions', controls: [{ type: 'button', actionId: ACTION_IDS.openCommandForm, label: 'Open form', style: 'primary', value: { command } }] },
    ],
    fallbackText: `${form.title}: select Open form on the card.`,
  };
}
