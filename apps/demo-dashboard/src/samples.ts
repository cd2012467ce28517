/**
 * Loads what the page's pickers offer: the footfall package's committed sample days
 * with the 100 features' metadata, and sample users derived from the recommender's
 * committed catalog. Both are read once at start-up, through each package's own
 * loader, so a corrupted file fails here exactly as it would in the service.
 *
 * The page opens on a typical day, not a hand-picked one: the committed model runs on
 * every sample day here, and the default is the ordinary day (no public holiday next
 * to it) with the median error. The largest miss is named in the list, so a presenter
 * can show where the model is wrong, and why, as a deliberate step.
 *
 * Edit this file when a package changes where or how it ships those files.
 */
import { calendar, FEATURES, loadFootfallModel, loadSampleDays, SAMPLE_DAYS_PATH, type SampleDay } from '@serverless-ai/footfall-model';
import { DEFAULT_ARTIFACTS_DIR, ExactIndex, loadRecommenderArtifacts } from '@serverless-ai/movie-recommender';
import { deriveSampleUsers } from './sample-users.js';
import type { BecauseList, FootfallSampleDay, FootfallSamples, RecommenderSamples } from './shared/types.js';

/** Options for {@link loadFootfallSamples}. */
export interface FootfallSampleOptions {
  /** @default SAMPLE_DAYS_PATH */
  sampleDaysPath?: string;
  /** The model whose errors pick the default day. @default the committed model */
  modelPath?: string;
}

/** Sample days (validated by the footfall package's own schema), feature metadata, and the default and worst days. */
export function loadFootfallSamples(options: FootfallSampleOptions = {}): FootfallSamples {
  const model = options.modelPath ? loadFootfallModel(options.modelPath) : loadFootfallModel();
  const days = loadSampleDays(options.sampleDaysPath ?? SAMPLE_DAYS_PATH).map((day): FootfallSampleDay => {
    const [prediction] = model.predict(model.parseInput({ features: day.features })).predictions;
    return {
      ...day,
      targetHoliday: holidayOn(day.targetDate),
      modelErrorPercent: ((prediction!.customersTomorrow - day.actualCustomersTomorrow) / day.actualCustomersTomorrow) * 100,
    };
  });
  return {
    features: FEATURES.map(({ name, unit, description, group }) => ({ name, unit, description, group })),
    days,
    defaultDay: keyOf(typicalDay(days)),
    worstMissDay: keyOf(maxBy(days, (day) => Math.abs(day.modelErrorPercent))),
  };
}

/**
 * The rule for the page's first choice: among ordinary days (tomorrow is not a public
 * holiday, nor the day before or after one), the day whose absolute error is the
 * median. Every day when none is ordinary.
 */
export function typicalDay(days: readonly FootfallSampleDay[]): FootfallSampleDay {
  const ordinary = days.filter(isOrdinary);
  const pool = ordinary.length > 0 ? ordinary : days;
  if (pool.length === 0) throw new Error('No sample days to choose from.');
  const sorted = [...pool].sort((a, b) => Math.abs(a.modelErrorPercent) - Math.abs(b.modelErrorPercent));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function isOrdinary(day: SampleDay): boolean {
  const f = day.features;
  return f.holidayTomorrow === 0 && f.dayBeforeHolidayTomorrow === 0 && f.dayAfterHolidayTomorrow === 0;
}

function holidayOn(isoDate: string): string | null {
  const epochDay = calendar.epochDayOf(isoDate);
  return calendar.publicHolidaysOf(Number(isoDate.slice(0, 4))).find((holiday) => holiday.epochDay === epochDay)?.name ?? null;
}

function maxBy<T>(items: readonly T[], score: (item: T) => number): T {
  return items.reduce((best, item) => (score(item) > score(best) ? item : best));
}

function keyOf(day: SampleDay): { storeId: string; date: string } {
  return { storeId: day.storeId, date: day.date };
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
  /**
   * "Because you liked…": for each recommended movie in the committed catalog, the liked
   * movie whose embedding is closest by cosine (bias left out), found with the package's
   * own exact index in the cosine space.
   */
  becauseOf: (recommended: readonly number[], liked: readonly number[]) => BecauseList['because'];
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
  const vectorOf = (movieId: number): Float32Array | undefined => {
    const row = rowOf.get(movieId);
    return row === undefined ? undefined : artifacts.itemVectors.subarray(row * width, (row + 1) * width);
  };
  const embeddingOf = (movieId: number): Float32Array | undefined => vectorOf(movieId)?.subarray(0, width - 1);
  return {
    samples: deriveSampleUsers(artifacts.movies, { popularity: artifacts.popularity }),
    vectorOf: (movieId) => {
      const vector = vectorOf(movieId);
      return vector ? Array.from(vector) : undefined;
    },
    becauseOf: (recommended, liked) => {
      const likedIds = [...new Set(liked)].filter((id) => rowOf.has(id));
      if (likedIds.length === 0) return [];
      const likedVectors = new Float32Array(likedIds.length * (width - 1));
      likedIds.forEach((id, i) => likedVectors.set(embeddingOf(id)!, i * (width - 1)));
      const index = ExactIndex.build({ space: 'cosine', numDimensions: width - 1 }, likedIds, likedVectors);
      return recommended.flatMap((movieId) => {
        const embedding = embeddingOf(movieId);
        if (!embedding) return [];
        const { neighbors, distances } = index.searchKnn(embedding, 1);
        return [{ movieId, likedMovieId: neighbors[0]!, similarity: 1 - distances[0]! }];
      });
    },
  };
}
