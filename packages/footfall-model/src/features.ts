/**
 * The 100 features of the footfall model: names, units, one-sentence descriptions and
 * groups, in the canonical order the model and the HTTP API use.
 *
 * Every feature is something a store manager knows on the evening of day t when
 * forecasting day t+1 ("tomorrow"): tomorrow's calendar, the weather forecast, planned
 * promotions and events, the store's attributes, and customer counts up to today. None
 * peeks at tomorrow's actual count or weather.
 *
 * This list is the single source for the generator, the trained artifact (which
 * records the names and refuses a mismatch), validation, `docs/footfall-model.md` and
 * the demo page. Edit it only together with `generator.ts`, then retrain.
 */

/** The theme a feature belongs to; used to group the docs table and the demo's explanation chart. */
export type FeatureGroup = 'calendar' | 'holidays' | 'weather' | 'promotions' | 'events' | 'paydays' | 'store' | 'history';

/** How the model transforms a raw value before scaling: counts are modelled on a log scale. */
export type FeatureTransform = 'identity' | 'log1p';

const FEATURE_LIST = [
  // Calendar of tomorrow
  { name: 'tomorrowIsMonday', unit: 'flag', group: 'calendar', description: '1 when tomorrow is a Monday, else 0 (day-of-week one-hot).' },
  { name: 'tomorrowIsTuesday', unit: 'flag', group: 'calendar', description: '1 when tomorrow is a Tuesday, else 0.' },
  { name: 'tomorrowIsWednesday', unit: 'flag', group: 'calendar', description: '1 when tomorrow is a Wednesday, else 0.' },
  { name: 'tomorrowIsThursday', unit: 'flag', group: 'calendar', description: '1 when tomorrow is a Thursday, else 0.' },
  { name: 'tomorrowIsFriday', unit: 'flag', group: 'calendar', description: '1 when tomorrow is a Friday, else 0.' },
  { name: 'tomorrowIsSaturday', unit: 'flag', group: 'calendar', description: '1 when tomorrow is a Saturday, the busiest day, else 0.' },
  { name: 'tomorrowIsSunday', unit: 'flag', group: 'calendar', description: '1 when tomorrow is a Sunday (short opening hours), else 0.' },
  { name: 'tomorrowMonth', unit: 'month (1-12)', group: 'calendar', description: 'Calendar month of tomorrow.' },
  { name: 'tomorrowDayOfYearSin', unit: 'ratio (-1..1)', group: 'calendar', description: 'Sine of 2π × day-of-year / 365.25 for tomorrow: with the cosine, a smooth yearly cycle.' },
  { name: 'tomorrowDayOfYearCos', unit: 'ratio (-1..1)', group: 'calendar', description: 'Cosine of 2π × day-of-year / 365.25 for tomorrow.' },
  { name: 'daysUntilChristmas', unit: 'days (0-60)', group: 'calendar', description: 'Days from tomorrow to the next 25 December, capped at 60: the pre-Christmas ramp.' },

  // Public and school holidays
  { name: 'holidayTomorrow', unit: 'flag', group: 'holidays', description: '1 when tomorrow is a public holiday (short hours, about half the customers).' },
  { name: 'holidayToday', unit: 'flag', group: 'holidays', description: "1 when today is a public holiday, so today's count is unusually low." },
  { name: 'dayBeforeHolidayTomorrow', unit: 'flag', group: 'holidays', description: '1 when tomorrow is the last shopping day before a public holiday (stock-up rush).' },
  { name: 'dayAfterHolidayTomorrow', unit: 'flag', group: 'holidays', description: '1 when tomorrow follows a public holiday (restocking trips).' },
  { name: 'bridgeDayTomorrow', unit: 'flag', group: 'holidays', description: 'A working day squeezed between a holiday and a weekend, when many people take leave.' },
  { name: 'daysUntilNextHoliday', unit: 'days (0-30)', group: 'holidays', description: 'Days from tomorrow to the next public holiday (0 when tomorrow is one), capped at 30.' },
  { name: 'daysSinceLastHoliday', unit: 'days (0-30)', group: 'holidays', description: 'Days since the last public holiday as of tomorrow (0 when tomorrow is one), capped at 30.' },
  { name: 'holidaysInNext7Days', unit: 'count', group: 'holidays', description: 'Public holidays among the 7 days starting tomorrow.' },
  { name: 'holidaysInLast7Days', unit: 'count', group: 'holidays', description: 'Public holidays among the last 7 days up to today, which depress the 7-day history.' },
  { name: 'holidaySameWeekdayLastWeek', unit: 'flag', group: 'holidays', description: "1 when the same weekday last week was a public holiday, so that lag is not typical." },
  { name: 'schoolHolidayTomorrow', unit: 'flag', group: 'holidays', description: '1 when tomorrow falls in a school holiday.' },
  { name: 'christmasEveTomorrow', unit: 'flag', group: 'holidays', description: '1 when tomorrow is 24 December, the busiest morning of the year.' },
  { name: 'newYearsEveTomorrow', unit: 'flag', group: 'holidays', description: '1 when tomorrow is 31 December.' },

  // Weather: tomorrow's forecast plus today's observations
  { name: 'forecastTempMaxC', unit: '°C', group: 'weather', description: "Forecast maximum temperature for tomorrow at the store's weather station." },
  { name: 'forecastTempMinC', unit: '°C', group: 'weather', description: 'Forecast minimum temperature for tomorrow.' },
  { name: 'forecastTempAnomalyC', unit: '°C', group: 'weather', description: "Forecast maximum minus the region's normal maximum for that date." },
  { name: 'forecastPrecipMm', unit: 'mm', group: 'weather', description: 'Forecast precipitation for tomorrow.' },
  { name: 'forecastPrecipProbabilityPct', unit: '%', group: 'weather', description: 'Forecast probability of any precipitation tomorrow.' },
  { name: 'forecastSnowCm', unit: 'cm', group: 'weather', description: 'Forecast fresh snow tomorrow.' },
  { name: 'forecastWindKmh', unit: 'km/h', group: 'weather', description: 'Forecast maximum sustained wind tomorrow.' },
  { name: 'forecastSunshineHours', unit: 'h', group: 'weather', description: 'Forecast hours of sunshine tomorrow.' },
  { name: 'forecastHumidityPct', unit: '%', group: 'weather', description: 'Forecast mean relative humidity tomorrow.' },
  { name: 'forecastHeavyRain', unit: 'flag', group: 'weather', description: '1 when at least 10 mm of precipitation is forecast for tomorrow.' },
  { name: 'forecastHeatwave', unit: 'flag', group: 'weather', description: '1 when the forecast maximum is 30 °C or more.' },
  { name: 'forecastFrost', unit: 'flag', group: 'weather', description: '1 when the forecast minimum is below 0 °C.' },
  { name: 'forecastStormWarning', unit: 'flag', group: 'weather', description: '1 when a storm warning (wind of 60 km/h or more) is issued for tomorrow.' },
  { name: 'observedTempMaxTodayC', unit: '°C', group: 'weather', description: 'Measured maximum temperature today.' },
  { name: 'observedPrecipTodayMm', unit: 'mm', group: 'weather', description: 'Measured precipitation today.' },

  // Promotions planned by the chain, the store and competitors
  { name: 'promoTomorrow', unit: 'flag', group: 'promotions', description: '1 when a chain-wide flyer promotion runs tomorrow.' },
  { name: 'promoFirstDayTomorrow', unit: 'flag', group: 'promotions', description: '1 when tomorrow is the first day of a flyer promotion.' },
  { name: 'promoDaysRemaining', unit: 'days', group: 'promotions', description: 'Days the running promotion lasts from tomorrow on, including tomorrow (0 when none).' },
  { name: 'promoDiscountPct', unit: '%', group: 'promotions', description: 'Average discount of the promoted items tomorrow (0 when none).' },
  { name: 'promoItemsCount', unit: 'items', group: 'promotions', description: 'Number of promoted items tomorrow (0 when none).' },
  { name: 'flyerHouseholdsReachedK', unit: 'thousand households', group: 'promotions', description: "Households in the store's area that received the current flyer (0 when none)." },
  { name: 'storeSpecialOfferTomorrow', unit: 'flag', group: 'promotions', description: '1 when the store runs its own special offer tomorrow.' },
  { name: 'loyaltyPointsMultiplierTomorrow', unit: '× points', group: 'promotions', description: 'Loyalty-card points multiplier tomorrow (1 normally, 2 or 5 on bonus days).' },
  { name: 'competitorPromoTomorrow', unit: 'flag', group: 'promotions', description: 'A nearby competitor advertises a big promotion for tomorrow.' },
  { name: 'daysSinceLastPromo', unit: 'days (0-60)', group: 'promotions', description: 'Days since the last flyer promotion day as of tomorrow (0 during one), capped at 60.' },

  // Local events
  { name: 'localEventTomorrow', unit: 'flag', group: 'events', description: '1 when a planned local event (fair, concert, match) takes place near the store tomorrow.' },
  { name: 'localEventAttendanceK', unit: 'thousand people', group: 'events', description: 'Expected attendance of that event (0 when none).' },
  { name: 'localEventDistanceKm', unit: 'km', group: 'events', description: 'Distance from the store to that event; 10 when there is none.' },
  { name: 'sportsFinalTomorrow', unit: 'flag', group: 'events', description: '1 when a major televised final is played tomorrow (busy before, empty during).' },
  { name: 'marketDayTomorrow', unit: 'flag', group: 'events', description: "1 when the weekly street market next to the store is on tomorrow." },
  { name: 'roadworksTomorrow', unit: 'flag', group: 'events', description: '1 when announced roadworks restrict access to the store tomorrow.' },
  { name: 'localEventToday', unit: 'flag', group: 'events', description: "1 when a local event took place near the store today, inflating today's count." },

  // Paydays
  { name: 'paydayTomorrow', unit: 'flag', group: 'paydays', description: '1 when tomorrow is salary day (the 25th, or the business day before).' },
  { name: 'benefitDayTomorrow', unit: 'flag', group: 'paydays', description: '1 when tomorrow is benefit payment day (first business day of the month).' },
  { name: 'daysSincePayday', unit: 'days', group: 'paydays', description: 'Days since the last salary day as of tomorrow (0 when tomorrow is one).' },
  { name: 'daysUntilPayday', unit: 'days', group: 'paydays', description: 'Days until the next salary day as of tomorrow (0 when tomorrow is one).' },
  { name: 'monthEndTomorrow', unit: 'flag', group: 'paydays', description: '1 when tomorrow is one of the last three days of the month.' },

  // Store attributes
  { name: 'salesAreaM2', unit: 'm²', group: 'store', description: 'Sales floor area.' },
  { name: 'parkingSpaces', unit: 'spaces', group: 'store', description: 'Customer parking spaces.' },
  { name: 'catchmentPopulationK', unit: 'thousand people', group: 'store', description: 'People living within a 10-minute drive.' },
  { name: 'medianHouseholdIncomeK', unit: 'thousand € / year', group: 'store', description: 'Median household income in the catchment area.' },
  { name: 'competitorsWithin2Km', unit: 'stores', group: 'store', description: 'Competing supermarkets within 2 km as of tomorrow.' },
  { name: 'daysSinceCompetitorOpened', unit: 'days (0-365)', group: 'store', description: 'Days since a competitor last opened within 2 km, capped at 365 (365 also means never).' },
  { name: 'distanceToCityCentreKm', unit: 'km', group: 'store', description: 'Road distance to the nearest city centre.' },
  { name: 'storeAgeYears', unit: 'years', group: 'store', description: 'Years since the store opened, as of tomorrow.' },
  { name: 'storeTypeUrban', unit: 'flag', group: 'store', description: '1 for a city-centre store (flatter week, longer hours).' },
  { name: 'storeTypeSuburban', unit: 'flag', group: 'store', description: '1 for a suburban store.' },
  { name: 'storeTypeRural', unit: 'flag', group: 'store', description: '1 for a rural store (strong Saturday peak).' },
  { name: 'checkoutLanes', unit: 'lanes', group: 'store', description: 'Staffed and self-service checkout lanes.' },
  { name: 'hasBakery', unit: 'flag', group: 'store', description: '1 when the store has an in-store bakery.' },
  { name: 'hasPharmacy', unit: 'flag', group: 'store', description: '1 when the store has a pharmacy counter.' },
  { name: 'openingHoursTomorrow', unit: 'h', group: 'store', description: 'Hours the store is open tomorrow.' },

  // Customer history up to today. Lag k is the count on day t+1-k, so lag 1 is today.
  { name: 'customersLag1', unit: 'customers', group: 'history', description: 'Customers today (1 day before tomorrow).' },
  { name: 'customersLag2', unit: 'customers', group: 'history', description: 'Customers 2 days before tomorrow.' },
  { name: 'customersLag3', unit: 'customers', group: 'history', description: 'Customers 3 days before tomorrow.' },
  { name: 'customersLag4', unit: 'customers', group: 'history', description: 'Customers 4 days before tomorrow.' },
  { name: 'customersLag5', unit: 'customers', group: 'history', description: 'Customers 5 days before tomorrow.' },
  { name: 'customersLag6', unit: 'customers', group: 'history', description: 'Customers 6 days before tomorrow.' },
  { name: 'customersLag7', unit: 'customers', group: 'history', description: "Customers on the same weekday last week (the 'same weekday last week' baseline)." },
  { name: 'customersLag8', unit: 'customers', group: 'history', description: 'Customers 8 days before tomorrow.' },
  { name: 'customersLag9', unit: 'customers', group: 'history', description: 'Customers 9 days before tomorrow.' },
  { name: 'customersLag10', unit: 'customers', group: 'history', description: 'Customers 10 days before tomorrow.' },
  { name: 'customersLag11', unit: 'customers', group: 'history', description: 'Customers 11 days before tomorrow.' },
  { name: 'customersLag12', unit: 'customers', group: 'history', description: 'Customers 12 days before tomorrow.' },
  { name: 'customersLag13', unit: 'customers', group: 'history', description: 'Customers 13 days before tomorrow.' },
  { name: 'customersLag14', unit: 'customers', group: 'history', description: 'Customers on the same weekday two weeks ago.' },
  { name: 'customersSameWeekday3w', unit: 'customers', group: 'history', description: 'Customers on the same weekday three weeks ago (lag 21).' },
  { name: 'customersSameWeekday4w', unit: 'customers', group: 'history', description: 'Customers on the same weekday four weeks ago (lag 28).' },
  { name: 'customersSameWeekdayLastYear', unit: 'customers', group: 'history', description: 'Customers on the same weekday 52 weeks ago (lag 364).' },
  { name: 'customersMean7d', unit: 'customers', group: 'history', description: "Mean daily customers over the last 7 days up to today (the '7-day mean' baseline)." },
  { name: 'customersStd7d', unit: 'customers', group: 'history', description: 'Standard deviation of daily customers over the last 7 days.' },
  { name: 'customersMean28d', unit: 'customers', group: 'history', description: 'Mean daily customers over the last 28 days.' },
  { name: 'customersStd28d', unit: 'customers', group: 'history', description: 'Standard deviation of daily customers over the last 28 days.' },
  { name: 'customersMean91d', unit: 'customers', group: 'history', description: 'Mean daily customers over the last 91 days (13 weeks).' },
  { name: 'trendSlope28dPct', unit: '% / day', group: 'history', description: 'Least-squares slope of the last 28 daily counts, as a percentage of their mean per day.' },
  { name: 'yearOverYearRatio28d', unit: 'ratio', group: 'history', description: 'Mean of the last 28 days divided by the mean of the same 28 days a year (364 days) earlier.' },
] as const satisfies readonly { name: string; unit: string; group: FeatureGroup; description: string }[];

