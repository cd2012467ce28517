/**
 * The recommender's artifacts on disk, and loading them with every checksum verified.
 *
 * A folder holds:
 * - `catalog.json`    the catalog in catalog order: ids, titles, years, genre indexes
 *                     (see data/catalog-json.ts; one JSON.parse instead of csv-parse,
 *                     which was most of the load time at 100k movies);
 * - `embeddings.f32`  movies × d little-endian float32, row-major, catalog order;
 * - `biases.f32`      one little-endian float32 per movie;
 * - `model.json`      fold-in parameters and shared sums, genre/era centroids, popularity;
 * - `model-card.json` the `ModelCard`: data, metrics, and the size and sha256 of every file above.
 *
 * The card is written last, so it is the commit point: after a crash mid-write the
 * old card no longer matches the new files and loading refuses, instead of silently
 * serving a mix. `catalogVersion` (a sha256 prefix over catalog, embeddings and
 * biases) identifies the vectors; index snapshots record it so a stale snapshot is
 * never paired with new embeddings.
 *
 * Folders written before `catalog.json` (catalog in `movies.csv`) are refused with a
 * message to re-run `npm run train`: MovieLens CSV is the import format, not an artifact.
 *
 * Edit this file when the folder layout changes; bump `RECOMMENDER_PARAMETERS_FORMAT`
 * when `model.json` changes incompatibly.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ArtifactIntegrityError,
  type ArtifactDigest,
  digestOf,
  type ModelCard,
  modelCardSchema,
  readBinaryArtifact,
  sha256Hex,
  toInputIssues,
  writeBinaryArtifact,
  writeFileDurably,
} from '@serverless-ai/model-interface';
import { z } from 'zod';
import { catalogToJson, parseCatalogJson } from './data/catalog-json.js';
import type { Centroids } from './derive.js';
import type { FoldInParameters, FoldInStatistics } from './fold-in.js';
import { RECOMMENDER_PARAMETERS_FORMAT, type RecommenderParameters, type TrainedRecommender } from './training/train-recommender.js';
import type { Movie } from './types.js';

export { CATALOG_JSON_FORMAT, CatalogJsonError, catalogToJson, parseCatalogJson, type CatalogJson } from './data/catalog-json.js';

/** The committed default artifacts: `packages/movie-recommender/artifacts/`. */
export const DEFAULT_ARTIFACTS_DIR: string = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** File names inside an artifacts folder. */
export const ARTIFACT_FILES = {
  catalog: 'catalog.json',
  embeddings: 'embeddings.f32',
  biases: 'biases.f32',
  parameters: 'model.json',
  card: 'model-card.json',
} as const;

/** Name of the model in its card and `Model.id`. */
export const RECOMMENDER_MODEL_NAME = 'movie-recommender-als';

/** Everything the recommender serves with, verified and decoded. */
export interface RecommenderArtifacts {
  card: ModelCard;
  /** The folder it was loaded from, or null for in-memory artifacts. */
  dir: string | null;
  /** The catalog, in the order of the vector rows. */
  movies: Movie[];
  /** Length of the vectors the index stores: `embeddingDimensions + 1` (embedding, then bias). */
  dimensions: number;
  /** Length of a movie embedding, d. */
  embeddingDimensions: number;
  /**
   * movies × dimensions, row-major: row i is `[v_i, b_i]`, movie i's embedding followed
   * by its bias. In the `ip` space the query `[u, β]` scores `u·v_i + β·b_i` (see recommender.ts).
   */
  itemVectors: Float32Array;
  /** The index space these vectors are meant for. */
  space: 'ip';
  /** 16 hex characters of sha256 over the digests of catalog, embeddings and biases. */
  catalogVersion: string;
  foldIn: FoldInParameters;
  foldInStatistics: FoldInStatistics;
  centroids: Centroids;
  /** Training ratings per movie, catalog order. */
  popularity: Uint32Array;
  /** β: the user query is `[u, β]`, so the index ranks by u·v + β·b (1 for artifacts written before β existed). */
  biasWeight: number;
}

/** What the card says about the data and the model, beyond what the files determine. */
export interface CardDetails {
  /** ISO 8601; seeded runs pass a value derived from the data so retraining reproduces the card. */
  createdAt: string;
  trainingData: ModelCard['trainingData'];
  metrics: ModelCard['metrics'];
  limitations?: string[];
}

