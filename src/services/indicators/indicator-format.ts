// How indicator figures read in chat: values in their unit, targets with their direction, the RAG badge and
// trend words. Shared by the indicator list, the indicator card and the weekly digest.
import type { IndicatorUnitName, PolarityName } from '../../db/indicator-store.ts';
import type { RagStatus, Trend } from '../../domain/indicator-status.ts';
import { describePeriod, parsePeriod } from '../../domain/periods.ts';

const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

export function formatValue(value: number, unit: IndicatorUnitName): string {
  const text = NUMBER.format(value);
  switch (unit) {
    case 'PERCENT':
      return `${text}%`;
    case 'RATE_PER_1000':
      return `${text} per 1,000`;
    case 'RATE_PER_100000':
      return `${text} per 100,000`;
    case 'COUNT':
      return text;
  }
}

export function formatChange(change: number, unit: IndicatorUnitName): string {
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const size = NUMBER.format(Math.abs(change));
  return unit === 'PERCENT' ? `${sign}${size} points` : `${sign}${size}`;
}

/** "at most 48,749" for lower-is-better, "at least 35.2%" for higher-is-better. */
export function formatTarget(value: number, unit: IndicatorUnitName, polarity: PolarityName): string {
  return `${polarity === 'LOWER_IS_BETTER' ? 'at most' : 'at least'} ${formatValue(value, unit)}`;
}

const RAG_BADGES: Readonly<Record<RagStatus, string>> = {
  GREEN: '🟢 Green',
  AMBER: '🟠 Amber',
  RED: '🔴 Red',
  NO_TARGET: '⚪ No target',
  NO_DATA: '⚫ No data',
};

const RAG_ICONS: Readonly<Record<RagStatus, string>> = { GREEN: '🟢', AMBER: '🟠', RED: '🔴', NO_TARGET: '⚪', NO_DATA: '⚫' };

const RAG_WORDS: Readonly<Record<RagStatus, string>> = { GREEN: 'green', AMBER: 'amber', RED: 'red', NO_TARGET: 'no target', NO_DATA: 'no data' };

export function ragWord(status: RagStatus): string {
  return RAG_WORDS[status];
}

export function ragBadge(status: RagStatus): string {
  return RAG_BADGES[status];
}

export function ragIcon(status: RagStatus): string {
  return RAG_ICONS[status];
}

export function describeUnit(unit: IndicatorUnitName): string {
  switch (unit) {
    case 'COUNT':
      return 'count';
    case 'PERCENT':
      return 'percentage';
    case 'RATE_PER_1000':
      return 'rate per 1,000';
    case 'RATE_PER_100000':
      return 'rate per 100,000';
  }
}

/** "↓ improving" / "↑ worse" / "→ no change"; empty when there is nothing to compare with. */
export function trendWords(trend: Trend): string {
  switch (trend.direction) {
    case 'IMPROVING':
      return `${trend.arrow ?? ''} improving`.trim();
    case 'WORSENING':
      return `${trend.arrow ?? ''} worse`.trim();
    case 'STABLE':
      return '→ no change';
    case 'NO_COMPARISON':
      return '';
  }
}

/** "Q1 2026/27 (Apr–Jun 2026)" for a period label; the label itself if it is not one. */
export function describePeriodLabel(label: string): string {
  try {
    return describePeriod(parsePeriod(label));
  } catch {
    return label;
  }
}
