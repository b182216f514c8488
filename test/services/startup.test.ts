// Starts the real process from the TypeScript sources (node with tsx's loader, so SIGTERM reaches the bot
// itself) and talks to it over HTTP. compiled-build.test.ts starts the compiled build the way `npm start` does.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/server/free-port.ts';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const children: ChildProcess[] = [];
const tempDirs: string[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});


function startBot(env: Record<string, string>) {
  const cleanEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: projectRoot, env: cleanEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitForHealth(url: string, deadlineMs: number): Promise<Response> {
  const deadline = Date.now() + deadlineMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await fetch(url);
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`no answer from ${url}: ${String(lastError)}`);
}

describe('the bot process', () => {
  it('starts on an empty embedded database, answers /healthz with 200, says which platforms are off, stops cleanly on SIGTERM', async () => {
    const work = mkdtempSync(join(tmpdir(), 'csp-start-'));
    tempDirs.push(work);
    const dataDir = join(work, 'data');
    const port = await freePort();
    const bot = startBot({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir });

    const response = await waitForHealth(`http://127.0.0.1:${port}/healthz`, 150_000);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; database: { kind: string; reachable: boolean } };
    expect(body.status).toBe('ok');
    expect(body.database).toEqual({ kind: 'embedded', reachable: true });
    expect(existsSync(dataDir)).toBe(true);
    expect(bot.output()).toContain('Slack is off: SLACK_BOT_TOKEN is not set');
    expect(bot.output()).toMatch(/npm run db:seed/);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.output()).toContain('Stopped cleanly');
  }, 200_000);

  it('exits with code 1 naming PORT when PORT is not a number', async () => {
    const bot = startBot({ PORT: 'abc' });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain('PORT must be a number between 1 and 65535 (got "abc")');
  }, 60_000);
});
