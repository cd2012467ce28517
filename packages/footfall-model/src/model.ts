/**
 * `FootfallModel`: the footfall predictor behind the shared `Model` interface, and
 * `loadFootfallModel`, which reads and verifies the artifact.
 *
 * This is the code that ships to Lambda. It imports no matrix library and reads no file
 * until `loadFootfallModel` is called, so a bundle's init phase pays only for the one
 * read of a ~10 KB JSON file. Edit it to change what `predict` returns; the arithmetic
 * lives in `predictor.ts`.
 */
import { ArtifactIntegrityError, InvalidInputError, readJsonArtifact, type Model, type ModelCard } from '@serverless-ai/model-interface';
import { FEATURE_COUNT, FEATURE_NAMES, transformOf, FEATURES } from './features.js';
import { footfallInputSchema, toFeatureVector, type FeatureRow, type FootfallInput, type FootfallOutput } from './input.js';
import { DEFAULT_MODEL_PATH } from './paths.js';
import { footfallPayloadSchema, LinearPredictor, type FootfallPayload, type PredictionExplanation } from './predictor.js';

/** Stable identifier of the footfall model family. */
export const FOOTFALL_MODEL_ID = 'footfall-ridge';

/** The footfall predictor: 100 features in, expected customers tomorrow out. */
export class FootfallModel implements Model<FootfallInput, FootfallOutput> {
  readonly id = FOOTFALL_MODEL_ID;
  readonly version: string;
  readonly card: ModelCard;
  readonly inputSchema = footfallInputSchema;
  private readonly predictor: LinearPredictor;

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
