/**
 * Checks for step 01.04: an acknowledged write survives `kill -9`. The first check does
 * what the repo's own durability test does (apps/recommender-container/tests/durability.test.ts):
 * a real server process, real HTTP, a real file, SIGKILL, a restart on the same file. The
 * others look at the cause in-process: is the record in the file, and fsynced, by the time
 * `append` resolves?
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countFsyncs } from '@serverless-ai/workshop/kit';
import { open } from './append-log.js';

const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
const ACKNOWLEDGED_WRITES = 20;

let workDir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'workshop-durable-write-'));
});
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(workDir, { recursive: true, force: true });
});

/** Starts `node --import tsx server.ts <logPath>` and resolves with its child process and URL once it prints its port. */
async function startServer(logPath: string): Promise<{ child: ChildProcess; url: string; exited: Promise<NodeJS.Signals | number | null> }> {
  // cwd beside server.ts, so `--import tsx` resolves from the repo's node_modules.
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, logPath], { cwd: dirname(SERVER), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = await Promise.race([
    new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve)),
    exited.then((how) => Promise.reject(new Error(`server.ts exited (${String(how)}) before printing its port:\n${stderr}`))),
  ]);
  const { port } = JSON.parse(firstLine) as { port: number };
  return { child, url: `http://127.0.0.1:${port}`, exited };
}

describe('an acknowledged write', () => {
  it(`survives kill -9: all ${ACKNOWLEDGED_WRITES} movies answered with 201 are there after a restart`, async () => {
    const logPath = join(workDir, 'kill-9.log');
    const first = await startServer(logPath);
    const acknowledged: string[] = [];
    for (let i = 0; i < ACKNOWLEDGED_WRITES; i++) {
      const title = `Movie ${i}`;
      const res = await fetch(`${first.url}/movies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
      expect(res.status, `POST /movies {"title": "${title}"} should answer 201 once the movie is stored: ${await res.text()}`).toBe(201);
      acknowledged.push(title);
    }

    // kill -9 right after the last 201: no signal handler runs, nothing more is written.
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const second = await startServer(logPath);
    const { movies } = (await (await fetch(`${second.url}/movies`)).json()) as { movies: { title: string }[] };
    second.child.kill('SIGKILL');

    const stored = new Set(movies.map((m) => m.title));
    const lost = acknowledged.filter((title) => !stored.has(title));
    expect(
      lost,
      `${lost.length} of ${ACKNOWLEDGED_WRITES} acknowledged writes were lost when the process was killed: an acknowledgement must come after the record is written and fsynced. In append-log.ts, write the record and fsync the file inside append(), before the promise it returns resolves; a batch that waits in memory dies with the process.`,
    ).toEqual([]);
  });

  it('is in the log file by the time append resolves', async () => {
    const logPath = join(workDir, 'read-back.log');
    const log = open<{ title: string }>(logPath);
    try {
      await log.append({ title: 'Read back at once' });
      const onDisk = readFileSync(logPath, 'utf8');
      expect(
        onDisk,
        'append() resolved, but the record is not in the file yet: it is still waiting in memory, and a kill -9 now would lose an acknowledged write. Write it to the file (and fsync it) before append() resolves.',
      ).toContain('{"title":"Read back at once"}\n');
    } finally {
      log.close();
    }
  });

  it('is fsynced before append resolves, so it survives a power cut too', async () => {
    const log = open<{ title: string }>(join(workDir, 'fsync.log'));
    try {
      const { fsyncs } = await countFsyncs(() => log.append({ title: 'Flushed to the disk' }));
      expect(
        fsyncs,
        'append() resolved without an fsync. Once written, the record is in the page cache, which survives kill -9 but not a power cut or a kernel crash. Call fsyncSync(fd) (or await handle.sync()) after the write and before append() resolves.',
      ).toBeGreaterThanOrEqual(1);
    } finally {
      log.close();
    }
  });

  it('comes back in order when the log is opened again', async () => {
    const logPath = join(workDir, 'reopen.log');
    const titles = ['First', 'Second', 'Third'];
    const log = open<{ title: string }>(logPath);
    for (const title of titles) await log.append({ title });
    log.close();
    const reopened = open<{ title: string }>(logPath);
    reopened.close();
    expect(reopened.records.map((r) => r.title), 'Opening the log again should load every record in the order it was appended; keep readRecords and open as they are.').toEqual(titles);
  });
});
