import type { BenchScenario } from './harness.ts';

/** Every benchmark scenario; features add theirs here. */
export const scenarios: BenchScenario[] = [];
