/**
 * fitcheck on real bundles, built in a temp folder by tests/fixtures.ts: a small
 * esbuild bundle (fits), the real hnswlib-node addon with 80 MB of vectors loaded at
 * init (does not fit on arm64), and a 300 MB folder (too large).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../src/analyse.js';
import { CannotAnalyseError } from '../src/bundle.js';
import { EM_AARCH64, EM_X86_64, parseElf } from '../src/elf.js';
import { MB } from '../src/limits.js';
import type { FitReport } from '../src/report.js';
import { type Fixture, hnswAddonPath, makeHnswBundle, makeOversizedBundle, makeSmallModelBundle } from './fixtures.js';
import { buildElf } from './helpers/elf-builder.js';
import { buildMachO, buildPe, CPU_TYPE, MH_FILETYPE, PE_MACHINE } from './helpers/macho-pe-builder.js';

let root: string;
let small: Fixture;
let hnsw: Fixture;

function codes(report: FitReport, criterion: keyof FitReport['criteria']): string[] {
  return report.criteria[criterion].findings.map((f) => f.code);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fitcheck-analyse-'));
  small = await makeSmallModelBundle(root);
  hnsw = await makeHnswBundle(root);
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a small esbuild bundle with a JSON model', () => {
  it('fits, and names the model file as the data read at init', async () => {
    // Act
    const report = await analyse(small.dir, { event: small.eventFile, runs: 3 });

    // Assert
    expect(report.verdict, report.reasons.join('; ')).toBe('fits');
    expect(report.criteria.dependencies.status).toBe('pass');
    expect(report.criteria.internalState.status).toBe('pass');
    expect(report.target.handler).toBe('index.mjs#handler');
    expect(report.init!.runsCompleted).toBe(3);
    expect(report.init!.init!.data.map(({ path, bytes }) => ({ path, bytes }))).toEqual(small.initData);
    expect(report.init!.response?.statusCode).toBe(200);
    expect(report.nativeBinaries).toEqual([]);
  });

  it('gives the same verdict from a .zip of the same bundle, running the extracted copy', async () => {
    // Arrange
    const zipPath = join(root, 'small.zip');
    const files = { 'index.mjs': await readFile(join(small.dir, 'index.mjs')), 'model.json': await readFile(join(small.dir, 'model.json')) };
    await writeFile(zipPath, zipSync(files, { level: 9 }));

    // Act
    const report = await analyse(zipPath, { event: small.eventFile, runs: 1 });

    // Assert
    expect(report.target.kind).toBe('zip');
    expect(report.size.zippedMethod).toBe('zip-file-size');
    expect(report.size.zippedBytes).toBe((await readFile(zipPath)).byteLength);
    expect(report.verdict).toBe('fits');
    expect(report.init!.init!.data.map((f) => f.path)).toEqual(['model.json']);
  });
});

describe('a bundle with hnswlib-node and 80 MB of vectors loaded at init', () => {
  it('does not fit an arm64 function: the addon is x86_64, and init loads 80 MB of state', async () => {
    // Arrange: the addon really is x86_64 on this machine (the test says so if it is not).
    const addon = parseElf(await readFile(hnswAddonPath()));
    expect(addon.architecture, '🚨 this fixture needs an x86_64 build of hnswlib-node').toBe('x86_64');

    // Act
    const report = await analyse(hnsw.dir, { arch: 'arm64', event: hnsw.eventFile, runs: 2 });

    // Assert
    expect(report.verdict).toBe('does-not-fit');
    expect(report.criteria.dependencies.status).toBe('fail');
    expect(codes(report, 'dependencies')).toContain('NATIVE_WRONG_ARCH');
    expect(codes(report, 'dependencies')).toContain('NATIVE_ADDON');
    expect(report.reasons.some((r) => r.includes('addon.node is built for x86_64'))).toBe(true);
    expect(report.nativeBinaries).toEqual([expect.objectContaining({ path: 'node_modules/hnswlib-node/build/Release/addon.node', kind: 'addon', architecture: 'x86_64', requiredGlibc: addon.requiredGlibc })]);

    expect(report.criteria.internalState.status).toBe('warn');
    expect(codes(report, 'internalState')).toContain('INIT_DATA_LARGE');
    expect(report.init!.init!.data[0]).toMatchObject({ path: 'vectors.f32', bytes: 80 * MB });
    expect(report.init!.addonsLoaded).toEqual(['node_modules/hnswlib-node/build/Release/addon.node']);
    expect(report.init!.response?.statusCode).toBe(200);
    // Random floats do not compress: the zip is over the 50 MB direct-upload limit as well.
    expect(codes(report, 'dependencies')).toContain('ZIPPED_TOO_LARGE');
  }, 60_000);

  it('loses the architecture failure when the target is x86_64, keeping the native-addon warning', async () => {
    // Act: raise the zipped limit (an S3 upload), so only the addon and state findings are left.
    const report = await analyse(hnsw.dir, { arch: 'x86_64', maxZippedBytes: 250 * MB, event: hnsw.eventFile, runs: 1 });

    // Assert
    expect(codes(report, 'dependencies')).not.toContain('NATIVE_WRONG_ARCH');
    expect(codes(report, 'dependencies')).not.toContain('NATIVE_GLIBC_TOO_NEW');
    expect(report.criteria.dependencies.status).toBe('warn');
    expect(report.criteria.internalState.status).toBe('warn');
    expect(report.verdict).toBe('fits');
    expect(report.reasons.length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

describe('an oversized folder', () => {
  it('fails on the 250 MB unzipped limit even though it zips small (a sparse 300 MB file)', async () => {
    // Arrange
    const oversized = await makeOversizedBundle(root);

    // Act
    const report = await analyse(oversized.dir, { runs: 1 });

    // Assert
    expect(report.size.unzippedBytes).toBeGreaterThan(300 * MB);
    expect(report.size.zippedBytes).toBeLessThan(5 * MB);
    expect(codes(report, 'dependencies')).toEqual(['UNZIPPED_TOO_LARGE']);
    expect(report.verdict).toBe('does-not-fit');
    expect(report.criteria.coldStarts.status).toBe('pass');
    expect(report.dataFiles.files[0]).toEqual({ path: 'padding.bin', bytes: 300 * MB });
  }, 60_000);
});

describe('a handler with a slow init', () => {
  it('warns above --warn-init-ms and fails above --max-init-ms, on a real 600 ms init', async () => {
    // Arrange: module-scope work that takes 600 ms, like loading a model.
    const dir = join(root, 'slow-init');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'index.mjs'), 'await new Promise((r) => setTimeout(r, 600));\nexport const handler = async () => ({ statusCode: 200 });\n');

    // Act
    const warned = await analyse(dir, { runs: 1, warnInitMs: 300 });
    const failed = await analyse(dir, { runs: 1, warnInitMs: 300, maxInitMs: 500 });

    // Assert
    expect(warned.init!.initMs!.median).toBeGreaterThanOrEqual(600);
    expect(codes(warned, 'coldStarts')).toEqual(['COLD_START_SLOW']);
    expect(warned.verdict).toBe('fits');
    expect(codes(failed, 'coldStarts')).toEqual(['INIT_TOO_SLOW']);
    expect(failed.verdict).toBe('does-not-fit');
  });
});

describe('native addons checked statically', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(root, 'arm-addon');
    await mkdir(join(dir, 'node_modules/fast/build/Release'), { recursive: true });
    await writeFile(join(dir, 'node_modules/fast/build/Release/fast.node'), buildElf({ machine: EM_AARCH64, versionNeeds: { 'libc.so.6': ['GLIBC_2.17', 'GLIBC_2.38'] } }));
    await writeFile(join(dir, 'index.mjs'), 'export const handler = async () => 1;\n');
  });

  it('fails an aarch64 addon that needs glibc 2.38 on the 2.34 runtime', async () => {
    const report = await analyse(dir, { static: true });

    expect(codes(report, 'dependencies')).toEqual(['NATIVE_GLIBC_TOO_NEW', 'NATIVE_ADDON']);
    expect(report.criteria.coldStarts.status).toBe('skipped');
    expect(report.init).toBeNull();
    expect(report.verdict).toBe('does-not-fit');
  });

  it('passes the same addon when the runtime glibc is raised to 2.38, and fits statically', async () => {
    const report = await analyse(dir, { static: true, glibc: '2.38' });

    expect(codes(report, 'dependencies')).toEqual(['NATIVE_ADDON']);
    expect(report.verdict).toBe('fits');
  });

  it('takes the glibc ceiling from a runtime passed alone: nodejs18.x (glibc 2.26) fails it and names both versions', async () => {
    // Act: a library caller names only the runtime, as `--runtime nodejs18.x` does on the CLI.
    const report = await analyse(dir, { static: true, runtime: 'nodejs18.x' });

    // Assert
    expect(report.thresholds.glibc).toBe('2.26');
    const finding = report.criteria.dependencies.findings.find((f) => f.code === 'NATIVE_GLIBC_TOO_NEW');
    expect(finding?.message).toMatch(/glibc 2\.38.*glibc 2\.26/);
  });

  it('fails it on x86_64 for the architecture', async () => {
    const report = await analyse(dir, { static: true, arch: 'x86_64', glibc: '2.38' });

    expect(codes(report, 'dependencies')).toEqual(['NATIVE_WRONG_ARCH', 'NATIVE_ADDON']);
  });
});

describe('prebuilt binaries for other operating systems', () => {
  let withLinux: string;
  let macOnly: string;
  beforeAll(async () => {
    // Arrange: what onnxruntime-node-like packages ship: one prebuild per OS, only one of which loads.
    withLinux = join(root, 'prebuilds-with-linux');
    const bin = join(withLinux, 'node_modules/runtime/bin');
    await mkdir(join(bin, 'linux/arm64'), { recursive: true });
    await mkdir(join(bin, 'darwin/arm64'), { recursive: true });
    await mkdir(join(bin, 'win32/x64'), { recursive: true });
    await writeFile(join(bin, 'linux/arm64/runtime.node'), buildElf({ machine: EM_AARCH64, versionNeeds: { 'libc.so.6': ['GLIBC_2.17'] } }));
    await writeFile(join(bin, 'darwin/arm64/libruntime.dylib'), buildMachO({ cpuType: CPU_TYPE.arm64, fileType: MH_FILETYPE.dylib }));
    await writeFile(join(bin, 'win32/x64/runtime.dll'), buildPe({ machine: PE_MACHINE.x86_64, dll: true }));
    await writeFile(join(withLinux, 'index.mjs'), 'export const handler = async () => 1;\n');

    macOnly = join(root, 'prebuilds-mac-only');
    await mkdir(join(macOnly, 'node_modules/runtime/bin'), { recursive: true });
    await writeFile(join(macOnly, 'node_modules/runtime/bin/runtime.node'), buildMachO({ cpuType: CPU_TYPE.arm64, fileType: MH_FILETYPE.bundle }));
    await writeFile(join(macOnly, 'index.mjs'), 'export const handler = async () => 1;\n');
  });

  it('only warns about macOS and Windows prebuilds shipped beside a Linux build for the function (dead weight, never loaded)', async () => {
    // Act
    const report = await analyse(withLinux, { static: true });

    // Assert
    const notLinux = report.criteria.dependencies.findings.filter((f) => f.code === 'NATIVE_NOT_LINUX');
    expect(notLinux).toHaveLength(2);
    expect(notLinux.every((f) => f.level === 'warn' && /never loads/.test(f.message))).toBe(true);
    expect(report.verdict).toBe('fits');
  });

  it('fails a macOS addon when the bundle has no Linux build for the function', async () => {
    // Act
    const report = await analyse(macOnly, { static: true });

    // Assert
    const notLinux = report.criteria.dependencies.findings.find((f) => f.code === 'NATIVE_NOT_LINUX');
    expect(notLinux?.level).toBe('fail');
    expect(report.verdict).toBe('does-not-fit');
  });
});

describe('binaries that are not loaded, or only partly readable', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(root, 'object-files');
    await mkdir(join(dir, 'node_modules/fast/build/Release/obj.target/fast/src'), { recursive: true });
    await writeFile(join(dir, 'node_modules/fast/build/Release/fast.node'), buildElf({ machine: EM_AARCH64, versionNeeds: { 'libc.so.6': ['GLIBC_2.17'] } }));
    // The x86_64 object file node-gyp compiled on the build machine: never loaded on Lambda.
    await writeFile(join(dir, 'node_modules/fast/build/Release/obj.target/fast/src/fast.o'), buildElf({ machine: EM_X86_64, type: 'relocatable' }));
    await writeFile(join(dir, 'index.mjs'), 'export const handler = async () => 1;\n');
  });

  it('does not fail an arm64 bundle for an x86_64 object file, and lists it as an object file', async () => {
    // Act
    const report = await analyse(dir, { static: true });

    // Assert
    expect(codes(report, 'dependencies')).toEqual(['NATIVE_OBJECT_FILE', 'NATIVE_ADDON']);
    expect(report.criteria.dependencies.findings.find((f) => f.code === 'NATIVE_OBJECT_FILE')?.level).toBe('info');
    expect(report.verdict).toBe('fits');
    expect(report.nativeBinaries.find((n) => n.path.endsWith('fast.o'))).toMatchObject({ kind: 'object-file', format: 'elf', architecture: 'x86_64' });
  });

  it('reports the architecture of a truncated addon from its header, and still warns that it is unreadable', async () => {
    // Arrange
    const cutDir = join(root, 'truncated-addon');
    await mkdir(cutDir, { recursive: true });
    await writeFile(join(cutDir, 'cut.node'), buildElf({ machine: EM_X86_64, versionNeeds: { 'libc.so.6': ['GLIBC_2.17'] } }).subarray(0, 64));
    await writeFile(join(cutDir, 'index.mjs'), 'export const handler = async () => 1;\n');

    // Act
    const report = await analyse(cutDir, { static: true });

    // Assert
    expect(report.nativeBinaries).toEqual([expect.objectContaining({ path: 'cut.node', architecture: 'x86_64', parseError: expect.stringMatching(/Truncated/) as string })]);
    expect(codes(report, 'dependencies')).toContain('NATIVE_UNREADABLE');
  });
});

describe('native code read through fs at init', () => {
  it('counts a versioned .so and a C header read at init as code, not as data loaded at init', async () => {
    // Arrange: a handler that reads, at init, what onnxruntime-node-like packages ship:
    // a 2 MB versioned shared library and a header, plus one real data file.
    const dir = join(root, 'reads-native-code');
    await mkdir(join(dir, 'lib'), { recursive: true });
    await writeFile(join(dir, 'lib/libfake.so.1.17.0'), Buffer.concat([buildElf({ machine: EM_AARCH64 }), Buffer.alloc(2 * MB)]));
    await writeFile(join(dir, 'lib/fake.h'), '#define FAKE 1\n'.repeat(10));
    await writeFile(join(dir, 'weights.json'), JSON.stringify({ w: [1, 2, 3] }));
    await writeFile(
      join(dir, 'index.mjs'),
      [
        "import { readFileSync } from 'node:fs';",
        "readFileSync(new URL('./lib/libfake.so.1.17.0', import.meta.url));",
        "readFileSync(new URL('./lib/fake.h', import.meta.url));",
        "const weights = JSON.parse(readFileSync(new URL('./weights.json', import.meta.url), 'utf8'));",
        'export const handler = async () => weights.w.length;',
        '',
      ].join('\n'),
    );

    // Act: warn on init data above 1 MB, so a 2 MB library counted as data would warn.
    const report = await analyse(dir, { runs: 1, warnInitDataBytes: 1 * MB });

    // Assert
    expect(report.init?.init?.data.map((f) => f.path)).toEqual(['weights.json']);
    expect(report.init?.init?.codeFiles).toBeGreaterThanOrEqual(2);
    expect(codes(report, 'internalState')).not.toContain('INIT_DATA_LARGE');
    expect(report.dataFiles.files.map((f) => f.path)).toEqual(['weights.json']);
  });
});

describe('inputs fitcheck cannot analyse', () => {
  it('is inconclusive when no handler is found and --static was not asked for', async () => {
    const dir = join(root, 'no-handler');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'app.mjs'), 'export const main = 1;\n');

    const report = await analyse(dir);

    expect(report.criteria.coldStarts.status).toBe('unknown');
    expect(report.verdict).toBe('inconclusive');
    expect(report.reasons[0]).toMatch(/no handler found/);
  });

  it('rejects a handler spec that matches no file, a bad arch and a bad glibc', async () => {
    await expect(analyse(small.dir, { handler: 'missing.mjs#handler' })).rejects.toThrow(CannotAnalyseError);
    await expect(analyse(small.dir, { arch: 'mips' as 'arm64' })).rejects.toThrow(/--arch/);
    await expect(analyse(small.dir, { glibc: 'latest' })).rejects.toThrow(/--glibc/);
  });

  it('accepts Lambda-style handler names (index.handler)', async () => {
    const report = await analyse(small.dir, { handler: 'index.handler', runs: 1 });

    expect(report.target.handler).toBe('index.mjs#handler');
    expect(report.verdict).toBe('fits');
  });
});
