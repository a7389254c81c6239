/**
 * The access log: who signed in, failed to, was refused or signed out, and which API tokens were
 * made and revoked — with the real time and the client's address. For administrators only; it is
 * no part of any publication, download or public API.
 */
import { desc, eq, lt, and, type SQL } from 'drizzle-orm';
import type { RegisterDb } from '../client.ts';
import { writeTransaction } from '../write-lock.ts';
import { accessLog, type AccessEvent } from '../schema/index.ts';

/** One entry to record. */
export interface AccessEntry {
  event: AccessEvent;
  subject?: string | null;
  personName?: string | null;
  organisationCode?: string | null;
  role?: string | null;
  clientAddress?: string | null;
  detail?: string | null;
}

/** A recorded entry. */
export type AccessRecord = typeof accessLog.$inferSelect;

/** Records one entry at `at` (the real clock). */
export async function recordAccess(db: RegisterDb, entry: AccessEntry, at: Date = new Date()): Promise<void> {
  await writeTransaction(db, (tx) =>
    tx.insert(accessLog).values({
      at: at.toISOString(),
      event: entry.event,
      subject: entry.subject ?? null,
      personName: entry.personName?.slice(0, 200) ?? null,
      organisationCode: entry.organisationCode?.slice(0, 100) ?? null,
      role: entry.role ?? null,
      clientAddress: entry.clientAddress?.slice(0, 100) ?? null,
      detail: entry.detail?.slice(0, 500) ?? null,
    }),
  );
}

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
