/**
 * The private values the register holds per provider (coaches' and contact persons' names,
 * personal e-mail addresses and phone numbers, national register numbers), for the publication
 * check that none of them reached the provider's public page.
 */
import { eq } from 'drizzle-orm';
import type { RegisterDb } from '../client.ts';
import { coaches, contactPersons, providers } from '../schema/index.ts';

/** Private values by enterprise number (values shorter than five characters are left out: too common to test). */
export async function privateValuesByProvider(db: RegisterDb): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  const add = (number: string, ...values: (string | null)[]) => {
    const list = result.get(number) ?? [];
    for (const value of values) if (value && value.trim().length >= 5) list.push(value.trim());
    result.set(number, list);
  };
  for (const row of await db.select({ number: providers.enterpriseNumber, name: coaches.fullName }).from(coaches).innerJoin(providers, eq(providers.id, coaches.providerId))) {
    add(row.number, row.name);
  }
  for (const row of await db
    .select({ number: providers.enterpriseNumber, name: contactPersons.fullName, email: contactPersons.email, phone: contactPersons.phone, nrn: contactPersons.nationalRegisterNumber })
    .from(contactPersons)
    .innerJoin(providers, eq(providers.id, contactPersons.providerId))) {
    add(row.number, row.name, row.email, row.phone, row.nrn);
  }
  return result;
}
