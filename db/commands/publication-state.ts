/** Counting changes to public data and recording what a publication included (see db/queries/publication-state.ts). */
import { sql } from 'drizzle-orm';
import { announce, type WriteTx } from '#db/write-side.ts';
import { registerMeta } from '#db/schema/index.ts';
import { CHANGES, PUBLISHED } from '#db/queries/publication-state.ts';

/**
 * Counts one change to public data, inside the write that made it; once that write committed,
 * its write side announces `register-changed` (the API's cache empties, the publisher is told).
 */
export async function markPublicationNeeded(tx: WriteTx, _now?: Date): Promise<void> {
  announce(tx, 'register-changed');
  await tx
    .insert(registerMeta)
    .values({ key: CHANGES, value: '1' })
    .onConflictDoUpdate({ target: registerMeta.key, set: { value: sql`CAST(CAST(${registerMeta.value} AS INTEGER) + 1 AS TEXT)` } });
}

/** Records that a publication included every change up to `count`, in the transaction that records its success. */
export async function markPublished(tx: WriteTx, count: number): Promise<void> {
  await tx
    .insert(registerMeta)
    .values({ key: PUBLISHED, value: String(count) })
    .onConflictDoUpdate({ target: registerMeta.key, set: { value: sql`CAST(MAX(CAST(${registerMeta.value} AS INTEGER), ${count}) AS TEXT)` } });
}
