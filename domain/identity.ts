/**
 * Who may do what, from the claims an OpenID Connect provider vouches for: a person with the
 * organisation officer's role acts for the organisation in their organisation claim (and only that
 * one); a person with the administrator's role gets the department's pages; anyone else is
 * refused with the reason, so the page can say what is missing and whom to ask. Pure: the claim
 * names and role names are settings (ACM/IDM's by default), so the same code fits another provider.
 */
import { parseEnterpriseNumber } from './enterprise-number.ts';

/** Which claims and roles mean what (from the settings). */
export interface ClaimNames {
  /** The claim with the organisation's code (ACM/IDM: `vo_orgcode`). */
  organisation: string;
  /** The claim with the organisation's name (ACM/IDM: `vo_orgnaam`). */
  organisationName: string;
  /** The claim with the person's roles for this service. */
  role: string;
  /** The organisation officer's role (the source page: `DWSE-organisatieverantwoordelijke`). */
  providerRole: string;
  /** The department's role. */
  adminRole: string;
}

/** A person the register lets in. */
export type Identity =
  | { role: 'provider'; subject: string; name: string; enterpriseNumber: string; organisationName: string }
  | { role: 'admin'; subject: string; name: string };

/** Why a person who proved who they are may still not come in. */
export type RefusalReason = 'no-role' | 'no-organisation' | 'not-an-enterprise-number' | 'role-for-another-organisation';

/** A person refused, with what the access log keeps of them. */
export interface IdentityRefusal {
  reason: RefusalReason;
  subject: string;
  name: string;
  /** The organisation code as the provider gave it (may be absent or not an enterprise number). */
  organisationCode: string | null;
}

type Claims = Record<string, unknown>;

/** The person's name: `name`, else given and family name, else their identifier. */
export function personName(claims: Claims): string {
  const text = (key: string) => (typeof claims[key] === 'string' ? (claims[key] as string).trim() : '');
  const full = text('name') || [text('given_name'), text('family_name')].filter(Boolean).join(' ');
  return (full || String(claims.sub ?? '')).slice(0, 200);
}

/**
 * The roles in a claim: a string or a list of strings, each `role` or `role:organisation[:…]`
 * (ACM/IDM's three-dimensional roles), as [role, organisation or null].
 */
export function rolesIn(value: unknown): [string, string | null][] {
  const entries = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,\s]+/) : [];
  return entries
    .filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '')
    .map((entry) => {
      const [role, organisation] = entry.trim().split(':');
      return [role, organisation ? organisation : null];
    });
}

/** The bare 10 digits of an enterprise number in an organisation claim, or null. */
export function enterpriseNumberOf(code: string): string | null {
  const parsed = parseEnterpriseNumber(code.replace(/^BE/i, ''));
  return parsed.ok ? parsed.value : null;
}

/** Decides who a signed-in person is for the register, or why they are refused. */
export function identityFromClaims(claims: Claims, names: ClaimNames): { ok: true; identity: Identity } | { ok: false; refusal: IdentityRefusal } {
  const subject = String(claims.sub ?? '');
  const name = personName(claims);
  const rawCode = claims[names.organisation];
  const organisationCode = typeof rawCode === 'string' && rawCode.trim() !== '' ? rawCode.trim() : null;
  const roles = rolesIn(claims[names.role]);
  const refuse = (reason: RefusalReason) => ({ ok: false as const, refusal: { reason, subject, name, organisationCode } });

  if (roles.some(([role]) => role === names.adminRole)) return { ok: true, identity: { role: 'admin', subject, name } };
  const officer = roles.filter(([role]) => role === names.providerRole);
  if (officer.length === 0) return refuse('no-role');
  if (organisationCode === null) return refuse('no-organisation');
  const enterpriseNumber = enterpriseNumberOf(organisationCode);
  if (enterpriseNumber === null) return refuse('not-an-enterprise-number');
  // A role given for a named organisation counts for that organisation only.
  const forThisOne = officer.some(([, organisation]) => organisation === null || enterpriseNumberOf(organisation) === enterpriseNumber);
  if (!forThisOne) return refuse('role-for-another-organisation');
  const rawName = claims[names.organisationName];
  const organisationName = typeof rawName === 'string' && rawName.trim() !== '' ? rawName.trim().slice(0, 200) : enterpriseNumber;
  return { ok: true, identity: { role: 'provider', subject, name, enterpriseNumber, organisationName } };
}
