/**
 * Whether the public register changed since the last publication. A counter, not a time: every
 * write that changes public data adds one inside its own transaction, a publication's snapshot
 * reads it in the snapshot's read transaction, and a successful publication records the count it
 * included. Changes committed after the snapshot are therefore never taken as published, whatever
 * the clocks say, and survive a restart.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { RegisterDb } from '../client.ts';
import type { WriteTx } from '../write-lock.ts';
import { registerMeta } from '../schema/index.ts';

const CHANGES = 'publication.changes';
const PUBLISHED = 'publication.published';

/** Counts one change to public data, inside the write that made it. */
export async function markPublicationNeeded(tx: WriteTx, _now?: Date): Promise<void> {
  await tx
    .insert(registerMeta)
    .values({ key: CHANGES, value: '1' })
    .onConflictDoUpdate({ target: registerMeta.key, set: { value: sql`CAST(CAST(${registerMeta.value} AS INTEGER) + 1 AS TEXT)` } });
}

/** How many changes to public data the register has seen (read it inside a snapshot's transaction). */
export async function changeCount(db: Pick<RegisterDb, 'select'>): Promise<number> {
  const [row] = await db.select().from(registerMeta).where(eq(registerMeta.key, CHANGES));
  return row ? Number(row.value) : 0;
}

/** True when changes were made that no successful publication included. */
export async function hasUnpublishedChanges(db: RegisterDb): Promise<boolean> {
  const rows = await db.select().from(registerMeta).where(inArray(registerMeta.key, [CHANGES, PUBLISHED]));
  const value = (key: string) => Number(rows.find((r) => r.key === key)?.value ?? 0);
  return value(CHANGES) > value(PUBLISHED);
}

/** Records that a publication included every change up to `count`, in the transaction that records its success. */
export async function markPublished(tx: WriteTx, count: number): Promise<void> {
  await tx
    .insert(registerMeta)
    .values({ key: PUBLISHED, value: String(count) })
    .onConflictDoUpdate({ target: registerMeta.key, set: { value: sql`CAST(MAX(CAST(${registerMeta.value} AS INTEGER), ${count}) AS TEXT)` } });
}
