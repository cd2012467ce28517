/**
 * `npm run simulate -- --profile spike|steady|diurnal [--seed 1] [--provisioned 0] [--json] [--out file]`
 *
 * Runs the elasticity simulation of one traffic profile on every home. With `--json` it
 * prints the result as JSON and writes it to docs/results/elasticity.json (or `--out`);
 * without, it prints a summary per home.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { type ElasticityResult, type ProfileName, runElasticity } from '../elasticity.js';
import { PROFILES } from '../simulation.js';
import { UsageError } from './cost.js';
import { ELASTICITY_JSON, loadMeasurements } from './files.js';

/** Parses the command line. @throws UsageError naming the bad option */
export function parseSimulateArgs(argv: string[]): { profile: ProfileName; seed: number; provisioned: number; json: boolean; out: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        profile: { type: 'string', default: 'spike' },
        seed: { type: 'string', default: '1' },
        provisioned: { type: 'string', default: '0' },
        json: { type: 'boolean', default: false },
        out: { type: 'string', default: ELASTICITY_JSON },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!(values.profile in PROFILES)) throw new UsageError(`--profile must be one of ${Object.keys(PROFILES).join(', ')}, got ${JSON.stringify(values.profile)}`, { field: 'profile' });
  const seed = Number(values.seed);
  const provisioned = Number(values.provisioned);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer, got ${JSON.stringify(values.seed)}`, { field: 'seed' });
  if (!Number.isInteger(provisioned) || provisioned < 0 || provisioned > 1000) throw new UsageError(`--provisioned must be an integer from 0 to 1000, got ${JSON.stringify(values.provisioned)}`, { field: 'provisioned' });
  return { profile: values.profile as ProfileName, seed, provisioned, json: values.json, out: values.out };
}

const ms = (value: number | null): string => (value === null ? '–' : value < 1 ? `${value.toFixed(3)} ms` : `${value.toFixed(1)} ms`);

/** The human-readable summary. */
export function formatElasticity(result: ElasticityResult): string {
  const lines = [`Profile ${result.profile} (seed ${result.seed}), prices ${result.priceTable.region} read ${result.priceTable.read}`];
  for (const h of result.homes) {
    lines.push(
      `  ${h.home.padEnd(46)} p50 ${ms(h.p50Ms).padStart(10)}  p99 ${ms(h.p99Ms).padStart(10)}  worst 5 s p99 ${ms(h.worstWindowP99Ms).padStart(10)}  served ${h.served}  rejected ${h.rejected}  queued ${h.queued}  cold starts ${h.coldStarts}  peak ${h.kind === 'lambda' ? 'environments' : 'tasks'} ${h.maxCapacity}  cost $${h.cost.totalUsd.toFixed(4)}`,
    );
  }
  return lines.join('\n');
}

/** Runs the CLI; returns the exit status. */
export function main(argv: string[], out: (text: string) => void = (t) => process.stdout.write(t), err: (text: string) => void = (t) => process.stderr.write(t)): number {
  try {
    const args = parseSimulateArgs(argv);
    const result = runElasticity(loadMeasurements(), args.profile, { seed: args.seed, provisioned: args.provisioned });
    if (args.json) {
      const text = `${JSON.stringify(result, null, 1)}\n`;
      writeFileSync(args.out, text);
      out(text);
      err(`wrote ${args.out}\n`);
    } else out(`${formatElasticity(result)}\n`);
    return 0;
  } catch (error) {
    const usage = error instanceof UsageError;
    err(`${JSON.stringify({ error: { code: usage ? 'INVALID_ARGUMENT' : 'FAILED', message: (error as Error).message, details: usage ? error.details : {} } })}\n`);
    return usage ? 2 : 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
