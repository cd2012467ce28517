import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ancestorNodeModules, measureInit, median } from '../src/measure.js';

let root: string;

/** Writes a bundle whose index.mjs is `source`, plus the given data files. */
async function bundle(name: string, source: string, files: Record<string, Uint8Array | string> = {}): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'index.mjs'), source);
  for (const [path, data] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), data);
  }
  return dir;
}

const options = { runs: 1, memoryMB: 1024, initTimeoutMs: 15_000 };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fitcheck-measure-'));
  await writeFile(join(root, 'outside.txt'), 'x'.repeat(1234));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('measureInit: files read at init', () => {
  it('counts each fs API once, with the exact bytes read', async () => {
    // Arrange: one file per API, each a distinct size so mix-ups show.
    const dir = await bundle(
      'apis',
      `
      import fs from 'node:fs';
      import { readFile, open } from 'node:fs/promises';
      import { createRequire } from 'node:module';
      const url = (f) => new URL('./' + f, import.meta.url);
      fs.readFileSync(url('a-sync.bin'));
      fs.readFileSync(url('b-utf8.txt'), 'utf8');
      await readFile(url('c-promises.bin'));
      await new Promise((resolve) => fs.readFile(url('d-callback.bin'), resolve));
      await new Promise((resolve) => fs.createReadStream(url('e-stream.bin')).on('data', () => {}).on('end', resolve));
      const fd = fs.openSync(url('f-fd.bin'), 'r'); fs.readSync(fd, Buffer.alloc(100), 0, 100, 0); fs.closeSync(fd);
      const handle = await open(url('g-handle.bin')); await handle.read(Buffer.alloc(4096), 0, 4096, 0); await handle.close();
      createRequire(import.meta.url)('./h-required.json');
      export const handler = async () => ({ statusCode: 200 });
      `,
      {
        'a-sync.bin': Buffer.alloc(1001),
        'b-utf8.txt': 'b'.repeat(1002),
        'c-promises.bin': Buffer.alloc(1003),
        'd-callback.bin': Buffer.alloc(1004),
        'e-stream.bin': Buffer.alloc(200_005),
        'f-fd.bin': Buffer.alloc(1006),
        'g-handle.bin': Buffer.alloc(1007),
        'h-required.json': JSON.stringify({ pad: 'h'.repeat(990) }),
        'unread.bin': Buffer.alloc(5000),
      },
    );

    // Act
    const m = await measureInit(dir, { file: 'index.mjs', exportName: 'handler' }, options);

    // Assert
    expect(m.error).toBeNull();
    const bytesByPath = Object.fromEntries(m.init!.data.map((f) => [f.path, f.bytes]));
    expect(bytesByPath).toEqual({
      'a-sync.bin': 1001,
      'b-utf8.txt': 1002,
      'c-promises.bin': 1003,
      'd-callback.bin': 1004,
      'e-stream.bin': 200_005,
      'f-fd.bin': 100, // only what readSync asked for
      'g-handle.bin': 1007,
      'h-required.json': JSON.stringify({ pad: 'h'.repeat(990) }).length,
    });
    expect(m.init!.dataBytes).toBe(Object.values(bytesByPath).reduce((a, b) => a + b, 0));
    // The kernel's own count includes all of the above, plus code and the node binary's reads.
    if (m.initProcessReadBytes !== null) expect(m.initProcessReadBytes).toBeGreaterThanOrEqual(m.init!.dataBytes);
  });

  it('keeps code, outside files and first-invocation reads apart from init data', async () => {
    // Arrange
    const dir = await bundle(
      'phases',
      `
      import { readFileSync } from 'node:fs';
      import { createRequire } from 'node:module';
      const helper = createRequire(import.meta.url)('./lib/helper.cjs');
      const config = readFileSync(${JSON.stringify(join(root, 'outside.txt'))}, 'utf8');
      let lazy;
      export const handler = async () => {
        lazy ??= readFileSync(new URL('./lazy.bin', import.meta.url));
        return { statusCode: 200, body: String(helper.answer + lazy.length + config.length) };
      };
      `,
      { 'lib/helper.cjs': 'module.exports = { answer: 42 };\n', 'lazy.bin': Buffer.alloc(7777) },
    );
    const eventFile = join(root, 'event.json');
    await writeFile(eventFile, '{"hello":"world"}');

    // Act
    const m = await measureInit(dir, { file: 'index.mjs', exportName: 'handler' }, { ...options, eventFile });

    // Assert
    expect(m.error).toBeNull();
    expect(m.init!.data).toEqual([]);
    expect(m.init!.codeFiles).toBeGreaterThanOrEqual(1); // lib/helper.cjs, read by require
    expect(m.init!.outside.map((f) => [f.path, f.bytes])).toContainEqual([join(root, 'outside.txt'), 1234]);
    expect(m.invoke!.data).toEqual([{ path: 'lazy.bin', bytes: 7777, via: ['readFileSync'] }]);
    expect(m.response).toEqual({ statusCode: 200, bytes: expect.any(Number) as number });
    expect(m.firstResponseMs!.median).toBeGreaterThanOrEqual(m.initMs!.median);
    // The event file is read before recording starts: it is not init data.
    expect(m.init!.outside.map((f) => f.path)).not.toContain(eventFile);
  });

  it('reports peak RSS that grows with the memory the handler holds', async () => {
    // Arrange: the same handler, holding nothing and then 200 MB.
    const small = await bundle('rss-small', 'export const handler = async () => 1;\n');
    const large = await bundle('rss-large', 'const held = Buffer.alloc(200 * 1024 * 1024, 1);\nexport const handler = async () => held.length;\n');

    // Act
    const a = await measureInit(small, { file: 'index.mjs', exportName: 'handler' }, options);
    const b = await measureInit(large, { file: 'index.mjs', exportName: 'handler' }, options);

    // Assert
    expect(b.peakRssMB!.median - a.peakRssMB!.median).toBeGreaterThan(150);
  });
});

