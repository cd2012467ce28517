/**
 * The training pipeline: generate data, split by time, pick the ridge penalty on a
 * validation window, fit, evaluate against the baselines, and write the artifact.
 *
 * Steps (each reported to `onProgress` with its duration):
 *   1. generate   the seeded history (`generateFootfallHistory`),
 *   2. split      by the date being predicted: the last `testWeeks` weeks are the test
 *                 set, never touched until step 5; the `validationWeeks` before them
 *                 choose λ,
 *   3. select     fit on the early part for every λ in the grid, keep the lowest
 *                 validation MAE,
 *   4. fit        refit on all training weeks with that λ,
 *   5. evaluate   the rounded, stored parameters through the same `LinearPredictor`
 *                 the Lambda uses, next to both baselines, on the test weeks.
 *
 * Everything is a pure function of the config: `createdAt` is the morning after the
 * last simulated day, not the wall clock, so the same config rewrites the same bytes.
 * Edit this file to change the split, the λ grid or what the model card says.
 */
import { sha256Hex, type ModelCard, writeFileDurably, writeJsonArtifact } from '@serverless-ai/model-interface';
import { epochDayOf, isoDateOf } from '../calendar.js';
import { FEATURE_COUNT, FEATURE_NAMES, FEATURES, transformOf } from '../features.js';
import { DEFAULT_GENERATE_OPTIONS, generateFootfallHistory, type FootfallHistory, type GenerateOptions } from '../generator.js';
import { FOOTFALL_MODEL_ID } from '../model.js';
import { PAYLOAD_FORMAT, type FootfallPayload } from '../payload-schema.js';
import { LinearPredictor } from '../predictor.js';
import { buildSampleDays, type SampleDay } from '../sample-days.js';
import { baselinePredictions, errorMetrics, roundMetrics, type ErrorMetrics } from './metrics.js';
import { fitStandardiser, prepareRidge, solveRidge, standardise, transformFeatures } from './ridge.js';

/** Everything that decides the trained artifact. */
export interface TrainConfig {
  /** Generator options. @default DEFAULT_GENERATE_OPTIONS (seed 42, 60 stores, 2022-2024) */
  data: Required<GenerateOptions>;
  /** Weeks at the end held out for the test metrics. @default 8 */
  testWeeks: number;
  /** Weeks before the test window used to choose λ. @default 8 */
  validationWeeks: number;
  /** Candidate ridge penalties (on the 1/n-scaled loss). */
  lambdas: readonly number[];
  /** Stores and days in the committed sample file. @default 4 stores × 7 days */
  sampleStores: number;
  sampleDays: number;
}

/** The configuration behind the committed artifact. */
export const DEFAULT_TRAIN_CONFIG: Readonly<TrainConfig> = Object.freeze({
  data: DEFAULT_GENERATE_OPTIONS,
  testWeeks: 8,
  validationWeeks: 8,
  lambdas: [1e-6, 1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1],
  sampleStores: 4,
  sampleDays: 7,
});

/** One finished step of the pipeline. */
export interface TrainProgress {
  step: 'generate' | 'split' | 'select' | 'fit' | 'evaluate';
  /** Wall-clock duration of the step, for the console only (never stored). */
  ms: number;
  detail: string;
}

/** What training produces: the artifact's card and payload, plus material for reports and tests. */
export interface TrainResult {
  config: TrainConfig;
  card: Omit<ModelCard, 'artifacts'>;
  payload: FootfallPayload;
  test: { model: ErrorMetrics; sameWeekdayLastWeek: ErrorMetrics; sevenDayMean: ErrorMetrics };
  validationMaeByLambda: Record<string, number>;
  history: FootfallHistory;
  sampleDays: SampleDay[];
}

/** Merges a partial config (including partial `data`) over the defaults. */
export function resolveTrainConfig(config: Partial<Omit<TrainConfig, 'data'>> & { data?: GenerateOptions } = {}): TrainConfig {
  return { ...DEFAULT_TRAIN_CONFIG, ...config, data: { ...DEFAULT_TRAIN_CONFIG.data, ...config.data } };
}

/** Ten significant digits: predictions change by < 1e-8 relative, and the file stays small and readable. */
function compact(value: number): number {
  return Number(value.toPrecision(10));
}

function timed<T>(step: TrainProgress['step'], onProgress: ((p: TrainProgress) => void) | undefined, run: () => { value: T; detail: string }): T {
  const started = performance.now();
  const { value, detail } = run();
  onProgress?.({ step, ms: performance.now() - started, detail });
  return value;
}

function maeReduction(model: ErrorMetrics, baseline: ErrorMetrics): number {
  return Math.round(1000 * (1 - model.mae / baseline.mae)) / 10;
}

/**
 * Trains the footfall model. Deterministic: the same config gives the same payload and card.
 * @param onProgress called after each step (generate, split, select, fit, evaluate)
 */
