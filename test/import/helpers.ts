import { readFileSync } from 'node:fs';
import { DEMO_PARTNERSHIP_FILE } from '../../src/import/demo.ts';
import { readPartnershipText } from '../../src/import/file-format.ts';
import type { ChangeSet, PartnershipState } from '../../src/import/partnership-state.ts';
import { planFileImport } from '../../src/import/plan-import.ts';
import { ImportError } from '../../src/import/problems.ts';

export const demoText = (): string => readFileSync(DEMO_PARTNERSHIP_FILE, 'utf8');

/** The partnership a first import would leave in the database, built from its change set. */
export function stateAfter(changes: ChangeSet): PartnershipState {
  return {
    partnership: changes.partnership.row,
    organisations: changes.organisations.create,
    people: changes.people.create,
    groups: changes.groups.create,
    memberships: changes.memberships.create,
    plans: changes.plans.create,
    priorities: changes.priorities.create,
    outcomes: changes.outcomes.create,
    actions: changes.actions.create,
    actionUpdates: changes.actionUpdates.create,
    indicators: changes.indicators.create,
    targets: changes.targets.create,
    readings: changes.readings.create,
    hallmarkItems: changes.hallmarkItems.create,
    latestAssessments: changes.hallmarkAssessments.create,
    closureDays: changes.closureDays.create,
    workingPatterns: changes.workingPatterns.create,
  };
}

export function planText(text: string, fileName = 'norwich.yaml', state: PartnershipState | null = null): ChangeSet {
  return planFileImport(readPartnershipText(text, fileName), fileName, state, { now: new Date('2011-01-10T12:00:00Z') });
}

export function demoState(): PartnershipState {
  return stateAfter(planText(demoText()));
}

/** The problem lines of the ImportError that `work` throws (the first line is the heading). */
export function problemLines(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof ImportError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected an ImportError, but nothing was thrown');
}

export async function asyncProblemLines(work: () => Promise<unknown>): Promise<string[]> {
  try {
    await work();
  } catch (error) {
    if (error instanceof ImportError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected an ImportError, but nothing was thrown');
}
