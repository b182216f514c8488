// `npm run package:teams [-- <output.zip>]`: writes the Teams app package (default data/teams-app.zip) for
// uploading to Teams, with the app id from TEAMS_APP_ID and the developer links from PUBLIC_BASE_URL, and the
// icons committed in manifests/teams (color.png 192×192, outline.png 32×32 white on transparent).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { buildTeamsAppPackage, readPackageVersion, TeamsPackageError } from './app-package.ts';

export const DEFAULT_PACKAGE_PATH = 'data/teams-app.zip';

async function writePackage(output: string): Promise<void> {
  const zip = await buildTeamsAppPackage({
    appId: process.env.TEAMS_APP_ID,
    publicBaseUrl: process.env.PUBLIC_BASE_URL,
    version: await readPackageVersion(),
  });
  const path = resolve(output);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, zip);
  process.stdout.write(`Wrote the Teams app package ${path} (${zip.length} bytes). Upload it in Teams: Apps > Manage your apps > Upload an app.\n`);
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('Usage: npm run package:teams [-- <output.zip>]   (needs TEAMS_APP_ID and PUBLIC_BASE_URL)\n');
    return;
  }
  const [output = DEFAULT_PACKAGE_PATH, ...extra] = argv.filter((argument) => argument !== '--');
  if (extra.length > 0 || output.startsWith('-')) throw new TeamsPackageError(`Unexpected arguments: ${argv.join(' ')}`);
  await writePackage(output);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof TeamsPackageError) {
    process.stderr.write(`Could not build the Teams app package: ${error.message}\n`);
  } else {
    process.stderr.write(`Could not build the Teams app package: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
