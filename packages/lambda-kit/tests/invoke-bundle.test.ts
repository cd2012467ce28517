/**
 * The invoke-bundle harness and the bundle settings together: a handler built on the
 * kit bundles into one self-contained file, and the harness cold-starts it in a fresh
 * process and reports its peak memory one way (`peakRssBytes`, the child's own VmHWM).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESM_REQUIRE_BANNER, HANDLER_FILE, INVOKE_BUNDLE_SCRIPT, lambdaBundleOptions } from '../src/bundle.js';
import { httpApiV2Event, parseInvokeResults } from '../src/testing.js';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lambda-kit-'));
  await build({ ...lambdaBundleOptions, entryPoints: [new URL('fixtures/hello-handler.ts', import.meta.url).pathname], outfile: join(dir, HANDLER_FILE) });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the invoke-bundle harness', () => {
  it('is the file the package exports as ./invoke-bundle', () => {
    expect(existsSync(INVOKE_BUNDLE_SCRIPT)).toBe(true);
    const { exports } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };
    expect(join(new URL('..', import.meta.url).pathname, exports['./invoke-bundle'] as string)).toBe(INVOKE_BUNDLE_SCRIPT);
  });

  it('cold-starts a bundle with no node_modules beside it and answers each event, with one peak-memory figure', () => {
    // Arrange
    const bundled = readFileSync(join(dir, HANDLER_FILE), 'utf8');
    const eventsFile = join(dir, 'events.json');
    writeFileSync(eventsFile, JSON.stringify([httpApiV2Event({ method: 'POST', path: '/hello', body: { n: 1 } }), httpApiV2Event({ method: 'GET', path: '/hello' })]));

    // Act
    const stdout = execFileSync(process.execPath, [INVOKE_BUNDLE_SCRIPT, join(dir, HANDLER_FILE), eventsFile], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', POWERTOOLS_LOG_LEVEL: 'INFO' },
      encoding: 'utf8',
    });

    // Assert
    expect(bundled.startsWith(ESM_REQUIRE_BANNER), 'the bundle starts with the require banner').toBe(true);
    expect(bundled).not.toMatch(/from\s*["']@serverless-ai\//);
    const lines = stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    const results = parseInvokeResults<{ loadedAt: string }>(stdout);
    expect(results.map((r) => [r.index, r.response.statusCode])).toEqual([[0, 200], [1, 405]]);
    expect(JSON.parse(results[0]!.response.body)).toEqual({ hello: { n: 1 } });
    expect(results[0]!.initReport).toMatchObject({ loadedAt: 'init' });
    expect(Object.keys(results[0]!).sort()).toEqual(['cpuMs', 'index', 'initMs', 'initReport', 'invokeMs', 'peakRssBytes', 'response']);
    // CPU time counts Node's own start-up and the 32 MiB fill, so it is more than the init alone took on the CPU.
    expect(results[0]!.cpuMs).toBeGreaterThan(0);
    expect(results[1]!.cpuMs).toBeGreaterThanOrEqual(results[0]!.cpuMs);
    // The init phase filled a 32 MiB buffer: the child's own peak must show it.
    expect(results[0]!.peakRssBytes).toBeGreaterThan(32 * 1024 * 1024);
    expect(results[1]!.peakRssBytes).toBeGreaterThanOrEqual(results[0]!.peakRssBytes);
    const handled = lines.filter((line) => line.message === 'Request handled');
    expect(handled.map((line) => [line.function_request_id, line.cold_start])).toEqual([
      [expect.stringMatching(/^bench-\d+-0$/), true],
      [expect.stringMatching(/^bench-\d+-1$/), false],
    ]);
  });

  it('refuses to run without a bundle and an events file', () => {
    expect(() => execFileSync(process.execPath, [INVOKE_BUNDLE_SCRIPT], { stdio: 'pipe' })).toThrow(/Usage/);
  });
});
