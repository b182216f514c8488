// How a decision line opens the decision it names: the vote's card and thread when its link was stored when
// the card was posted, else a button that shows the decision from the log.
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { ButtonView } from '../../views/model.ts';

export function openDecisionButton(number: number, label = 'Open'): ButtonView {
  return { type: 'button', actionId: ACTION_IDS.openDecision, label, value: { number } };
}
