/**
 * Calendar days as the register counts them.
 *
 * Every date in the register is a calendar day written `YYYY-MM-DD`. The procedure's texts speak
 * of days without saying which ones; we take the plain reading: calendar days (weekends and public
 * holidays count like any other day), in the Europe/Brussels time zone. This file is the one place
 * that choice is made. Pure: no clock is read here — "now" is always passed in.
 */

/** The time zone in which the register decides what day it is. */
export const REGISTER_TIME_ZONE = 'Europe/Brussels';

/** A calendar day, `YYYY-MM-DD`. */
export type CalendarDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar day written `YYYY-MM-DD` (so 2025-02-29 is not). */
export function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Midnight UTC of days already checked. A register reads the same few thousand days over and
 * over (every recognition's start, end and yearly figures), and checking each again was a
 * measurable part of reading the register for a publication.
 */
const checkedDays = new Map<string, number>();

function toUtc(date: CalendarDate): Date {
  let time = checkedDays.get(date);
  if (time === undefined) {
    if (!isCalendarDate(date)) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
    time = Date.parse(`${date}T00:00:00Z`);
    if (checkedDays.size >= 50_000) checkedDays.clear();
    checkedDays.set(date, time);
  }
  return new Date(time);
}

function fromUtc(date: Date): CalendarDate {
  return date.toISOString().slice(0, 10);
}

/** The day `days` calendar days after `date` (before it when negative). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/**
 * The same day `years` later. A 29 February that does not exist in the target year becomes
 * 1 March, so that a period "of five years from 29 February" still lasts five full years.
 */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  const d = toUtc(date);
  d.setUTCFullYear(d.getUTCFullYear() + years); // Date rolls 29 Feb over to 1 Mar by itself
  return fromUtc(d);
}

/** The same day `months` later; a day the target month does not have becomes its last day (31 August + 6 months = 28 or 29 February). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const d = toUtc(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return fromUtc(d);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

/** Negative, zero or positive as `a` is before, on or after `b`. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The calendar year of a day. */
export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}

/** 1 January of `year`. */
export function firstDayOfYear(year: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-01-01`;
}

/** 31 December of `year`. */
export function lastDayOfYear(year: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-12-31`;
}

const dayFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: REGISTER_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Brussels at the given instant. */
export function calendarDateAt(instant: Date): CalendarDate {
  return dayFormatter.format(instant);
}

const dutchLong = new Intl.DateTimeFormat('nl-BE', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** A day written out in Dutch, e.g. "1 januari 2028". */
export function formatDutchDate(date: CalendarDate): string {
  // A publication writes the same few thousand days hundreds of thousands of times.
  let text = dutchDates.get(date);
  if (text === undefined) {
    text = dutchLong.format(toUtc(date));
    if (dutchDates.size >= 50_000) dutchDates.clear();
    dutchDates.set(date, text);
  }
  return text;
}

const dutchDates = new Map<CalendarDate, string>();

const DATE_TIME_OPTIONS: Intl.DateTimeFormatOptions = {
  timeZone: REGISTER_TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
};
const dutchDateTime = new Intl.DateTimeFormat('nl-BE', DATE_TIME_OPTIONS);

const dutchDateTimeToTheSecond = new Intl.DateTimeFormat('nl-BE', { ...DATE_TIME_OPTIONS, second: '2-digit' });

/**
 * An instant written out in Dutch in Brussels time, e.g. "28 november 2026 om 14:05"; to the
 * second ("… om 14:05:09") where two moments a minute apart must be told apart (publications).
 */
export function formatDutchDateTime(instant: Date | string, options: { seconds?: boolean } = {}): string {
  return (options.seconds ? dutchDateTimeToTheSecond : dutchDateTime).format(typeof instant === 'string' ? new Date(instant) : instant);
}

const DUTCH_NUMBERS = ['nul', 'een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien', 'elf', 'twaalf'];

/** A small whole number written out in Dutch ("twee", "zes"); larger ones as digits. */
export function dutchNumber(n: number): string {
  return Number.isInteger(n) && n >= 0 && n < DUTCH_NUMBERS.length ? DUTCH_NUMBERS[n] : n.toLocaleString('nl-BE');
}
