/**
 * The one e-mail address check of the register: the API (applications, contact details) and the
 * settings (administrators, sender) all use it, so an address that is accepted where it is
 * entered is one the mail server can be given.
 */
import { z } from 'zod';

/** The longest address SMTP carries (RFC 5321: 254 characters in a path, 64 in the local part). */
const MAX_LENGTH = 254;
const MAX_LOCAL_PART = 64;

const MESSAGE = 'not a valid e-mail address (for example naam@organisatie.be)';

/** A single plain address such as `naam@organisatie.be` (no display name, no spaces). */
export const EmailAddress = z
  .email({ message: MESSAGE })
  .max(MAX_LENGTH, `an e-mail address has at most ${MAX_LENGTH} characters`)
  .refine((value) => value.split('@')[0].length <= MAX_LOCAL_PART, `the part before @ has at most ${MAX_LOCAL_PART} characters`);

/** True when `value` passes {@link EmailAddress}. */
export function isEmailAddress(value: string): boolean {
  return EmailAddress.safeParse(value).success;
}

/**
 * A comma-separated list of addresses (as a setting is written), or the addresses that are not
 * valid. Spaces around the commas and empty entries are ignored.
 */
export function parseEmailList(value: string): { ok: true; addresses: string[] } | { ok: false; invalid: string[] } {
  const addresses = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const invalid = addresses.filter((address) => !isEmailAddress(address));
  return invalid.length ? { ok: false, invalid } : { ok: true, addresses: [...new Set(addresses)] };
}