/** The name of one of the 100 features. */
export type FeatureName = (typeof FEATURE_LIST)[number]['name'];

/** One documented feature: its name, unit, a one-sentence description and its group. */
export interface FeatureDefinition {
  readonly name: FeatureName;
  readonly unit: string;
  readonly description: string;
  readonly group: FeatureGroup;
}

/** Name, unit, one-sentence description and group of each of the 100 features, in canonical order. */
export const FEATURES: readonly FeatureDefinition[] = FEATURE_LIST;

/** Exactly 100 names, camelCase, in the canonical order the model uses. */
export const FEATURE_NAMES: readonly FeatureName[] = FEATURE_LIST.map((feature) => feature.name);

/** Number of features the model takes (100). */
export const FEATURE_COUNT = FEATURE_LIST.length;

/** Position of each feature in a row: `row[FEATURE_INDEX.customersLag7]`. */
export const FEATURE_INDEX: Readonly<Record<FeatureName, number>> = Object.fromEntries(
  FEATURE_LIST.map((feature, index) => [feature.name, index]),
) as Record<FeatureName, number>;

/** The transform the trainer applies per feature: customer counts are modelled on a log scale, like the target. */
export function transformOf(feature: FeatureDefinition): FeatureTransform {
  return feature.unit === 'customers' ? 'log1p' : 'identity';
}

/** True when `name` is one of the 100 feature names. */
export function isFeatureName(name: string): name is FeatureName {
  return Object.prototype.hasOwnProperty.call(FEATURE_INDEX, name);
}
