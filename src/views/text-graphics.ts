const SPARK_LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
const FLAT_LEVEL = SPARK_LEVELS[3];

export interface ProgressBarOptions {
  /** Number of bar cells; default 10. */
  readonly width?: number;
  /** Append " 40%"; default true. */
  readonly showPercent?: boolean;
}

/** "████░░░░░░ 40%" for 4 of 10. A non-positive total counts as no progress; overshoot is capped at 100%. */
export function progressBar(done: number, total: number, options: ProgressBarOptions = {}): string {
  const width = Math.max(1, Math.floor(options.width ?? 10));
  const ratio = total > 0 && Number.isFinite(done) ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(ratio * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  return options.showPercent === false ? bar : `${bar} ${Math.round(ratio * 100)}%`;
}

export interface SparklineOptions {
  /** Fix the scale (e.g. to compare several lines); defaults to the series' own min/max. */
  readonly min?: number;
  readonly max?: number;
}

/**
 * One character per value from ▁ (lowest) to █ (highest); missing or non-finite values show as a space.
 * A series with no spread shows at mid height.
 */
export function sparkline(values: readonly (number | null | undefined)[], options: SparklineOptions = {}): string {
  const finite = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (finite.length === 0) return ' '.repeat(values.length);
  const low = options.min ?? Math.min(...finite);
  const high = options.max ?? Math.max(...finite);
  const spread = high - low;
  const top = SPARK_LEVELS.length - 1;
  return values
    .map((value) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) return ' ';
      if (spread <= 0) return FLAT_LEVEL;
      const position = Math.min(1, Math.max(0, (value - low) / spread));
      return SPARK_LEVELS[Math.round(position * top)];
    })
    .join('');
}
