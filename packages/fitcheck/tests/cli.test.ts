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

  it('exits 1 with a failing criterion when a threshold is exceeded', () => {
    // Act: the bundle zips to a few KB; a 1 KB zipped limit makes it too large.
    const { code, stdout } = fitcheck(small.dir, '--json', '--static', '--max-zipped-mb', String(1024 / MB));

    // Assert
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as FitReport;
    expect(report.verdict).toBe('does-not-fit');
    expect(report.criteria.dependencies.findings.map((f) => f.code)).toContain('ZIPPED_TOO_LARGE');
  });

  it('prints a table and one line per criterion without --json', () => {
    const { code, stdout } = fitcheck(small.dir, '--runs', '1');

    expect(code).toBe(0);
    expect(stdout).toMatch(/unzipped size\s+\d/);
    expect(stdout).toMatch(/^dependencies\s+PASS/m);
    expect(stdout).toMatch(/^internal state\s+PASS/m);
    expect(stdout).toMatch(/^cold starts\s+PASS/m);
    expect(stdout).toMatch(/^verdict: FITS$/m);
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
    expect(stdout).toMatch(/^verdict: INCONCLUSIVE/m);
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

  it('rejects a non-numeric threshold and a fractional run count', () => {
    expect(() => parseCliArgs(['b', '--max-init-ms', 'soon'])).toThrow(/--max-init-ms needs a positive number/);
    expect(() => parseCliArgs(['b', '--runs', '2.5'])).toThrow(/whole number/);
  });
});
