// Builds the Teams app package (the zip uploaded to Teams): manifest.json from manifests/teams with its
// placeholders filled, and the two icons. Teams rejects a package whose ids are not GUIDs or whose developer
// URLs are not https, so those are checked here rather than at upload.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createZip } from './zip.ts';

export const TEAMS_MANIFEST_DIR = fileURLToPath(new URL('../../manifests/teams/', import.meta.url));

export class TeamsPackageError extends Error {
  override readonly name = 'TeamsPackageError';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const packageSettings = z.object({
  appId: z
    .string({ message: 'TEAMS_APP_ID is not set: it is the Microsoft app id of the Azure Bot, and the Teams app id' })
    .trim()
    .regex(GUID, { message: 'TEAMS_APP_ID must be a GUID such as 0b6fe6d1-fece-44f7-9a48-56465e2d5ab8 (the Azure Bot\'s Microsoft app id)' }),
  publicBaseUrl: z
    .string({ message: 'PUBLIC_BASE_URL is not set: Teams needs https developer links, and this is the bot\'s public address' })
    .trim()
    .regex(/^https:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'PUBLIC_BASE_URL must be an https:// address for the Teams package' }),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, { message: 'the app version must look like 1.2.3' }),
});

export interface TeamsPackageSettings {
  appId: string | undefined;
  publicBaseUrl: string | undefined;
  version: string;
}

function problemsOf(error: z.ZodError): string {
  return error.issues.map((issue) => issue.message).join('; ');
}

/** The manifest with `${TEAMS_APP_ID}`, `${PUBLIC_BASE_URL}` and `${APP_VERSION}` filled in. */
export function renderTeamsManifest(template: string, settings: TeamsPackageSettings): Record<string, unknown> {
  const parsed = packageSettings.safeParse(settings);
  if (!parsed.success) throw new TeamsPackageError(problemsOf(parsed.error));
  const values: Record<string, string> = {
    TEAMS_APP_ID: parsed.data.appId.toLowerCase(),
    PUBLIC_BASE_URL: parsed.data.publicBaseUrl.replace(/\/+$/, ''),
    APP_VERSION: parsed.data.version,
  };
  const filled = template.replace(/\$\{([A-Z_]+)\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined) throw new TeamsPackageError(`The Teams manifest has an unknown placeholder ${placeholder}`);
    return JSON.stringify(value).slice(1, -1);
  });
  return JSON.parse(filled) as Record<string, unknown>;
}

export async function readPackageVersion(): Promise<string> {
  const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
  return z.object({ version: z.string() }).parse(JSON.parse(text)).version;
}

export async function buildTeamsAppPackage(settings: TeamsPackageSettings, manifestDir = TEAMS_MANIFEST_DIR): Promise<Buffer> {
  const template = await readFile(`${manifestDir}/manifest.json`, 'utf8');
  const manifest = renderTeamsManifest(template, settings);
  const [color, outline] = await Promise.all([readFile(`${manifestDir}/color.png`), readFile(`${manifestDir}/outline.png`)]);
  return createZip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { name: 'color.png', data: color },
    { name: 'outline.png', data: outline },
  ]);
}
