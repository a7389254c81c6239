/**
 * How long an API token made in the portal works: until a last day the person chooses, after
 * today and at most {@link TOKEN_MAX_DAYS} ahead (a forgotten token must run out by itself); the
 * form proposes {@link TOKEN_DEFAULT_DAYS}. A token works through its last day in Brussels and
 * stops at the midnight after it. (Tokens made on the command line may have no end.)
 */
import { addDays, calendarDateAt, type CalendarDate } from './calendar.ts';

/** The longest a token made in the portal may work, in days. */
export const TOKEN_MAX_DAYS = 730;
/** What the portal's form proposes, in days. */
export const TOKEN_DEFAULT_DAYS = 365;

/** The last day a new token may have, made on `today`. */
export function latestTokenLastDay(today: CalendarDate): CalendarDate {
  return addDays(today, TOKEN_MAX_DAYS);
}

/** The last day the form proposes on `today`. */
export function proposedTokenLastDay(today: CalendarDate): CalendarDate {
  return addDays(today, TOKEN_DEFAULT_DAYS);
}

/** Whether `lastDay` may be chosen on `today`. */
export function isAllowedTokenLastDay(lastDay: CalendarDate, today: CalendarDate): boolean {
  return lastDay > today && lastDay <= latestTokenLastDay(today);
}

/** The instant a Brussels calendar day begins. */
export function startOfDay(day: CalendarDate): Date {
  for (const offset of ['+02:00', '+01:00']) {
    const candidate = new Date(`${day}T00:00:00${offset}`);
    if (calendarDateAt(candidate) === day && calendarDateAt(new Date(candidate.getTime() - 1)) !== day) return candidate;
  }
  return new Date(`${day}T00:00:00+01:00`);
}

/** The instant a token with this last day stops working: the midnight after it, in Brussels. */
export function tokenExpiry(lastDay: CalendarDate): Date {
  return startOfDay(addDays(lastDay, 1));
}

/** The last day a token works, from the instant it stops. */
export function tokenLastDay(expiresAt: string): CalendarDate {
  return calendarDateAt(new Date(new Date(expiresAt).getTime() - 1));
}
