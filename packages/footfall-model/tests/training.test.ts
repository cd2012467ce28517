import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix } from 'ml-matrix';
import { afterAll, describe, expect, it } from 'vitest';
import { calendar, DEFAULT_GENERATE_OPTIONS, DEFAULT_MODEL_PATH, loadFootfallModel, SAMPLE_DAYS_PATH } from '../src/index.js';
import { errorMetrics, prepareRidge, solveRidge, trainFootfallModel, writeTrainingOutputs } from '../src/training/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'footfall-train-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Small enough to train in well under a second, large enough to learn the weekly pattern.
const smallConfig = { data: { seed: 42, stores: 16, days: 600 }, testWeeks: 4, validationWeeks: 4 };

describe('errorMetrics', () => {
  it('computes MAE, MAPE in percent and RMSE', () => {
    expect(errorMetrics([110, 90, 100], [100, 100, 100])).toEqual({ mae: 20 / 3, mape: 20 / 3, rmse: Math.sqrt(200 / 3) });
  });
});

describe('ridge regression', () => {
  it('recovers known coefficients from noiseless, centred data when λ is tiny', () => {
    // Arrange: y = 5 + 2·z0 − 1·z1 on 200 rows whose columns have mean 0, as standardised features do.
    const raw = Array.from({ length: 200 }, (_, i) => [Math.sin(i * 1.3), Math.cos(i * 0.7)]);
    const columnMean = (c: number): number => raw.reduce((s, row) => s + row[c]!, 0) / raw.length;
    const means = [columnMean(0), columnMean(1)];
    const rows = raw.map((row) => row.map((v, c) => v - means[c]!));
    const y = Float64Array.from(rows, ([a, b]) => 5 + 2 * a! - b!);

    // Act
    const { weights, intercept } = solveRidge(prepareRidge(new Matrix(rows), y), 1e-12);

    // Assert
    expect(weights[0]).toBeCloseTo(2, 8);
    expect(weights[1]).toBeCloseTo(-1, 8);
    expect(intercept).toBeCloseTo(5, 10);
  });

  it('shrinks coefficients towards zero as λ grows', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [Math.sin(i), Math.cos(i * 2)]);
    const problem = prepareRidge(new Matrix(rows), Float64Array.from(rows, ([a]) => 3 * a!));
    expect(Math.abs(solveRidge(problem, 10).weights[0]!)).toBeLessThan(Math.abs(solveRidge(problem, 0.01).weights[0]!));
  });
});

describe('trainFootfallModel', () => {
  const result = trainFootfallModel(smallConfig);

  it('holds out the last weeks: every test target comes after every training target', () => {
    const { facts } = result.card.trainingData;
    expect(String(facts.testTargetsFrom) > String(facts.trainTargetsTo)).toBe(true);
    expect(facts.testRows).toBe(smallConfig.data.stores * 7 * smallConfig.testWeeks);
  });

  it('beats both naive baselines by at least 20 % MAE on the held-out weeks', () => {
    // Arrange
    const { model, sameWeekdayLastWeek, sevenDayMean } = result.test;

    // Assert
    expect(model.mae, '🚨 the model must clearly beat "same weekday last week"').toBeLessThan(0.8 * sameWeekdayLastWeek.mae);
    expect(model.mae, '🚨 the model must clearly beat the 7-day mean').toBeLessThan(0.8 * sevenDayMean.mae);
    expect(model.mape).toBeLessThan(sameWeekdayLastWeek.mape);
    expect(result.card.metrics.baselines).toEqual({ sameWeekdayLastWeek, sevenDayMean });
  });

  it('writes the same bytes when trained twice, and different bytes for another seed', () => {
    // Arrange: the digest names the file, so all three share a name in different folders.
    const [first, second, otherSeed] = ['first', 'second', 'other-seed'].map((folder) => {
      mkdirSync(join(scratch, folder));
      return join(scratch, folder, 'footfall-model.json');
    }) as [string, string, string];

    // Act
    writeTrainingOutputs(result, { modelPath: first });
    writeTrainingOutputs(trainFootfallModel(smallConfig), { modelPath: second });
    writeTrainingOutputs(trainFootfallModel({ ...smallConfig, data: { ...smallConfig.data, seed: 43 } }), { modelPath: otherSeed });

    // Assert
    expect(readFileSync(second).equals(readFileSync(first))).toBe(true);
    expect(readFileSync(otherSeed).equals(readFileSync(first))).toBe(false);
    // createdAt is pinned to the morning after the last simulated day, not the wall clock.
    const morningAfter = calendar.isoDateOf(calendar.epochDayOf(DEFAULT_GENERATE_OPTIONS.startDate) + smallConfig.data.days);
    expect(loadFootfallModel(first).card.createdAt).toBe(`${morningAfter}T00:00:00.000Z`);
  });

  it('retraining with the default config reproduces the committed artifact and sample file byte for byte', { timeout: 180_000 }, () => {
    // Arrange
    const modelPath = join(scratch, 'footfall-model.json');
    const sampleDaysPath = join(scratch, 'sample-days.json');

    // Act
    writeTrainingOutputs(trainFootfallModel(), { modelPath, sampleDaysPath });

    // Assert
    expect(readFileSync(modelPath).equals(readFileSync(DEFAULT_MODEL_PATH)), '🚨 run `npm run train` and commit the artifact').toBe(true);
    expect(readFileSync(sampleDaysPath).equals(readFileSync(SAMPLE_DAYS_PATH)), '🚨 run `npm run train` and commit sample-days.json').toBe(true);
  });
});
