/**
 * `npm run cost -- --requests-per-day 50000 [--provisioned 2] [--provisioned-hours 730] [--memory 512] [--day flat|diurnal] [--json]`
 *
 * Prints what each model costs a month on each home at that traffic, line by line, and the
 * break-even request rates. `--write-results` also writes docs/results/cost-model.json (the
 * break-evens and the cost curve the docs page and charts are generated from).
 * Bad arguments exit with status 2 and the same error shape as the services.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { type Comparison, compareHomes, type ComparisonInputs } from '../comparison.js';
import type { BreakEven, CostBreakdown } from '../cost.js';
import { PRICE_TABLE } from '../prices.js';
import { buildCostResults } from './cost-results.js';
import { COST_JSON, loadMeasurements } from './files.js';

/** A bad argument, reported as `{"error":{"code","message","details"}}`. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Parses the command line into comparison inputs. @throws UsageError naming the bad option */
export function parseCostArgs(argv: string[]): { inputs: ComparisonInputs; json: boolean; writeResults: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'requests-per-day': { type: 'string' },
        provisioned: { type: 'string', default: '0' },
        'provisioned-hours': { type: 'string', default: '730' },
        memory: { type: 'string' },
        day: { type: 'string', default: 'flat' },
        json: { type: 'boolean', default: false },
        'write-results': { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values } = parsed;
  const number = (name: string, text: string | undefined, integer: boolean, min: number, max = Infinity): number => {
    const value = Number(text);
    if (text === undefined || text.trim() === '' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} from ${min}${max === Infinity ? ' up' : ` to ${max}`}, got ${JSON.stringify(text)}`, { field: name });
    }
    return value;
  };
  if (values['requests-per-day'] === undefined && !values['write-results']) throw new UsageError('--requests-per-day is required', { field: 'requests-per-day' });
  if (values.day !== 'flat' && values.day !== 'diurnal') throw new UsageError(`--day must be flat or diurnal, got ${JSON.stringify(values.day)}`, { field: 'day' });
  return {
    inputs: {
      requestsPerDay: values['requests-per-day'] === undefined ? 0 : number('requests-per-day', values['requests-per-day'], false, 0),
      provisioned: number('provisioned', values.provisioned, true, 0, 1000),
      provisionedHours: number('provisioned-hours', values['provisioned-hours'], false, 0, 730),
      ...(values.memory === undefined ? {} : { memoryMB: number('memory', values.memory, true, 128, 10_240) }),
      dayShape: values.day,
    },
    json: values.json,
    writeResults: values['write-results'],
  };
}

const usd = (value: number): string => `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const perDay = (b: BreakEven): string => (b.requestsPerDay === null ? 'never below 100,000 req/s' : `${Math.round(b.requestsPerDay).toLocaleString('en-US')} requests/day (${b.rps!.toPrecision(3)} req/s)`);

function bill(title: string, breakdown: CostBreakdown): string[] {
  return [`  ${title}: ${usd(breakdown.totalUsd)} a month`, ...breakdown.items.map((i) => `    ${i.item.padEnd(40)} ${usd(i.usd).padStart(12)}   ${i.basis}`)];
}

/** The human-readable report. */
export function formatComparison(c: Comparison): string {
  const lines = [
    `Monthly cost at ${c.inputs.requestsPerDay.toLocaleString('en-US')} requests/day (${c.inputs.dayShape} day), provisioned concurrency ${c.inputs.provisioned} for ${c.inputs.provisionedHours} h, prices ${c.priceTable.region} read ${c.priceTable.read}`,
    '',
    `Footfall predictor (Lambda ${c.footfall.lambda.memoryMB} MB arm64, billed ${c.footfall.lambda.billedMs} ms; Fargate ${c.footfall.fargate.task.cpu} CPU / ${c.footfall.fargate.task.memoryMiB} MiB)`,
    ...bill('Lambda + HTTP API', c.footfall.lambda),
    ...bill('Fargate service', c.footfall.fargate),
    `  Break-even without provisioned concurrency: ${perDay(c.footfall.breakEven.withoutProvisioned)}`,
    `  Break-even with ${c.footfall.breakEven.withProvisioned.count} provisioned: ${perDay(c.footfall.breakEven.withProvisioned)}`,
    '',
    'Movie recommender forced onto Lambda (x86_64) vs its Fargate service, per catalog size (contrast bench):',
  ];
  for (const r of c.recommender) {
    lines.push(
      `  ${r.movies.toLocaleString('en-US')} movies, index ${r.mode === 'build' ? 'built at init' : 'from snapshot'}${r.fitsPackageLimit ? '' : ' (package over Lambda\'s 250 MB: a what-if)'}: Lambda ${r.lambda.memoryMB} MB, init ${Math.round(r.lambda.initMs)} ms → ${usd(r.lambda.totalUsd)}; Fargate ${r.fargate.task.cpu}/${r.fargate.task.memoryMiB} → ${usd(r.fargate.totalUsd)}`,
      `    break-even ${perDay(r.breakEven.withoutProvisioned)}; with ${r.breakEven.withProvisioned.count} provisioned ${perDay(r.breakEven.withProvisioned)}`,
    );
  }
  lines.push('', `Prices: ${PRICE_TABLE.read}, sources in packages/cost-model/src/prices/us-east-1.json. Left out: data transfer, free tiers, savings plans.`);
  return lines.join('\n');
}

/** Runs the CLI; returns the exit status. */
export function main(argv: string[], out: (text: string) => void = (t) => process.stdout.write(t), err: (text: string) => void = (t) => process.stderr.write(t)): number {
  try {
    const { inputs, json, writeResults } = parseCostArgs(argv);
    const measurements = loadMeasurements();
    if (writeResults) {
      writeFileSync(COST_JSON, `${JSON.stringify(buildCostResults(measurements), null, 2)}\n`);
      err(`wrote ${COST_JSON}\n`);
      if (argv.every((a) => !a.startsWith('--requests-per-day'))) return 0;
    }
    const comparison = compareHomes(measurements, inputs);
    out(json ? `${JSON.stringify(comparison, null, 2)}\n` : `${formatComparison(comparison)}\n`);
    return 0;
  } catch (error) {
    const usage = error instanceof UsageError || error instanceof RangeError;
    const body = { error: { code: usage ? 'INVALID_ARGUMENT' : 'FAILED', message: (error as Error).message, details: error instanceof UsageError ? error.details : {} } };
    err(`${JSON.stringify(body)}\n`);
    return usage ? 2 : 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
