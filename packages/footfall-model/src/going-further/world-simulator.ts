/**
 * Going further: read this when you want to change the simulated world itself (a weather rule, a holiday effect, an event); the main path (../generator.ts) only needs `simulateWorld`'s result.
 *
 * The seeded simulator behind `generateFootfallHistory`. The count of store s on day d
 * is built multiplicatively (additively on a log scale):
 *
 *   log μ = store level (size, catchment, competitors, ...)   + store trend
 *         + 0.6 × log(opening hours / 12)                     + store-specific weekday profile
 *         + yearly cycle and Christmas ramp
 *         + holidays, bridge days, school holidays             + actual weather
 *         + promotions, loyalty bonus days, competitor promos   + local events, markets, roadworks
 *         + paydays and the month-end squeeze                  + a competitor opening nearby
 *         + noise: an AR(1) store mood, a regional shock, a daily shock, rare unannounced disruptions
 *   customers = round(μ + √μ · N(0, 1))                         (count-like noise)
 *
 * The run is organised as:
 *   1. shared calendar of the simulated days,
 *   2. weather and forecasts per region,
 *   3. chain-wide promotions, loyalty days and televised finals,
 *   4. per store: attributes, planned local happenings, daily counts.
 * (5., the feature rows, is in ./feature-rows.ts.)
 *
 * Edit the effect sizes in `EFFECTS` to change the world; tests check that the ones a
 * reader would look for (weekday, holidays, Christmas) stay visible, and
 * tests/generator-pinned.test.ts pins the output byte for byte, so a deliberate change
 * updates its digests (and the committed model is retrained).
 */
import {
  buildCalendar,
  dayOfYearOf,
  daysInMonthOf,
  epochDayOf,
  isoDateOf,
  isoWeekdayOf,
  isSchoolHoliday,
  partsOf,
} from '../calendar.js';
import type { StoreProfile, StoreType } from '../generator.js';
import { Rng } from '../prng.js';

/**
 * Log-scale effect sizes of the simulated world (0.1 ≈ +10.5 %, -0.7 ≈ -50 %). They are
 * exported so docs and tests can name the truth instead of repeating numbers.
 */
export const EFFECTS = Object.freeze({
  /** Customers grow with opening hours: log μ += elasticity × log(hours / reference). */
  openingHoursElasticity: 0.6,
  referenceOpeningHours: 12,
  /**
   * Chain-wide weekly shape on top of the opening hours, Monday first; stores vary
   * around it by type and individually. Sunday's short hours already cost about -0.5.
   */
  weekday: [-0.06, -0.1, -0.05, 0, 0.14, 0.26, -0.1],
  urbanWeekdayShift: [0.04, 0.05, 0.03, 0.02, -0.04, -0.12, 0],
  ruralWeekdayShift: [-0.02, -0.02, -0.02, -0.02, 0.02, 0.08, -0.1],
  yearlyAmplitude: 0.05,
  christmasRamp: 0.16,
  betweenChristmasAndNewYear: 0.08,
  januarySlump: -0.05,
  /** On top of the 5-hour holiday opening. */
  holiday: -0.1,
  holidayOnSunday: -0.2,
  dayBeforeHoliday: 0.17,
  dayAfterHoliday: 0.07,
  /** On top of the 7-hour (Christmas Eve) and 9-hour (New Year's Eve) openings. */
  christmasEve: 0.6,
  newYearsEve: 0.35,
  bridgeDayUrban: -0.08,
  bridgeDayElsewhere: 0.04,
  schoolHoliday: { urban: -0.06, suburban: -0.03, rural: 0.04 },
  rainPerMm: -0.011,
  snowPerCm: -0.02,
  warmthPerDegreeAbove22: 0.006,
  heatPerDegreeAbove30: -0.012,
  coldPerDegreeBelow0: -0.006,
  storm: -0.12,
  weekendSunshinePerHour: -0.004,
  promo: 0.04,
  promoPerDiscountPct: 0.003,
  promoPerItem: 0.0002,
  promoFirstDay: 0.04,
  flyerPerThousandHouseholds: 0.002,
  storeSpecialOffer: 0.035,
  loyaltyPerExtraMultiple: 0.025,
  competitorPromo: -0.045,
  localEventPerLogAttendance: 0.05,
  localEventDistanceScaleKm: 3,
  sportsFinal: -0.07,
  marketDay: 0.06,
  roadworks: -0.12,
  payday: 0.08,
  paydayNextDay: 0.04,
  paydaySecondDay: 0.015,
  benefitDayAtIncome35K: 0.04,
  perDaySincePayday: -0.0025,
  monthEnd: -0.02,
  competitorOpening: -0.09,
  disruption: -0.6,
});


