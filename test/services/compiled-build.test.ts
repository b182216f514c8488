// The compiled build, started exactly as package.json's `start` script starts it (`node <flags>
// dist/main.js`, no tsx), on the Node that runs the tests: migrations, the demo partnership and the
// default hallmarks are read from files next to src/, so this also checks they resolve from dist/.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/server/free-port.ts';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
const tempDirs: string[] = [];

beforeAll(() => {
  const build = spawnSync(process.execPath, [join(projectRoot, 'src', 'build.mjs')], { cwd: projectRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`The build failed:\n${build.stdout}${build.stderr}`);
}, 600_000);

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});


describe('the compiled build', () => {
  it('is what npm start runs: node on dist/main.js, with tsx only a development dependency', () => {
    expect(packageJson.scripts.start).toMatch(/^node (--[\w-]+(=\w+)? )*dist\/main\.js$/);
    expect(Object.keys(packageJson.dependencies)).not.toContain('tsx');
  });

  it('starts from dist/ on a new embedded database with the demo partnership, answers /healthz, stops cleanly on SIGTERM', async () => {
    const work = mkdtempSync(join(tmpdir(), 'csp-compiled-'));
    tempDirs.push(work);
    const port = await freePort();
    const [, ...args] = packageJson.scripts.start!.split(' ');
    const child = spawn(process.execPath, args, {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: join(work, 'data'), DEMO: '1', SCHEDULER_ENABLED: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 150_000;
      let status = 0;
      while (status !== 200 && Date.now() < deadline && child.exitCode === null) {
        status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (response) => response.status,
          () => 0,
        );
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(status, output).toBe(200);
      expect(output).toContain('Partnership Safer Norwich Partnership (safer-norwich)');
      expect(output).toMatch(/Applied \d+ migration\(s\)/);

      child.kill('SIGTERM');
      expect(await exited, output).toBe(0);
      expect(output).toContain('Stopped cleanly');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 200_000);
});
