/**
 * The orchestrator's process helpers, on real child processes: a tiny Node HTTP
 * server stands in for a service so readiness, failures, stopping and measuring are
 * exercised without building the real apps.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { directorySize, formatLogLine, getFreePort, readRssBytes, startService, stopAll, type ServiceSpec } from '../orchestrator/processes.js';
import { startCommandOf } from '../orchestrator/services.js';

/** A service that becomes ready after `delayMs` and logs how it was stopped. */
function fakeService(port: number, delayMs: number): ServiceSpec {
  const script = `
    import http from 'node:http';
    let ready = false;
    setTimeout(() => { ready = true; console.log('ready now'); }, ${delayMs});
    const server = http.createServer((req, res) => { res.statusCode = ready ? 200 : 503; res.end(); });
    server.listen(${port}, '127.0.0.1', () => console.log(JSON.stringify({ level: 30, msg: 'listening', port: ${port}, pid: process.pid })));
    process.on('SIGTERM', () => { console.log('got SIGTERM'); server.close(() => process.exit(0)); });
  `;
  return {
    name: 'fake',
    command: process.execPath,
    args: ['--input-type=module', '-e', script],
    cwd: tmpdir(),
    env: {},
    url: `http://127.0.0.1:${port}`,
    readyUrl: `http://127.0.0.1:${port}/readyz`,
    readyTimeoutMs: 10_000,
  };
}

afterEach(async () => {
  await stopAll(2_000);
});

describe('startService', () => {
  it('resolves once the readiness URL answers 2xx, not when the port merely opens', async () => {
    // Arrange
    const lines: string[] = [];
    const spec = fakeService(await getFreePort(), 400);

    // Act
    const service = await startService(spec, { onLine: (_name, line) => lines.push(line) });

    // Assert
    expect(service.startupMs).toBeGreaterThanOrEqual(400);
    expect(service.hasExited()).toBe(false);
    expect(lines).toContain('ready now');
  });

  it('stops a service with SIGTERM so it can close cleanly', async () => {
    const lines: string[] = [];
    const service = await startService(fakeService(await getFreePort(), 0), { onLine: (_name, line) => lines.push(line) });

    const code = await service.stop();

    expect(code).toBe(0);
    expect(lines).toContain('got SIGTERM');
    expect(service.hasExited()).toBe(true);
  });

  it('fails with the last output lines when the process exits before it is ready', async () => {
    const spec: ServiceSpec = { ...fakeService(await getFreePort(), 0), args: ['-e', 'console.error("cannot load model"); process.exit(3)'] };

    await expect(startService(spec, { onLine: () => undefined })).rejects.toThrow(/fake exited \(3\) before it was ready\.[\s\S]*cannot load model/);
  });

  it('gives up and kills the process when it is not ready in time', async () => {
    const spec: ServiceSpec = { ...fakeService(await getFreePort(), 60_000), readyTimeoutMs: 500 };

    await expect(startService(spec, { onLine: () => undefined })).rejects.toThrow(/was not ready .* within 500 ms/);
  });

  it('stopAll stops every service still running', async () => {
    const a = await startService(fakeService(await getFreePort(), 0), { onLine: () => undefined });
    const b = await startService(fakeService(await getFreePort(), 0), { onLine: () => undefined });

    await stopAll();

    expect(a.hasExited()).toBe(true);
    expect(b.hasExited()).toBe(true);
  });
});

describe('measurements', () => {
  it('reads a live process’s resident memory from /proc', async () => {
    const rss = await readRssBytes(process.pid);

    expect(rss).not.toBeNull();
    // A Node process running vitest holds at least a few MB and less than the machine.
    expect(rss!).toBeGreaterThan(5 * 1024 * 1024);
    expect(rss!).toBeLessThan(totalmem());
  });

  it('adds up file sizes through nested folders', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'demo-size-'));
    try {
      await mkdir(join(dir, 'a/b'), { recursive: true });
      await writeFile(join(dir, 'one.bin'), Buffer.alloc(1000));
      await writeFile(join(dir, 'a/b/two.bin'), Buffer.alloc(234));

      expect(await directorySize(dir)).toBe(1234);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('output and commands', () => {
  it('prints a pino JSON line as level, message and simple fields', () => {
    expect(formatLogLine('{"level":30,"time":1,"pid":9,"hostname":"h","msg":"listening","port":3002,"req":{"id":1}}')).toBe('info  listening port=3002');
  });

  it('appends the message of a logged error', () => {
    expect(formatLogLine('{"level":60,"msg":"start-up failed","err":{"type":"ArtifactIntegrityError","message":"bad checksum","stack":"…"}}')).toBe(
      'fatal start-up failed (ArtifactIntegrityError: bad checksum)',
    );
  });

  it('prints a Powertools JSON line the same way and leaves other lines alone', () => {
    expect(formatLogLine('{"level":"WARN","message":"slow","service":"footfall","timestamp":"t","ms":12}')).toBe('warn  slow ms=12');
    expect(formatLogLine('plain text {not json')).toBe('plain text {not json');
  });

  it('runs a plain `node file` start script directly under this Node', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'demo-cmd-'));
    try {
      await writeFile(join(dir, 'package.json'), JSON.stringify({ scripts: { start: 'node --enable-source-maps dist/server.js' } }));
      expect(startCommandOf(dir)).toEqual({ command: process.execPath, args: ['--enable-source-maps', 'dist/server.js'] });

      await writeFile(join(dir, 'package.json'), JSON.stringify({ scripts: { start: 'tsx src/index.ts && echo done' } }));
      expect(startCommandOf(dir)).toEqual({ command: 'npm', args: ['run', 'start', '--silent'] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