/** Noise sizes of the simulated world (log scale), and the daily chance of an unannounced disruption. */
const NOISE = Object.freeze({
  storeMoodPersistence: 0.6,
  storeMoodInnovationSd: 0.025,
  regionalShockSd: 0.015,
  dailyShockSd: 0.035,
  disruptionChance: 0.0015,
});

interface RegionClimate {
  name: string;
  meanTempMaxC: number;
  tempAmplitudeC: number;
  wetness: number;
}

const REGIONS: readonly RegionClimate[] = [
  { name: 'north', meanTempMaxC: 11.5, tempAmplitudeC: 9.5, wetness: 0.06 },
  { name: 'east', meanTempMaxC: 13, tempAmplitudeC: 12, wetness: -0.04 },
  { name: 'central', meanTempMaxC: 14, tempAmplitudeC: 10.5, wetness: 0 },
  { name: 'west', meanTempMaxC: 14.5, tempAmplitudeC: 8, wetness: 0.08 },
  { name: 'south', meanTempMaxC: 17.5, tempAmplitudeC: 10, wetness: -0.08 },
];

const TOWNS = [
  'Ashford', 'Brookside', 'Cedar Hill', 'Dunmore', 'Elmstead', 'Fairview', 'Glenwood', 'Harbourne', 'Ivybridge', 'Juniper Vale',
  'Kingsmead', 'Larkfield', 'Millbrook', 'Northgate', 'Oakridge', 'Pinehurst', 'Queensbury', 'Riverside', 'Stonebridge', 'Thornbury',
  'Upton', 'Valleyfield', 'Westbrook', 'Yarrow', 'Ambleside', 'Birchwood', 'Clearwater', 'Dalston', 'Eastleigh', 'Foxhill',
  'Greenhaven', 'Hollowell', 'Ironbridge', 'Kestrel Park', 'Lindford', 'Marlow', 'Newhaven', 'Old Mill', 'Parkside', 'Redcliffe',
  'Southwold', 'Tidewater', 'Underhill', 'Willowby', 'Ashbourne', 'Bramley', 'Castleford', 'Deepdale', 'Elmhurst', 'Fernlea',
  'Goldcrest', 'Highfield', 'Kirkby', 'Lowmoor', 'Meadowbank', 'Norbury', 'Orchard Green', 'Primrose Hill', 'Rosedale', 'Seacroft',
] as const;

/** Normal daily maximum temperature of a region on a day of year (coldest mid-January). */
function normalTempMaxC(region: RegionClimate, dayOfYear: number): number {
  return region.meanTempMaxC - region.tempAmplitudeC * Math.cos((2 * Math.PI * (dayOfYear - 15)) / 365.25);
}

/** `value` rounded to `digits` decimals, as the simulator stores its numbers. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}


/** Everything the simulator produces for one run: the inputs the feature rows are built from. */
export interface SimulatedWorld {
  cal: DayCalendar;
  weatherByRegion: Map<string, RegionWeather>;
  chain: ChainPlan;
  stores: StoreProfile[];
  /** Daily customers per store, same order as `stores`. */
  customers: Int32Array[];
  plans: StorePlan[];
}

/**
 * Simulates `storeCount` stores over `days` days from `firstDay` (epoch day).
 * Each store runs on its own random streams, so adding stores leaves earlier ones unchanged.
 */
export function simulateWorld(seed: number, storeCount: number, firstDay: number, days: number): SimulatedWorld {
  // 1-3: the world every store shares.
  const cal = buildDayCalendar(firstDay, days);
  const weatherByRegion = new Map(REGIONS.map((region) => [region.name, simulateRegion(seed, region, cal)]));
  const chain = planChain(seed, cal);

  // 4: each store: attributes, planned happenings, daily counts.
  const stores: StoreProfile[] = [];
  const customers: Int32Array[] = [];
  const plans: StorePlan[] = [];
  for (let s = 0; s < storeCount; s++) {
    const store = createStore(seed, s, firstDay, days);
    const plan = planStore(seed, s, store, cal, chain);
    customers.push(simulateCustomers(seed, s, store, cal, weatherByRegion.get(store.region)!, chain, plan));
    stores.push(store);
    plans.push(plan);
  }
  return { cal, weatherByRegion, chain, stores, customers, plans };
}


