/**
 * The private values the register holds per provider (coaches' and contact persons' names,
 * personal e-mail addresses and phone numbers, national register numbers), for the publication
 * check that none of them reached the provider's public page.
 */
import { eq, inArray } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import { coaches, contactPersons, providers } from '#db/schema/index.ts';
import { TextScanner } from '#domain/text-scan.ts';

/**
 * Private values by enterprise number. Left out: values shorter than five characters (too common
 * to test), and values the provider also publishes itself (a small provider's contact person may
 * use the organisation's public e-mail address; a sole trader's name may be its coach's name),
 * also when another provider publishes them.
 */
export async function privateValuesByProvider(
  db: RegisterDb,
  /** Only these providers' values (a publication after a change checks the pages that changed). */
  only?: ReadonlySet<string>,
): Promise<Map<string, string[]>> {
  // Up to a thousand are asked for by number; more are read whole and left out here.
  const wanted = only && only.size <= 1000 ? inArray(providers.enterpriseNumber, [...only]) : undefined;
  const result = new Map<string, string[]>();
  const publicText = new Map(
    (await db.select({ number: providers.enterpriseNumber, name: providers.name, email: providers.email, phone: providers.phone, website: providers.website, street: providers.street }).from(providers)).map((p) => [
      p.number,
      [p.name, p.email, p.phone, p.website, p.street].filter(Boolean).join('\n').toLowerCase(),
    ]),
  );
  const add = (number: string, ...values: (string | null)[]) => {
    if (only && !only.has(number)) return;
    const list = result.get(number) ?? [];
    const published = publicText.get(number) ?? '';
    for (const value of values) {
      const v = value?.trim();
      if (v && v.length >= 5 && !published.includes(v.toLowerCase())) list.push(v);
    }
    result.set(number, list);
  };
  for (const row of await db.select({ number: providers.enterpriseNumber, name: coaches.fullName }).from(coaches).innerJoin(providers, eq(providers.id, coaches.providerId)).where(wanted)) {
    add(row.number, row.name);
  }
  for (const row of await db
    .select({ number: providers.enterpriseNumber, name: contactPersons.fullName, email: contactPersons.email, phone: contactPersons.phone, nrn: contactPersons.nationalRegisterNumber })
    .from(contactPersons)
    .innerJoin(providers, eq(providers.id, contactPersons.providerId))
    .where(wanted)) {
    add(row.number, row.name, row.email, row.phone, row.nrn);
  }
  // The downloads hold every provider at once: a value that another provider publishes itself
  // (a coach named like another provider's street) is not a leak there either.
  const scanner = new TextScanner<null>();
  for (const values of result.values()) for (const value of values) scanner.add(value.toLowerCase(), null);
  const alsoPublic = new Set(scanner.find([...publicText.values()].join('\n')).map((hit) => hit.needle));
  if (alsoPublic.size > 0) for (const [number, values] of result) result.set(number, values.filter((v) => !alsoPublic.has(v.toLowerCase())));
  return result;
}
