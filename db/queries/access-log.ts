/**
 * The access log: who signed in, failed to, was refused or signed out, and which API tokens were
 * made and revoked — with the real time and the client's address. For administrators only; it is
 * no part of any publication, download or public API. Recording an entry is db/commands/access-log.ts.
 */
import { desc, eq, lt, and, type SQL } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import { accessLog, type AccessEvent } from '#db/schema/index.ts';

/** A recorded entry. */
export type AccessRecord = typeof accessLog.$inferSelect;

/** The latest entries, newest first; `before` pages further back (an entry id). */
export async function listAccess(db: RegisterDb, options: { limit?: number; before?: number; event?: AccessEvent } = {}): Promise<AccessRecord[]> {
  const conditions: SQL[] = [];
  if (options.before) conditions.push(lt(accessLog.id, options.before));
  if (options.event) conditions.push(eq(accessLog.event, options.event));
  return db
    .select()
    .from(accessLog)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(accessLog.id))
    .limit(Math.min(Math.max(options.limit ?? 100, 1), 500));
}