// ---------------------------------------------------------------------------
// 1. Calendar shared by all stores
// ---------------------------------------------------------------------------

export interface DayCalendar {
  epochDay: Int32Array;
  weekday: Int8Array; // ISO 1-7
  month: Int8Array;
  dayOfMonth: Int8Array;
  dayOfYear: Int16Array;
  holiday: Uint8Array;
  holidayName: (string | null)[];
  dayBeforeHoliday: Uint8Array;
  dayAfterHoliday: Uint8Array;
  bridgeDay: Uint8Array;
  daysUntilNextHoliday: Int8Array;
  daysSinceLastHoliday: Int8Array;
  holidaysInNext7Days: Int8Array;
  holidaysInLast7Days: Int8Array;
  schoolHoliday: Uint8Array;
  christmasEve: Uint8Array;
  newYearsEve: Uint8Array;
  daysUntilChristmas: Int16Array;
  payday: Uint8Array;
  benefitDay: Uint8Array;
  daysSincePayday: Int8Array;
  daysUntilPayday: Int8Array;
  monthEnd: Uint8Array;
}

function buildDayCalendar(firstDay: number, days: number): DayCalendar {
  const index = buildCalendar(firstDay, firstDay + days - 1);
  const isHoliday = (day: number): boolean => index.holidays.has(day);
  const isPayday = new Set(index.paydays);
  const cal: DayCalendar = {
    epochDay: new Int32Array(days),
    weekday: new Int8Array(days),
    month: new Int8Array(days),
    dayOfMonth: new Int8Array(days),
    dayOfYear: new Int16Array(days),
    holiday: new Uint8Array(days),
    holidayName: [],
    dayBeforeHoliday: new Uint8Array(days),
    dayAfterHoliday: new Uint8Array(days),
    bridgeDay: new Uint8Array(days),
    daysUntilNextHoliday: new Int8Array(days),
    daysSinceLastHoliday: new Int8Array(days),
    holidaysInNext7Days: new Int8Array(days),
    holidaysInLast7Days: new Int8Array(days),
    schoolHoliday: new Uint8Array(days),
    christmasEve: new Uint8Array(days),
    newYearsEve: new Uint8Array(days),
    daysUntilChristmas: new Int16Array(days),
    payday: new Uint8Array(days),
    benefitDay: new Uint8Array(days),
    daysSincePayday: new Int8Array(days),
    daysUntilPayday: new Int8Array(days),
    monthEnd: new Uint8Array(days),
  };
  for (let i = 0; i < days; i++) {
    const day = firstDay + i;
    const { year, month, day: dayOfMonth } = partsOf(day);
    const weekday = isoWeekdayOf(day);
    cal.epochDay[i] = day;
    cal.weekday[i] = weekday;
    cal.month[i] = month;
    cal.dayOfMonth[i] = dayOfMonth;
    cal.dayOfYear[i] = dayOfYearOf(day);
    cal.holiday[i] = isHoliday(day) ? 1 : 0;
    cal.holidayName.push(index.holidayNames.get(day) ?? null);
    cal.dayBeforeHoliday[i] = !isHoliday(day) && isHoliday(day + 1) ? 1 : 0;
    cal.dayAfterHoliday[i] = !isHoliday(day) && isHoliday(day - 1) ? 1 : 0;
    const workday = weekday <= 5 && !isHoliday(day);
    const fridayAfterHoliday = weekday === 5 && isHoliday(day - 1);
    const mondayBeforeHoliday = weekday === 1 && isHoliday(day + 1);
    cal.bridgeDay[i] = workday && (fridayAfterHoliday || mondayBeforeHoliday) ? 1 : 0;
    let until = 0;
    while (until < 30 && !isHoliday(day + until)) until++;
    cal.daysUntilNextHoliday[i] = until;
    let since = 0;
    while (since < 30 && !isHoliday(day - since)) since++;
    cal.daysSinceLastHoliday[i] = since;
    let next7 = 0;
    let last7 = 0;
    for (let k = 0; k < 7; k++) {
      if (isHoliday(day + k)) next7++;
      if (isHoliday(day - k)) last7++;
    }
    cal.holidaysInNext7Days[i] = next7;
    cal.holidaysInLast7Days[i] = last7;
    cal.schoolHoliday[i] = isSchoolHoliday(day) ? 1 : 0;
    cal.christmasEve[i] = month === 12 && dayOfMonth === 24 ? 1 : 0;
    cal.newYearsEve[i] = month === 12 && dayOfMonth === 31 ? 1 : 0;
    const christmasThisYear = Date.UTC(year, 11, 25) / 86_400_000;
    const nextChristmas = day <= christmasThisYear ? christmasThisYear : Date.UTC(year + 1, 11, 25) / 86_400_000;
    cal.daysUntilChristmas[i] = Math.min(60, nextChristmas - day);
    cal.payday[i] = isPayday.has(day) ? 1 : 0;
    cal.benefitDay[i] = index.benefitDays.has(day) ? 1 : 0;
    let sincePay = 0;
    while (!isPayday.has(day - sincePay)) sincePay++;
    cal.daysSincePayday[i] = sincePay;
    let untilPay = 0;
    while (!isPayday.has(day + untilPay)) untilPay++;
    cal.daysUntilPayday[i] = untilPay;
    cal.monthEnd[i] = dayOfMonth > daysInMonthOf(day) - 3 ? 1 : 0;
  }
  return cal;
}

