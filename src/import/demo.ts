// The Safer Norwich demo partnership, built from the public 2010/11 plan and terms of reference, with
// fictional people and fictional readings up to the last quarter that has ended (demo-readings.ts).
// `npm run db:seed` and `DEMO=1 npm start` load it; loading it again the same day changes nothing (a later
// load adds the quarters that have ended since).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import type { PartnershipDatabase } from '../db/partnership-store.ts';
import { localDateOf } from '../domain/time-zone.ts';
import { formatIsoDate } from '../domain/calendar.ts';
import { DEMO_SERIES, demoFigures } from './demo-readings.ts';
import { importPartnershipText, type ImportOptions, type ImportSummary } from './partnership-import.ts';

export const DEMO_PARTNERSHIP_FILE = fileURLToPath(new URL('../../prisma/seed/norwich.yaml', import.meta.url));

interface RawIndicator {
  code: string;
  targets?: { period: string; value: number | null }[];
  readings?: { period: string; value: number }[];
}

export async function loadDemoPartnership(prisma: PartnershipDatabase, options: ImportOptions & { now?: Date } = {}): Promise<ImportSummary> {
  const raw = parse(await readFile(DEMO_PARTNERSHIP_FILE, 'utf8')) as { partnership: { timeZone?: string }; indicators?: RawIndicator[] };
  const today = formatIsoDate(localDateOf(options.now ?? new Date(), raw.partnership.timeZone ?? 'Europe/London'));
  for (const indicator of raw.indicators ?? []) {
    const series = DEMO_SERIES[indicator.code];
    if (!series) continue;
    const figures = demoFigures(series, today);
    const planned = new Set(figures.targets.map((target) => target.period));
    indicator.targets = [...(indicator.targets ?? []).filter((target) => !planned.has(String(target.period))), ...figures.targets];
    indicator.readings = figures.readings;
  }
  return importPartnershipText(prisma, stringify(raw), 'norwich.yaml', options);
}
