/** Whether the public register changed since the last publication (read by the publisher). */
import { eq, sql } from 'drizzle-orm';
import type { RegisterDb } from '../client.ts';
import type { WriteTx } from '../write-lock.ts';
import { registerMeta } from '../schema/index.ts';

const KEY = 'publication.lastChangeAt';

/** Records, inside the write that changed public data, that a publication is needed. */
export async function markPublicationNeeded(tx: WriteTx, now: Date): Promise<void> {
  await tx
    .insert(registerMeta)
    .values({ key: KEY, value: now.toISOString() })
    .onConflictDoUpdate({ target: registerMeta.key, set: { value: sql`excluded.value` } });
}

/** When the last unpublished change happened, or null when everything is published. */
export async function unpublishedChangeAt(db: RegisterDb): Promise<string | null> {
  const [row] = await db.select().from(registerMeta).where(eq(registerMeta.key, KEY));
  return row?.value ?? null;
}

/**
 * Clears the mark after a publication whose snapshot was taken at `snapshotAt`; a change that
 * came later keeps it, so the next publication still happens.
 */
export async function clearPublicationNeeded(db: RegisterDb, snapshotAt: Date): Promise<void> {
  await db.delete(registerMeta).where(sql`${registerMeta.key} = ${KEY} AND ${registerMeta.value} <= ${snapshotAt.toISOString()}`);
}
