import { InvalidInputError, parseModelInput, toErrorResponse } from '@serverless-ai/model-interface';
import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, footfallInputSchema, loadSampleDays, MAX_BATCH_SIZE, MAX_REPORTED_ISSUES, toFeatureVector } from '../src/index.js';

const model = { inputSchema: footfallInputSchema };
const [sample] = loadSampleDays();
const goodObject = sample!.features;
const goodArray = FEATURE_NAMES.map((name) => goodObject[name]);

/** Runs the schema and returns the InvalidInputError it throws. */
function rejectionOf(raw: unknown): InvalidInputError {
  try {
    parseModelInput(model, raw);
  } catch (err) {
    if (err instanceof InvalidInputError) return err;
    throw err;
  }
  throw new Error('expected the input to be rejected');
}

const pathsOf = (err: InvalidInputError): string[] => err.details.issues.map((issue) => JSON.stringify(issue.path));

describe('footfallInputSchema', () => {
  it('accepts one row as 100 numbers and returns it in canonical order', () => {
    const input = parseModelInput(model, { features: goodArray });
    expect(input.batch).toBe(false);
    expect(input.rows).toHaveLength(1);
    expect(Array.from(input.rows[0]!)).toEqual(goodArray);
  });

  it('accepts one row as an object keyed by feature name and orders it canonically', () => {
    // Arrange: the same row with its keys in reverse order.
    const reversed = Object.fromEntries([...FEATURE_NAMES].reverse().map((name) => [name, goodObject[name]]));

    // Act
    const input = parseModelInput(model, { features: reversed });

    // Assert
    expect(Array.from(input.rows[0]!)).toEqual(goodArray);
  });

  it('accepts a batch mixing both forms, up to the maximum batch size', () => {
    const instances = Array.from({ length: MAX_BATCH_SIZE }, (_, i) => (i % 2 === 0 ? goodArray : goodObject));
    const input = parseModelInput(model, { instances });
    expect(input.batch).toBe(true);
    expect(input.rows).toHaveLength(MAX_BATCH_SIZE);
  });

  it('rejects a feature vector with 99 values and names the field', () => {
    const err = rejectionOf({ features: goodArray.slice(0, 99) });
    expect(err.details.issues).toEqual([{ path: ['features'], message: expect.stringContaining('got 99') as unknown }]);
    expect(toErrorResponse(err)).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
  });

  it('lists NaN, Infinity, -Infinity and non-numbers with their positions in one error', () => {
    // Arrange
    const row: unknown[] = [...goodArray];
    row[3] = Number.NaN;
    row[10] = Number.POSITIVE_INFINITY;
    row[11] = Number.NEGATIVE_INFINITY;
    row[50] = '12';
    row[60] = null;

    // Act
    const err = rejectionOf({ features: row });

    // Assert
    expect(pathsOf(err)).toEqual(['["features",3]', '["features",10]', '["features",11]', '["features",50]', '["features",60]']);
    expect(err.details.issues.map((i) => i.message)).toEqual([
      'Expected a finite number, got NaN.',
      'Expected a finite number, got Infinity.',
      'Expected a finite number, got -Infinity.',
      'Expected a finite number, got string.',
      'Expected a finite number, got null.',
    ]);
  });

  it('lists unknown and missing names together, with a hint for a wrongly cased name', () => {
    // Arrange: one name misspelt, one wrongly cased, one missing, one value invalid.
    const row: Record<string, unknown> = { ...goodObject };
    delete row.forecastTempMaxC;
    row.temperatureC = 21;
    delete row.customersLag7;
    row.CustomersLag7 = 900;
    delete row.promoTomorrow;
    row.holidayTomorrow = Number.NaN;

    // Act
    const err = rejectionOf({ instances: [goodObject, goodArray, row] });

    // Assert
    expect(pathsOf(err).sort()).toEqual(
      [
        '["instances",2,"temperatureC"]',
        '["instances",2,"CustomersLag7"]',
        '["instances",2,"holidayTomorrow"]',
        '["instances",2,"forecastTempMaxC"]',
        '["instances",2,"customersLag7"]',
        '["instances",2,"promoTomorrow"]',
      ].sort(),
    );
    const hint = err.details.issues.find((i) => i.path[2] === 'CustomersLag7');
    expect(hint?.message).toContain('did you mean "customersLag7"');
    expect(err.message).toMatch(/and 5 more problems/);
  });

  it('refuses a batch larger than the maximum before reading any row', () => {
    const err = rejectionOf({ instances: Array.from({ length: MAX_BATCH_SIZE + 1 }, () => 'garbage') });
    expect(err.details.issues).toEqual([{ path: ['instances'], message: expect.stringContaining(`at most ${MAX_BATCH_SIZE}`) as unknown }]);
  });

  it('caps the problem list so a garbage batch cannot produce a huge error', () => {
    const err = rejectionOf({ instances: Array.from({ length: MAX_BATCH_SIZE }, () => ({ nonsense: 1 })) });
    expect(err.details.issues.length).toBe(MAX_REPORTED_ISSUES + 1);
    expect(err.details.issues.at(-1)!.message).toContain(`first ${MAX_REPORTED_ISSUES} problems`);
    expect(JSON.stringify(toErrorResponse(err).body).length).toBeLessThan(20_000);
  });

  it.each([
    ['null', null],
    ['a string', 'hello'],
    ['an array', [goodArray]],
    ['an empty object', {}],
    ['both features and instances', { features: goodArray, instances: [goodArray] }],
    ['an empty batch', { instances: [] }],
    ['instances that are not a list', { instances: goodObject }],
    ['a row that is a number', { features: 42 }],
  ])('rejects %s with one clear issue', (_label, raw) => {
    const err = rejectionOf(raw);
    expect(err.details.issues).toHaveLength(1);
    expect(err.details.issues[0]!.message.length).toBeGreaterThan(10);
  });

  it('names an unknown top-level field next to the row problems', () => {
    const err = rejectionOf({ features: goodArray.slice(1), modelVersion: 'latest' });
    expect(pathsOf(err)).toEqual(['["modelVersion"]', '["features"]']);
  });
});

describe('toFeatureVector', () => {
  it('returns the same canonical vector for both forms', () => {
    expect(toFeatureVector(goodObject)).toEqual(toFeatureVector(goodArray));
  });

  it('throws InvalidInputError for a bad row', () => {
    expect(() => toFeatureVector([1, 2, 3])).toThrow(InvalidInputError);
  });
});
