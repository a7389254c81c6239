/**
 * One writer at a time, with group commit. SQLite allows a single writer, and a durable commit
 * costs an fsync. Writes queue here instead of colliding (no SQLITE_BUSY, no lost write), and the
 * writes waiting together run in one transaction, so one fsync makes the whole group durable.
 * If any write of a group fails, the group is rolled back and each of its writes runs again in a
 * transaction of its own, so a failing write never takes another down with it. Every caller hears
 * back only after its commit: an answer never reports a write that is not on disk.
 */
import type { RegisterDb } from './client.ts';
import { writerOf } from './writers.ts';

type Tx = Parameters<Parameters<RegisterDb['transaction']>[0]>[0];
/** A write transaction. */
export type WriteTx = Tx;

interface Job {
  work: (tx: WriteTx) => Promise<unknown>;
  gathered: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** The most writes committed together. */
const MAX_GROUP = 256;
/**
 * How long a lone write waits for company before its group starts. The local driver commits
 * synchronously (the fsync blocks the event loop), so without this pause the requests in flight
 * never reach the queue while a commit runs, and every write pays a whole fsync alone.
 */
const GATHER_MS = 1;
const queues = new WeakMap<RegisterDb, { jobs: Job[]; draining: boolean }>();
const committedListeners = new WeakMap<RegisterDb, Set<() => void>>();

/**
 * Calls `listener` after every write this process commits to `db` (what is read from the
 * database afterwards may have changed: see db/generation.ts); returns the unsubscribe.
 */
export function onCommitted(db: RegisterDb, listener: () => void): () => void {
  let listeners = committedListeners.get(db);
  if (!listeners) committedListeners.set(db, (listeners = new Set()));
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function committed(db: RegisterDb): void {
  for (const listener of committedListeners.get(db) ?? []) listener();
}

/**
 * Runs `work` in a write transaction, after every earlier write on the same database. `gathered`
 * says the work is a batch that has waited for company already, so it does not wait again.
 */
export function writeTransaction<T>(db: RegisterDb, work: (tx: WriteTx) => Promise<T>, options: { gathered?: boolean } = {}): Promise<T> {
  let queue = queues.get(db);
  if (!queue) {
    queue = { jobs: [], draining: false };
    queues.set(db, queue);
  }
  const promise = new Promise<T>((resolve, reject) => queue.jobs.push({ work, gathered: options.gathered ?? false, resolve: resolve as (v: unknown) => void, reject }));
  if (!queue.draining) void drain(db, queue);
  return promise;
}

class GroupFailed extends Error {}

async function drain(db: RegisterDb, queue: { jobs: Job[]; draining: boolean }): Promise<void> {
  queue.draining = true;
  const writer = writerOf(db);
  try {
    while (queue.jobs.length > 0) {
      if (queue.jobs.length < MAX_GROUP && !queue.jobs[0].gathered) await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
      const group = queue.jobs.splice(0, MAX_GROUP);
      if (group.length > 1) {
        const values: unknown[] = [];
        try {
          await writer.transaction(async (tx) => {
            for (const job of group) {
              try {
                values.push(await job.work(tx));
              } catch {
                throw new GroupFailed();
              }
            }
          });
          committed(db);
          group.forEach((job, i) => job.resolve(values[i]));
          continue;
        } catch (error) {
          if (!(error instanceof GroupFailed)) {
            // The commit itself failed: nothing of the group was written.
            for (const job of group) job.reject(error);
            continue;
          }
          // One write failed: nothing of the group was written; run each on its own.
        }
      }
      for (const job of group) {
        try {
          const value = await writer.transaction((tx) => job.work(tx));
          committed(db);
          job.resolve(value);
        } catch (error) {
          job.reject(error);
        }
      }
    }
  } finally {
    queue.draining = false;
  }
}
