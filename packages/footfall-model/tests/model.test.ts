import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ArtifactIntegrityError, InvalidInputError, parseModelInput, readJsonArtifact, sha256Hex, writeJsonArtifact } from '@serverless-ai/model-interface';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MODEL_PATH,
  FEATURE_NAMES,
  footfallPayloadSchema,
  loadFootfallModel,
  loadPrevalidatedFootfallModel,
  loadSampleDays,
  MODEL_FILE_NAME,
  resolveModelPath,
  SAMPLE_DAYS_PATH,
  validateFootfallArtifact,
} from '../src/index.js';

const model = loadFootfallModel();
const samples = loadSampleDays();
const scratch = mkdtempSync(join(tmpdir(), 'footfall-model-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the committed artifact', () => {
  it('lives at DEFAULT_MODEL_PATH in the package artifacts folder', () => {
    expect(DEFAULT_MODEL_PATH.endsWith(join('packages', 'footfall-model', 'artifacts', MODEL_FILE_NAME))).toBe(true);
    expect(SAMPLE_DAYS_PATH.endsWith(join('packages', 'footfall-model', 'artifacts', 'sample-days.json'))).toBe(true);
  });

  it('loads with a verified checksum and a card that compares the model with both baselines', () => {
    // Act
    const { card } = readJsonArtifact(DEFAULT_MODEL_PATH, footfallPayloadSchema);

    // Assert
    expect(model.id).toBe('footfall-ridge');
    expect(model.version).toBe(card.version);
    expect(card.artifacts[0]!.file).toBe(`${MODEL_FILE_NAME}#/payload`);
    expect(card.metrics).toMatchObject({
      model: { mae: expect.any(Number) as unknown, mape: expect.any(Number) as unknown },
      baselines: { sameWeekdayLastWeek: { mae: expect.any(Number) as unknown }, sevenDayMean: { mae: expect.any(Number) as unknown } },
    });
  });

  it('stays small enough to read in a code review', () => {
    expect(readFileSync(DEFAULT_MODEL_PATH).byteLength).toBeLessThan(32 * 1024);
  });

  it('refuses a copy whose weights were tampered with', () => {
    // Arrange: change one weight without updating the recorded checksum.
    const tampered = join(scratch, 'tampered.json');
    const artifact = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as { payload: { weights: number[] } };
    artifact.payload.weights[0] = artifact.payload.weights[0]! + 0.5;
    writeFileSync(tampered, JSON.stringify(artifact));

    // Act + Assert
    expect(() => loadFootfallModel(tampered)).toThrow(ArtifactIntegrityError);
    expect(() => loadFootfallModel(tampered)).toThrow(/checksum mismatch/i);
  });

  it('refuses an intact artifact trained on other features', () => {
    // Arrange: a correctly checksummed file whose feature order differs.
    const { card, payload } = readJsonArtifact(DEFAULT_MODEL_PATH, footfallPayloadSchema);
    const swapped = [...payload.featureNames];
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    const path = join(scratch, 'other-features.json');
    const { artifacts: _unused, ...cardWithoutDigest } = card;
    writeJsonArtifact(path, cardWithoutDigest, { ...payload, featureNames: swapped });

    // Act + Assert
    expect(() => loadFootfallModel(path)).toThrow(/trained on other features/);
  });

  it('refuses a missing file with ArtifactIntegrityError', () => {
    expect(() => loadFootfallModel(join(scratch, 'nope.json'))).toThrow(ArtifactIntegrityError);
  });
});

describe('FootfallModel.predict', () => {
  it('predicts a sensible number of customers for every sample day', () => {
    const output = model.predict(parseModelInput(model, { instances: samples.map((s) => s.features) }));
    expect(output.predictions).toHaveLength(samples.length);
    for (const { customersTomorrow } of output.predictions) {
      expect(customersTomorrow).toBeGreaterThan(50);
      expect(customersTomorrow).toBeLessThan(10_000);
    }
  });

  it('gives identical predictions for the object and the array form of a row', () => {
    // Arrange
    const objects = samples.map((s) => s.features);
    const arrays = objects.map((features) => FEATURE_NAMES.map((name) => features[name]));

    // Act
    const fromObjects = model.predict(parseModelInput(model, { instances: objects }));
    const fromArrays = model.predict(parseModelInput(model, { instances: arrays }));

    // Assert
    expect(fromArrays).toEqual(fromObjects);
    expect(model.predictOne(arrays[0]!)).toBe(fromObjects.predictions[0]!.customersTomorrow);
  });

  it('answers a single request with one prediction', () => {
    const output = model.predict(parseModelInput(model, { features: samples[0]!.features }));
    expect(output.predictions).toHaveLength(1);
  });

  it('keeps predictions finite and non-negative for absurd but finite inputs', () => {
    for (const value of [1e300, -1e300, 0]) {
      const prediction = model.predictOne(FEATURE_NAMES.map(() => value));
      expect(Number.isFinite(prediction)).toBe(true);
      expect(prediction).toBeGreaterThanOrEqual(0);
    }
  });

  it('refuses a hand-built input row of the wrong length', () => {
    expect(() => model.predict({ rows: [new Float64Array(99)], batch: false })).toThrow(InvalidInputError);
  });

  it('explains a prediction as factors that multiply back to it', () => {
    // Act
    const explanation = model.explain(samples[0]!.features);

    // Assert
    const product = explanation.contributions.reduce((acc, c) => acc * c.factor, explanation.baselineCustomers);
    expect(product / explanation.customersTomorrow).toBeCloseTo(1, 9);
    expect(explanation.customersTomorrow / model.predictOne(samples[0]!.features)).toBeCloseTo(1, 9);
    const sizes = explanation.contributions.map((c) => Math.abs(c.logContribution));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });
});

describe('the predictor entry point', () => {
  it('bundles without ml-matrix and loads the model from an explicit path outside the package', async () => {
    // Arrange: bundle the entry the way the Lambda app does, into a folder with no artifacts next to it.
    const outfile = join(scratch, 'bundle', 'index.mjs');
    const result = await build({
      entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      metafile: true,
      logLevel: 'silent',
    });
    const modelCopy = join(scratch, 'bundle', MODEL_FILE_NAME);
    copyFileSync(DEFAULT_MODEL_PATH, modelCopy);

    // Act: a fresh process imports the bundle (no file reads yet) and then loads the copy.
    const script = `const m = await import(${JSON.stringify(outfile)}); const model = m.loadFootfallModel(${JSON.stringify(modelCopy)}); console.log(model.version);`;
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: scratch, encoding: 'utf8' });

    // Assert
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('ml-matrix')), '🚨 the predictor must not pull the training library into the Lambda bundle').toBe(false);
    expect(inputs.some((p) => p.includes('training/'))).toBe(false);
    expect(stdout.trim()).toBe(model.version);
  });

  it('leaves the payload schema and the model-card schema out of a bundle that loads a prevalidated model', async () => {
    // Arrange: what the Lambda handler imports, bundled with tree-shaking as the Lambda build does.
    const contents = [
      "import { loadPrevalidatedFootfallModel, resolveModelPath } from './src/index.ts';",
      "import { toErrorResponse } from '@serverless-ai/model-interface';",
      'const model = loadPrevalidatedFootfallModel(resolveModelPath(process.env), process.argv[2]);',
      'export const handle = (raw) => { try { return model.predict(model.parseInput(raw)); } catch (err) { return toErrorResponse(err); } };',
    ].join('\n');

    // Act
    const result = await build({
      stdin: { contents, resolveDir: new URL('..', import.meta.url).pathname, loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });

    // Assert: nothing in it builds a schema for the model at init.
    const output = Object.values(result.metafile.outputs)[0]!;
    const inputs = Object.entries(output.inputs).flatMap(([path, { bytesInOutput }]) => (bytesInOutput > 0 ? [path] : []));
    expect(inputs.some((p) => p.endsWith('payload-schema.ts')), '🚨 the zod payload schema is built at import').toBe(false);
    expect(inputs.some((p) => p.includes('model-interface') && p.includes('model-card')), '🚨 the zod model-card schema is built at import').toBe(false);
    expect(inputs.some((p) => p.endsWith('src/model.ts'))).toBe(true);
  });
});

