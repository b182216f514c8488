// The Safer Norwich demo partnership, built from the public 2010/11 plan and terms of reference, with
// fictional people. `npm run db:seed` and `DEMO=1 npm start` load it; loading it again changes nothing.
import { fileURLToPath } from 'node:url';
import type { PartnershipDatabase } from '../db/partnership-store.ts';
import { importPartnershipFile, type ImportSummary } from './partnership-import.ts';

export const DEMO_PARTNERSHIP_FILE = fileURLToPath(new URL('../../prisma/seed/norwich.yaml', import.meta.url));

export async function loadDemoPartnership(prisma: PartnershipDatabase, options: { now?: Date } = {}): Promise<ImportSummary> {
  return importPartnershipFile(prisma, DEMO_PARTNERSHIP_FILE, options);
}
