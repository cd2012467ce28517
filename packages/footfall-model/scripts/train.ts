/**
 * `npm run train`: trains the footfall model and writes the committed artifacts,
 * `artifacts/footfall-model.json` (checksummed) and `artifacts/sample-days.json`.
 *
 * With no flags it reproduces the committed files byte for byte. Progress goes to
 * stderr, the summary to stdout. Use flags to experiment; write experiments elsewhere
 * with --out so the committed defaults stay as they are.
 *
 *   npm run train
 *   npm run train -- --stores 20 --days 800 --test-weeks 6 --out .data/small-model.json
 */
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_PATH, SAMPLE_DAYS_PATH } from '../src/index.js';
import { DEFAULT_TRAIN_CONFIG, trainFootfallModel, writeTrainingOutputs } from '../src/training/index.js';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    stores: { type: 'string' },
    days: { type: 'string' },
    'start-date': { type: 'string' },
    'test-weeks': { type: 'string' },
    'validation-weeks': { type: 'string' },
    out: { type: 'string' },
    'sample-out': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(`Usage: npm run train -- [--seed N] [--stores N] [--days N] [--start-date YYYY-MM-DD]
                     [--test-weeks N] [--validation-weeks N] [--out model.json] [--sample-out samples.json]
Defaults reproduce the committed artifacts: seed ${DEFAULT_TRAIN_CONFIG.data.seed}, ${DEFAULT_TRAIN_CONFIG.data.stores} stores, ${DEFAULT_TRAIN_CONFIG.data.days} days from ${DEFAULT_TRAIN_CONFIG.data.startDate}, test ${DEFAULT_TRAIN_CONFIG.testWeeks} weeks.`);
  process.exit(0);
}

function integer(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) {
    console.error(`--${name} must be an integer, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

const data = {
  ...(values.seed !== undefined && { seed: integer('seed', values.seed)! }),
  ...(values.stores !== undefined && { stores: integer('stores', values.stores)! }),
  ...(values.days !== undefined && { days: integer('days', values.days)! }),
  ...(values['start-date'] !== undefined && { startDate: values['start-date'] }),
};
const testWeeks = integer('test-weeks', values['test-weeks']);
const validationWeeks = integer('validation-weeks', values['validation-weeks']);
const modelPath = resolve(values.out ?? DEFAULT_MODEL_PATH);
// An experiment written elsewhere must not overwrite the committed sample file.
const sampleDaysPath = values['sample-out'] ? resolve(values['sample-out']) : values.out ? undefined : SAMPLE_DAYS_PATH;

const started = performance.now();
const result = trainFootfallModel(
  { data, ...(testWeeks !== undefined && { testWeeks }), ...(validationWeeks !== undefined && { validationWeeks }) },
  (progress) => console.error(`[train] ${progress.step.padEnd(8)} ${(progress.ms / 1000).toFixed(2).padStart(6)} s  ${progress.detail}`),
);
mkdirSync(dirname(modelPath), { recursive: true });
if (sampleDaysPath) mkdirSync(dirname(sampleDaysPath), { recursive: true });
const card = writeTrainingOutputs(result, { modelPath, ...(sampleDaysPath && { sampleDaysPath }) });
console.error(`[train] write    ${modelPath}${sampleDaysPath ? ` and ${sampleDaysPath}` : ''}`);

const { model, sameWeekdayLastWeek, sevenDayMean } = result.test;
console.log(`footfall model ${card.version} (${card.trainingData.facts.testRows} test rows, ${card.trainingData.facts.testTargetsFrom} to ${card.trainingData.facts.testTargetsTo})
                          MAE (customers)  MAPE (%)
  ridge model            ${model.mae.toFixed(2).padStart(15)}  ${model.mape.toFixed(2).padStart(8)}
  same weekday last week ${sameWeekdayLastWeek.mae.toFixed(2).padStart(15)}  ${sameWeekdayLastWeek.mape.toFixed(2).padStart(8)}
  7-day mean             ${sevenDayMean.mae.toFixed(2).padStart(15)}  ${sevenDayMean.mape.toFixed(2).padStart(8)}
done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
