// The core stays platform-neutral and the database stays behind src/db: checked on the import
// statements of the source itself, so a new file cannot slip past.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const sourceRoot = path.join(projectRoot, 'src');
const generatedRoot = path.join(sourceRoot, 'db', 'generated');

const PLATFORM_PACKAGE = /^(@slack\/|botbuilder|@microsoft\/)/;

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return sourceFiles(full);
      return /\.(c|m)?(t|j)sx?$/.test(entry.name) ? [full] : [];
    }),
  );
  return nested.flat();
}

/** Every module specifier: static imports and re-exports (also multi-line), dynamic import() and require(). */
function importSpecifiers(source: string): string[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\])\/\/.*$/gm, '$1');
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...withoutComments.matchAll(pattern)].map((match) => match[1] ?? ''));
}

async function importsOf(files: readonly string[]) {
  return Promise.all(
    files.map(async (file) => ({ file: path.relative(projectRoot, file), specifiers: importSpecifiers(await readFile(file, 'utf8')), absolute: file })),
  );
}

describe('core boundaries', () => {
  it('finds the imports it is meant to police', () => {
    const sample = [
      "import { App } from '@slack/bolt';",
      "import type {\n  TurnContext,\n} from 'botbuilder';",
      "export { x } from './x.ts';",
      "const teams = await import('@microsoft/teams-ai');",
      "const fs = require('node:fs');",
      "import './side-effect.ts';",
      "// import { nothing } from '@slack/web-api';",
    ].join('\n');
    expect(importSpecifiers(sample)).toEqual(['@slack/bolt', 'botbuilder', './x.ts', './side-effect.ts', '@microsoft/teams-ai', 'node:fs']);
  });

  it('keeps Slack and Teams libraries out of src/services and src/domain', async () => {
    const files = [...(await sourceFiles(path.join(sourceRoot, 'services'))), ...(await sourceFiles(path.join(sourceRoot, 'domain')))];
    expect(files.length).toBeGreaterThan(10);
    const offending = (await importsOf(files)).flatMap(({ file, specifiers }) =>
      specifiers.filter((specifier) => PLATFORM_PACKAGE.test(specifier)).map((specifier) => `${file} imports ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it('keeps the generated Prisma client inside src/db', async () => {
    const files = (await sourceFiles(sourceRoot)).filter((file) => !file.startsWith(path.join(sourceRoot, 'db') + path.sep));
    const offending = (await importsOf(files)).flatMap(({ file, specifiers, absolute }) =>
      specifiers
        .filter((specifier) => {
          if (specifier.startsWith('.')) {
            const target = path.resolve(path.dirname(absolute), specifier);
            return target === generatedRoot || target.startsWith(generatedRoot + path.sep);
          }
          return specifier === '@prisma/client' || specifier.startsWith('@prisma/client/');
        })
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(offending).toEqual([]);
  });
});
