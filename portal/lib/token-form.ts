/**
 * The form that makes an API token in the portal: a name (text like any other, domain/text.ts) and
 * the last day it works (after today, at most TOKEN_MAX_DAYS ahead). The token works through that
 * day in Brussels and stops at the midnight after it, by the register's clock, as every token does.
 */
import { z } from 'zod';
import { TOKEN_MAX_DAYS } from '../../db/queries/tokens.ts';
import { singleLineText } from '../../domain/text.ts';
import { addDays, calendarDateAt, formatDutchDate, isCalendarDate, type CalendarDate } from '../../domain/rules/index.ts';
import { zodFieldErrors, fieldTable, type FieldError } from './form-errors.ts';
import { typed } from './form-values.ts';

const TokenRequest = z.strictObject({
  name: singleLineText({ max: 100 }),
  lastDay: z.string().refine(isCalendarDate, 'a date written YYYY-MM-DD'),
});

/** The instant a Brussels calendar day begins. */
export function startOfDay(day: CalendarDate): Date {
  for (const offset of ['+02:00', '+01:00']) {
    const candidate = new Date(`${day}T00:00:00${offset}`);
    if (calendarDateAt(candidate) === day && calendarDateAt(new Date(candidate.getTime() - 1)) !== day) return candidate;
  }
  return new Date(`${day}T00:00:00+01:00`);
}

/** Reads the form into a name and the instant the token stops working, or the errors at their fields. */
export function readTokenForm(form: FormData, today: CalendarDate): { name: string; expiresAt: string } | { errors: FieldError[] } {
  const parsed = TokenRequest.safeParse({ name: typed(form, 'naam'), lastDay: typed(form, 'geldig-tot').trim() });
  if (!parsed.success) return { errors: zodFieldErrors(parsed.error, fieldTable({ '': 'naam', name: 'naam', lastDay: 'geldig-tot' })) };
  const { name, lastDay } = parsed.data;
  const latest = addDays(today, TOKEN_MAX_DAYS);
  if (lastDay <= today || lastDay > latest) {
    return { errors: [{ field: 'geldig-tot', message: `Kies een dag na vandaag en ten laatste ${formatDutchDate(latest)}: een token werkt hoogstens ${TOKEN_MAX_DAYS} dagen.` }] };
  }
  return { name, expiresAt: startOfDay(addDays(lastDay, 1)).toISOString() };
}

/** The last day a token works, from the instant it stops. */
export function lastDayOf(expiresAt: string): CalendarDate {
  return addDays(calendarDateAt(new Date(expiresAt)), -1);
}