describe('measureInit: failures', () => {
  it('reports a handler that throws at import as an init error, with its output', async () => {
    const dir = await bundle('throws', "console.error('loading model…');\nthrow new Error('model file missing');\n");

    const m = await measureInit(dir, { file: 'index.mjs', exportName: 'handler' }, { ...options, runs: 3 });

    expect(m.error).toMatchObject({ phase: 'init', name: 'Error', message: 'model file missing' });
    expect(m.error!.output).toContain('loading model…');
    expect(m.runsCompleted).toBe(0);
    expect(m.initMs).toBeNull();
  });

  it('reports a missing export by name', async () => {
    const dir = await bundle('no-export', 'export const main = async () => 1;\n');

    const m = await measureInit(dir, { file: 'index.mjs', exportName: 'handler' }, options);

    expect(m.error?.message).toMatch(/does not export a function named "handler"/);
  });

  it('kills an init that outlives the timeout and says so', async () => {
    const dir = await bundle('slow', 'await new Promise((r) => setTimeout(r, 20_000));\nexport const handler = async () => 1;\n');

    const started = performance.now();
    const m = await measureInit(dir, { file: 'index.mjs', exportName: 'handler' }, { ...options, initTimeoutMs: 800 });

    expect(m.error).toMatchObject({ phase: 'timeout' });
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('reports an event the handler throws on as an invoke error', async () => {
    const dir = await bundle('bad-event', "export const handler = async (event) => { if (!event.ok) throw new TypeError('ok is required'); };\n");
    const eventFile = join(root, 'bad-event.json');
    await writeFile(eventFile, '{}');

    const m = await measureInit(dir, { file: 'index.mjs', exportName: 'handler' }, { ...options, eventFile });

    expect(m.error).toMatchObject({ phase: 'invoke', name: 'TypeError', message: 'ok is required' });
  });
});

describe('helpers', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('finds the node_modules a bundle inside the repo could borrow from', () => {
    const packageDist = fileURLToPath(new URL('../dist', import.meta.url));
    expect(ancestorNodeModules(packageDist)).toMatch(/node_modules$/);
    expect(ancestorNodeModules(join(root, 'apis'))).toBeNull();
  });
});
