/**
 * `npm start` itself, run as a user runs it from the repository root (build skipped:
 * turbo has built everything before this package's tests). The root script delegates
 * to this package's `start:demo` (orchestrator/main.ts), so this also checks that
 * signals pass through both npm processes. The real services come up, the summary is
 * measured and served to the page, SIGTERM stops everything with exit 0, and a service
 * that dies takes the others down with a failing exit. Ports are free ones, data goes
 * to a temp folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getFreePort } from '../orchestrator/processes.js';
import { REPO_ROOT } from '../orchestrator/services.js';
import type { StackSummary } from '../src/shared/types.js';

interface StartedStack {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
  demoUrl: string;
  summary: StackSummary;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

// Three real services start per test; on a busy 2-core CI machine that can take a while.
/** Runs `npm start -- --skip-build` in the repository root and waits for its summary. */
async function startStack(): Promise<StartedStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'demo-start-'));
  const [footfallPort, recommenderPort, demoPort] = [await getFreePort(), await getFreePort(), await getFreePort()];
  const child = spawn('npm', ['start', '--silent', '--', '--skip-build'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      FOOTFALL_PORT: String(footfallPort),
      RECOMMENDER_PORT: String(recommenderPort),
      DEMO_PORT: String(demoPort),
      DEMO_DATA_DIR: dataDir,
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  const deadline = Date.now() + 60_000;
  while (!output.join('').includes('Stop everything with Ctrl-C.')) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output.join('')}`);
    if (Date.now() > deadline) throw new Error(`npm start was not ready within 60 s:\n${output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const demoUrl = `http://127.0.0.1:${demoPort}`;
  const summary = (await (await fetch(`${demoUrl}/api/summary`)).json()) as StackSummary;
  return { child, output, exited, demoUrl, summary };
}

async function isAnswering(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

describe('npm start (root script → start:demo → orchestrator/main.ts)', () => {
  it('starts all three services, serves what it measured, and stops them all with exit 0 on SIGTERM', async () => {
    // Arrange + Act
    const stack = await startStack();

    // Assert: one summary row per service, with measured numbers, and the same on the page's endpoint.
    expect(stack.summary.services.map((s) => s.name)).toEqual(['footfall', 'recommender', 'demo']);
    for (const service of stack.summary.services) {
      expect(service.startupMs).toBeGreaterThan(0);
      expect(service.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
      expect(service.bundleBytes).toBeGreaterThan(0);
      expect(await isAnswering(service.url)).toBe(true);
    }
    const printed = stack.output.join('');
    expect(printed).toMatch(/\[footfall\]\s+info/);
    expect(printed).toMatch(/\[recommender\]\s+info/);
    expect(printed).toMatch(/Admin token \(local demo only, new each start\): \S{16,}/);

    // Act: SIGTERM, as a process manager would send.
    stack.child.kill('SIGTERM');

    // Assert: clean exit, nothing left listening.
    expect(await stack.exited).toBe(0);
    for (const service of stack.summary.services) expect(await isAnswering(service.url)).toBe(false);
  }, 90_000);

  it('stops the others and exits 1 when a service dies on its own', async () => {
    // Arrange
    const stack = await startStack();
    const footfall = stack.summary.services.find((s) => s.name === 'footfall')!;

    // Act
    process.kill(footfall.pid, 'SIGKILL');

    // Assert
    expect(await stack.exited).toBe(1);
    expect(stack.output.join('')).toContain('footfall exited on its own (SIGKILL): stopping every service');
    for (const service of stack.summary.services) expect(await isAnswering(service.url)).toBe(false);
  }, 90_000);
});
