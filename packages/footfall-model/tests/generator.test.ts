import { describe, expect, it } from 'vitest';
import { calendar, EFFECTS, FEATURE_COUNT, FEATURE_INDEX, generateFootfallHistory, HISTORY_WARMUP_DAYS, type FootfallHistory } from '../src/index.js';

// A small world: 16 stores over about two years, enough for every effect to show.
const options = { seed: 7, stores: 16, days: 760 };
const history = generateFootfallHistory(options);

/** Mean of `customers[s][i]` over every store and every day index for which `include` holds. */
function meanWhere(h: FootfallHistory, include: (dayIndex: number) => boolean): number {
  let sum = 0;
  let n = 0;
  for (const counts of h.customers) {
    for (let i = 0; i < counts.length; i++) {
      if (include(i)) {
        sum += counts[i]!;
        n++;
      }
    }
  }
  if (n === 0) throw new Error('no day matched');
  return sum / n;
}

const weekdayOf = (i: number): number => calendar.isoWeekdayOf(calendar.epochDayOf(history.dates[i]!));
const isHoliday = (i: number): boolean => history.holidays[i] !== null;

describe('generateFootfallHistory', () => {
  it('produces identical data for the same seed', () => {
    // Act
    const again = generateFootfallHistory(options);

    // Assert
    expect(again.dates).toEqual(history.dates);
    expect(again.stores).toEqual(history.stores);
    expect(again.customers).toEqual(history.customers);
    expect(Buffer.from(again.dataset.features.buffer).equals(Buffer.from(history.dataset.features.buffer))).toBe(true);
  });

  it('produces different data for another seed', () => {
    const other = generateFootfallHistory({ ...options, seed: 8 });
    expect(other.customers[0]).not.toEqual(history.customers[0]);
    expect(other.stores.map((s) => s.salesAreaM2)).not.toEqual(history.stores.map((s) => s.salesAreaM2));
  });

  it('keeps each store on its own random stream, so adding stores leaves the first ones unchanged', () => {
    const fewer = generateFootfallHistory({ ...options, stores: 5 });
    expect(fewer.customers).toEqual(history.customers.slice(0, 5));
  });

  it('yields one row per store and day with a full history, 100 features each', () => {
    const { dataset } = history;
    expect(dataset.rowCount).toBe(options.stores * (options.days - 1 - HISTORY_WARMUP_DAYS));
    expect(dataset.features.length).toBe(dataset.rowCount * FEATURE_COUNT);
    expect(dataset.features.every(Number.isFinite)).toBe(true);
  });

  it('builds history features from the past and targets from the next day only', () => {
    const { dataset } = history;
    for (let r = 0; r < dataset.rowCount; r += 97) {
      const counts = history.customers[dataset.storeIndex[r]!]!;
      const t = dataset.dayIndex[r]!;
      const row = dataset.features.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT);
      expect(row[FEATURE_INDEX.customersLag1]).toBe(counts[t]);
      expect(row[FEATURE_INDEX.customersLag7]).toBe(counts[t - 6]);
      expect(row[FEATURE_INDEX.customersMean7d]).toBeCloseTo((counts.slice(t - 6, t + 1).reduce((s, x) => s + x, 0)) / 7, 2);
      expect(dataset.customersTomorrow[r]).toBe(counts[t + 1]);
    }
  });

  it('gives customer counts in the hundreds to thousands', () => {
    const all = history.customers.flatMap((counts) => Array.from(counts));
    const sorted = [...all].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length * 0.05)]).toBeGreaterThan(100);
    expect(sorted[Math.floor(sorted.length * 0.5)]).toBeGreaterThan(300);
    expect(sorted[Math.floor(sorted.length * 0.95)]).toBeLessThan(10_000);
  });

  it('rejects options it cannot honour', () => {
    expect(() => generateFootfallHistory({ days: HISTORY_WARMUP_DAYS })).toThrow(RangeError);
    expect(() => generateFootfallHistory({ stores: 0 })).toThrow(RangeError);
    expect(() => generateFootfallHistory({ seed: 1.5 })).toThrow(RangeError);
    expect(() => generateFootfallHistory({ startDate: '2023-02-30' })).toThrow(RangeError);
  });
});

