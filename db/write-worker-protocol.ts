/** The messages between the write connection's worker thread and its client (db/worker-client.ts). */
import type { TransactionMode } from '@libsql/client';

/** A statement as it crosses to the worker: SQL and its arguments (structured-clone safe). */
export type WireStatement = string | { sql: string; args?: unknown };

/** A request to the worker; `id` matches the answer. */
export type WorkerRequest = { id: number } & (
  | { op: 'execute'; stmt: WireStatement }
  | { op: 'batch'; stmts: WireStatement[]; mode?: TransactionMode }
  | { op: 'migrate'; stmts: WireStatement[] }
  /**
   * Several batches in one write transaction (one commit, one fsync), each all or nothing on its
   * own: a batch that fails is undone without the others. Answered with a {@link BatchOutcome}
   * per batch.
   */
  | { op: 'batches'; batches: WireStatement[][] }
  /** Accept batches handed over by other processes on the local socket at `path` (db/batch-host.ts); `unhost` stops. */
  | { op: 'host'; path: string }
  | { op: 'unhost' }
  | { op: 'executeMultiple'; sql: string }
  /**
   * Statements of a transaction. A transaction begins with its first statement (`begin` says in
   * which mode), which saves a round trip per transaction.
   */
  | { op: 'txExecute'; tx: number; begin?: TransactionMode; stmt: WireStatement }
  | { op: 'txBatch'; tx: number; begin?: TransactionMode; stmts: WireStatement[] }
  | { op: 'txExecuteMultiple'; tx: number; begin?: TransactionMode; sql: string }
  | { op: 'commit'; tx: number }
  | { op: 'rollback'; tx: number }
  | { op: 'close' }
);

/** A result set as it crosses back: rows as plain arrays. */
export interface WireResultSet {
  columns: string[];
  columnTypes: string[];
  rows: unknown[][];
  rowsAffected: number;
  lastInsertRowid: bigint | undefined;
}

/** A refusal as it crosses back: what @libsql/client's LibsqlError carries. */
export interface WireError {
  message: string;
  code?: string;
  extendedCode?: string;
  rawCode?: number;
}

/** The worker's answer to one request. */
export type WorkerResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** What became of one batch of a `batches` request: its results, or why it was undone. */
export type BatchOutcome = { ok: true; results: WireResultSet[] } | { ok: false; error: WireError };

/** The code of the answer to a waiting first statement when the database could not be had at once. */
export const NOT_AT_ONCE = 'WRITE_LOCK_NOT_AT_ONCE';

/** The code of the answer to a batch handed over by another process that the host did not write and never will (it is closing): that process writes it. */
export const NOT_WRITTEN_BY_HOST = 'WRITE_HOST_NOT_WRITTEN';