// ---------------------------------------------------------------------------
// 2. Weather and forecasts per region
// ---------------------------------------------------------------------------

export interface RegionWeather {
  tempMaxC: Float64Array;
  precipMm: Float64Array;
  snowCm: Float64Array;
  windKmh: Float64Array;
  sunshineHours: Float64Array;
  forecastTempMaxC: Float64Array;
  forecastTempMinC: Float64Array;
  forecastTempAnomalyC: Float64Array;
  forecastPrecipMm: Float64Array;
  forecastPrecipProbabilityPct: Float64Array;
  forecastSnowCm: Float64Array;
  forecastWindKmh: Float64Array;
  forecastSunshineHours: Float64Array;
  forecastHumidityPct: Float64Array;
  /** Log-scale shock shared by the region's stores (local news, a heatwave mood, ...). */
  regionalShock: Float64Array;
  competitorPromo: Uint8Array;
}

function simulateRegion(seed: number, region: RegionClimate, cal: DayCalendar): RegionWeather {
  const days = cal.epochDay.length;
  const rng = new Rng(seed, `weather:${region.name}`);
  const market = new Rng(seed, `region-market:${region.name}`);
  const w: RegionWeather = {
    tempMaxC: new Float64Array(days),
    precipMm: new Float64Array(days),
    snowCm: new Float64Array(days),
    windKmh: new Float64Array(days),
    sunshineHours: new Float64Array(days),
    forecastTempMaxC: new Float64Array(days),
    forecastTempMinC: new Float64Array(days),
    forecastTempAnomalyC: new Float64Array(days),
    forecastPrecipMm: new Float64Array(days),
    forecastPrecipProbabilityPct: new Float64Array(days),
    forecastSnowCm: new Float64Array(days),
    forecastWindKmh: new Float64Array(days),
    forecastSunshineHours: new Float64Array(days),
    forecastHumidityPct: new Float64Array(days),
    regionalShock: new Float64Array(days),
    competitorPromo: new Uint8Array(days),
  };
  let anomaly = 0;
  let wetYesterday = false;
  for (let i = 0; i < days; i++) {
    const doy = cal.dayOfYear[i]!;
    const season = Math.cos((2 * Math.PI * (doy - 15)) / 365.25); // 1 in mid-January, -1 in mid-July
    anomaly = 0.75 * anomaly + rng.normal(0, 2.2);
    const pWet = clamp((wetYesterday ? 0.58 : 0.24) + 0.06 * season + region.wetness, 0.05, 0.9);
    const wet = rng.chance(pWet);
    wetYesterday = wet;
    const precip = wet ? rng.exponential(4.2 + 10 * region.wetness) : 0;
    const normal = normalTempMaxC(region, doy);
    const tempMax = normal + anomaly - (wet ? 1.5 : 0);
    const snow = wet && tempMax < 2 ? precip * 0.9 : 0;
    const storm = rng.chance(0.004 + 0.008 * Math.max(0, season));
    const wind = 12 + 6 * Math.max(0, season) + rng.exponential(6) + (wet ? 5 : 0) + (storm ? rng.uniform(40, 70) : 0);
    const dayLength = 12 - 4 * Math.cos((2 * Math.PI * (doy + 10)) / 365.25);
    const cloud = wet ? rng.uniform(0.6, 1) : rng.uniform(0, 0.7);
    const sunshine = dayLength * (1 - cloud) * 0.9;
    const tempMin = tempMax - (4 + 8 * (1 - cloud));
    const humidity = clamp(55 + 30 * cloud + rng.normal(0, 5), 20, 100);
    w.tempMaxC[i] = round(tempMax, 1);
    w.precipMm[i] = round(precip, 1);
    w.snowCm[i] = round(snow, 1);
    w.windKmh[i] = round(wind, 1);
    w.sunshineHours[i] = round(sunshine, 1);

    // The forecast for day i, issued the evening before: right on average, wrong on the day.
    const fTempMax = tempMax + rng.normal(0, 1.4);
    const fTempMin = tempMin + rng.normal(0, 1.6);
    const spuriousRain = rng.chance(0.12) ? rng.uniform(0.2, 3) : 0;
    const fPrecip = wet ? precip * rng.logNormal(0, 0.45) : spuriousRain;
    const fProbability = fPrecip > 0 ? clamp(40 + 8 * fPrecip + rng.normal(0, 8), 5, 98) : clamp(8 + rng.normal(0, 5), 0, 30);
    const fSnow = snow > 0 ? snow * rng.logNormal(0, 0.4) : fPrecip > 0 && fTempMax < 1 ? fPrecip * 0.5 : 0;
    w.forecastTempMaxC[i] = round(fTempMax, 1);
    w.forecastTempMinC[i] = round(fTempMin, 1);
    w.forecastTempAnomalyC[i] = round(fTempMax - normal, 1);
    w.forecastPrecipMm[i] = round(fPrecip, 1);
    w.forecastPrecipProbabilityPct[i] = Math.round(fProbability);
    w.forecastSnowCm[i] = round(fSnow, 1);
    w.forecastWindKmh[i] = round(Math.max(0, wind + rng.normal(0, 5)), 1);
    w.forecastSunshineHours[i] = round(clamp(sunshine + rng.normal(0, 1.5), 0, dayLength), 1);
    w.forecastHumidityPct[i] = Math.round(clamp(humidity + rng.normal(0, 6), 20, 100));

    w.regionalShock[i] = market.normal(0, NOISE.regionalShockSd);
    w.competitorPromo[i] = market.chance(0.07) ? 1 : 0;
  }
  return w;
}

