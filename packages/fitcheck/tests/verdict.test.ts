/**
 * The verdict rules at their boundaries, on hand-made inputs: each rule fires just
 * past its threshold and stays quiet at it. Real bundles are in analyse.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { BundleScan, NativeBinary } from '../src/bundle.js';
import { EM_AARCH64, parseElf } from '../src/elf.js';
import { DEFAULT_THRESHOLDS, MB, type Thresholds } from '../src/limits.js';
import type { InitMeasurement } from '../src/measure.js';
import { type Criteria, judge, overallVerdict } from '../src/verdict.js';
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

  it('warns from 80% of the zipped limit', () => {
    expect(run({ scan: scan({ zippedBytes: 40 * MB - 1 }) }).dependencies.status).toBe('pass');
    expect(run({ scan: scan({ zippedBytes: 40 * MB }) }).dependencies.status).toBe('warn');
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
