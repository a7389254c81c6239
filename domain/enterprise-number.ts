/**
 * Belgian enterprise numbers (ondernemingsnummer, KBO/BCE).
 *
 * Ten digits, the first being 0 or 1; the last two are a check: 97 minus the first eight digits
 * modulo 97. People write them with dots and spaces ("0123.456.749", "BE 0123 456 749"), so input
 * is normalised before it is checked. The register stores the bare ten digits.
 */

/** Why an enterprise number was refused, in Dutch for the person who typed it. */
export type EnterpriseNumberProblem =
  | 'format' // not ten digits after removing dots, spaces and a BE prefix
  | 'first-digit' // must start with 0 or 1
  | 'check-digits'; // the modulo-97 check fails

/** The result of checking an enterprise number. */
export type EnterpriseNumberResult =
  | { ok: true; value: string }
  | { ok: false; problem: EnterpriseNumberProblem; message: string };

/** The two check digits for the first eight digits of an enterprise number. */
export function enterpriseNumberCheckDigits(firstEight: string): string {
  const check = 97 - (Number(firstEight) % 97);
  return String(check).padStart(2, '0');
}

/** Normalises and checks an enterprise number; on success `value` holds the bare ten digits. */
export function parseEnterpriseNumber(input: string): EnterpriseNumberResult {
  const bare = input.trim().toUpperCase().replace(/^BE/, '').replace(/[\s.]/g, '');
  if (!/^\d{10}$/.test(bare)) {
    return { ok: false, problem: 'format', message: 'Een ondernemingsnummer bestaat uit 10 cijfers, bv. 0123.456.749.' };
  }
  if (bare[0] !== '0' && bare[0] !== '1') {
    return { ok: false, problem: 'first-digit', message: 'Een ondernemingsnummer begint met 0 of 1.' };
  }
  if (enterpriseNumberCheckDigits(bare.slice(0, 8)) !== bare.slice(8)) {
    return { ok: false, problem: 'check-digits', message: 'Dit ondernemingsnummer bestaat niet: de controlecijfers kloppen niet.' };
  }
  return { ok: true, value: bare };
}

/** True when `input` is a valid enterprise number in any usual notation. */
export function isValidEnterpriseNumber(input: string): boolean {
  return parseEnterpriseNumber(input).ok;
}

/** The usual notation of a bare ten-digit enterprise number: "0123.456.749". */
export function formatEnterpriseNumber(bare: string): string {
  return `${bare.slice(0, 4)}.${bare.slice(4, 7)}.${bare.slice(7)}`;
}