/** Artifacts encoded as files, not yet written. */
export interface EncodedArtifacts {
  files: Map<string, Buffer>;
  card: ModelCard;
  catalogVersion: string;
}

/** The catalog version for the digests of catalog, embeddings and biases. */
export function catalogVersionOf(catalog: ArtifactDigest, embeddings: ArtifactDigest, biases: ArtifactDigest): string {
  return sha256Hex(`${catalog.sha256}:${embeddings.sha256}:${biases.sha256}`).slice(0, 16);
}

/** Encodes float32 values little-endian, whatever the machine's byte order. */
export function float32LittleEndian(values: ArrayLike<number>): Buffer {
  const buffer = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) buffer.writeFloatLE(values[i]!, i * 4);
  return buffer;
}

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/** Decodes little-endian float32 values (into a fresh, aligned array). */
export function readFloat32LittleEndian(buffer: Buffer): Float32Array {
  if (buffer.byteLength % 4 !== 0) throw new RangeError(`${buffer.byteLength} bytes is not a whole number of float32 values`);
  if (LITTLE_ENDIAN_HOST) {
    // One memcpy instead of a readFloatLE call per value (6.4M of them at 100k × 64).
    const bytes = new Uint8Array(buffer.byteLength);
    bytes.set(buffer);
    return new Float32Array(bytes.buffer);
  }
  const out = new Float32Array(buffer.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = buffer.readFloatLE(i * 4);
  return out;
}

/** Turns a trained recommender into files and a card (with every checksum), in memory. */
export function encodeRecommenderArtifacts(trained: TrainedRecommender, details: CardDetails): EncodedArtifacts {
  const files = new Map<string, Buffer>([
    [ARTIFACT_FILES.catalog, Buffer.from(catalogToJson(trained.movies))],
    [ARTIFACT_FILES.embeddings, float32LittleEndian(trained.embeddings)],
    [ARTIFACT_FILES.biases, float32LittleEndian(trained.biases)],
    [ARTIFACT_FILES.parameters, Buffer.from(`${JSON.stringify(trained.parameters)}\n`)],
  ]);
  const digests = [...files].map(([name, data]) => digestOf(name, data));
  const [catalog, embeddings, biases] = digests as [ArtifactDigest, ArtifactDigest, ArtifactDigest, ArtifactDigest];
  const catalogVersion = catalogVersionOf(catalog, embeddings, biases);
  const d = trained.parameters.foldIn.dimensions;
  const card = modelCardSchema.parse({
    name: RECOMMENDER_MODEL_NAME,
    version: `als-d${d}-${catalogVersion.slice(0, 12)}`,
    createdAt: details.createdAt,
    description:
      `Matrix factorisation (ALS with biases, unrated pairs as weak negatives), d = ${d}. ` +
      'A user is folded in from their recent ratings and matched to movies by the inner product of [u, β] with [embedding, bias]: ' +
      `taste plus β = ${trained.parameters.ranking?.biasWeight ?? 1} of the movie bias.`,
    trainingData: { ...details.trainingData, facts: { ...details.trainingData.facts, catalogVersion } },
    metrics: details.metrics,
    artifacts: digests,
    intendedUse: 'Teaching: a stateful, in-memory recommender served from a container, compared with a serverless model.',
    limitations: details.limitations ?? [
      'Ranks by how likely a user is to choose a movie, not by a calibrated rating: scores are comparable within one response only.',
      'Movies added at run time get a genre/era estimate until the model is retrained with their ratings.',
      'Trained and evaluated on generated data (src/data/generate.ts): the figures show what the method does on a world with that taste model, not on real viewers.',
      'Predicted ratings are pulled down by the unrated-pairs term: the RMSE on held-out ratings is worse than a bias-only predictor (see npm run personalization).',
    ],
  });
  files.set(ARTIFACT_FILES.card, Buffer.from(`${JSON.stringify(card, null, 2)}\n`));
  return { files, card, catalogVersion };
}

/**
 * Writes encoded artifacts into `dir` (created if needed), each durably, the card last.
 * @returns the card as written.
 */
export function writeRecommenderArtifacts(dir: string, encoded: EncodedArtifacts): ModelCard {
  mkdirSync(dir, { recursive: true });
  for (const [name, data] of encoded.files) if (name !== ARTIFACT_FILES.card) writeBinaryArtifact(join(dir, name), data);
  writeFileDurably(join(dir, ARTIFACT_FILES.card), encoded.files.get(ARTIFACT_FILES.card)!);
  return encoded.card;
}

/**
 * Loads an artifacts folder, verifying the size and sha256 of every file against the card.
 * @throws ArtifactIntegrityError when a file is missing, altered or inconsistent.
 */
export function loadRecommenderArtifacts(dir: string = DEFAULT_ARTIFACTS_DIR): RecommenderArtifacts {
  const cardPath = join(dir, ARTIFACT_FILES.card);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(cardPath, 'utf8'));
  } catch (err) {
    throw new ArtifactIntegrityError(`Cannot read the model card: ${(err as Error).message}`, cardPath);
  }
  const card = modelCardSchema.safeParse(raw);
  if (!card.success) throw new ArtifactIntegrityError(`Invalid model card: ${JSON.stringify(toInputIssues(card.error).slice(0, 5))}`, cardPath);
  return decodeRecommenderArtifacts(card.data, (digest) => readBinaryArtifact(join(dir, digest.file), digest), dir);
}