describe('checks at build time, checksum at init (issue 10)', () => {
  it('validates an artifact fully at build time and returns the SHA-256 of the whole file', () => {
    // Act
    const { model: validated, fileSha256 } = validateFootfallArtifact(DEFAULT_MODEL_PATH);

    // Assert
    expect(fileSha256).toBe(sha256Hex(readFileSync(DEFAULT_MODEL_PATH)));
    expect(validated.version).toBe(model.version);
  });

  it('refuses at build time an artifact whose payload breaks the schema, though its checksum matches', () => {
    // Arrange: a payload with a negative std, written with a correct digest.
    const { card, payload } = readJsonArtifact(DEFAULT_MODEL_PATH, footfallPayloadSchema);
    const path = join(scratch, 'negative-std.json');
    writeJsonArtifact(path, card, { ...payload, stds: payload.stds.map((s, i) => (i === 3 ? -s : s)) });

    // Act + Assert
    expect(() => validateFootfallArtifact(path)).toThrow(ArtifactIntegrityError);
  });

  it('loads a prevalidated artifact by its file checksum and predicts exactly as the fully checked model', () => {
    // Act
    const fast = loadPrevalidatedFootfallModel(DEFAULT_MODEL_PATH, validateFootfallArtifact(DEFAULT_MODEL_PATH).fileSha256);

    // Assert
    const input = parseModelInput(model, { instances: samples.slice(0, 20).map((s) => s.features) });
    expect(fast.predict(input)).toEqual(model.predict(input));
    expect(fast.card).toEqual(model.card);
  });

  it('refuses a prevalidated artifact whose bytes changed since the build, naming both checksums', () => {
    // Arrange: the same JSON with one extra space is a different file.
    const expected = sha256Hex(readFileSync(DEFAULT_MODEL_PATH));
    const path = join(scratch, 'changed.json');
    writeFileSync(path, `${readFileSync(DEFAULT_MODEL_PATH, 'utf8')} `);

    // Act + Assert
    expect(() => loadPrevalidatedFootfallModel(path, expected)).toThrow(ArtifactIntegrityError);
    expect(() => loadPrevalidatedFootfallModel(path, expected)).toThrow(new RegExp(`the build validated ${expected}, the file has ${sha256Hex(readFileSync(path))}`));
  });

  it('refuses a missing prevalidated artifact with an integrity error, not a raw ENOENT', () => {
    expect(() => loadPrevalidatedFootfallModel(join(scratch, 'absent.json'), 'a'.repeat(64))).toThrow(/Cannot read JSON artifact/);
  });
});

