import { describe, expect, it } from 'vitest';
import { progressBar, sparkline } from '../../src/views/text-graphics.ts';

describe('progressBar', () => {
  it('fills cells in proportion and shows the percentage', () => {
    expect(progressBar(4, 10)).toBe('████░░░░░░ 40%');
    expect(progressBar(1, 3, { width: 6 })).toBe('██░░░░ 33%');
    expect(progressBar(7, 7, { showPercent: false })).toBe('██████████');
  });

  it('caps overshoot at 100% and treats a zero or negative total as no progress', () => {
    expect(progressBar(15, 10)).toBe('██████████ 100%');
    expect(progressBar(-2, 10)).toBe('░░░░░░░░░░ 0%');
    expect(progressBar(3, 0)).toBe('░░░░░░░░░░ 0%');
    expect(progressBar(Number.NaN, 5)).toBe('░░░░░░░░░░ 0%');
  });
});

describe('sparkline', () => {
  it('maps the lowest value to ▁ and the highest to █', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([10, 0, 5])).toBe('█▁▅');
  });

  it('shows gaps for missing values and a flat series at mid height', () => {
    expect(sparkline([1, null, 3, undefined, Number.NaN, 2])).toBe('▁ █  ▅');
    expect(sparkline([4, 4, 4])).toBe('▄▄▄');
    expect(sparkline([])).toBe('');
    expect(sparkline([null, null])).toBe('  ');
  });

  it('can use a fixed scale so several lines compare, clamping values outside it', () => {
    expect(sparkline([0, 50, 100], { min: 0, max: 100 })).toBe('▁▅█');
    expect(sparkline([-10, 150], { min: 0, max: 100 })).toBe('▁█');
  });
});
