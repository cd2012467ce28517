/**
 * Loads what the page's pickers offer: the footfall package's committed sample days
 * with the 100 features' metadata, and sample users derived from the recommender's
 * committed catalog. Both are read once at start-up, through each package's own
 * loader, so a corrupted file fails here exactly as it would in the service.
 *
 * Edit this file when a package changes where or how it ships those files.
 */
import { FEATURES, loadSampleDays, SAMPLE_DAYS_PATH } from '@serverless-ai/footfall-model';
import { DEFAULT_ARTIFACTS_DIR, loadRecommenderArtifacts } from '@serverless-ai/movie-recommender';
import { deriveSampleUsers } from './sample-users.js';
import type { FootfallSamples, RecommenderSamples } from './shared/types.js';

/** Sample days (validated by the footfall package's own schema) plus feature metadata. @default SAMPLE_DAYS_PATH */
export function loadFootfallSamples(path: string = SAMPLE_DAYS_PATH): FootfallSamples {
  return {
    features: FEATURES.map(({ name, unit, description, group }) => ({ name, unit, description, group })),
    days: loadSampleDays(path),
  };
}

/** What the demo server takes from the recommender's committed artifacts. */
export interface RecommenderCatalogSamples {
  samples: RecommenderSamples;
  /**
   * The indexed vector `[embedding…, bias]` of a committed catalog movie, or undefined.
   * Lets the admin form start a new movie next to a known one instead of from the
   * genre-and-decade estimate.
   */
  vectorOf: (movieId: number) => number[] | undefined;
}

/**
 * Sample users from the recommender's artifacts (checksums verified), favouring
 * well-rated movies, plus access to their vectors. Movies added at run time live only
 * in the service, not here.
 * @default DEFAULT_ARTIFACTS_DIR
 */
export function loadRecommenderSamples(dir: string = DEFAULT_ARTIFACTS_DIR): RecommenderCatalogSamples {
  const artifacts = loadRecommenderArtifacts(dir);
  const rowOf = new Map(artifacts.movies.map((movie, row) => [movie.movieId, row]));
  const width = artifacts.dimensions;
  return {
    samples: deriveSampleUsers(artifacts.movies, { popularity: artifacts.popularity }),
    vectorOf: (movieId) => {
      const row = rowOf.get(movieId);
      return row === undefined ? undefined : Array.from(artifacts.itemVectors.subarray(row * width, (row + 1) * width));
    },
  };
}
