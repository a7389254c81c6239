/**
 * The write side of one open database: the object `openDatabase` returns as `writes` (and hangs
 * on its drizzle database as `db.writes`, so every command that gets the database reaches it).
 *
 * - One writer at a time, with group commit. SQLite allows a single writer, and a durable commit
 *   costs an fsync. Writes queue here instead of colliding (no SQLITE_BUSY, no lost write), and
 *   the writes waiting together run in one transaction, so one fsync makes the whole group
 *   durable. If any write of a group fails, the group is rolled back and each of its writes runs
 *   again in a transaction of its own, so a failing write never takes another down with it. Every
 *   caller hears back only after its commit: an answer never reports a write that is not on disk.
 * - Announcements after each commit: `committed` (anything this process wrote), `register-changed`
 *   (a write changed public data: the API's cache empties and the publisher is told),
 *   `mail-queued` (the sender wakes up) and `tokens-changed` (a revocation: verified tokens are
 *   looked up again). A write says what it did with {@link announce} inside its
 *   transaction; the announcement follows only once that transaction committed.
 * - What the database's modules keep per database (caches, the change reports' batcher) through
 *   {@link WriteSide.state} (keys declared with db/state.ts): it lives and dies with this object,
 *   not in module-level maps.
 *
 * Runtime-neutral: the writer it is given may be a worker thread's (db/worker-client.ts) or a
 * libSQL server's connection.
 */
import type { Client, InArgs, ResultSet } from '@libsql/client';
import type { SQL } from 'drizzle-orm';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema/index.ts';
import type { StateKey } from './state.ts';
import type { BatchingClient } from './worker-client.ts';
import { NOT_WRITTEN_BY_HOST } from './write-worker-protocol.ts';

/** The drizzle database with the register's schema. */
export type Drizzle = LibSQLDatabase<typeof schema>;
/** A write transaction. */
export type WriteTx = Parameters<Parameters<Drizzle['transaction']>[0]>[0];

/** What the write side announces after a commit. */
export type Announcement = 'committed' | 'register-changed' | 'mail-queued' | 'tokens-changed';

/** Where a transaction collects what it will announce once committed. */
const NOTES = Symbol('announcements');
type NotedTx = WriteTx & { [NOTES]?: Set<Announcement> };

/**
 * Says, inside a write transaction, that the write changed public data (`register-changed`),
 * enqueued a mail (`mail-queued`) or revoked a token (`tokens-changed`): announced once the
 * transaction committed, never if it rolled back. Does nothing in a transaction that did not
 * come from a write side.
 */
export function announce(tx: WriteTx, what: Exclude<Announcement, 'committed'>): void {
  (tx as NotedTx)[NOTES]?.add(what);
}

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

class GroupFailed extends Error {}

/** A batch of statements as SQL text and arguments, as it is carried out (and handed to another process). */
export type BatchQueries = { sql: string; args: InArgs }[];

/**
 * Hands this process's batches ({@link WriteSide.inOneGo}) to the process that writes the
 * batches of every process on this machine (db/write-sharing.ts), so that they share its commits.
 */
export interface BatchForwarder {
  /** Sends a batch there and resolves with its results after the commit; null when there is nobody to send it to now (it is written here). */
  forward(queries: BatchQueries): Promise<ResultSet[]> | null;
}

/** The code of the error a handed-over batch gets when the process writing it stopped without answering: it may or may not have been written. */
export const WRITE_HOST_LOST = 'WRITE_HOST_LOST';

interface WaitingBatch {
  queries: BatchQueries;
  resolve: (results: ResultSet[]) => void;
  reject: (error: unknown) => void;
}

const dialect = new SQLiteAsyncDialect();

/** The write side of one database (see the module's comment). */
export class WriteSide {
  private readonly writer: Drizzle & { $client: Client };
  private readonly jobs: Job[] = [];
  private draining = false;
  private readonly listeners = new Map<Announcement, Set<() => void>>();
  private readonly states = new Map<StateKey<unknown>, unknown>();
  private readonly batches: WaitingBatch[] = [];
  private batchesRunning = false;
  private forwarder: BatchForwarder | null = null;

  /** `writer`: the single connection every write goes through. */
  constructor(writer: Drizzle & { $client: Client }) {
    this.writer = writer;
  }

  /**
   * Runs `work` in a write transaction, after every earlier write on this database. `gathered`
   * says the work is a batch that has waited for company already, so it does not wait again.
   */
  transaction<T>(work: (tx: WriteTx) => Promise<T>, options: { gathered?: boolean } = {}): Promise<T> {
    const promise = new Promise<T>((resolve, reject) => this.jobs.push({ work, gathered: options.gathered ?? false, resolve: resolve as (v: unknown) => void, reject }));
    if (!this.draining) void this.drain();
    return promise;
  }

