/** Dutch (nl-BE) wording of days and instants in mails, on top of the rules module's formats. */
import { calendarDateAt, formatDutchDate, formatDutchDateTime, type CalendarDate } from '#domain/rules/index.ts';

export { formatDutchDate, formatDutchDateTime };

/** The Brussels day of an instant, written out: "28 november 2026". */
export function formatDutchDay(instant: string | Date): string {
  return formatDutchDate(calendarDateAt(typeof instant === 'string' ? new Date(instant) : instant));
}

const weekday = new Intl.DateTimeFormat('nl-BE', { timeZone: 'UTC', weekday: 'long' });

/** A day with its weekday: "maandag 14 december 2026". */
export function formatDutchDateWithWeekday(date: CalendarDate): string {
  return `${weekday.format(new Date(`${date}T00:00:00Z`))} ${formatDutchDate(date)}`;
}
