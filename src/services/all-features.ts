import { absenceFeature } from './absence/absence-feature.ts';
import { actionsFeature } from './actions/actions-feature.ts';
import { calendarFeature } from './calendar/calendar-feature.ts';
import { digestFeature } from './digest/digest-feature.ts';
import { exportsFeature } from './exports/exports-feature.ts';
import { hallmarksFeature } from './hallmarks/hallmarks-feature.ts';
import { indicatorFeature } from './indicators/indicator-feature.ts';
import type { ChatFeature } from './registry.ts';
import { voteFeature } from './votes/vote-feature.ts';

/** The features the bot runs, beyond the core's own (help, home, link, channel). */
export const ALL_FEATURES: readonly ChatFeature[] = [actionsFeature, voteFeature, hallmarksFeature, indicatorFeature, digestFeature, exportsFeature, absenceFeature, calendarFeature];
