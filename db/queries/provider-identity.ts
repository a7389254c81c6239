/** A provider's name and enterprise number by its id (a session knows only the id). */
import { eq, inArray } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import { providers } from '#db/schema/index.ts';

/** The name and enterprise number of a provider, or null when there is no such provider. */
export async function providerIdentity(db: RegisterDb, id: number): Promise<{ id: number; name: string; enterpriseNumber: string } | null> {
  const [row] = await db.select({ id: providers.id, name: providers.name, enterpriseNumber: providers.enterpriseNumber }).from(providers).where(eq(providers.id, id));
  return row ?? null;
}

/** Names of providers by enterprise number (those in the register). */
export async function providerNamesByNumber(db: RegisterDb, numbers: readonly string[]): Promise<Map<string, string>> {
  if (numbers.length === 0) return new Map();
  const rows = await db.select({ name: providers.name, enterpriseNumber: providers.enterpriseNumber }).from(providers).where(inArray(providers.enterpriseNumber, [...numbers]));
  return new Map(rows.map((r) => [r.enterpriseNumber, r.name]));
}
