/**
 * The footfall data generator's main path: what one run produces (`FootfallHistory`),
 * its options, and the seeded entry point `generateFootfallHistory`.
 *
 * Why simulate: the repo must never download data, and a simulator whose effects are
 * written down lets readers check what the model learned against the truth (`EFFECTS`).
 *
 * A run has two halves:
 *   1-4. simulate the world: a calendar, weather and forecasts per region, chain-wide
 *        promotions, and per store its attributes, local happenings and daily counts
 *        (going-further/world-simulator.ts: every weather rule and holiday effect);
 *   5.   turn it into supervised rows: for store s and day t, the 100 features known on
 *        day t (layout in features.ts, filled in by going-further/feature-rows.ts) and
 *        the target, the count on day t + 1.
 * Identical options give byte-identical output (pinned by tests/generator-pinned.test.ts).
 */
import { epochDayOf, isoDateOf } from './calendar.js';
import { FEATURE_COUNT, FEATURE_NAMES, type FeatureName } from './features.js';
import { featureFillerFor } from './going-further/feature-rows.js';
import { simulateWorld } from './going-further/world-simulator.js';

/** The world's effect sizes, defined beside the rules that use them. */
export { EFFECTS } from './going-further/world-simulator.js';

/** Options of `generateFootfallHistory`; every field has a default. */
export interface GenerateOptions {
  /** Seed of every random stream. @default 42 */
  seed?: number;
  /** Number of stores. @default 60 */
  stores?: number;
  /** First simulated day, `YYYY-MM-DD`. @default '2022-01-01' */
  startDate?: string;
  /** Simulated days; the first `HISTORY_WARMUP_DAYS` only feed the history features. @default 1096 */
  days?: number;
}

/** The defaults of `generateFootfallHistory`: three years of 60 stores, 2022-2024. */
export const DEFAULT_GENERATE_OPTIONS: Readonly<Required<GenerateOptions>> = Object.freeze({
  seed: 42,
  stores: 60,
  startDate: '2022-01-01',
  days: 1096,
});

/**
 * Days of history a feature row needs: the year-over-year ratio compares the last 28
 * days with the same 28 days 364 days earlier, so the first row is day index 391.
 */
export const HISTORY_WARMUP_DAYS = 391;

/** Largest number of stores one call generates (keeps memory use bounded). */
export const MAX_STORES = 500;

/** Store format, which shapes the weekly pattern and the response to school holidays. */
export type StoreType = 'urban' | 'suburban' | 'rural';

/** What the simulator knows about a store. Observable attributes are also features; `latent` is the hidden truth. */
export interface StoreProfile {
  storeId: string;
  name: string;
  region: string;
  type: StoreType;
  salesAreaM2: number;
  parkingSpaces: number;
  catchmentPopulationK: number;
  medianHouseholdIncomeK: number;
  /** Competitors within 2 km on the first simulated day. */
  initialCompetitors: number;
  distanceToCityCentreKm: number;
  checkoutLanes: number;
  hasBakery: boolean;
  hasPharmacy: boolean;
  /** ISO date the store opened (before the simulation starts). */
  openedOn: string;
  /** ISO date a new competitor opens within 2 km during the simulation, or null. */
  competitorOpensOn: string | null;
  /** ISO weekday (1 = Monday) of the street market next door, or null when there is none. */
  marketWeekday: number | null;
  /** Parameters the model never sees directly, kept for docs and tests. */
  latent: {
    /** Customers on an ordinary 12-hour Thursday at the start, before trend and noise. */
    baseCustomers: number;
    /** Growth per year, as a fraction (0.02 = +2 % a year). */
    trendPerYear: number;
    /** Log-scale effect of each weekday, Monday first. */
    weekdayEffects: number[];
  };
}

/**
 * Supervised rows in columns: row r has `features[r*100 .. r*100+99]` (canonical
 * order), known on day `dates[dayIndex[r]]` for store `stores[storeIndex[r]]`, and
 * target `customersTomorrow[r]`, the count on the next day.
 */
