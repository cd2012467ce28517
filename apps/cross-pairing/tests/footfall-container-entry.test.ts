/**
 * The footfall container's entry file as a real process: it loads the model, listens
 * where the environment says, answers, and stops cleanly on SIGTERM (what ECS sends);
 * a port that is taken stops it with exit code 1 instead of a half-started server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FOOTFALL_CONTAINER_BUNDLE } from '../scripts/paths.js';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/**
 * Starts the built entry with `env`. Resolves `listening` with the port it logs, and
 * `exited` with its exit code; `lines` collects the JSON log lines of stdout and stderr
 * (Powertools writes WARN and above to stderr).
 */
function startEntry(env: Record<string, string>) {
  const child = spawn(process.execPath, [FOOTFALL_CONTAINER_BUNDLE], { env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  const lines: Record<string, unknown>[] = [];
  let resolveListening: (port: number) => void = () => undefined;
  const listening = new Promise<number>((resolve, reject) => {
    resolveListening = resolve;
    child.on('exit', () => reject(new Error('exited before listening')));
  });
  listening.catch(() => undefined); // a test that expects an early exit awaits `exited` instead
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts.filter((l) => l.startsWith('{'))) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        lines.push(entry);
        if (entry.message === 'Footfall container listening') resolveListening(entry.port as number);
      }
    });
  }
  // 'close', not 'exit': it comes after the last chunk of output has been read.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, listening, exited, lines };
}

describe('dist/footfall-container/index.mjs', () => {
  it('listens on FOOTFALL_CONTAINER_PORT, answers, and exits 0 on SIGTERM', async () => {
    expect(existsSync(FOOTFALL_CONTAINER_BUNDLE), 'run `npm run build` first').toBe(true);
    // Arrange + Act: port 0 lets the OS pick a free port; the log line says which.
    const { child, listening, exited } = startEntry({ FOOTFALL_CONTAINER_PORT: '0' });
    const port = await listening;
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    child.kill('SIGTERM');

    // Assert
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
    expect(await exited).toBe(0);
  });

  it('exits 1 with a critical log line when the port is taken', async () => {
    // Arrange: hold a port.
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      // Act
      const { exited, lines } = startEntry({ FOOTFALL_CONTAINER_PORT: String(port) });

      // Assert
      expect(await exited).toBe(1);
      expect(lines).toContainEqual(expect.objectContaining({ level: 'CRITICAL', message: 'Cannot listen' }));
    } finally {
      blocker.close();
    }
  });
});
