// The default hallmarks checklist (prisma/seed/hallmarks-default.yaml), which a partnership imported without
// a hallmarks list starts with. It is written like a partnership file's `hallmarks:` section, so a
// partnership can copy it into its own file and change it there.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { partnershipFileSchema } from './file-schema.ts';
import type { HallmarkItemData } from './partnership-data.ts';

export const DEFAULT_HALLMARKS_FILE = fileURLToPath(new URL('../../prisma/seed/hallmarks-default.yaml', import.meta.url));

const defaultFile = z.strictObject({ hallmarks: partnershipFileSchema.shape.hallmarks });

/** The checklist's items, in order. Throws when the text is not a valid list or gives owners or assessments. */
export function readDefaultHallmarks(text: string): HallmarkItemData[] {
  const { hallmarks } = defaultFile.parse(parse(text));
  return hallmarks.map((entry) => {
    if (entry.owner !== undefined || entry.assessment !== undefined || entry.retiredAt !== undefined) {
      throw new Error(`The default hallmarks checklist gives ${entry.key} an owner, an assessment or a retirement date; it must only list items`);
    }
    return { key: entry.key, stage: entry.stage, kind: entry.kind, text: entry.text, ...(entry.hallmark === undefined ? {} : { hallmark: entry.hallmark }) };
  });
}

let cached: Promise<HallmarkItemData[]> | undefined;

export function loadDefaultHallmarks(): Promise<HallmarkItemData[]> {
  cached ??= readFile(DEFAULT_HALLMARKS_FILE, 'utf8').then(readDefaultHallmarks);
  return cached;
}
