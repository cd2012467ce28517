/**
 * The built `fitcheck` command, spawned as a user would run it: exit codes, the
 * JSON report and the human output.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-args.js';
import { MB } from '../src/limits.js';
import type { FitReport } from '../src/report.js';
import { type Fixture, makeSmallModelBundle } from './fixtures.js';
import { buildElf } from './helpers/elf-builder.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function fitcheck(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

let root: string;
let small: Fixture;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fitcheck-cli-'));
  small = await makeSmallModelBundle(root);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('fitcheck CLI', () => {
  it('exits 0 and prints a fitcheck.report/v1 JSON report for a bundle that fits', () => {
    // Act
    const { code, stdout } = fitcheck(small.dir, '--json', '--runs', '2', '--event', small.eventFile);

    // Assert
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as FitReport;
    expect(report.schema).toBe('fitcheck.report/v1');
    expect(report.verdict).toBe('fits');
    expect(report.thresholds.arch).toBe('arm64');
    expect(report.init?.runsCompleted).toBe(2);
    expect(report.init?.initMs?.values).toHaveLength(2);
    expect(Object.keys(report.criteria)).toEqual(['dependencies', 'internalState', 'coldStarts']);
    expect(report.machine.cores).toBeGreaterThan(0);
  });

  it('exits 1 with a failing criterion when a threshold is exceeded on the route judged', () => {
    // Act: the bundle zips to a few KB; a 1 KB zipped limit makes it too large for a direct upload.
    const { code, stdout } = fitcheck(small.dir, '--json', '--static', '--route', 'zip-direct', '--max-zipped-mb', String(1024 / MB));

    // Assert
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as FitReport;
    expect(report.verdict).toBe('does-not-fit');
    expect(report.thresholds.route).toBe('zip-direct');
    expect(report.criteria.dependencies.findings.map((f) => f.code)).toContain('ZIPPED_TOO_LARGE');
  });

  it('exits 0 for the same zipped size through S3 (the default route), where the zipped limit does not bind', () => {
    const { code, stdout } = fitcheck(small.dir, '--json', '--static', '--max-zipped-mb', String(1024 / MB));

    expect(code).toBe(0);
    const report = JSON.parse(stdout) as FitReport;
    expect(report.thresholds.route).toBe('zip-s3');
    expect(report.criteria.dependencies.findings.find((f) => f.code === 'ZIPPED_TOO_LARGE')).toMatchObject({ level: 'info', routeLevel: 'fail', routes: ['zip-direct'] });
  });

  it('fails an addon needing glibc 2.29 under --runtime nodejs18.x, naming both versions, and passes it under nodejs22.x', async () => {
    // Arrange: an aarch64 addon with the cross-compiled hnswlib-node's glibc need.
    const dir = join(root, 'glibc-2.29');
    await mkdir(join(dir, 'node_modules/ann/build/Release'), { recursive: true });
    await writeFile(join(dir, 'node_modules/ann/build/Release/addon.node'), buildElf({ machine: 183, versionNeeds: { 'libc.so.6': ['GLIBC_2.17', 'GLIBC_2.29'] } }));
    await writeFile(join(dir, 'index.mjs'), 'export const handler = async () => 1;\n');

    // Act
    const al2 = fitcheck(dir, '--static', '--runtime', 'nodejs18.x');
    const al2023 = fitcheck(dir, '--static', '--json', '--runtime', 'nodejs22.x');

    // Assert
    expect(al2.code).toBe(1);
    expect(al2.stdout).toContain('→ Lambda nodejs18.x arm64 (Amazon Linux 2, glibc 2.26), route zip-s3');
    expect(al2.stdout).toContain('needs glibc 2.29; nodejs18.x (Amazon Linux 2) has glibc 2.26');
    expect(al2023.code).toBe(0);
    expect((JSON.parse(al2023.stdout) as FitReport).thresholds).toMatchObject({ runtime: 'nodejs22.x', glibc: '2.34', arch: 'arm64' });
  });

  it('checks a staged image folder in image mode and lists the verdict of every route', () => {
    const { code, stdout } = fitcheck(small.dir, '--static', '--route', 'container-image', '--base-image-mb', '300');

    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}image contents\s+\d+ MB\s+10240 MB\s+ok\s+container-image; \+ 300 MB base image$/m);
    expect(stdout).toMatch(/^by route\s+zip-direct FITS · zip-s3 FITS · container-image FITS$/m);
    expect(stdout).toMatch(/^verdict \(container-image\): FITS$/m);
  });

  it('prints a table and one line per criterion without --json', () => {
    const { code, stdout } = fitcheck(small.dir, '--runs', '1');

    expect(code).toBe(0);
    expect(stdout).toMatch(/unzipped size\s+\d/);
    expect(stdout).toMatch(/^dependencies\s+PASS/m);
    expect(stdout).toMatch(/^internal state\s+PASS/m);
    expect(stdout).toMatch(/^cold starts\s+PASS/m);
    expect(stdout).toMatch(/^verdict \(zip-s3\): FITS$/m);
  });

  it('exits 2 on usage errors and says why', () => {
    const unknownFlag = fitcheck(small.dir, '--frobnicate');
    const badArch = fitcheck(small.dir, '--arch', 'sparc');
    const noTarget = fitcheck();

    for (const run of [unknownFlag, badArch, noTarget]) expect(run.code).toBe(2);
    expect(unknownFlag.stderr).toMatch(/Unknown option '--frobnicate'/);
    expect(badArch.stderr).toMatch(/--arch must be arm64 or x86_64/);
    expect(noTarget.stderr).toContain('Usage: fitcheck');
  });

  it('exits 2 with a JSON error when the target cannot be analysed', () => {
    const { code, stdout } = fitcheck(join(root, 'does-not-exist'), '--json');

    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({ error: { code: 'CANNOT_ANALYSE', message: expect.stringMatching(/No such file or folder/) as string, details: {} } });
  });

  it('exits 2 (inconclusive) when there is no handler to run', async () => {
    const dir = join(root, 'no-handler');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'lib.mjs'), 'export const x = 1;\n');

    const { code, stdout } = fitcheck(dir);

    expect(code).toBe(2);
    expect(stdout).toMatch(/^verdict \(zip-s3\): INCONCLUSIVE/m);
  });

  it('prints usage with --help and exits 0', () => {
    const { code, stdout } = fitcheck('--help');

    expect(code).toBe(0);
    expect(stdout).toContain('Exit codes: 0 fits, 1 does not fit, 2 usage error or cannot analyse.');
  });
});

describe('parseCliArgs', () => {
  it('turns MB flags into bytes and repeats --env', () => {
    const command = parseCliArgs(['bundle', '--max-zipped-mb', '100', '--warn-init-data-mb', '10', '--env', 'A=1', '--env', 'B=x=y', '--arch', 'x86_64']);

    expect(command.options.maxZippedBytes).toBe(100 * MB);
    expect(command.options.warnInitDataBytes).toBe(10 * MB);
    expect(command.options.env).toEqual({ A: '1', B: 'x=y' });
    expect(command.options.arch).toBe('x86_64');
  });

  it('sets the glibc ceiling from --runtime unless --glibc is given', () => {
    expect(parseCliArgs(['b', '--runtime', 'nodejs18.x']).options).toMatchObject({ runtime: 'nodejs18.x', glibc: '2.26' });
    expect(parseCliArgs(['b', '--runtime', 'nodejs18.x', '--glibc', '2.28']).options).toMatchObject({ runtime: 'nodejs18.x', glibc: '2.28' });
    expect(parseCliArgs(['b']).options).toMatchObject({ runtime: undefined, glibc: undefined, route: undefined });
  });

  it('rejects an unknown runtime, an unknown route and a negative base image', () => {
    expect(() => parseCliArgs(['b', '--runtime', 'nodejs16.x'])).toThrow(/--runtime must be one of nodejs24\.x, nodejs22\.x, nodejs20\.x, nodejs18\.x, got "nodejs16\.x"/);
    expect(() => parseCliArgs(['b', '--route', 's3'])).toThrow(/--route must be one of zip-direct, zip-s3, container-image/);
    expect(() => parseCliArgs(['b', '--base-image-mb=-1'])).toThrow(/--base-image-mb needs a number ≥ 0/);
  });

  it('rejects a non-numeric threshold and a fractional run count', () => {
    expect(() => parseCliArgs(['b', '--max-init-ms', 'soon'])).toThrow(/--max-init-ms needs a positive number/);
    expect(() => parseCliArgs(['b', '--runs', '2.5'])).toThrow(/whole number/);
  });
});