// ---------------------------------------------------------------------------
// 3. Chain-wide promotions, loyalty bonus days, televised finals
// ---------------------------------------------------------------------------

export interface ChainPlan {
  promoId: Int32Array; // -1 when none
  promoFirstDay: Uint8Array;
  promoDaysRemaining: Int8Array;
  promoDiscountPct: Float64Array;
  promoItems: Int32Array;
  daysSinceLastPromo: Int8Array;
  loyaltyMultiplier: Int8Array;
  sportsFinal: Uint8Array;
}

function planChain(seed: number, cal: DayCalendar): ChainPlan {
  const days = cal.epochDay.length;
  const rng = new Rng(seed, 'chain');
  const plan: ChainPlan = {
    promoId: new Int32Array(days).fill(-1),
    promoFirstDay: new Uint8Array(days),
    promoDaysRemaining: new Int8Array(days),
    promoDiscountPct: new Float64Array(days),
    promoItems: new Int32Array(days),
    daysSinceLastPromo: new Int8Array(days),
    loyaltyMultiplier: new Int8Array(days).fill(1),
    sportsFinal: new Uint8Array(days),
  };
  let promoCount = 0;
  let nextStart = rng.int(3, 14);
  while (nextStart < days) {
    const length = rng.int(3, 7);
    const discount = round(rng.uniform(10, 40), 1);
    const items = rng.int(20, 220);
    for (let k = 0; k < length && nextStart + k < days; k++) {
      const i = nextStart + k;
      plan.promoId[i] = promoCount;
      plan.promoFirstDay[i] = k === 0 ? 1 : 0;
      plan.promoDaysRemaining[i] = length - k;
      plan.promoDiscountPct[i] = discount;
      plan.promoItems[i] = items;
    }
    promoCount++;
    nextStart += length + rng.int(8, 20);
  }
  let since = 60;
  for (let i = 0; i < days; i++) {
    since = plan.promoId[i]! >= 0 ? 0 : Math.min(60, since + 1);
    plan.daysSinceLastPromo[i] = since;
    if (rng.chance(0.03)) plan.loyaltyMultiplier[i] = rng.chance(0.7) ? 2 : 5;
    const weekday = cal.weekday[i]!;
    if ((weekday === 3 || weekday >= 6) && rng.chance(0.04)) plan.sportsFinal[i] = 1;
  }
  return plan;
}