export function trainFootfallModel(
  config: Partial<Omit<TrainConfig, 'data'>> & { data?: GenerateOptions } = {},
  onProgress?: (progress: TrainProgress) => void,
): TrainResult {
  const resolved = resolveTrainConfig(config);
  const transforms = FEATURES.map(transformOf);

  // 1. Data.
  const history = timed('generate', onProgress, () => {
    const generated = generateFootfallHistory(resolved.data);
    return { value: generated, detail: `${generated.stores.length} stores × ${generated.dates.length} days → ${generated.dataset.rowCount} rows` };
  });
  const { dataset } = history;
  const days = history.dates.length;

  // 2. Split by the date being predicted (dayIndex + 1).
  const split = timed('split', onProgress, () => {
    const testStart = days - 7 * resolved.testWeeks;
    const validationStart = testStart - 7 * resolved.validationWeeks;
    const train: number[] = [];
    const early: number[] = [];
    const validation: number[] = [];
    const test: number[] = [];
    for (let r = 0; r < dataset.rowCount; r++) {
      const target = dataset.dayIndex[r]! + 1;
      if (target >= testStart) test.push(r);
      else {
        train.push(r);
        (target >= validationStart ? validation : early).push(r);
      }
    }
    if (early.length < 2 * FEATURE_COUNT || validation.length === 0 || test.length === 0) {
      throw new RangeError(`Too little data for the split: ${early.length} early, ${validation.length} validation, ${test.length} test rows; generate more days`);
    }
    const value = { train: Int32Array.from(train), early: Int32Array.from(early), validation: Int32Array.from(validation), test: Int32Array.from(test), testStart, validationStart };
    return { value, detail: `train ${train.length} rows (λ chosen on the last ${validation.length}), test ${test.length} rows from ${history.dates[testStart]}` };
  });

  const transformed = transformFeatures(dataset.features, FEATURE_COUNT, transforms);
  const logTarget = (rows: Int32Array): Float64Array => Float64Array.from(rows, (r) => Math.log(dataset.customersTomorrow[r]!));
  const actual = (rows: Int32Array): Float64Array => Float64Array.from(rows, (r) => dataset.customersTomorrow[r]!);
  const buildPayload = (rows: Int32Array, lambda: number, smearingRows: boolean): FootfallPayload => {
    const scaler = fitStandardiser(transformed, FEATURE_COUNT, rows, transforms);
    const z = standardise(transformed, FEATURE_COUNT, rows, scaler);
    const y = logTarget(rows);
    const { weights, intercept } = solveRidge(prepareRidge(z, y), lambda);
    // Duan's smearing factor: mean of exp(residual) on the rows the model was fitted on.
    let smearing = 1;
    if (smearingRows) {
      let sum = 0;
      for (let k = 0; k < rows.length; k++) {
        let fitted = intercept;
        for (let i = 0; i < FEATURE_COUNT; i++) fitted += weights[i]! * z.get(k, i);
        sum += Math.exp(y[k]! - fitted);
      }
      smearing = sum / rows.length;
    }
    let maxSeen = 0;
    for (const r of rows) maxSeen = Math.max(maxSeen, dataset.customersTomorrow[r]!);
    return {
      format: PAYLOAD_FORMAT,
      modelFamily: 'ridge-regression',
      target: 'log(customersTomorrow)',
      featureNames: [...FEATURE_NAMES],
      transforms: [...transforms],
      means: Array.from(scaler.means, compact),
      stds: Array.from(scaler.stds, compact),
      weights: Array.from(weights, compact),
      intercept: compact(intercept),
      smearing: compact(smearing),
      lambda,
      clampMax: Math.round(3 * maxSeen),
    };
  };
  const predictRows = (payload: FootfallPayload, rows: Int32Array): Float64Array => {
    const predictor = new LinearPredictor(payload);
    return Float64Array.from(rows, (r) => predictor.predictRow(dataset.features.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT)));
  };

  // 3. Choose λ on the validation weeks.
  const { lambda, validationMaeByLambda } = timed('select', onProgress, () => {
    const scaler = fitStandardiser(transformed, FEATURE_COUNT, split.early, transforms);
    const problem = prepareRidge(standardise(transformed, FEATURE_COUNT, split.early, scaler), logTarget(split.early));
    const validationActual = actual(split.validation);
    const maeByLambda: Record<string, number> = {};
    let best = { lambda: resolved.lambdas[0]!, mae: Infinity };
    for (const candidate of resolved.lambdas) {
      const { weights, intercept } = solveRidge(problem, candidate);
      const payload: FootfallPayload = {
        format: PAYLOAD_FORMAT,
        modelFamily: 'ridge-regression',
        target: 'log(customersTomorrow)',
        featureNames: [...FEATURE_NAMES],
        transforms: [...transforms],
        means: Array.from(scaler.means),
        stds: Array.from(scaler.stds),
        weights: Array.from(weights),
        intercept,
        smearing: 1,
        lambda: candidate,
        clampMax: Number.MAX_VALUE,
      };
      const { mae } = errorMetrics(predictRows(payload, split.validation), validationActual);
      maeByLambda[String(candidate)] = Math.round(mae * 100) / 100;
      if (mae < best.mae) best = { lambda: candidate, mae };
    }
    return { value: { lambda: best.lambda, validationMaeByLambda: maeByLambda }, detail: `λ=${best.lambda} (validation MAE ${best.mae.toFixed(1)} customers)` };
  });

  // 4. Refit on all training weeks.
  const payload = timed('fit', onProgress, () => ({ value: buildPayload(split.train, lambda, true), detail: `${split.train.length} rows × ${FEATURE_COUNT} features` }));

  // 5. Evaluate the stored parameters on the held-out weeks.
  const test = timed('evaluate', onProgress, () => {
    const testActual = actual(split.test);
    const value = {
      model: roundMetrics(errorMetrics(predictRows(payload, split.test), testActual)),
      sameWeekdayLastWeek: roundMetrics(errorMetrics(baselinePredictions(dataset.features, split.test, 'sameWeekdayLastWeek'), testActual)),
      sevenDayMean: roundMetrics(errorMetrics(baselinePredictions(dataset.features, split.test, 'sevenDayMean'), testActual)),
    };
    return { value, detail: `test MAE ${value.model.mae} vs ${value.sameWeekdayLastWeek.mae} (same weekday last week) and ${value.sevenDayMean.mae} (7-day mean)` };
  });
  const trainMetrics = roundMetrics(errorMetrics(predictRows(payload, split.train), actual(split.train)));

  const { data } = resolved;
  const lastDay = epochDayOf(data.startDate) + days - 1;
  const firstTarget = (rows: Int32Array): string => history.dates[dataset.dayIndex[rows[0]!]! + 1]!;
  const lastTarget = (rows: Int32Array): string => history.dates[dataset.dayIndex[rows[rows.length - 1]!]! + 1]!;
  const sortedTrain = Int32Array.from(split.train).sort((a, b) => dataset.dayIndex[a]! - dataset.dayIndex[b]!);
  const sortedTest = Int32Array.from(split.test).sort((a, b) => dataset.dayIndex[a]! - dataset.dayIndex[b]!);
  const card: Omit<ModelCard, 'artifacts'> = {
    name: FOOTFALL_MODEL_ID,
    version: `${history.dates[days - 1]}+${sha256Hex(JSON.stringify(payload)).slice(0, 8)}`,
    createdAt: `${isoDateOf(lastDay + 1)}T00:00:00.000Z`,
    description:
      'Ridge regression on log(customers tomorrow) over 100 standardised features, with a smearing correction. ' +
      'MAE and RMSE are in customers per store-day, MAPE in percent; all on the held-out test weeks.',
    trainingData: {
      summary: 'Seeded simulation of daily supermarket footfall (generateFootfallHistory), split by time: the last weeks are held out.',
      facts: {
        generator: 'generateFootfallHistory',
        seed: data.seed,
        stores: data.stores,
        startDate: data.startDate,
        days: data.days,
        features: FEATURE_COUNT,
        trainRows: split.train.length,
        trainTargetsFrom: firstTarget(sortedTrain),
        trainTargetsTo: lastTarget(sortedTrain),
        testRows: split.test.length,
        testWeeks: resolved.testWeeks,
        testTargetsFrom: firstTarget(sortedTest),
        testTargetsTo: lastTarget(sortedTest),
        validationWeeks: resolved.validationWeeks,
        lambda,
      },
    },
    metrics: {
      model: test.model,
      baselines: { sameWeekdayLastWeek: test.sameWeekdayLastWeek, sevenDayMean: test.sevenDayMean },
      maeReductionPct: {
        vsSameWeekdayLastWeek: maeReduction(test.model, test.sameWeekdayLastWeek),
        vsSevenDayMean: maeReduction(test.model, test.sevenDayMean),
      },
      train: trainMetrics,
    },
    intendedUse: 'Teaching: forecasting tomorrow\'s customers per store to staff checkouts, served from AWS Lambda.',
    limitations: [
      'Trained on simulated data; the effects are those written into the generator, not measured in real stores.',
      'Linear on the log scale: interactions the features do not spell out (e.g. school holidays × store type) are averaged.',
      'Inputs far outside the training ranges extrapolate linearly; outputs are clamped to [0, clampMax].',
      'Unannounced disruptions and weather-forecast errors are unpredictable by design.',
    ],
  };

  const sampleDays = buildSampleDays(history, { stores: resolved.sampleStores, days: resolved.sampleDays });
  return { config: resolved, card, payload, test, validationMaeByLambda, history, sampleDays };
}

/**
 * Writes the model artifact (checksummed, via `writeJsonArtifact`) and the sample file,
 * both durably.
 * @returns the card as written, with the payload digest.
 */
export function writeTrainingOutputs(result: TrainResult, paths: { modelPath: string; sampleDaysPath?: string }): ModelCard {
  const card = writeJsonArtifact(paths.modelPath, result.card, result.payload);
  if (paths.sampleDaysPath) writeFileDurably(paths.sampleDaysPath, serialiseSampleDays(result.sampleDays));
  return card;
}

/** The sample file's bytes: one sample per line, so diffs stay readable. */
export function serialiseSampleDays(samples: readonly SampleDay[]): string {
  return `[\n${samples.map((sample) => JSON.stringify(sample)).join(',\n')}\n]\n`;
}
