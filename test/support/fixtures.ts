// The test fixtures folder (test/fixtures, sources in its SOURCES.md): everything a test reads from disk
// lives inside the repository, so the suite passes in a fresh clone with nothing beside it.
import { readFileSync } from 'node:fs';

export const FIXTURES_URL = new URL('../fixtures/', import.meta.url);

export type SeedDocument = 'norwich-scrutiny-briefing-2010' | 'cdrp-hallmarks-checklist';

/** The text of one public seed document (test/fixtures/seeds). */
export function readSeed(name: SeedDocument): string {
  return readFileSync(new URL(`seeds/${name}.txt`, FIXTURES_URL), 'utf8');
}