describe('FootfallModel.parseInput', () => {
  const issuesOf = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (err) {
      if (err instanceof InvalidInputError) return { message: err.message, issues: err.details.issues };
      throw err;
    }
    return 'no error';
  };

  it('returns the same rows as parseModelInput for one row and for a batch', () => {
    for (const body of [{ features: samples[0]!.features }, { instances: samples.slice(0, 3).map((s) => s.features) }]) {
      expect(model.parseInput(body)).toEqual(parseModelInput(model, body));
    }
  });

  it('throws the same InvalidInputError message and issues as parseModelInput for bad bodies', () => {
    const badBodies: unknown[] = [null, [], { features: [1, 2] }, { features: {}, extra: 1 }, { instances: [] }, { instances: [{ ...samples[0]!.features, bogus: 1 }] }];
    for (const body of badBodies) {
      const viaZod = issuesOf(() => parseModelInput(model, body));
      expect(viaZod).not.toBe('no error');
      expect(issuesOf(() => model.parseInput(body))).toEqual(viaZod);
    }
  });
});

describe('resolveModelPath', () => {
  const moduleIn = (dir: string): string => pathToFileURL(join(dir, 'index.mjs')).href;

  it('uses MODEL_PATH when it is set, even with a model beside the module', () => {
    const dir = mkdtempSync(join(tmpdir(), 'footfall-bundle-'));
    writeFileSync(join(dir, MODEL_FILE_NAME), '{}');
    expect(resolveModelPath({ MODEL_PATH: ' /data/other.json ' }, moduleIn(dir))).toBe('/data/other.json');
  });

  it('uses the model file beside the module when there is one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'footfall-bundle-'));
    writeFileSync(join(dir, MODEL_FILE_NAME), '{}');
    expect(resolveModelPath({}, moduleIn(dir))).toBe(join(dir, MODEL_FILE_NAME));
  });

  it('falls back to the committed model when MODEL_PATH is blank and nothing sits beside the module, or no module is given', () => {
    expect(resolveModelPath({ MODEL_PATH: '  ' }, moduleIn(mkdtempSync(join(tmpdir(), 'footfall-src-'))))).toBe(DEFAULT_MODEL_PATH);
    expect(resolveModelPath({})).toBe(DEFAULT_MODEL_PATH);
  });
});
