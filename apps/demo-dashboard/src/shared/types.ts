/**
 * Shapes shared by the demo server, the orchestrator and the browser code.
 *
 * This file must stay free of Node imports: the browser bundle (web/) imports its
 * types too. Edit it when an endpoint of the demo server changes shape; the
 * compiler then points at every producer and consumer.
 */

/** One feature's metadata, as `FEATURES` in @serverless-ai/footfall-model describes it. */
export interface FeatureInfo {
  name: string;
  unit: string;
  description: string;
  group: string;
}

/** One committed sample day: a store, a date, the 100 features and what happened next. */
export interface FootfallSampleDay {
  storeId: string;
  storeName: string;
  /** `urban`, `suburban` or `rural`. */
  storeType: string;
  /** Day t, the evening the features are known (ISO date). */
  date: string;
  /** Day t+1, the day predicted (ISO date). */
  targetDate: string;
  /** The 100 features keyed by name. */
  features: Record<string, number>;
  /** Customers actually counted on `targetDate`. */
  actualCustomersTomorrow: number;
}

/** Body of `GET /api/samples/footfall`. */
export interface FootfallSamples {
  features: FeatureInfo[];
  days: FootfallSampleDay[];
}

/** A movie as the recommender's catalog and API describe it. */
export interface MovieInfo {
  movieId: number;
  title: string;
  year: number | null;
  genres: string[];
}

/** One rated movie in a sample user's recent activity. */
export interface SampleActivityItem extends MovieInfo {
  rating: number;
}

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

/** Body of `GET /api/config`. */
export interface DemoConfig {
  /**
   * The recommender's admin token when the orchestrator passed one in. A local demo
   * convenience only: a real deployment never hands a secret to a page.
   */
  adminToken: string | null;
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

/** Body of `GET /api/summary`: written by scripts/start.ts to DEMO_SUMMARY_PATH. */
export interface StackSummary {
  measuredAt: string;
  machine: { cpuModel: string; cores: number; memoryGiB: number; node: string; platform: string };
  services: ServiceSummary[];
}

/** Body of `GET /api/charts`: the benchmark charts found in docs/results/. */
export interface ChartList {
  charts: { name: string; url: string; title: string }[];
}
