import { CardFactory, type Activity, type Attachment } from 'botbuilder';
import { renderAdaptiveCard } from '../views/adaptive-card.ts';
import type { AdaptiveCard } from '../views/adaptive-card-types.ts';
import type { View } from '../views/model.ts';
import { fallbackText } from '../views/view-text.ts';

/** Shown in notifications and chat lists, where a card cannot be. */
const SUMMARY_LENGTH = 200;

export function viewSummary(view: View): string {
  const text = view.kind === 'form' ? view.title : (view.fallbackText ?? fallbackText(view));
  const firstLine = text.split('\n').find((line) => line.trim().length > 0)?.trim() ?? '';
  return firstLine.length > SUMMARY_LENGTH ? `${firstLine.slice(0, SUMMARY_LENGTH - 1)}…` : firstLine;
}

function cardAttachment(card: AdaptiveCard): Attachment {
  return CardFactory.adaptiveCard(card);
}

/** A message activity carrying the view as one Adaptive Card. */
export function cardActivity(view: View): Partial<Activity> {
  const summary = viewSummary(view);
  return {
    type: 'message',
    attachments: [cardAttachment(renderAdaptiveCard(view))],
    ...(summary ? { summary } : {}),
  };
}
