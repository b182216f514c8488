// Compiles src/ to dist/ with `tsc -p src/tsconfig.build.json`, when dist/ is missing or older than
// the sources. `npm install`, `npm start` and the CLI scripts all call it, so a fresh clone, a
// `git pull` or an edited file never runs stale JavaScript, and an unchanged tree starts at once.
// Without TypeScript (an install with --omit=dev) an existing dist/ is used as it is.
// Messages go to stderr: `npm run csp -- export …` prints its output on stdout.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const distDir = path.join(projectRoot, 'dist');
const stampFile = path.join(distDir, '.build-stamp');
const force = process.argv.includes('--force');

function newestSourceTime() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  visit(path.join(projectRoot, 'src'));
  for (const file of ['tsconfig.json', 'src/tsconfig.build.json', 'package.json']) {
    newest = Math.max(newest, statSync(path.join(projectRoot, file)).mtimeMs);
  }
  return newest;
}

function typescriptCompiler() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

if (!force && existsSync(stampFile) && statSync(stampFile).mtimeMs >= newestSourceTime()) process.exit(0);

const tsc = typescriptCompiler();
if (tsc === undefined) {
  if (existsSync(path.join(distDir, 'main.js'))) {
    process.stderr.write('TypeScript is not installed (a production install?): using the existing dist/ as it is.\n');
    process.exit(0);
  }
  process.stderr.write('dist/ is missing and TypeScript is not installed: run `npm ci` with dev dependencies, then `npm run build`.\n');
  process.exit(1);
}

const started = performance.now();
process.stderr.write('Compiling src/ to dist/ …\n');
// A clean build: files removed from src/ must not linger in dist/.
rmSync(distDir, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', 'src/tsconfig.build.json'], { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] });
if (result.status !== 0) {
  process.stderr.write('The build failed (see the TypeScript errors above).\n');
  process.exit(result.status ?? 1);
}
writeFileSync(stampFile, `${new Date().toISOString()}\n`);
process.stderr.write(`Compiled in ${Math.round((performance.now() - started) / 1000)} s\n`);
