/**
 * One writer at a time in this process. SQLite allows a single writer; queueing writes here
 * instead of letting transactions collide means concurrent requests wait their turn (briefly)
 * rather than failing with SQLITE_BUSY, and no accepted write is lost.
 */
import type { RegisterDb } from './client.ts';

type Tx = Parameters<Parameters<RegisterDb['transaction']>[0]>[0];
/** A write transaction. */
export type WriteTx = Tx;

const queues = new WeakMap<RegisterDb, Promise<unknown>>();

/** Runs `work` in a write transaction, after every earlier write on the same database. */
export function writeTransaction<T>(db: RegisterDb, work: (tx: WriteTx) => Promise<T>): Promise<T> {
  const previous = queues.get(db) ?? Promise.resolve();
  const next = previous.then(() => db.transaction(work, { behavior: 'immediate' }));
  queues.set(
    db,
    next.catch(() => undefined),
  );
  return next;
}
