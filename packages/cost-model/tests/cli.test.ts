/**
 * The two CLIs, run in-process through their `main`: the cost report in text and JSON,
 * the simulation writing its JSON, and bad arguments answered with the shared error shape.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main as cost } from '../src/cli/cost.js';
import { loadMeasurements } from '../src/cli/files.js';
import { main as simulate } from '../src/cli/simulate.js';
import { compareHomes, type Comparison, type ElasticityResult } from '../src/index.js';

function run(cli: typeof cost, argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = cli(argv, (t) => (stdout += t), (t) => (stderr += t));
  return { status, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'cost-model-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run cost', () => {
  it('prints the same comparison as JSON that the package computes for those inputs', () => {
    const { status, stdout } = run(cost, ['--requests-per-day', '50000', '--provisioned', '2', '--json']);
    expect(status).toBe(0);
    const printed = JSON.parse(stdout) as Comparison;
    expect(printed).toEqual(JSON.parse(JSON.stringify(compareHomes(loadMeasurements(), { requestsPerDay: 50_000, provisioned: 2 }))));
    expect(printed.inputs).toEqual({ requestsPerDay: 50_000, provisioned: 2, provisionedHours: 730, memoryMB: 512, dayShape: 'flat' });
  });

  it('charges provisioned concurrency only for the hours it is kept', () => {
    const parse = (argv: string[]): Comparison => JSON.parse(run(cost, argv).stdout) as Comparison;
    const pcUsd = (c: Comparison): number => c.footfall.lambda.items.find((i) => i.item === 'Provisioned concurrency')!.usd;
    const allMonth = parse(['--requests-per-day', '50000', '--provisioned', '2', '--json']);
    const workingHours = parse(['--requests-per-day', '50000', '--provisioned', '2', '--provisioned-hours', '365', '--json']);
    // 2 × 0.5 GB × 365 h × 3600 s × $0.0000033334 (arm64) = $4.38
    expect(pcUsd(workingHours)).toBeCloseTo(2 * 0.5 * 365 * 3600 * 0.0000033334, 9);
    expect(pcUsd(workingHours)).toBeCloseTo(pcUsd(allMonth) / 2, 9);
    expect(run(cost, ['--requests-per-day', '1', '--provisioned-hours', '800']).status).toBe(2);
  });

  it('prints every line item and both break-even rates in text', () => {
    const { status, stdout } = run(cost, ['--requests-per-day', '50000']);
    expect(status).toBe(0);
    for (const text of ['Lambda requests', 'API Gateway HTTP API', 'Fargate tasks', 'NAT gateway hours', 'Break-even without provisioned concurrency', 'Break-even with 2 provisioned', 'read 2026-12-03']) {
      expect(stdout).toContain(text);
    }
  });

  it('rejects a missing or malformed option with the shared error shape and status 2', () => {
    for (const argv of [[], ['--requests-per-day', 'lots'], ['--requests-per-day', '10', '--provisioned', '1.5'], ['--requests-per-day', '10', '--memory', '64'], ['--bogus']]) {
      const { status, stderr, stdout } = run(cost, argv);
      expect(status, argv.join(' ')).toBe(2);
      expect(stdout).toBe('');
      const body = JSON.parse(stderr) as { error: { code: string; message: string; details: unknown } };
      expect(body.error.code).toBe('INVALID_ARGUMENT');
      expect(body.error.message.length).toBeGreaterThan(0);
    }
    expect(JSON.parse(run(cost, ['--requests-per-day=-1']).stderr)).toMatchObject({ error: { details: { field: 'requests-per-day' } } });
  });
});

describe('npm run simulate', () => {
  it('writes the profile it ran as JSON and prints the same', () => {
    const out = join(dir, 'elasticity.json');
    const { status, stdout } = run(simulate, ['--profile', 'steady', '--json', '--out', out]);
    expect(status).toBe(0);
    const written = JSON.parse(readFileSync(out, 'utf8')) as ElasticityResult;
    expect(JSON.parse(stdout)).toEqual(written);
    expect(written.profile).toBe('steady');
    expect(written.homes.map((h) => h.home)).toContain('recommender on Fargate');
  });

  it('names the profiles it knows when given another', () => {
    const { status, stderr } = run(simulate, ['--profile', 'tsunami']);
    expect(status).toBe(2);
    expect(JSON.parse(stderr)).toMatchObject({ error: { code: 'INVALID_ARGUMENT', details: { field: 'profile' } } });
    expect(stderr).toContain('steady, diurnal, spike');
  });
});
