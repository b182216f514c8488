import type { MessageView, ViewBlock } from './model.ts';
import { pageSummary, pageWindow } from './paging.ts';
import { toPlainText } from './rich-text.ts';

function blockText(block: ViewBlock): string[] {
  switch (block.type) {
    case 'heading':
      return [block.text];
    case 'text':
    case 'context':
      return [toPlainText(block.text)];
    case 'fields':
      return block.fields.map((field) => `${field.label}: ${toPlainText(field.value)}`);
    case 'facts':
      return block.facts.map((fact) => `${fact.label}: ${toPlainText(fact.value)}`);
    case 'list':
      return block.items.map((item) => `• ${toPlainText(item.text)}`);
    case 'pagedList': {
      const window = pageWindow(block);
      return [...(block.title ? [block.title] : []), pageSummary(window)];
    }
    case 'divider':
    case 'actions':
    case 'image':
      return [];
  }
}

/** Plain-text summary of a message for notifications and clients that cannot show cards. */
export function fallbackText(view: MessageView): string {
  return view.blocks
    .flatMap(blockText)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join('\n');
}
