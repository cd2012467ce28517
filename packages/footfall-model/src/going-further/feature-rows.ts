/**
 * Going further: read this when you want to see how each of the 100 feature values is filled in from the simulated world; the main path only needs the layout (../features.ts) and `fillFeatures`' contract.
 *
 * Section 5 of the simulator: one feature row per (store, day t), with the target the
 * count on t + 1. A row uses only what is known on day t: the forecast (not the actual)
 * weather for t + 1, the planned calendar, counts up to t. What stays unpredictable
 * (forecast errors, noise, disruptions) is why no model reaches zero error.
 */
import { epochDayOf } from '../calendar.js';
import { FEATURE_INDEX, type FeatureName } from '../features.js';
import type { StoreProfile } from '../generator.js';
import { round, type ChainPlan, type DayCalendar, type RegionWeather, type SimulatedWorld, type StorePlan } from './world-simulator.js';

/**
 * A function that fills `out` (100 values, canonical order) with the features store `s`
 * knows on day index `t` for predicting day `t + 1`. Needs `t >= HISTORY_WARMUP_DAYS`.
 */
export function featureFillerFor(world: SimulatedWorld, s: number): (out: Float64Array, t: number) => void {
  const store = world.stores[s]!;
  const counts = world.customers[s]!;
  const weather = world.weatherByRegion.get(store.region)!;
  const plan = world.plans[s]!;
  const competitorDay = store.competitorOpensOn === null ? null : epochDayOf(store.competitorOpensOn);
  const openedDay = epochDayOf(store.openedOn);
  return (out, t) => fillFeatures(out, t, store, counts, world.cal, weather, world.chain, plan, competitorDay, openedDay);
}

function meanOf(counts: Int32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i <= to; i++) sum += counts[i]!;
  return sum / (to - from + 1);
}

function stdOf(counts: Int32Array, from: number, to: number, mean: number): number {
  let sum = 0;
  for (let i = from; i <= to; i++) sum += (counts[i]! - mean) ** 2;
  return Math.sqrt(sum / (to - from + 1));
}

function slopePctOf(counts: Int32Array, from: number, to: number, mean: number): number {
  const n = to - from + 1;
  const xMean = (n - 1) / 2;
  let num = 0;
  let den = 0;
  for (let k = 0; k < n; k++) {
    num += (k - xMean) * (counts[from + k]! - mean);
    den += (k - xMean) ** 2;
  }
  return (100 * (num / den)) / mean;
}

/**
 * Fills `out` (100 values, canonical order) with the features known on day index `t`
 * for predicting day `t + 1`. Needs `t >= HISTORY_WARMUP_DAYS`.
 */
