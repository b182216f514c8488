// Vitest global setup: prepares the migrated template database once for the whole run.
import type { TestProject } from 'vitest/node';
import { prepareTestDatabaseTemplate } from './test-database-template.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { template, dispose } = await prepareTestDatabaseTemplate();
  project.provide('testDatabaseTemplate', template);
  return dispose;
}
