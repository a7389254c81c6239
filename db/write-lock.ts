/**
 * The way a command writes: `writeTransaction(db, work)` queues `work` on the database's write
 * side (db/write-side.ts: one writer at a time, group commit, announcements after the commit).
 */
import type { RegisterDb } from './client.ts';
import type { WriteTx } from './write-side.ts';

export type { WriteTx } from './write-side.ts';

/**
 * Runs `work` in a write transaction, after every earlier write on the same database; resolves
 * after the commit. `gathered` says the work is a batch that has waited for company already.
 */
export function writeTransaction<T>(db: RegisterDb, work: (tx: WriteTx) => Promise<T>, options: { gathered?: boolean } = {}): Promise<T> {
  return db.writes.transaction(work, options);
}
