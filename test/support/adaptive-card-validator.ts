/**
 * Validates Adaptive Card JSON offline with Microsoft's `adaptivecards` package (the UMD build: the package's
 * main entry cannot be loaded by Node), targeting 1.5, plus the Teams rules our bot relies on.
 */
import type * as AdaptiveCards from 'adaptivecards';
import { createRequire } from 'node:module';
import { checkAdaptiveCardSize } from '../../src/views/adaptive-card.ts';

const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

type JsonRecord = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(value: unknown, visit: (node: JsonRecord, path: string) => void, path = '$'): void {
  if (Array.isArray(value)) {
    value.forEach((entry, index) => walk(entry, visit, `${path}[${index}]`));
  } else if (isRecord(value)) {
    visit(value, path);
    for (const [key, entry] of Object.entries(value)) walk(entry, visit, `${path}.${key}`);
  }
}

/** Teams specifics the library does not know: Universal Actions routing and the card budget. */
function teamsRuleErrors(card: JsonRecord): string[] {
  const errors: string[] = [];
  if (card.type !== 'AdaptiveCard') errors.push('type must be "AdaptiveCard"');
  if (card.version !== '1.5') errors.push(`version must be "1.5" (got ${String(card.version)})`);
  const size = checkAdaptiveCardSize(card);
  if (!size.withinLimit) errors.push(`card is ${size.bytes} bytes; budget ${size.limit}`);
  walk(card, (node, path) => {
    if (node.type === 'Action.Execute') {
      if (typeof node.verb !== 'string' || node.verb.length === 0) errors.push(`${path}: Action.Execute without verb`);
      if (typeof node.title !== 'string' || node.title.length === 0) errors.push(`${path}: Action.Execute without title`);
      const fallback = node.fallback;
      const fallbackVerb = isRecord(fallback) && isRecord(fallback.data) ? fallback.data.verb : undefined;
      if (!isRecord(fallback) || fallback.type !== 'Action.Submit' || fallbackVerb !== node.verb) {
        errors.push(`${path}: Action.Execute needs an Action.Submit fallback with data.verb = verb`);
      }
    }
    if (node.type === 'Action.Submit' && !(isRecord(node.data) && typeof node.data.verb === 'string')) {
      errors.push(`${path}: Action.Submit without data.verb`);
    }
  });
  return errors;
}

/** Every problem found; an empty list means the card parses cleanly as 1.5 and follows the Teams rules. */
export function validateAdaptiveCard(card: unknown): string[] {
  if (!isRecord(card)) return ['card must be a JSON object'];
  const errors: string[] = [];
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  for (let index = 0; index < context.eventCount; index += 1) {
    const event = context.getEventAt(index);
    errors.push(`parse: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) {
    errors.push(`validate: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  return [...errors, ...teamsRuleErrors(card)];
}
