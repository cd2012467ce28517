/**
 * Synthetic recommender artifacts at any catalog size (1k to 1M movies), in seconds.
 *
 * The experiment asks how the recommender's cold start grows with its state, so it
 * needs catalogs of 1k, 10k, 100k and 1M movies. Training ALS on generated ratings at
 * those sizes would take longer than the experiment itself, and the ratings play no
 * part in a cold start: what a cold start pays for is reading, checking and indexing
 * `movies × (d + 1)` floats. So the catalog comes from the package's seeded MovieLens
 * generator (titles, years, genres), and the embeddings are drawn around genre and
 * decade centres, which gives them the clustered shape real movie embeddings have
 * (HNSW behaves differently on uniform noise). Everything else (fold-in sums,
 * centroids, card, checksums) is computed by the package's own code, so
 * `loadRecommenderArtifacts` accepts the folder exactly as it accepts trained ones.
 *
 * Edit this file to change the shape of the synthetic embeddings; bump
 * `SYNTHETIC_CATALOG_FORMAT` so cached folders under `.data/` are rebuilt.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALS_DEFAULTS,
  loadRecommenderArtifacts,
  ARTIFACT_FILES,
  computeCentroids,
  createRandom,
  decadeOf,
  encodeRecommenderArtifacts,
  type EncodedArtifacts,
  FOLD_IN_DEFAULTS,
  foldInStatistics,
  generateMovieLens,
  RECOMMENDER_PARAMETERS_FORMAT,
  type TrainedRecommender,
  writeRecommenderArtifacts,
} from '@serverless-ai/movie-recommender';

/** Tag recorded in the card; a cached folder with another tag is regenerated. */
export const SYNTHETIC_CATALOG_FORMAT = 'cross-pairing/synthetic-catalog@1';

/** Catalog sizes the experiment measures by default, and the one behind `--million`. */
export const CONTRAST_SIZES = [1_000, 10_000, 100_000] as const;
export const MILLION = 1_000_000;

/** What to generate. */
export interface SyntheticCatalogOptions {
  /** Number of movies. */
  movies: number;
  /** Seed of catalog and embeddings. @default 42 */
  seed?: number;
  /** Embedding size d (the index stores d + 1). @default 64, as the trained model */
  dimensions?: number;
}

/** Mean of the ratings the fold-in centres on; a typical MovieLens value. */
const GLOBAL_MEAN = 3.5;
/** Scale of the embeddings: the order of magnitude ALS produces on the generated data. */
const EMBEDDING_SCALE = 0.15;
/** Spread of a movie around its genre/decade centre, relative to the centres' spread. */
const SPREAD = 0.6;

/**
 * The package's seeded generator, with a Box-Muller normal that keeps no spare draw
 * (unlike `Random.normal`): that is the sequence the committed contrast catalogs were
 * generated from, so changing it changes every figure in contrast.json.
 */
function seededRandom(seed: number): { next: () => number; normal: () => number } {
  const random = createRandom(seed);
  const next = (): number => random.next();
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return { next, normal };
}