// ---------------------------------------------------------------------------
// 4. Stores: attributes, planned happenings, daily counts
// ---------------------------------------------------------------------------

function createStore(seed: number, index: number, firstDay: number, days: number): StoreProfile {
  const rng = new Rng(seed, `store:${index}:profile`);
  const type: StoreType = rng.pick(['urban', 'urban', 'suburban', 'suburban', 'suburban', 'rural', 'rural'] as const);
  const region = REGIONS[index % REGIONS.length]!.name;
  const town = TOWNS[index % TOWNS.length]!;
  const round2 = Math.floor(index / TOWNS.length);
  const name = `FreshCo ${town}${round2 > 0 ? ` ${round2 + 1}` : ''}`;
  const salesAreaM2 = Math.round(
    type === 'urban' ? rng.uniform(400, 1600) : type === 'suburban' ? rng.uniform(1000, 3800) : rng.uniform(600, 2000),
  );
  const parkingSpaces = Math.round(type === 'urban' ? rng.uniform(0, 40) : type === 'suburban' ? rng.uniform(80, 400) : rng.uniform(30, 150));
  const catchmentPopulationK = round(
    type === 'urban' ? rng.uniform(25, 90) : type === 'suburban' ? rng.uniform(15, 60) : rng.uniform(4, 20),
    1,
  );
  const medianHouseholdIncomeK = round(rng.uniform(24, 70), 1);
  const initialCompetitors = type === 'urban' ? rng.int(2, 6) : type === 'suburban' ? rng.int(1, 4) : rng.int(0, 2);
  const distanceToCityCentreKm = round(type === 'urban' ? rng.uniform(0.2, 3) : type === 'suburban' ? rng.uniform(3, 12) : rng.uniform(10, 45), 1);
  const checkoutLanes = Math.max(3, Math.round(salesAreaM2 / 260 + rng.uniform(-1, 2)));
  const hasBakery = rng.chance(type === 'rural' ? 0.4 : 0.7);
  const hasPharmacy = rng.chance(0.3);
  const ageAtStartYears = rng.uniform(0.5, 35);
  const openedOn = isoDateOf(firstDay - Math.round(ageAtStartYears * 365.25));
  const competitorOpensOn = rng.chance(0.25) ? isoDateOf(firstDay + rng.int(200, days - 60)) : null;
  const marketWeekday = rng.chance(0.35) ? rng.pick([2, 3, 5, 6]) : null;

  const logBase =
    Math.log(1050) +
    0.65 * Math.log(salesAreaM2 / 1500) +
    0.3 * Math.log(catchmentPopulationK / 35) +
    0.05 * Math.log1p(parkingSpaces / 100) +
    (type === 'urban' ? 0.05 : 0) +
    (hasBakery ? 0.05 : 0) +
    (hasPharmacy ? 0.03 : 0) -
    0.045 * initialCompetitors +
    rng.normal(0, 0.08);
  const shift = type === 'urban' ? EFFECTS.urbanWeekdayShift : type === 'rural' ? EFFECTS.ruralWeekdayShift : null;
  const weekdayEffects = EFFECTS.weekday.map((effect, d) => round(effect + (shift?.[d] ?? 0) + rng.normal(0, 0.03), 4));
  const youngStoreBoost = ageAtStartYears < 3 ? 0.04 : 0;
  const trendPerYear = round(rng.normal(0.01, 0.02) + youngStoreBoost, 4);
  return {
    storeId: `S${String(index + 1).padStart(3, '0')}`,
    name,
    region,
    type,
    salesAreaM2,
    parkingSpaces,
    catchmentPopulationK,
    medianHouseholdIncomeK,
    initialCompetitors,
    distanceToCityCentreKm,
    checkoutLanes,
    hasBakery,
    hasPharmacy,
    openedOn,
    competitorOpensOn,
    marketWeekday,
    latent: { baseCustomers: Math.round(Math.exp(logBase)), trendPerYear, weekdayEffects },
  };
}

export interface StorePlan {
  eventAttendanceK: Float64Array; // 0 when no event
  eventDistanceKm: Float64Array; // 10 when no event
  specialOffer: Uint8Array;
  roadworks: Uint8Array;
  market: Uint8Array;
  openingHours: Float64Array;
  flyerHouseholdsK: Float64Array;
}

