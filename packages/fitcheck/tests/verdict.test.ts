/**
 * The verdict rules at their boundaries, on hand-made inputs: each rule fires just
 * past its threshold and stays quiet at it. Real bundles are in analyse.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { BundleScan, NativeBinary } from '../src/bundle.js';
import { EM_AARCH64, parseElf } from '../src/elf.js';
import { DEFAULT_THRESHOLDS, LAMBDA_RUNTIMES, MB, runtimeThresholds, type Thresholds } from '../src/limits.js';
import type { InitMeasurement } from '../src/measure.js';
import { type Criteria, criteriaOnRoute, judge, overallVerdict, verdictsByRoute } from '../src/verdict.js';
import { buildElf } from './helpers/elf-builder.js';

function scan(overrides: Partial<BundleScan> = {}): BundleScan {
  return { kind: 'folder', source: '/b', files: [], unzippedBytes: 1 * MB, zippedBytes: 1 * MB, zippedMethod: 'fflate-deflate-level-6', natives: [], ...overrides };
}

function measurement(overrides: Partial<InitMeasurement> = {}): InitMeasurement {
  const stats = (v: number) => ({ median: v, min: v, max: v, values: [v] });
  return {
    handler: { file: 'index.mjs', exportName: 'handler' },
    runsRequested: 1,
    runsCompleted: 1,
    initMs: stats(200),
    firstResponseMs: null,
    importMs: stats(50),
    peakRssMB: stats(60),
    init: { data: [], dataBytes: 0, codeFiles: 1, codeBytes: 100, outside: [] },
    invoke: null,
    initProcessReadBytes: 1000,
    addonsLoaded: [],
    response: null,
    isolation: null,
    error: null,
    ...overrides,
  };
}

function run(input: { scan?: BundleScan; m?: InitMeasurement | null; t?: Partial<Thresholds> }): Criteria {
  return judge({ scan: input.scan ?? scan(), dataFiles: [], measurement: input.m === undefined ? measurement() : input.m, notMeasuredBecause: null, thresholds: { ...DEFAULT_THRESHOLDS, ...input.t } });
}

const codesOf = (c: Criteria): string[] => [c.dependencies, c.internalState, c.coldStarts].flatMap((x) => x.findings.map((f) => f.code));

describe('size rules', () => {
  it('passes 250 MB unzipped exactly, and fails one byte more', () => {
    expect(run({ scan: scan({ unzippedBytes: 250 * MB }) }).dependencies.findings.map((f) => f.code)).toEqual(['UNZIPPED_NEAR_LIMIT']);
    expect(run({ scan: scan({ unzippedBytes: 250 * MB + 1 }) }).dependencies.status).toBe('fail');
  });

  it('warns from 80% of the zipped limit on a direct upload', () => {
    expect(run({ scan: scan({ zippedBytes: 40 * MB - 1 }), t: { route: 'zip-direct' } }).dependencies.status).toBe('pass');
    expect(run({ scan: scan({ zippedBytes: 40 * MB }), t: { route: 'zip-direct' } }).dependencies.status).toBe('warn');
  });
});

describe('deploy routes', () => {
  it('fails a package of 50.03 MiB zipped on a direct upload only, and says the finding is about that route', () => {
    // Arrange: the 100k-movie snapshot package's size, within a few KB.
    const justOver = scan({ unzippedBytes: 68.5 * MB, zippedBytes: 50.03 * MB });

    // Act
    const onS3 = run({ scan: justOver, t: { route: 'zip-s3' } });
    const direct = run({ scan: justOver, t: { route: 'zip-direct' } });

    // Assert
    const zipped = onS3.dependencies.findings.find((f) => f.code === 'ZIPPED_TOO_LARGE');
    expect(zipped).toMatchObject({ level: 'info', routeLevel: 'fail', routes: ['zip-direct'] });
    expect(zipped?.message).toMatch(/50\.0 MB exceeds 50 MB \(a direct upload; through S3 only the unzipped limit applies\)/);
    expect(overallVerdict(onS3)).toBe('fits');
    expect(direct.dependencies.findings.find((f) => f.code === 'ZIPPED_TOO_LARGE')?.level).toBe('fail');
    expect(overallVerdict(direct)).toBe('does-not-fit');
    expect(verdictsByRoute(onS3)).toEqual({ 'zip-direct': 'does-not-fit', 'zip-s3': 'fits', 'container-image': 'fits' });
  });

  it('fails 678 MB unzipped on both zip routes and fits it in a container image', () => {
    const criteria = run({ scan: scan({ unzippedBytes: 678 * MB, zippedBytes: 489 * MB }) });

    expect(criteria.dependencies.findings.find((f) => f.code === 'UNZIPPED_TOO_LARGE')?.routes).toEqual(['zip-direct', 'zip-s3']);
    expect(verdictsByRoute(criteria)).toEqual({ 'zip-direct': 'does-not-fit', 'zip-s3': 'does-not-fit', 'container-image': 'fits' });
  });

  it('judges an image by the staged folder plus the base image against 10 GB, on the image route only', () => {
    // Arrange: 9.9 GB staged fits alone; a 200 MB base image takes it over.
    const staged = scan({ unzippedBytes: 9.9 * 1024 * MB, zippedBytes: 9 * 1024 * MB });

    // Act
    const alone = run({ scan: staged, t: { route: 'container-image' } });
    const withBase = run({ scan: staged, t: { route: 'container-image', baseImageBytes: 200 * MB } });

    // Assert
    expect(alone.dependencies.findings.map((f) => [f.code, f.level])).toEqual([
      ['UNZIPPED_TOO_LARGE', 'info'],
      ['ZIPPED_TOO_LARGE', 'info'],
      ['IMAGE_NEAR_LIMIT', 'warn'],
    ]);
    expect(overallVerdict(alone)).toBe('fits');
    const image = withBase.dependencies.findings.find((f) => f.code === 'IMAGE_TOO_LARGE');
    expect(image).toMatchObject({ level: 'fail', routes: ['container-image'] });
    expect(image?.message).toContain('image contents 10338 MB (10138 MB staged + 200 MB base image) exceeds 10240 MB');
    expect(overallVerdict(withBase)).toBe('does-not-fit');
  });

  it('applies the Init phase limit and native findings to every route, the image included', () => {
    const slow = measurement({ initMs: { median: 14_600, min: 14_500, max: 14_700, values: [14_600] } });
    const wrongArch = { path: 'x.node', bytes: 1, kind: 'addon' as const, format: 'elf' as const, elf: parseElf(buildElf({ machine: 62 })) };

    const criteria = run({ scan: scan({ natives: [wrongArch] }), m: slow, t: { route: 'container-image' } });

    expect(criteria.coldStarts.findings.find((f) => f.code === 'INIT_TOO_SLOW')).toMatchObject({ level: 'fail', routes: ['zip-direct', 'zip-s3', 'container-image'] });
    expect(criteria.dependencies.findings.find((f) => f.code === 'NATIVE_WRONG_ARCH')?.level).toBe('fail');
    expect(verdictsByRoute(criteria)).toEqual({ 'zip-direct': 'does-not-fit', 'zip-s3': 'does-not-fit', 'container-image': 'does-not-fit' });
  });

  it('keeps an unmeasured criterion unknown on every route', () => {
    const criteria = judge({ scan: scan(), dataFiles: [], measurement: null, notMeasuredBecause: 'no-handler', thresholds: DEFAULT_THRESHOLDS });

    expect(criteriaOnRoute(criteria, 'container-image').coldStarts.status).toBe('unknown');
    expect(verdictsByRoute(criteria)['zip-direct']).toBe('inconclusive');
  });
});

describe('runtimes', () => {
  const needing = (glibc: string): NativeBinary => {
    const bytes = buildElf({ machine: EM_AARCH64, versionNeeds: { 'libc.so.6': ['GLIBC_2.17', `GLIBC_${glibc}`] } });
    return { path: 'node_modules/a/addon.node', bytes: bytes.byteLength, kind: 'addon', format: 'elf', elf: parseElf(bytes) };
  };

  it('takes its glibc ceiling from the runtime table: 2.34 on Amazon Linux 2023, 2.26 on Amazon Linux 2', () => {
    expect(runtimeThresholds('nodejs22.x')).toEqual({ runtime: 'nodejs22.x', glibc: '2.34' });
    expect(runtimeThresholds('nodejs20.x').glibc).toBe('2.34');
    expect(runtimeThresholds('nodejs18.x')).toEqual({ runtime: 'nodejs18.x', glibc: '2.26' });
    expect(LAMBDA_RUNTIMES['nodejs18.x'].os).toBe('Amazon Linux 2');
    expect(DEFAULT_THRESHOLDS).toMatchObject({ runtime: 'nodejs22.x', glibc: '2.34', route: 'zip-s3' });
  });

  it('fails a binary needing glibc 2.38 on nodejs22.x and names both versions', () => {
    const criteria = run({ scan: scan({ natives: [needing('2.38')] }), t: runtimeThresholds('nodejs22.x') });

    const finding = criteria.dependencies.findings.find((f) => f.code === 'NATIVE_GLIBC_TOO_NEW');
    expect(finding?.level).toBe('fail');
    expect(finding?.message).toContain('needs glibc 2.38; nodejs22.x (Amazon Linux 2023) has glibc 2.34');
    expect(finding?.routes).toEqual(['zip-direct', 'zip-s3', 'container-image']);
  });

  it('accepts an addon needing glibc 2.29 (the cross-compiled hnswlib-node) on nodejs22.x and fails it on nodejs18.x', () => {
    const addon = needing('2.29');

    const al2023 = run({ scan: scan({ natives: [addon] }), t: runtimeThresholds('nodejs22.x') });
    const al2 = run({ scan: scan({ natives: [addon] }), t: runtimeThresholds('nodejs18.x') });

    expect(al2023.dependencies.status).toBe('warn');
    expect(al2.dependencies.findings.find((f) => f.code === 'NATIVE_GLIBC_TOO_NEW')?.message).toContain('needs glibc 2.29; nodejs18.x (Amazon Linux 2) has glibc 2.26');
    expect(overallVerdict(al2)).toBe('does-not-fit');
  });

  it('refuses a runtime or a route it does not know', () => {
    expect(() => run({ t: { runtime: 'nodejs99.x' as 'nodejs22.x' } })).toThrow(/--runtime must be one of nodejs24\.x, nodejs22\.x/);
    expect(() => run({ t: { route: 'ftp' as 'zip-s3' } })).toThrow(/--route must be one of zip-direct, zip-s3, container-image/);
  });
});

describe('native rules', () => {
  const native = (path: string, bytes: Uint8Array): NativeBinary => ({ path, bytes: bytes.byteLength, kind: 'addon', format: 'elf', elf: parseElf(bytes) });

  it('fails a musl-linked addon even on the right architecture', () => {
    const musl = native('m.node', buildElf({ machine: EM_AARCH64, needed: ['libc.musl-aarch64.so.1'] }));

    expect(codesOf(run({ scan: scan({ natives: [musl] }) }))).toContain('NATIVE_MUSL');
  });

  it('fails a macOS addon and warns about one it cannot parse', () => {
    const mac: NativeBinary = { path: 'mac.node', bytes: 8, kind: 'addon', format: 'mach-o' };
    const broken: NativeBinary = { path: 'broken.node', bytes: 8, kind: 'addon', format: 'elf', parseError: 'Truncated ELF header: 8 bytes' };

    const criteria = run({ scan: scan({ natives: [mac, broken] }) });

    expect(criteria.dependencies.findings.map((f) => [f.code, f.level])).toEqual([
      ['NATIVE_NOT_LINUX', 'fail'],
      ['NATIVE_UNREADABLE', 'warn'],
      ['NATIVE_ADDON', 'warn'],
    ]);
  });

  it('accepts an aarch64 addon needing exactly the runtime glibc', () => {
    const ok = native('ok.node', buildElf({ machine: EM_AARCH64, versionNeeds: { 'libc.so.6': ['GLIBC_2.34'] } }));

    expect(run({ scan: scan({ natives: [ok] }) }).dependencies.findings.map((f) => f.code)).toEqual(['NATIVE_ADDON']);
  });
});

describe('internal state rules', () => {
  it('warns above 50 MB of init data and fails above the memory budget', () => {
    const loaded = (bytes: number) => measurement({ init: { data: [{ path: 'v.f32', bytes, via: ['readFileSync'] }], dataBytes: bytes, codeFiles: 0, codeBytes: 0, outside: [] } });

    expect(run({ m: loaded(50 * MB) }).internalState.status).toBe('pass');
    expect(run({ m: loaded(50 * MB + 1) }).internalState.findings.map((f) => f.code)).toEqual(['INIT_DATA_LARGE']);
    expect(run({ m: loaded(600 * MB), t: { memoryMB: 512 } }).internalState.findings.map((f) => f.code)).toEqual(['INIT_DATA_OVER_MEMORY']);
  });

  it('fails when peak RSS exceeds the memory budget', () => {
    const m = measurement({ peakRssMB: { median: 700, min: 690, max: 710, values: [690, 700, 710] } });

    expect(run({ m, t: { memoryMB: 704 } }).internalState.findings.map((f) => f.code)).toEqual(['MEMORY_OVER_BUDGET']);
    expect(run({ m, t: { memoryMB: 710 } }).internalState.status).toBe('pass');
  });
});

describe('cold start rules', () => {
  const timed = (initMs: number, firstResponseMs?: number) =>
    measurement({
      initMs: { median: initMs, min: initMs, max: initMs, values: [initMs] },
      firstResponseMs: firstResponseMs === undefined ? null : { median: firstResponseMs, min: firstResponseMs, max: firstResponseMs, values: [firstResponseMs] },
    });

  it('warns above 1 s and fails above the 10 s Init phase limit', () => {
    expect(run({ m: timed(1000) }).coldStarts.status).toBe('pass');
    expect(run({ m: timed(1001) }).coldStarts.findings.map((f) => f.code)).toEqual(['COLD_START_SLOW']);
    expect(run({ m: timed(10_001) }).coldStarts.findings.map((f) => f.code)).toEqual(['INIT_TOO_SLOW']);
  });

  it('judges the warning on the first response when an event was answered', () => {
    expect(run({ m: timed(900, 1200) }).coldStarts.findings.map((f) => f.code)).toEqual(['COLD_START_SLOW']);
  });
});

describe('overallVerdict', () => {
  it('does not fit on any failure, is inconclusive when something could not be measured, fits otherwise', () => {
    const pass = { status: 'pass' as const, findings: [] };
    expect(overallVerdict({ dependencies: { status: 'fail', findings: [] }, internalState: pass, coldStarts: { status: 'unknown', findings: [] } })).toBe('does-not-fit');
    expect(overallVerdict({ dependencies: pass, internalState: pass, coldStarts: { status: 'unknown', findings: [] } })).toBe('inconclusive');
    expect(overallVerdict({ dependencies: { status: 'warn', findings: [] }, internalState: pass, coldStarts: { status: 'skipped', findings: [] } })).toBe('fits');
  });
});