describe('seasonality and calendar effects in the generated data', () => {
  it('makes Saturday the busiest day and Sunday (short hours) the quietest', () => {
    // Arrange
    const byWeekday = [1, 2, 3, 4, 5, 6, 7].map((d) => meanWhere(history, (i) => weekdayOf(i) === d && !isHoliday(i)));
    const [mon, tue, wed, thu, fri, sat, sun] = byWeekday as [number, number, number, number, number, number, number];
    const midweek = (tue + wed + thu) / 3;

    // Assert: the order the simulator was designed with.
    expect(sat).toBe(Math.max(...byWeekday));
    expect(sun).toBe(Math.min(...byWeekday));
    expect(fri).toBeGreaterThan(midweek);
    expect(sat / midweek).toBeGreaterThan(1.15);
    expect(sun / midweek).toBeLessThan(0.7);
    expect(mon).toBeLessThan(fri);
  });

  it('roughly halves footfall on weekday public holidays and lifts it the day before', () => {
    // Compare each day with the same store on the same weekday a week before and after, so the weekday mix cancels out.
    const ordinary = (i: number): boolean => !isHoliday(i) && !isHoliday(i + 1) && !isHoliday(i - 1) && i >= 0 && i < history.dates.length;
    const ratioToNeighbouringWeeks = (include: (i: number) => boolean): number => {
      let logSum = 0;
      let n = 0;
      for (const counts of history.customers) {
        for (let i = 7; i < counts.length - 7; i++) {
          if (!include(i) || !ordinary(i - 7) || !ordinary(i + 7)) continue;
          logSum += Math.log(counts[i]! / ((counts[i - 7]! + counts[i + 7]!) / 2));
          n++;
        }
      }
      expect(n).toBeGreaterThan(20);
      return Math.exp(logSum / n);
    };

    const holidayRatio = ratioToNeighbouringWeeks((i) => isHoliday(i) && weekdayOf(i) <= 5);
    const dayBeforeRatio = ratioToNeighbouringWeeks((i) => !isHoliday(i) && weekdayOf(i) <= 5 && isHoliday(i + 1) && !history.dates[i]!.endsWith('12-24'));

    expect(holidayRatio).toBeLessThan(0.65);
    expect(dayBeforeRatio).toBeGreaterThan(Math.exp(EFFECTS.dayBeforeHoliday / 2));
  });

  it('builds up to Christmas: 1-23 December is busier than November', () => {
    const month = (i: number): number => Number(history.dates[i]!.slice(5, 7));
    const day = (i: number): number => Number(history.dates[i]!.slice(8, 10));
    const november = meanWhere(history, (i) => month(i) === 11 && !isHoliday(i));
    const advent = meanWhere(history, (i) => month(i) === 12 && day(i) <= 23);
    expect(advent / november).toBeGreaterThan(1.05);
  });

  it('brings fewer customers on very rainy days than on dry ones', () => {
    // Today's observed rain and today's count sit in the same feature row, relative to the store's 28-day mean.
    const { dataset } = history;
    const ratios = { wet: [] as number[], dry: [] as number[] };
    for (let r = 0; r < dataset.rowCount; r++) {
      const row = dataset.features.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT);
      const rain = row[FEATURE_INDEX.observedPrecipTodayMm]!;
      const ratio = row[FEATURE_INDEX.customersLag1]! / row[FEATURE_INDEX.customersMean28d]!;
      if (rain >= 12) ratios.wet.push(ratio);
      else if (rain === 0) ratios.dry.push(ratio);
    }
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(ratios.wet.length).toBeGreaterThan(30);
    expect(mean(ratios.wet)).toBeLessThan(mean(ratios.dry) * 0.95);
  });

  it('lifts footfall on salary day compared with the days just before it', () => {
    const { dataset } = history;
    let payday = 0;
    let before = 0;
    let n = 0;
    for (let r = 0; r < dataset.rowCount; r++) {
      const row = dataset.features.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT);
      // Tomorrow is payday on a weekday: compare tomorrow with the same weekday last week (7 days before, before payday).
      if (row[FEATURE_INDEX.paydayTomorrow] === 1 && row[FEATURE_INDEX.holidaySameWeekdayLastWeek] === 0) {
        payday += dataset.customersTomorrow[r]!;
        before += row[FEATURE_INDEX.customersLag7]!;
        n++;
      }
    }
    expect(n).toBeGreaterThan(100);
    expect(payday / before).toBeGreaterThan(1.04);
  });
});