  /**
   * Runs `statements` as one write transaction that the connection carries out by itself, from
   * BEGIN to COMMIT: nothing of this process runs in between, so the database's one write lock is
   * held only as long as the database needs it, never while this process's event loop is busy
   * with requests (which, with several processes on one database, made every process wait for
   * the busiest). The statements cannot use each other's results in JavaScript; SQL subqueries
   * can. Runs when the connection is free (writes queued here meanwhile wait their turn at it);
   * resolves with each statement's result after the commit, and announces `announces` then.
   */
  async inOneGo(statements: SQL[], announces: Exclude<Announcement, 'committed'>[] = []): Promise<ResultSet[]> {
    const queries = statements.map((statement) => {
      const query = dialect.sqlToQuery(statement);
      return { sql: query.sql, args: query.params as InArgs };
    });
    const forwarded = this.forwarder?.forward(queries);
    let results: ResultSet[];
    try {
      results = await (forwarded ?? this.runBatch(queries));
    } catch (error) {
      // Handed back unwritten (its host was closing): written here.
      if (!forwarded || (error as { code?: string }).code !== NOT_WRITTEN_BY_HOST) throw error;
      results = await this.runBatch(queries);
    }
    this.announceAll(new Set(announces));
    return results;
  }

  /**
   * Lets the connection accept batches handed over by other processes on the local socket at
   * `path` (db/write-sharing.ts); false where it cannot (a libSQL server's connection).
   */
  async hostBatches(path: string): Promise<boolean> {
    if (!this.client.hostBatches) return false;
    await this.client.hostBatches(path);
    return true;
  }

  /** Stops accepting batches of other processes; resolves once they have left. */
  async stopHostingBatches(): Promise<void> {
    await this.client.stopHostingBatches?.();
  }

  /** The connection, with what the write thread's client adds where it has it. */
  private get client(): Client & Partial<BatchingClient> {
    return this.writer.$client;
  }

  /** Lets `forwarder` carry this process's batches to the process that writes for all ({@link BatchForwarder}); null: write them here. */
  forwardBatchesWith(forwarder: BatchForwarder | null): void {
    this.forwarder = forwarder;
  }

  /**
   * Runs a batch on the connection. Batches that arrive while one runs wait, and those waiting
   * together are carried out in one transaction, each all or nothing (one commit, one fsync for
   * them all), where the connection can (the write thread's; a libSQL server's connection runs
   * them one by one).
   */
  private runBatch(queries: BatchQueries): Promise<ResultSet[]> {
    const promise = new Promise<ResultSet[]>((resolve, reject) => this.batches.push({ queries, resolve, reject }));
    if (!this.batchesRunning) void this.drainBatches();
    return promise;
  }

  private async drainBatches(): Promise<void> {
    this.batchesRunning = true;
    const client = this.client;
    try {
      while (this.batches.length > 0) {
        const group = this.batches.splice(0, MAX_GROUP);
        if (client.batchEach) {
          try {
            const outcomes = await client.batchEach(group.map((batch) => batch.queries));
            outcomes.forEach((outcome, i) => (outcome.ok ? group[i].resolve(outcome.results) : group[i].reject(outcome.error)));
          } catch (error) {
            // The transaction itself failed (its commit, or an error that ends it): nothing was written.
            for (const batch of group) batch.reject(error);
          }
          continue;
        }
        for (const batch of group) {
          try {
            batch.resolve(await client.batch(batch.queries, 'write'));
          } catch (error) {
            batch.reject(error);
          }
        }
      }
    } finally {
      this.batchesRunning = false;
    }
  }

  /** Calls `listener` after every commit that announces `what`; returns the unsubscribe. */
  on(what: Announcement, listener: () => void): () => void {
    let listeners = this.listeners.get(what);
    if (!listeners) this.listeners.set(what, (listeners = new Set()));
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** The state `key` of this database, made by `create` on first use. */
  state<T>(key: StateKey<T>, create: () => T): T {
    if (!this.states.has(key)) this.states.set(key, create());
    return this.states.get(key) as T;
  }

  /** Forgets the state `key` (a cache whose making failed is made again next time). */
  forget(key: StateKey<unknown>): void {
    this.states.delete(key);
  }

  private announceAll(notes: Set<Announcement>): void {
    for (const what of ['committed', ...notes] as Announcement[]) {
      for (const listener of this.listeners.get(what) ?? []) {
        try {
          listener();
        } catch {
          // A listener's failure is its own: the write committed, and its caller hears so.
        }
      }
    }
  }

  /** Runs `work` in one transaction of the writer; returns what it announced. */
  private async inTransaction<T>(work: (tx: WriteTx) => Promise<T>): Promise<{ value: T; notes: Set<Announcement> }> {
    const notes = new Set<Announcement>();
    const value = await this.writer.transaction((tx) => {
      (tx as NotedTx)[NOTES] = notes;
      return work(tx);
    });
    return { value, notes };
  }

  private async drain(): Promise<void> {
    this.draining = true;
    const queue = this.jobs;
    try {
      while (queue.length > 0) {
        if (queue.length < MAX_GROUP && !queue[0].gathered) await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
        const group = queue.splice(0, MAX_GROUP);
        if (group.length > 1) {
          try {
            const { value: values, notes } = await this.inTransaction(async (tx) => {
              const values: unknown[] = [];
              for (const job of group) {
                try {
                  values.push(await job.work(tx));
                } catch {
                  throw new GroupFailed();
                }
              }
              return values;
            });
            this.announceAll(notes);
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
            const { value, notes } = await this.inTransaction(job.work);
            this.announceAll(notes);
            job.resolve(value);
          } catch (error) {
            job.reject(error);
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
