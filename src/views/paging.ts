import { ACTION_IDS } from './action-ids.ts';
import type { ActionValue, ButtonView, ListItem, PagedListBlock } from './model.ts';
import { asJsonObject } from './model.ts';

export interface PageWindow {
  /** 0-based, clamped into range. */
  readonly page: number;
  readonly pageCount: number;
  readonly pageSize: number;
  /** 0-based index of the first item shown. */
  readonly start: number;
  readonly items: readonly ListItem[];
  readonly total: number;
}

export function pageWindow(block: PagedListBlock): PageWindow {
  const pageSize = Math.max(1, Math.floor(block.pageSize));
  const total = block.items.length;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const requested = Number.isFinite(block.page) ? Math.floor(block.page) : 0;
  const page = Math.min(pageCount - 1, Math.max(0, requested));
  const start = page * pageSize;
  return { page, pageCount, pageSize, start, items: block.items.slice(start, start + pageSize), total };
}

export function pageSummary(window: PageWindow): string {
  if (window.total === 0) return 'No items';
  const end = window.start + window.items.length;
  return `Showing ${window.start + 1}–${end} of ${window.total} · page ${window.page + 1} of ${window.pageCount}`;
}

export function pagingButtons(block: PagedListBlock, window: PageWindow): ButtonView[] {
  const buttons: ButtonView[] = [];
  const valueFor = (page: number): ActionValue => ({ ...block.pagingValue, page });
  if (window.page > 0) {
    buttons.push({ type: 'button', actionId: ACTION_IDS.pagePrevious, label: '◀ Previous', value: valueFor(window.page - 1) });
  }
  if (window.page < window.pageCount - 1) {
    buttons.push({ type: 'button', actionId: ACTION_IDS.pageNext, label: 'Next ▶', value: valueFor(window.page + 1) });
  }
  return buttons;
}

/** The page a paging button asks for, from a parsed submission's `value`; null when it carries none. */
export function requestedPage(value: ActionValue | undefined): number | null {
  const page = asJsonObject(value)?.page;
  return typeof page === 'number' && Number.isInteger(page) && page >= 0 ? page : null;
}

export function listMarker(style: PagedListBlock['style'], index: number): string {
  return style === 'numbered' ? `${index + 1}. ` : '• ';
}
