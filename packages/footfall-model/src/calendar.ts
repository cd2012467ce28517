/**
 * The calendar of the simulated country: public holidays, school holidays, paydays and
 * the date arithmetic the generator needs.
 *
 * Days are integers counted from 1970-01-01 (UTC), so there are no time zones or
 * daylight-saving hours to get wrong. The holiday list is loosely Western-European:
 * fixed dates plus the Easter-based ones that move every year, which is what makes
 * "holiday tomorrow" hard for naive baselines. Edit this file to change which days are
 * holidays or when salaries arrive; the generator and features follow automatically.
 */

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for an ISO date `YYYY-MM-DD`. */
export function epochDayOf(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`Expected a YYYY-MM-DD date, got "${isoDate}"`);
  const [, y, m, d] = match;
  const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const day = ms / MS_PER_DAY;
  if (isoDateOf(day) !== isoDate) throw new RangeError(`Not a calendar date: "${isoDate}"`);
  return day;
}

/** ISO date `YYYY-MM-DD` of an epoch day. */
export function isoDateOf(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Year, month (1-12) and day of month (1-31) of an epoch day. */
export function partsOf(epochDay: number): { year: number; month: number; day: number } {
  const date = new Date(epochDay * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. (1970-01-01 was a Thursday.) */
export function isoWeekdayOf(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

/** Day of the year, 1-366. */
export function dayOfYearOf(epochDay: number): number {
  const { year } = partsOf(epochDay);
  return epochDay - Date.UTC(year, 0, 1) / MS_PER_DAY + 1;
}

/** Number of days in the month of an epoch day. */
export function daysInMonthOf(epochDay: number): number {
  const { year, month } = partsOf(epochDay);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSundayOf(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(year, month, day);
}

/** A named public holiday. Stores open with short hours and see about half their usual customers. */
export interface Holiday {
  epochDay: number;
  name: string;
}

/** The public holidays of one year, in date order. */
export function publicHolidaysOf(year: number): Holiday[] {
  const easter = easterSundayOf(year);
  const holidays: Holiday[] = [
    { epochDay: dayOf(year, 1, 1), name: "New Year's Day" },
    { epochDay: easter - 2, name: 'Good Friday' },
    { epochDay: easter, name: 'Easter Sunday' },
    { epochDay: easter + 1, name: 'Easter Monday' },
    { epochDay: dayOf(year, 5, 1), name: 'Labour Day' },
    { epochDay: easter + 39, name: 'Ascension Day' },
    { epochDay: easter + 49, name: 'Whit Sunday' },
    { epochDay: easter + 50, name: 'Whit Monday' },
    { epochDay: dayOf(year, 10, 3), name: 'National Day' },
    { epochDay: dayOf(year, 12, 25), name: 'Christmas Day' },
    { epochDay: dayOf(year, 12, 26), name: 'Boxing Day' },
  ];
  return holidays.sort((x, y) => x.epochDay - y.epochDay);
}

/** True when the day falls in a school holiday (winter week, Easter fortnight, summer, autumn week, Christmas). */
export function isSchoolHoliday(epochDay: number): boolean {
  const { year, month, day } = partsOf(epochDay);
  const easter = easterSundayOf(year);
  if (epochDay >= easter - 8 && epochDay <= easter + 7) return true;
  if (month === 7 && day >= 15) return true;
  if (month === 8) return true;
  if (month === 12 && day >= 23) return true;
  if (month === 1 && day <= 6) return true;
  const week = isoWeekOf(epochDay);
  return week === 8 || week === 43;
}

/** ISO 8601 week number (1-53). */
export function isoWeekOf(epochDay: number): number {
  const thursday = epochDay - isoWeekdayOf(epochDay) + 4;
  const { year } = partsOf(thursday);
  return Math.floor((thursday - dayOf(year, 1, 1)) / 7) + 1;
}

/** A day on which shops and banks work: Monday to Friday and not a public holiday. */
export function isBusinessDay(epochDay: number, holidays: ReadonlySet<number>): boolean {
  return isoWeekdayOf(epochDay) <= 5 && !holidays.has(epochDay);
}

/**
 * Salary day of a month: the 25th, or the last business day before it when the 25th is
 * a weekend or holiday (employers pay early, never late).
 */
export function paydayOf(year: number, month: number, holidays: ReadonlySet<number>): number {
  let day = dayOf(year, month, 25);
  while (!isBusinessDay(day, holidays)) day--;
  return day;
}

/** Benefit payment day of a month: the first business day. */
export function benefitDayOf(year: number, month: number, holidays: ReadonlySet<number>): number {
  let day = dayOf(year, month, 1);
  while (!isBusinessDay(day, holidays)) day++;
  return day;
}

/** Every public holiday, payday and benefit day between two epoch days, with margins for look-ahead. */
export interface CalendarIndex {
  holidays: ReadonlySet<number>;
  holidayNames: ReadonlyMap<number, string>;
  paydays: readonly number[];
  benefitDays: ReadonlySet<number>;
}

/** Builds the calendar for `[firstDay, lastDay]`, one year wider on both sides so look-ups never fall off the edge. */
export function buildCalendar(firstDay: number, lastDay: number): CalendarIndex {
  const firstYear = partsOf(firstDay).year - 1;
  const lastYear = partsOf(lastDay).year + 1;
  const holidayNames = new Map<number, string>();
  for (let year = firstYear; year <= lastYear; year++) {
    for (const holiday of publicHolidaysOf(year)) holidayNames.set(holiday.epochDay, holiday.name);
  }
  const holidays = new Set(holidayNames.keys());
  const paydays: number[] = [];
  const benefitDays = new Set<number>();
  for (let year = firstYear; year <= lastYear; year++) {
    for (let month = 1; month <= 12; month++) {
      paydays.push(paydayOf(year, month, holidays));
      benefitDays.add(benefitDayOf(year, month, holidays));
    }
  }
  return { holidays, holidayNames, paydays, benefitDays };
}