/** Decodes encoded artifacts without touching the disk (tests, evaluation). */
export function decodeEncodedArtifacts(encoded: EncodedArtifacts): RecommenderArtifacts {
  return decodeRecommenderArtifacts(
    encoded.card,
    (digest) => {
      const data = encoded.files.get(digest.file);
      if (!data) throw new ArtifactIntegrityError('Missing file', digest.file);
      const actual = digestOf(digest.file, data);
      if (actual.sha256 !== digest.sha256 || actual.bytes !== digest.bytes) throw new ArtifactIntegrityError('Checksum mismatch', digest.file);
      return data;
    },
    null,
  );
}

/** Where the catalog lived before `catalog.json`; only recognised to explain the refusal. */
const LEGACY_CATALOG_FILE = 'movies.csv';

const finiteArray = z.array(z.number().finite());
const parametersSchema = z.object({
  format: z.literal(RECOMMENDER_PARAMETERS_FORMAT),
  training: z.object({
    dimensions: z.number().int().positive(),
    iterations: z.number().int().nonnegative(),
    regularization: z.number().positive(),
    missingWeight: z.number().min(0).max(1),
    missingRating: z.number(),
    seed: z.number().int(),
    solver: z.enum(['cg', 'exact']),
    cgSteps: z.number().int().nonnegative(),
  }),
  foldIn: z.object({
    dimensions: z.number().int().positive(),
    globalMean: z.number().finite(),
    regularization: z.number().positive(),
    missingWeight: z.number().min(0).max(1),
    missingRating: z.number().finite(),
    halfLife: z.number().positive(),
    maxItems: z.number().int().positive(),
  }),
  statistics: z.object({ gram: finiteArray, missingRhs: finiteArray }),
  centroids: z.object({ global: finiteArray, genres: z.record(z.string(), finiteArray), decades: z.record(z.string(), finiteArray) }),
  // A plain loop: zod's per-element checks cost ~15-25 ms on a 100k-movie catalog.
  popularity: z.custom<number[]>(
    (value) => Array.isArray(value) && value.every((count) => Number.isInteger(count) && (count as number) >= 0),
    'popularity must be an array of non-negative integers',
  ),
  ranking: z.object({ biasWeight: z.number().finite().min(0) }).optional(),
}) satisfies z.ZodType<RecommenderParameters>;

/** The float32 values of a buffer without copying them when the host and alignment allow. */
function float32View(buffer: Buffer): Float32Array {
  if (LITTLE_ENDIAN_HOST && buffer.byteOffset % 4 === 0 && buffer.byteLength % 4 === 0) {
    return new Float32Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 4);
  }
  return readFloat32LittleEndian(buffer);
}

