/**
 * The form that makes an API token in the portal: a name (text like any other, domain/text.ts) and
 * the last day it works, within what the rules allow (domain/rules/tokens.ts). The token works
 * through that day in Brussels, by the register's clock, as every token does.
 */
import { z } from 'zod';
import { singleLineText } from '#domain/text.ts';
import { dutchNumber, formatDutchDate, isAllowedTokenLastDay, isCalendarDate, latestTokenLastDay, TOKEN_MAX_DAYS, tokenExpiry, type CalendarDate } from '#domain/rules/index.ts';
import { zodFieldErrors, fieldTable, type FieldError } from './form-errors.ts';
import { typed } from './form-values.ts';

const TokenRequest = z.strictObject({
  name: singleLineText({ max: 100 }),
  lastDay: z.string().refine(isCalendarDate, 'a date written YYYY-MM-DD'),
});

/** Reads the form into a name and the instant the token stops working, or the errors at their fields. */
export function readTokenForm(form: FormData, today: CalendarDate): { name: string; expiresAt: string } | { errors: FieldError[] } {
  const parsed = TokenRequest.safeParse({ name: typed(form, 'naam'), lastDay: typed(form, 'geldig-tot').trim() });
  if (!parsed.success) return { errors: zodFieldErrors(parsed.error, fieldTable({ '': 'naam', name: 'naam', lastDay: 'geldig-tot' })) };
  const { name, lastDay } = parsed.data;
  if (!isAllowedTokenLastDay(lastDay, today)) {
    return { errors: [{ field: 'geldig-tot', message: `Kies een dag na vandaag en ten laatste ${formatDutchDate(latestTokenLastDay(today))}: een token werkt hoogstens ${dutchNumber(TOKEN_MAX_DAYS)} dagen.` }] };
  }
  return { name, expiresAt: tokenExpiry(lastDay).toISOString() };
}