export interface FootfallDataset {
  rowCount: number;
  featureNames: readonly FeatureName[];
  features: Float64Array;
  customersTomorrow: Float64Array;
  storeIndex: Int32Array;
  dayIndex: Int32Array;
}

/** Everything one generator run produces. */
export interface FootfallHistory {
  options: Readonly<Required<GenerateOptions>>;
  /** ISO date of every simulated day. */
  dates: string[];
  stores: StoreProfile[];
  /** Daily customers per store (same order as `stores`), one value per simulated day. */
  customers: Int32Array[];
  /** Public holiday name per simulated day, or null. */
  holidays: (string | null)[];
  dataset: FootfallDataset;
}

/** Resolves the defaults and rejects options the generator cannot honour. */
function checkOptions(options: GenerateOptions): Required<GenerateOptions> {
  const resolved = { ...DEFAULT_GENERATE_OPTIONS, ...options };
  if (!Number.isInteger(resolved.seed)) throw new RangeError(`seed must be an integer, got ${resolved.seed}`);
  if (!Number.isInteger(resolved.stores) || resolved.stores < 1 || resolved.stores > MAX_STORES) {
    throw new RangeError(`stores must be an integer in 1..${MAX_STORES}, got ${resolved.stores}`);
  }
  const minDays = HISTORY_WARMUP_DAYS + 2;
  if (!Number.isInteger(resolved.days) || resolved.days < minDays || resolved.days > 20_000) {
    throw new RangeError(`days must be an integer in ${minDays}..20000 (the first ${HISTORY_WARMUP_DAYS} only feed history features), got ${resolved.days}`);
  }
  epochDayOf(resolved.startDate);
  return resolved;
}

/**
 * Simulates daily customers for `stores` supermarkets over `days` days and returns the
 * feature rows with their targets. Identical options give identical output on every run.
 *
 * @example
 * const history = generateFootfallHistory({ seed: 7, stores: 10, days: 500 });
 * history.dataset.rowCount; // 10 × (500 - 392) rows
 */
export function generateFootfallHistory(options: GenerateOptions = {}): FootfallHistory {
  const resolved = checkOptions(options);
  const { seed, stores: storeCount, days } = resolved;
  const firstDay = epochDayOf(resolved.startDate);

  // 1-4: the simulated world (each store on its own random streams).
  const world = simulateWorld(seed, storeCount, firstDay, days);

  // 5: one row per store and day t with a full history and a known tomorrow.
  const rowsPerStore = days - 1 - HISTORY_WARMUP_DAYS;
  const rowCount = storeCount * rowsPerStore;
  const dataset: FootfallDataset = {
    rowCount,
    featureNames: FEATURE_NAMES,
    features: new Float64Array(rowCount * FEATURE_COUNT),
    customersTomorrow: new Float64Array(rowCount),
    storeIndex: new Int32Array(rowCount),
    dayIndex: new Int32Array(rowCount),
  };
  let row = 0;
  for (let s = 0; s < storeCount; s++) {
    const counts = world.customers[s]!;
    const fillFeatures = featureFillerFor(world, s);
    for (let t = HISTORY_WARMUP_DAYS; t < days - 1; t++) {
      fillFeatures(dataset.features.subarray(row * FEATURE_COUNT, (row + 1) * FEATURE_COUNT), t);
      dataset.customersTomorrow[row] = counts[t + 1]!;
      dataset.storeIndex[row] = s;
      dataset.dayIndex[row] = t;
      row++;
    }
  }

  return {
    options: Object.freeze({ ...resolved }),
    dates: Array.from(world.cal.epochDay, (day) => isoDateOf(day)),
    stores: world.stores,
    customers: world.customers,
    holidays: world.cal.holidayName,
    dataset,
  };
}


/** Row `r` of a dataset as an object keyed by feature name (the friendlier of the two input forms). */
export function featureRecordOf(dataset: FootfallDataset, r: number): Record<FeatureName, number> {
  const record = {} as Record<FeatureName, number>;
  const offset = r * FEATURE_COUNT;
  FEATURE_NAMES.forEach((name, i) => {
    record[name] = dataset.features[offset + i]!;
  });
  return record;
}
