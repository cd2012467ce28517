/**
 * The committed sample of recent days (`artifacts/sample-days.json`): real generator
 * rows from the held-out weeks, so a demo can send genuine feature vectors and show the
 * actual count next to the prediction. `npm run train` rewrites the file.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { FEATURE_NAMES, type FeatureName } from './features.js';
import { featureRecordOf, type FootfallHistory } from './generator.js';
import { SAMPLE_DAYS_PATH } from './paths.js';

/** One store on one day: the features known that evening and what happened the next day. */
export interface SampleDay {
  storeId: string;
  storeName: string;
  storeType: string;
  /** Day t, when the features are known (ISO date). */
  date: string;
  /** Day t+1, the day being predicted (ISO date). */
  targetDate: string;
  /** The 100 features, keyed by name. */
  features: Record<FeatureName, number>;
  /** Customers actually counted on `targetDate`. */
  actualCustomersTomorrow: number;
}

const sampleDaySchema = z.object({
  storeId: z.string(),
  storeName: z.string(),
  storeType: z.string(),
  date: z.iso.date(),
  targetDate: z.iso.date(),
  features: z.record(z.enum(FEATURE_NAMES as [FeatureName, ...FeatureName[]]), z.number()),
  actualCustomersTomorrow: z.number().check(z.nonnegative()),
});

/** Schema of the sample file: a JSON array of `SampleDay`. */
export const sampleDaysSchema = z.array(sampleDaySchema);

/**
 * Picks the last `days` rows of `stores` stores (one of each store type first) from a
 * generated history.
 */
export function buildSampleDays(history: FootfallHistory, options: { stores?: number; days?: number } = {}): SampleDay[] {
  const storeCount = Math.min(options.stores ?? 4, history.stores.length);
  const dayCount = options.days ?? 7;
  const chosen: number[] = [];
  for (const type of ['urban', 'suburban', 'rural']) {
    const index = history.stores.findIndex((store) => store.type === type);
    if (index >= 0 && chosen.length < storeCount) chosen.push(index);
  }
  for (let s = 0; s < history.stores.length && chosen.length < storeCount; s++) if (!chosen.includes(s)) chosen.push(s);
  chosen.sort((a, b) => a - b);

  const { dataset } = history;
  const samples: SampleDay[] = [];
  for (const s of chosen) {
    const rows: number[] = [];
    for (let r = 0; r < dataset.rowCount; r++) if (dataset.storeIndex[r] === s) rows.push(r);
    for (const r of rows.slice(-dayCount)) {
      const store = history.stores[s]!;
      const t = dataset.dayIndex[r]!;
      samples.push({
        storeId: store.storeId,
        storeName: store.name,
        storeType: store.type,
        date: history.dates[t]!,
        targetDate: history.dates[t + 1]!,
        features: featureRecordOf(dataset, r),
        actualCustomersTomorrow: dataset.customersTomorrow[r]!,
      });
    }
  }
  return samples;
}

/** Reads and validates the sample file. @default SAMPLE_DAYS_PATH */
export function loadSampleDays(path: string = SAMPLE_DAYS_PATH): SampleDay[] {
  return sampleDaysSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}