function fillFeatures(
  out: Float64Array,
  t: number,
  store: StoreProfile,
  counts: Int32Array,
  cal: DayCalendar,
  weather: RegionWeather,
  chain: ChainPlan,
  plan: StorePlan,
  competitorDay: number | null,
  openedDay: number,
): void {
  const j = t + 1;
  const set = (name: FeatureName, value: number): void => {
    out[FEATURE_INDEX[name]] = value;
  };
  const weekday = cal.weekday[j]!;
  const dayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
  dayNames.forEach((dayName, d) => set(`tomorrowIs${dayName}`, weekday === d + 1 ? 1 : 0));
  set('tomorrowMonth', cal.month[j]!);
  const angle = (2 * Math.PI * cal.dayOfYear[j]!) / 365.25;
  set('tomorrowDayOfYearSin', round(Math.sin(angle), 4));
  set('tomorrowDayOfYearCos', round(Math.cos(angle), 4));
  set('daysUntilChristmas', cal.daysUntilChristmas[j]!);

  set('holidayTomorrow', cal.holiday[j]!);
  set('holidayToday', cal.holiday[t]!);
  set('dayBeforeHolidayTomorrow', cal.dayBeforeHoliday[j]!);
  set('dayAfterHolidayTomorrow', cal.dayAfterHoliday[j]!);
  set('bridgeDayTomorrow', cal.bridgeDay[j]!);
  set('daysUntilNextHoliday', cal.daysUntilNextHoliday[j]!);
  set('daysSinceLastHoliday', cal.daysSinceLastHoliday[j]!);
  set('holidaysInNext7Days', cal.holidaysInNext7Days[j]!);
  set('holidaysInLast7Days', cal.holidaysInLast7Days[t]!);
  set('holidaySameWeekdayLastWeek', cal.holiday[j - 7]!);
  set('schoolHolidayTomorrow', cal.schoolHoliday[j]!);
  set('christmasEveTomorrow', cal.christmasEve[j]!);
  set('newYearsEveTomorrow', cal.newYearsEve[j]!);

  set('forecastTempMaxC', weather.forecastTempMaxC[j]!);
  set('forecastTempMinC', weather.forecastTempMinC[j]!);
  set('forecastTempAnomalyC', weather.forecastTempAnomalyC[j]!);
  set('forecastPrecipMm', weather.forecastPrecipMm[j]!);
  set('forecastPrecipProbabilityPct', weather.forecastPrecipProbabilityPct[j]!);
  set('forecastSnowCm', weather.forecastSnowCm[j]!);
  set('forecastWindKmh', weather.forecastWindKmh[j]!);
  set('forecastSunshineHours', weather.forecastSunshineHours[j]!);
  set('forecastHumidityPct', weather.forecastHumidityPct[j]!);
  set('forecastHeavyRain', weather.forecastPrecipMm[j]! >= 10 ? 1 : 0);
  set('forecastHeatwave', weather.forecastTempMaxC[j]! >= 30 ? 1 : 0);
  set('forecastFrost', weather.forecastTempMinC[j]! < 0 ? 1 : 0);
  set('forecastStormWarning', weather.forecastWindKmh[j]! >= 60 ? 1 : 0);
  set('observedTempMaxTodayC', weather.tempMaxC[t]!);
  set('observedPrecipTodayMm', weather.precipMm[t]!);

  const promoOn = chain.promoId[j]! >= 0;
  set('promoTomorrow', promoOn ? 1 : 0);
  set('promoFirstDayTomorrow', chain.promoFirstDay[j]!);
  set('promoDaysRemaining', chain.promoDaysRemaining[j]!);
  set('promoDiscountPct', chain.promoDiscountPct[j]!);
  set('promoItemsCount', chain.promoItems[j]!);
  set('flyerHouseholdsReachedK', plan.flyerHouseholdsK[j]!);
  set('storeSpecialOfferTomorrow', plan.specialOffer[j]!);
  set('loyaltyPointsMultiplierTomorrow', chain.loyaltyMultiplier[j]!);
  set('competitorPromoTomorrow', weather.competitorPromo[j]!);
  set('daysSinceLastPromo', chain.daysSinceLastPromo[j]!);

  set('localEventTomorrow', plan.eventAttendanceK[j]! > 0 ? 1 : 0);
  set('localEventAttendanceK', plan.eventAttendanceK[j]!);
  set('localEventDistanceKm', plan.eventDistanceKm[j]!);
  set('sportsFinalTomorrow', chain.sportsFinal[j]!);
  set('marketDayTomorrow', plan.market[j]!);
  set('roadworksTomorrow', plan.roadworks[j]!);
  set('localEventToday', plan.eventAttendanceK[t]! > 0 ? 1 : 0);

  set('paydayTomorrow', cal.payday[j]!);
  set('benefitDayTomorrow', cal.benefitDay[j]!);
  set('daysSincePayday', cal.daysSincePayday[j]!);
  set('daysUntilPayday', cal.daysUntilPayday[j]!);
  set('monthEndTomorrow', cal.monthEnd[j]!);

  const tomorrow = cal.epochDay[j]!;
  const competitorOpen = competitorDay !== null && tomorrow >= competitorDay;
  set('salesAreaM2', store.salesAreaM2);
  set('parkingSpaces', store.parkingSpaces);
  set('catchmentPopulationK', store.catchmentPopulationK);
  set('medianHouseholdIncomeK', store.medianHouseholdIncomeK);
  set('competitorsWithin2Km', store.initialCompetitors + (competitorOpen ? 1 : 0));
  set('daysSinceCompetitorOpened', competitorOpen ? Math.min(365, tomorrow - competitorDay) : 365);
  set('distanceToCityCentreKm', store.distanceToCityCentreKm);
  set('storeAgeYears', round((tomorrow - openedDay) / 365.25, 1));
  set('storeTypeUrban', store.type === 'urban' ? 1 : 0);
  set('storeTypeSuburban', store.type === 'suburban' ? 1 : 0);
  set('storeTypeRural', store.type === 'rural' ? 1 : 0);
  set('checkoutLanes', store.checkoutLanes);
  set('hasBakery', store.hasBakery ? 1 : 0);
  set('hasPharmacy', store.hasPharmacy ? 1 : 0);
  set('openingHoursTomorrow', plan.openingHours[j]!);

  // History: lag k is the count on day j - k, so lag 1 is today.
  const base = FEATURE_INDEX.customersLag1;
  for (let k = 1; k <= 14; k++) out[base + k - 1] = counts[j - k]!;
  set('customersSameWeekday3w', counts[j - 21]!);
  set('customersSameWeekday4w', counts[j - 28]!);
  set('customersSameWeekdayLastYear', counts[j - 364]!);
  const mean7 = meanOf(counts, t - 6, t);
  const mean28 = meanOf(counts, t - 27, t);
  set('customersMean7d', round(mean7, 2));
  set('customersStd7d', round(stdOf(counts, t - 6, t, mean7), 2));
  set('customersMean28d', round(mean28, 2));
  set('customersStd28d', round(stdOf(counts, t - 27, t, mean28), 2));
  set('customersMean91d', round(meanOf(counts, t - 90, t), 2));
  set('trendSlope28dPct', round(slopePctOf(counts, t - 27, t, mean28), 4));
  set('yearOverYearRatio28d', round(mean28 / meanOf(counts, t - 27 - 364, t - 364), 4));
}