function decodeRecommenderArtifacts(card: ModelCard, read: (digest: ArtifactDigest) => Buffer, dir: string | null): RecommenderArtifacts {
  const where = dir ?? '(in memory)';
  const digestFor = (file: string): ArtifactDigest => {
    const digest = card.artifacts.find((a) => a.file === file);
    if (!digest) throw new ArtifactIntegrityError(`The model card records no checksum for ${file}`, join(where, file));
    return digest;
  };
  const fail = (file: string, problem: string): never => {
    throw new ArtifactIntegrityError(problem, join(where, file));
  };

  // 0. A folder from before catalog.json: say what to do rather than "no checksum".
  if (!card.artifacts.some((a) => a.file === ARTIFACT_FILES.catalog) && card.artifacts.some((a) => a.file === LEGACY_CATALOG_FILE)) {
    fail(
      LEGACY_CATALOG_FILE,
      `These artifacts use the old layout (catalog in ${LEGACY_CATALOG_FILE}); this version reads ${ARTIFACT_FILES.catalog}. ` +
        'Re-run `npm run train -w @serverless-ai/movie-recommender` (or regenerate the cached catalog) to write them again.',
    );
  }

  // 1. Verify every file the card lists, before using any of them.
  const contents = new Map(card.artifacts.map((digest) => [digest.file, read(digest)]));
  const catalogDigest = digestFor(ARTIFACT_FILES.catalog);
  const embeddingsDigest = digestFor(ARTIFACT_FILES.embeddings);
  const biasesDigest = digestFor(ARTIFACT_FILES.biases);
  digestFor(ARTIFACT_FILES.parameters);

  // 2. Decode.
  let movies: Movie[] = [];
  try {
    movies = parseCatalogJson(contents.get(ARTIFACT_FILES.catalog)!);
  } catch (err) {
    fail(ARTIFACT_FILES.catalog, (err as Error).message);
  }
  let parsedParameters: unknown;
  try {
    parsedParameters = JSON.parse(contents.get(ARTIFACT_FILES.parameters)!.toString('utf8'));
  } catch (err) {
    fail(ARTIFACT_FILES.parameters, `Not JSON: ${(err as Error).message}`);
  }
  const parameters = parametersSchema.safeParse(parsedParameters);
  if (!parameters.success) return fail(ARTIFACT_FILES.parameters, `Invalid parameters: ${JSON.stringify(toInputIssues(parameters.error).slice(0, 5))}`);
  const { foldIn, statistics, centroids, popularity, ranking } = parameters.data;
  const d = foldIn.dimensions;
  const embeddings = float32View(contents.get(ARTIFACT_FILES.embeddings)!);
  const biases = float32View(contents.get(ARTIFACT_FILES.biases)!);

  // 3. Check the pieces agree with each other.
  const n = movies.length;
  if (embeddings.length !== n * d) fail(ARTIFACT_FILES.embeddings, `Holds ${embeddings.length} floats, expected ${n} movies × ${d}`);
  if (biases.length !== n) fail(ARTIFACT_FILES.biases, `Holds ${biases.length} floats, expected ${n}`);
  if (popularity.length !== n) fail(ARTIFACT_FILES.parameters, `popularity has ${popularity.length} entries, expected ${n}`);
  if (statistics.gram.length !== (d + 1) ** 2 || statistics.missingRhs.length !== d + 1) fail(ARTIFACT_FILES.parameters, 'fold-in statistics do not match the dimensions');

  const width = d + 1;
  const itemVectors = new Float32Array(n * width);
  // One flat loop: 100k `set(subarray)` calls cost more than copying the floats.
  for (let i = 0, from = 0, to = 0; i < n; i++, to++) {
    for (let k = 0; k < d; k++) itemVectors[to++] = embeddings[from++]!;
    itemVectors[to] = biases[i]!;
  }
  return {
    card,
    dir,
    movies,
    dimensions: width,
    embeddingDimensions: d,
    itemVectors,
    space: 'ip',
    catalogVersion: catalogVersionOf(catalogDigest, embeddingsDigest, biasesDigest),
    foldIn,
    foldInStatistics: { gram: Float64Array.from(statistics.gram), missingRhs: Float64Array.from(statistics.missingRhs) },
    centroids,
    popularity: Uint32Array.from(popularity),
    biasWeight: ranking?.biasWeight ?? 1,
  };
}
