/**
 * `FootfallModel`: the footfall predictor behind the shared `Model` interface, and
 * `loadFootfallModel`, which reads and verifies the artifact.
 *
 * This is the code that ships to Lambda. It imports no matrix library and reads no file
 * until a loader is called. Two loaders, for two moments (issue 10, cold start):
 * - `loadFootfallModel` checks everything (format, card, checksum, every payload value
 *   with zod). Builds and tests use it; so does a handler running from source.
 * - `loadPrevalidatedFootfallModel` is for a bundle whose build already ran those checks
 *   (`validateFootfallArtifact`) and embedded the file's SHA-256: at init it only proves
 *   the file is that one (one hash of ~11 KB) and parses it, with no zod at all.
 * Edit it to change what `predict` returns; the arithmetic lives in `predictor.ts`.
 */
import { readFileSync } from 'node:fs';
import {
  ArtifactIntegrityError,
  InvalidInputError,
  readJsonArtifact,
  sha256Hex,
  type JsonArtifact,
  type Model,
  type ModelCard,
} from '@serverless-ai/model-interface';
import { FEATURE_COUNT, FEATURE_NAMES, transformOf, FEATURES } from './features.js';
import { checkFootfallInput, createFootfallInputSchema, toFeatureVector, type FeatureRow, type FootfallInput, type FootfallOutput } from './input.js';
import { DEFAULT_MODEL_PATH } from './paths.js';
import { LinearPredictor, type PredictionExplanation } from './predictor.js';
import { footfallPayloadSchema, type FootfallPayload } from './payload-schema.js';

/** Stable identifier of the footfall model family. */
export const FOOTFALL_MODEL_ID = 'footfall-ridge';

/** The footfall predictor: 100 features in, expected customers tomorrow out. */
export class FootfallModel implements Model<FootfallInput, FootfallOutput> {
  readonly id = FOOTFALL_MODEL_ID;
  readonly version: string;
  readonly card: ModelCard;
  private readonly predictor: LinearPredictor;
  private schema: Model<FootfallInput, FootfallOutput>['inputSchema'] | undefined;

  /**
   * Builds a model from a card and a payload already read and checked. Prefer
   * `loadFootfallModel`, which also verifies the checksum.
   * @throws ArtifactIntegrityError when the payload was trained on other features.
   */
  constructor(card: ModelCard, payload: FootfallPayload, source = '<memory>') {
    const mismatch = FEATURE_NAMES.findIndex((name, i) => payload.featureNames[i] !== name || payload.transforms[i] !== transformOf(FEATURES[i]!));
    if (mismatch >= 0) {
      throw new ArtifactIntegrityError(
        `The artifact was trained on other features: position ${mismatch} is "${payload.featureNames[mismatch]}" (${payload.transforms[mismatch]}), this code expects "${FEATURE_NAMES[mismatch]}"`,
        source,
      );
    }
    this.card = card;
    this.version = card.version;
    this.predictor = new LinearPredictor(payload);
  }

  /**
   * The zod schema of the `Model` contract (`parseModelInput(model, raw)`), built on first
   * use: code that calls `parseInput` instead, like the Lambda handler, never constructs one.
   */
  get inputSchema(): Model<FootfallInput, FootfallOutput>['inputSchema'] {
    return (this.schema ??= createFootfallInputSchema());
  }

  /**
   * Checks an untrusted request body: the same result, issues and messages as
   * `parseModelInput(model, raw)`, without zod (the check is hand-written; the schema only wraps it).
   * @throws InvalidInputError listing every problem (capped at MAX_REPORTED_ISSUES).
   */
  parseInput(raw: unknown): FootfallInput {
    const result = checkFootfallInput(raw);
    if (!result.ok) throw new InvalidInputError(result.issues);
    return result.input;
  }

  /** Predicts every row of validated input, in order. */
  predict(input: FootfallInput): FootfallOutput {
    const predictions = new Array<{ customersTomorrow: number }>(input.rows.length);
    for (let r = 0; r < input.rows.length; r++) {
      const row = input.rows[r]!;
      // Cheap guard for callers that build FootfallInput by hand instead of via inputSchema.
      if (row.length !== FEATURE_COUNT) {
        throw new InvalidInputError([{ path: ['instances', r], message: `Expected ${FEATURE_COUNT} numbers, got ${row.length}.` }]);
      }
      predictions[r] = { customersTomorrow: this.predictor.predictRow(row) };
    }
    return { predictions };
  }

  /**
   * Predicts one row given in either form, validating it first.
   * @throws InvalidInputError listing every problem with the row.
   */
  predictOne(row: FeatureRow): number {
    return this.predictor.predictRow(toFeatureVector(row));
  }

  /** Explains one row: the prediction at the training average and each feature's factor on it. */
  explain(row: FeatureRow): PredictionExplanation {
    return this.predictor.explain(toFeatureVector(row));
  }
}

/**
 * Reads the artifact, verifies its checksum (readJsonArtifact), returns a ready model.
 * Call it once at start-up (Lambda: at module scope), never per request.
 * @param path the artifact; bundled code should pass it explicitly. @default DEFAULT_MODEL_PATH
 * @throws ArtifactIntegrityError when the file is missing, tampered with or for other features.
 */
export function loadFootfallModel(path: string = DEFAULT_MODEL_PATH): FootfallModel {
  const { card, payload } = readJsonArtifact(path, footfallPayloadSchema);
  return new FootfallModel(card, payload, path);
}

/** What `validateFootfallArtifact` proved about an artifact file. */
export interface ValidatedFootfallArtifact {
  /** The model, loaded with every check. */
  model: FootfallModel;
  /** Hex SHA-256 of the file's bytes: embed it where `loadPrevalidatedFootfallModel` will run. */
  fileSha256: string;
}

/**
 * Build-time check of an artifact (the Lambda build and the CDK bundling call it): loads it
 * with every check of `loadFootfallModel` and returns the SHA-256 of the whole file, so a
 * bundle can embed it and verify only that at init.
 * @throws ArtifactIntegrityError as `loadFootfallModel` does: a bad model fails the build.
 */
export function validateFootfallArtifact(path: string): ValidatedFootfallArtifact {
  const model = loadFootfallModel(path);
  return { model, fileSha256: sha256Hex(readFileSync(path)) };
}

/**
 * Loads an artifact that `validateFootfallArtifact` already checked at build time: verifies
 * that the file's bytes have the SHA-256 the build recorded, then parses it, without zod.
 * The one hash is what keeps a swapped or damaged file from being served.
 * @param expectedFileSha256 `ValidatedFootfallArtifact.fileSha256`, embedded by the build
 * @throws ArtifactIntegrityError when the file is missing or is not the file the build validated.
 */
export function loadPrevalidatedFootfallModel(path: string, expectedFileSha256: string): FootfallModel {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new ArtifactIntegrityError(`Cannot read JSON artifact: ${(err as Error).message}`, path);
  }
  const actual = sha256Hex(bytes);
  if (actual !== expectedFileSha256) {
    throw new ArtifactIntegrityError(`File checksum mismatch for ${path}: the build validated ${expectedFileSha256}, the file has ${actual}`, path);
  }
  const { card, payload } = JSON.parse(bytes.toString('utf8')) as JsonArtifact<FootfallPayload>;
  return new FootfallModel(card, payload, path);
}