function planStore(seed: number, index: number, store: StoreProfile, cal: DayCalendar, chain: ChainPlan): StorePlan {
  const days = cal.epochDay.length;
  const rng = new Rng(seed, `store:${index}:plan`);
  const plan: StorePlan = {
    eventAttendanceK: new Float64Array(days),
    eventDistanceKm: new Float64Array(days).fill(10),
    specialOffer: new Uint8Array(days),
    roadworks: new Uint8Array(days),
    market: new Uint8Array(days),
    openingHours: new Float64Array(days),
    flyerHouseholdsK: new Float64Array(days),
  };
  const flyerReachByPromo = new Map<number, number>();
  let roadworksLeft = 0;
  const weekdayHours = store.type === 'urban' ? 15 : store.type === 'suburban' ? 14 : 12;
  for (let i = 0; i < days; i++) {
    if (rng.chance(0.05)) {
      plan.eventAttendanceK[i] = round(Math.min(60, rng.logNormal(Math.log(1.5), 0.9)), 1);
      plan.eventDistanceKm[i] = round(rng.uniform(0.2, 8), 1);
    }
    plan.specialOffer[i] = rng.chance(0.05) ? 1 : 0;
    if (roadworksLeft === 0 && rng.chance(1 / 400)) roadworksLeft = rng.int(5, 40);
    if (roadworksLeft > 0) {
      plan.roadworks[i] = 1;
      roadworksLeft--;
    }
    plan.market[i] = store.marketWeekday === cal.weekday[i] && cal.holiday[i] === 0 ? 1 : 0;
    const weekday = cal.weekday[i]!;
    plan.openingHours[i] =
      cal.christmasEve[i] === 1 ? 7 : cal.newYearsEve[i] === 1 ? 9 : cal.holiday[i] === 1 ? 5 : weekday === 7 ? (store.type === 'urban' ? 8 : 6) : weekday === 6 ? Math.min(14, weekdayHours) : weekdayHours;
    const promo = chain.promoId[i]!;
    if (promo >= 0) {
      let reach = flyerReachByPromo.get(promo);
      if (reach === undefined) {
        reach = round(store.catchmentPopulationK * 0.45 * rng.uniform(0.2, 0.6), 1);
        flyerReachByPromo.set(promo, reach);
      }
      plan.flyerHouseholdsK[i] = reach;
    }
  }
  return plan;
}

