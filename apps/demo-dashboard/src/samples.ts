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

/**
 * Sample users from the recommender's artifacts (checksums verified), favouring
 * well-rated movies. Movies added at run time live only in the service, not here.
 * @default DEFAULT_ARTIFACTS_DIR
 */
export function loadRecommenderSamples(dir: string = DEFAULT_ARTIFACTS_DIR): RecommenderSamples {
  const artifacts = loadRecommenderArtifacts(dir);
  return deriveSampleUsers(artifacts.movies, { popularity: artifacts.popularity });
}
