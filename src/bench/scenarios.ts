import { actionRemindersScenario } from './action-reminders.ts';
import { countyDigestScenario } from './county-digest.ts';
import type { BenchScenario } from './harness.ts';
import { memoryScenario } from './memory.ts';
import { voteStormScenario } from './vote-storm.ts';

/** Every benchmark scenario, in the order `npm run bench` runs them. */
export const scenarios: BenchScenario[] = [actionRemindersScenario, voteStormScenario, countyDigestScenario, memoryScenario];