/** Log-scale expected count of store on day i, before noise. */
function expectedLogCustomers(
  store: StoreProfile,
  i: number,
  cal: DayCalendar,
  weather: RegionWeather,
  chain: ChainPlan,
  plan: StorePlan,
  competitorDay: number | null,
): number {
  const weekday = cal.weekday[i]!;
  const day = cal.epochDay[i]!;
  const dayOfYear = cal.dayOfYear[i]!;
  const month = cal.month[i]!;
  const dayOfMonth = cal.dayOfMonth[i]!;
  let log = Math.log(store.latent.baseCustomers);
  log += store.latent.trendPerYear * (i / 365.25);
  log += EFFECTS.openingHoursElasticity * Math.log(plan.openingHours[i]! / EFFECTS.referenceOpeningHours);
  log += store.latent.weekdayEffects[weekday - 1]!;

  // Yearly cycle peaking at Christmas, the pre-Christmas ramp, and the quiet start of January.
  log += EFFECTS.yearlyAmplitude * Math.cos((2 * Math.PI * (dayOfYear - 355)) / 365.25);
  if (month === 12 && dayOfMonth <= 23) log += EFFECTS.christmasRamp * Math.max(0, 1 - (24 - dayOfMonth) / 24);
  if (month === 12 && dayOfMonth >= 27 && dayOfMonth <= 30) log += EFFECTS.betweenChristmasAndNewYear;
  if (month === 1 && dayOfMonth >= 2 && dayOfMonth <= 15) log += EFFECTS.januarySlump;

  // Holidays.
  if (cal.holiday[i] === 1) log += weekday === 7 ? EFFECTS.holidayOnSunday : EFFECTS.holiday;
  if (cal.dayBeforeHoliday[i] === 1) log += EFFECTS.dayBeforeHoliday;
  if (cal.dayAfterHoliday[i] === 1) log += EFFECTS.dayAfterHoliday;
  if (cal.christmasEve[i] === 1) log += EFFECTS.christmasEve;
  if (cal.newYearsEve[i] === 1) log += EFFECTS.newYearsEve;
  if (cal.bridgeDay[i] === 1) log += store.type === 'urban' ? EFFECTS.bridgeDayUrban : EFFECTS.bridgeDayElsewhere;
  if (cal.schoolHoliday[i] === 1) log += EFFECTS.schoolHoliday[store.type];

  // The weather that actually happens (the model only sees the forecast).
  const tempMax = weather.tempMaxC[i]!;
  log += EFFECTS.rainPerMm * Math.min(30, weather.precipMm[i]!);
  log += EFFECTS.snowPerCm * Math.min(20, weather.snowCm[i]!);
  if (tempMax > 22 && tempMax < 30) log += EFFECTS.warmthPerDegreeAbove22 * (tempMax - 22);
  if (tempMax >= 30) log += EFFECTS.warmthPerDegreeAbove22 * 8 + EFFECTS.heatPerDegreeAbove30 * (tempMax - 30);
  if (tempMax < 0) log += EFFECTS.coldPerDegreeBelow0 * -tempMax;
  if (weather.windKmh[i]! >= 60) log += EFFECTS.storm;
  if (weekday >= 6) log += EFFECTS.weekendSunshinePerHour * weather.sunshineHours[i]!;

  // Promotions.
  if (chain.promoId[i]! >= 0) {
    log += EFFECTS.promo + EFFECTS.promoPerDiscountPct * chain.promoDiscountPct[i]! + EFFECTS.promoPerItem * chain.promoItems[i]!;
    log += EFFECTS.flyerPerThousandHouseholds * plan.flyerHouseholdsK[i]!;
    if (chain.promoFirstDay[i] === 1) log += EFFECTS.promoFirstDay;
  }
  if (plan.specialOffer[i] === 1) log += EFFECTS.storeSpecialOffer;
  log += EFFECTS.loyaltyPerExtraMultiple * (chain.loyaltyMultiplier[i]! - 1);
  if (weather.competitorPromo[i] === 1) log += EFFECTS.competitorPromo;

  // Local happenings.
  const attendance = plan.eventAttendanceK[i]!;
  if (attendance > 0) {
    log += EFFECTS.localEventPerLogAttendance * Math.log1p(attendance) * Math.exp(-plan.eventDistanceKm[i]! / EFFECTS.localEventDistanceScaleKm);
  }
  if (chain.sportsFinal[i] === 1) log += EFFECTS.sportsFinal;
  if (plan.market[i] === 1) log += EFFECTS.marketDay;
  if (plan.roadworks[i] === 1) log += EFFECTS.roadworks;

  // Money in wallets.
  const sincePay = cal.daysSincePayday[i]!;
  if (sincePay === 0) log += EFFECTS.payday;
  if (sincePay === 1) log += EFFECTS.paydayNextDay;
  if (sincePay === 2) log += EFFECTS.paydaySecondDay;
  log += EFFECTS.perDaySincePayday * sincePay;
  if (cal.benefitDay[i] === 1) log += EFFECTS.benefitDayAtIncome35K * (35 / store.medianHouseholdIncomeK);
  if (cal.monthEnd[i] === 1) log += EFFECTS.monthEnd;

  // A new competitor takes customers over its first month.
  if (competitorDay !== null && day >= competitorDay) log += EFFECTS.competitorOpening * Math.min(1, (day - competitorDay) / 30);
  return log;
}

function simulateCustomers(
  seed: number,
  index: number,
  store: StoreProfile,
  cal: DayCalendar,
  weather: RegionWeather,
  chain: ChainPlan,
  plan: StorePlan,
): Int32Array {
  const days = cal.epochDay.length;
  const rng = new Rng(seed, `store:${index}:noise`);
  const counts = new Int32Array(days);
  const competitorDay = store.competitorOpensOn === null ? null : epochDayOf(store.competitorOpensOn);
  let mood = 0;
  for (let i = 0; i < days; i++) {
    mood = NOISE.storeMoodPersistence * mood + rng.normal(0, NOISE.storeMoodInnovationSd);
    let log = expectedLogCustomers(store, i, cal, weather, chain, plan, competitorDay);
    log += mood + weather.regionalShock[i]! + rng.normal(0, NOISE.dailyShockSd);
    if (rng.chance(NOISE.disruptionChance)) log += EFFECTS.disruption;
    const mean = Math.exp(log);
    counts[i] = Math.max(1, Math.round(mean + Math.sqrt(mean) * rng.normal()));
  }
  return counts;
}

