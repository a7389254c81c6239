/**
 * The sample people of the local identity provider: an organisation officer for each of a few
 * organisations of the register, one for an organisation not yet in it (to apply for
 * recognition), an administrator of the department, and a person without a role for the register
 * (to see the refusal). Made from the register's own sample data; every name is invented.
 */
import { asc, isNotNull } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import { providers } from '#db/schema/index.ts';
import { enterpriseNumberCheckDigits } from '#domain/enterprise-number.ts';
import type { ClaimNames } from '#domain/identity.ts';
import type { SampleAccount } from './local-provider.ts';

const OFFICERS = ['Lies Maes', 'Tom Wouters', 'Sara Peeters', 'Bram Claes', 'Nora De Smet'];

/** The enterprise number of the sample organisation that is not in the register yet. */
export const NEW_ORGANISATION = { code: `08765432${enterpriseNumberCheckDigits('08765432')}`, name: 'Nieuwe Start Coaching vzw' };

/** The Departement Werk en Sociale Economie's code in the government's organisation register (OVO). */
const DEPARTMENT = { code: 'OVO003105', name: 'Departement Werk en Sociale Economie' };

/** An organisation officer's account for an organisation. */
export function officerAccount(organisation: { code: string; name: string }, person: string, names: ClaimNames): SampleAccount {
  return { id: `org-${organisation.code}`, name: person, description: `organisatieverantwoordelijke van ${organisation.name}`, organisation, roles: [names.providerRole] };
}

/** The administrator's account. */
export function adminAccount(names: ClaimNames, person = 'Els Peeters'): SampleAccount {
  return { id: 'beheerder', name: person, description: 'medewerker van het departement (beheer van het register)', organisation: DEPARTMENT, roles: [names.adminRole] };
}

/** A person of an organisation without any role for the register. */
export function noRoleAccount(organisation: { code: string; name: string }): SampleAccount {
  return { id: 'zonder-rol', name: 'Jan Janssens', description: `medewerker van ${organisation.name}, zonder rol voor het register`, organisation, roles: [] };
}

/** The sample accounts for a register: officers of its first organisations (alphabetically), and the others. */
export async function sampleAccountsOf(db: RegisterDb, names: ClaimNames, count = 3): Promise<SampleAccount[]> {
  const rows = await db.select({ code: providers.enterpriseNumber, name: providers.name }).from(providers).where(isNotNull(providers.name)).orderBy(asc(providers.name)).limit(count);
  const accounts = rows.map((row, i) => officerAccount(row, OFFICERS[i % OFFICERS.length], names));
  accounts.push(officerAccount(NEW_ORGANISATION, 'An Claes', names));
  accounts.push(adminAccount(names));
  accounts.push(noRoleAccount(rows[0] ?? NEW_ORGANISATION));
  return accounts;
}
