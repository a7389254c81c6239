/**
 * Stable identifiers for the open data: the same thing gets the same identifier in every
 * publication, without a registry of identifiers to keep.
 */
import { hash } from 'node:crypto';

/**
 * A name-based UUID (version 8, RFC 9562 §B.2): the first 128 bits of the SHA-256 of `name`,
 * with the version and variant bits set. HSDS asks for UUIDs; Atom ids use them as URNs.
 */
export function nameUuid(name: string): string {
  // The same names come back with every publication: a long-running server remembers them.
  const known = uuids.get(name);
  if (known) return known;
  const uuid = computeNameUuid(name);
  if (uuids.size >= 500_000) uuids.clear();
  uuids.set(name, uuid);
  return uuid;
}

const uuids = new Map<string, string>();

function computeNameUuid(name: string): string {
  const bytes = hash('sha256', `register-externe-dienstverleners:${name}`, 'buffer').subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An absolute address on the published site. */
export function absolute(siteUrl: string, path: string): string {
  return new URL(path, siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`).href;
}
