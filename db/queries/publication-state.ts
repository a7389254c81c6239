/**
 * Whether the public register changed since the last publication. A counter, not a time: every
 * write that changes public data adds one inside its own transaction, a publication's snapshot
 * reads it in the snapshot's read transaction, and a successful publication records the count it
 * included. Changes committed after the snapshot are therefore never taken as published, whatever
 * the clocks say, and survive a restart. Counting and recording are db/commands/publication-state.ts.
 */
import { eq, inArray } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import { registerMeta } from '#db/schema/index.ts';

/** The key of the count of changes to public data. */
export const CHANGES = 'publication.changes';
/** The key of the count the last successful publication included. */
export const PUBLISHED = 'publication.published';

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

