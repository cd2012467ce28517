/**
 * Shapes shared by the demo server, the orchestrator and the browser code.
 *
 * The services' own request and response types come from their packages
 * (type-only imports, erased from the browser bundle), so the page cannot drift from
 * what the services accept and answer. This file adds only what the demo server
 * itself serves. It must stay free of Node imports: web/ imports it too. Edit it when
 * an endpoint of the demo server changes shape; the compiler then points at every
 * producer and consumer.
 */
import type { FeatureDefinition, FootfallOutput, SampleDay } from '@serverless-ai/footfall-model';
import type { Movie, RecommendInput, RecommendOutput } from '@serverless-ai/movie-recommender';

export type { Movie, RecommendInput, RecommendOutput, Recommendation } from '@serverless-ai/movie-recommender';
export type { SampleDay } from '@serverless-ai/footfall-model';

/** Body of the footfall service's `POST /predict` for one day: its features by name. */
export type FootfallPredictRequest = Pick<SampleDay, 'features'>;

/** Answer of the footfall service's `POST /predict`: the model's output and the version that produced it. */
export type FootfallPredictResponse = FootfallOutput & Pick<RecommendOutput, 'modelVersion'>;

/** One item of the recommender's `recentActivity`, as the page sends it. */
export type ActivityItem = RecommendInput['recentActivity'][number];

/** A sample day as the page offers it: the committed day plus how the committed model does on it. */
export interface FootfallSampleDay extends SampleDay {
  /** The public holiday on `targetDate` (e.g. `Christmas Day`), or null on an ordinary day. */
  targetHoliday: string | null;
  /** The committed model's prediction error on this day, in percent of the actual count (signed). */
  modelErrorPercent: number;
}

/** Body of `GET /api/samples/footfall`. */
export interface FootfallSamples {
  /** Name, unit, description and group of the 100 features. */
  features: Pick<FeatureDefinition, 'name' | 'unit' | 'description' | 'group'>[];
  days: FootfallSampleDay[];
  /** The day the page opens on: a typical one, chosen by a rule (see src/samples.ts). */
  defaultDay: { storeId: string; date: string };
  /** The day with the committed model's largest miss, named in the day list. */
  worstMissDay: { storeId: string; date: string };
}

/** One rated movie in a sample user's recent activity. */
export type SampleActivityItem = Movie & Pick<ActivityItem, 'rating'>;

/** A made-up user whose recent activity leans towards a mix of genres. */
export interface SampleUser {
  id: string;
  name: string;
  /** The genres the activity was drawn from, most weight first. */
  genres: string[];
  activity: SampleActivityItem[];
}

/** Body of `GET /api/samples/recommender`. */
export interface RecommenderSamples {
  users: SampleUser[];
  /** Every genre in the catalog, for the add-a-movie form. */
  genres: string[];
  /** A movie id above every id in the committed catalog: where new movies start. */
  suggestedMovieId: number;
}

/** Body of `GET /api/samples/recommender/vectors/:movieId`. */
export interface MovieVector {
  movieId: number;
  /** `[embedding…, bias]` as the index stores it. */
  vector: number[];
}

/** Body of `GET /api/samples/recommender/because`: for each recommended movie, the closest liked one. */
export interface BecauseList {
  because: { movieId: number; likedMovieId: number; similarity: number }[];
}

/** Body of `GET /api/config`. */
export interface DemoConfig {
  /**
   * True when the demo server holds the recommender's admin token and adds it to the
   * admin calls it forwards. The token itself never reaches the page.
   */
  adminWrites: boolean;
}

/** What the orchestrator measured for one service. */
export interface ServiceSummary {
  name: string;
  /** Process id, for `ps`, `/proc/<pid>/status` or a deliberate `kill`. */
  pid: number;
  url: string;
  /** Bytes of what the service needs to run, and what was counted. `null` when unknown. */
  bundleBytes: number | null;
  bundleNote: string;
  /** Milliseconds from spawn to the first successful readiness probe. */
  startupMs: number;
  /** Resident set size in bytes when everything was ready (VmRSS). `null` off Linux. */
  rssBytes: number | null;
}

/** Body of `GET /api/summary`: written by the orchestrator (orchestrator/summary.ts) to DEMO_SUMMARY_PATH. */
export interface StackSummary {
  measuredAt: string;
  machine: { cpuModel: string; cores: number; memoryGiB: number; node: string; platform: string };
  services: ServiceSummary[];
}

/** Body of `GET /api/charts`: the benchmark charts found in docs/results/. */
export interface ChartList {
  charts: { name: string; url: string; title: string }[];
}
