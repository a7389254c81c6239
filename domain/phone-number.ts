/**
 * Phone numbers: checked and stored in E.164 (`+3292001010`), shown in the Belgian national format
 * (`09 200 10 10`; a foreign number in its international format, `+31 20 123 4567`).
 *
 * Parsing and formatting are done by `libphonenumber-js` (Google's libphonenumber metadata, kept
 * up to date by its maintainers) with its default, "min" metadata: a number is valid when its
 * country code, leading digits and length fit the numbering plan. The "max" metadata would also
 * refuse numbers in ranges not yet handed out, which refuses real new numbers as soon as the
 * metadata is a few months old.
 *
 * What is accepted: digits with spaces, dots, slashes, dashes and brackets between them; a Belgian
 * number written nationally (`09 200 10 10`, `0470 12 34 56`) or with `+32` / `0032`; a foreign
 * number only with its country code (`+31 …` or `0031 …`): written nationally it would be read as
 * a Belgian number. Letters (vanity numbers) and extensions are refused: an employer must be able
 * to dial what the register shows.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';

/** Why a typed phone number is refused (the portal puts each in Dutch, `portal/lib/form-errors.ts`). */
export const PHONE_NUMBER_MESSAGES = {
  characters: 'not a valid phone number: use only digits, spaces, dots, slashes, dashes, brackets and a leading +',
  invalid: 'not a valid phone number: it has too few or too many digits, or no country has numbers like it',
} as const;

const ALLOWED = /^\+?[0-9 ().\/-]+$/;

/** The E.164 form of a typed phone number, or why it is refused. */
export function parsePhoneNumber(typed: string): { ok: true; e164: string } | { ok: false; message: string } {
  const value = typed.trim();
  if (!ALLOWED.test(value)) return { ok: false, message: PHONE_NUMBER_MESSAGES.characters };
  const parsed = parsePhoneNumberFromString(value, 'BE');
  if (!parsed || !parsed.isValid() || parsed.ext) return { ok: false, message: PHONE_NUMBER_MESSAGES.invalid };
  return { ok: true, e164: parsed.number };
}

/** A phone number as typed, checked, and turned into E.164. */
export const PhoneNumber = z
  .string()
  .max(40, PHONE_NUMBER_MESSAGES.invalid)
  .transform((value, ctx) => {
  const result = parsePhoneNumber(value);
  if (result.ok) return result.e164;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  })
  .describe('A phone number, stored and answered in E.164 (e.g. +3292001010). A Belgian number may be written nationally (09 200 10 10); a foreign one needs its country code (+31 …).');

/** The E.164 form of a stored number; null when it cannot be read as a phone number (kept as it is then). */
export function normalisedPhoneNumber(stored: string): string | null {
  const result = parsePhoneNumber(stored);
  return result.ok ? result.e164 : null;
}

/** How a stored number is shown to people: Belgian numbers nationally, others internationally. */
export function formatPhoneNumber(stored: string): string {
  const parsed = parsePhoneNumberFromString(stored.trim(), 'BE');
  if (!parsed || !parsed.isValid()) return stored;
  return parsed.country === 'BE' ? parsed.formatNational() : parsed.formatInternational();
}

/** The `tel:` link of a stored number (E.164, so it dials from abroad too). */
export function phoneHref(stored: string): string {
  const parsed = parsePhoneNumberFromString(stored.trim(), 'BE');
  return `tel:${parsed?.isValid() ? parsed.number : stored.replace(/[^\d+]/g, '')}`;
}