/** The trained-model shape, filled with synthetic but internally consistent values. */
export function synthesiseRecommender(options: SyntheticCatalogOptions): TrainedRecommender {
  const seed = options.seed ?? 42;
  const d = options.dimensions ?? ALS_DEFAULTS.dimensions;
  const { movies } = generateMovieLens({ seed, movies: options.movies, users: 0 });
  const random = seededRandom(seed ^ 0x5bd1e995);

  // 1. One centre per genre and per decade, drawn on first use (deterministic: movies come in a fixed order).
  const centres = new Map<string, Float64Array>();
  const centre = (key: string): Float64Array => {
    let c = centres.get(key);
    if (!c) {
      c = Float64Array.from({ length: d }, () => random.normal());
      centres.set(key, c);
    }
    return c;
  };

  // 2. Each movie: the mean of its genre centres, half its decade centre, and noise.
  const n = movies.length;
  const embeddings = new Float32Array(n * d);
  const biases = new Float32Array(n);
  const popularity = new Array<number>(n);
  const point = new Float64Array(d);
  movies.forEach((movie, i) => {
    point.fill(0);
    const genres = movie.genres.length > 0 ? movie.genres : ['(none)'];
    for (const genre of genres) {
      const g = centre(`genre:${genre}`);
      for (let k = 0; k < d; k++) point[k]! += g[k]! / genres.length;
    }
    const decade = decadeOf(movie.year);
    if (decade !== null) {
      const era = centre(`decade:${decade}`);
      for (let k = 0; k < d; k++) point[k]! += 0.5 * era[k]!;
    }
    for (let k = 0; k < d; k++) embeddings[i * d + k] = EMBEDDING_SCALE * (point[k]! + SPREAD * random.normal());
    biases[i] = 0.3 * random.normal();
    // A long tail of rating counts, like the generator's Zipf-like popularity.
    popularity[i] = Math.floor(1000 / (1 + Math.floor(random.next() * n) / 10));
  });

  // 3. What serving needs, computed by the package's own functions.
  const foldIn = {
    dimensions: d,
    globalMean: GLOBAL_MEAN,
    regularization: ALS_DEFAULTS.regularization,
    missingWeight: ALS_DEFAULTS.missingWeight,
    missingRating: ALS_DEFAULTS.missingRating,
    halfLife: FOLD_IN_DEFAULTS.halfLife,
    maxItems: FOLD_IN_DEFAULTS.maxItems,
  };
  const stats = foldInStatistics(embeddings, biases, foldIn);
  return {
    movies,
    embeddings,
    biases,
    parameters: {
      format: RECOMMENDER_PARAMETERS_FORMAT,
      training: { ...ALS_DEFAULTS, dimensions: d, iterations: 0, seed },
      foldIn,
      statistics: { gram: Array.from(stats.gram), missingRhs: Array.from(stats.missingRhs) },
      centroids: computeCentroids(movies, embeddings, biases, d, () => true),
      popularity,
    },
    history: [],
    facts: { users: 0, ratings: 0, movies: n, moviesWithoutRatings: n, globalMean: GLOBAL_MEAN },
  };
}

/** Encodes a synthetic catalog as artifact files with a card (in memory). */
export function encodeSyntheticCatalog(options: SyntheticCatalogOptions): EncodedArtifacts {
  const trained = synthesiseRecommender(options);
  return encodeRecommenderArtifacts(trained, {
    createdAt: new Date(0).toISOString(),
    trainingData: {
      summary: `Synthetic catalog for the cross-pairing experiment: ${trained.movies.length} generated movies, embeddings drawn around genre and decade centres (no ratings, no training).`,
      facts: { format: SYNTHETIC_CATALOG_FORMAT, movies: trained.movies.length, seed: options.seed ?? 42, dimensions: trained.parameters.foldIn.dimensions },
    },
    metrics: {},
    limitations: ['Synthetic: sized for cold-start measurements; its recommendations mean nothing.'],
  });
}

/**
 * Writes a synthetic catalog to `dir` with the package's durable artifact writer, or
 * leaves it alone when one with the same options is already there AND the package's
 * current loader still accepts it (checksums, and a format that may have gained
 * fields since it was written). Checking costs a load: about 2 s at 100k movies.
 * @returns the folder and whether it was (re)generated.
 */
export function ensureSyntheticCatalog(options: SyntheticCatalogOptions, dir: string): { dir: string; generated: boolean } {
  if (matchesCard(dir, options) && loadsCleanly(dir)) return { dir, generated: false };
  writeRecommenderArtifacts(dir, encodeSyntheticCatalog(options));
  return { dir, generated: true };
}

/** The folder name of a catalog size under `.data/contrast/`, e.g. `catalog-10000`. */
export function catalogFolderName(movies: number): string {
  return `catalog-${movies}`;
}

function loadsCleanly(dir: string): boolean {
  try {
    loadRecommenderArtifacts(dir);
    return true;
  } catch {
    return false;
  }
}

function matchesCard(dir: string, options: SyntheticCatalogOptions): boolean {
  const cardPath = join(dir, ARTIFACT_FILES.card);
  if (!existsSync(cardPath)) return false;
  try {
    const card = JSON.parse(readFileSync(cardPath, 'utf8')) as { trainingData?: { facts?: Record<string, unknown> } };
    const facts = card.trainingData?.facts ?? {};
    return (
      facts.format === SYNTHETIC_CATALOG_FORMAT &&
      facts.movies === options.movies &&
      facts.seed === (options.seed ?? 42) &&
      facts.dimensions === (options.dimensions ?? ALS_DEFAULTS.dimensions)
    );
  } catch {
    return false;
  }
}
