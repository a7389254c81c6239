/**
 * The worker thread that owns the register's write connection to a local database file (see
 * db/worker-client.ts). SQLite runs synchronously, so a commit's fsync would stop the server's
 * event loop for milliseconds; here it stops only this thread.
 *
 * It drives the connection with `libsql` (the driver under @libsql/client's local mode) and keeps
 * its prepared statements: the register's writes repeat a handful of statements, and preparing
 * them again every time cost as much as running them. Results, values and errors take the shapes
 * @libsql/client gives, so drizzle cannot tell the difference.
 *
 * One connection serves one transaction at a time: a request that does not belong to the open
 * transaction waits until it ends, as it would for @libsql/client's single connection.
 *
 * Requests come on two ports: the main one, answered by message, and the one for statements
 * inside a transaction that has begun, whose sender blocks until the answer is there.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import Database from 'libsql';
import type { TransactionMode } from '@libsql/client';
import { BatchHost } from './batch-host.ts';
import { NOT_AT_ONCE, type BatchOutcome, type WireError, type WireResultSet, type WireStatement, type WorkerRequest, type WorkerResponse } from './write-worker-protocol.ts';

type Statement = ReturnType<Database.Database['prepare']>;

const { url, syncPort, signal } = workerData as { url: string; syncPort: MessagePort; signal: SharedArrayBuffer };
const answered = new Int32Array(signal);
// openDatabase gives `file:` followed by an absolute path (db/client.ts).
const db = new Database(url.slice('file:'.length));

/** Prepared statements by their text, least recently used first. */
const statements = new Map<string, Statement>();
const MAX_STATEMENTS = 200;

function prepared(sql: string): Statement {
  let statement = statements.get(sql);
  if (statement) {
    statements.delete(sql);
  } else {
    statement = db.prepare(sql);
    if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value!);
  }
  statements.set(sql, statement);
  return statement;
}

/** An argument as @libsql/client converts it (its `valueToSql`, for the default integer mode). */
function toSql(value: unknown): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
    return value;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}

function argsOf(args: unknown): unknown[] | Record<string, unknown> {
  if (args === undefined || args === null) return [];
  if (Array.isArray(args)) return args.map(toSql);
  const named: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args as Record<string, unknown>)) named[/^[@$:]/.test(name) ? name.slice(1) : name] = toSql(value);
  return named;
}

/** A value as @libsql/client returns it: blobs as ArrayBuffers. */
function fromSql(value: unknown): unknown {
  return Buffer.isBuffer(value) ? value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) : value;
}

function execute(stmt: WireStatement): WireResultSet {
  const { sql, args } = typeof stmt === 'string' ? { sql: stmt, args: [] } : stmt;
  const statement = prepared(sql);
  const bound = argsOf(args);
  if (statement.reader) {
    statement.raw(true);
    const columns = statement.columns();
    const rows = statement.all(bound) as unknown[][];
    return {
      columns: columns.map((c) => c.name),
      columnTypes: columns.map((c) => c.type ?? ''),
      rows: rows.map((row) => row.map(fromSql)),
      rowsAffected: 0,
      lastInsertRowid: undefined,
    };
  }
  const info = statement.run(bound);
  return { columns: [], columnTypes: [], rows: [], rowsAffected: info.changes, lastInsertRowid: BigInt(info.lastInsertRowid) };
}

const BEGIN: Record<TransactionMode, string> = { write: 'BEGIN IMMEDIATE', read: 'BEGIN TRANSACTION READONLY', deferred: 'BEGIN DEFERRED' };

const pause = new Int32Array(new SharedArrayBuffer(4));
let busyTimeoutQuery: Statement | undefined;

/** The connection's busy timeout in milliseconds. */
function busyTimeoutMs(): number {
  const [[timeout]] = (busyTimeoutQuery ??= db.prepare('PRAGMA busy_timeout').raw(true)).all([]) as [[number]];
  return Number(timeout);
}

/**
 * Begins a write transaction, waiting for another process's write (another register process on
 * the same database) with pauses of at most half a millisecond, for as long as the busy timeout
 * allows. SQLite's own wait sleeps ever longer (up to 100 ms between tries) while the other
 * process holds the lock for a few milliseconds at a time, so processes that take turns at the
 * write lock would mostly be asleep while it is free.
 */
function beginWaiting(begin: string): void {
  if (begin !== BEGIN.write) {
    db.exec(begin);
    return;
  }
  const timeout = busyTimeoutMs();
  const deadline = performance.now() + timeout;
  db.exec('PRAGMA busy_timeout = 0');
  try {
    for (let wait = 0.05; ; wait = Math.min(wait * 2, 0.5)) {
      try {
        db.exec(begin);
        return;
      } catch (error) {
        if (!(error as { code?: string }).code?.startsWith('SQLITE_BUSY') || performance.now() > deadline) throw error;
      }
      Atomics.wait(pause, 0, 0, wait);
    }
  } finally {
    db.exec(`PRAGMA busy_timeout = ${timeout}`);
  }
}

function rollbackIfOpen(): void {
  if (db.inTransaction) db.exec('ROLLBACK');
}

/** Runs statements in a transaction of their own, all or nothing. */
function inTransaction(begin: string, stmts: WireStatement[]): WireResultSet[] {
  beginWaiting(begin);
  try {
    const results = stmts.map(execute);
    db.exec('COMMIT');
    return results;
  } finally {
    rollbackIfOpen();
  }
}

/**
 * Runs several batches in one write transaction: each in a savepoint of its own, so a batch that
 * fails is undone and the others still commit, together, with one fsync. An error that ends the
 * whole transaction (SQLite rolls back by itself on some) or a failed commit fails them all.
 */
function batchesInTransaction(batches: WireStatement[][]): BatchOutcome[] {
  beginWaiting(BEGIN.write);
  try {
    const outcomes = batches.map((stmts): BatchOutcome => {
      db.exec('SAVEPOINT one_batch');
      try {
        const results = stmts.map(execute);
        db.exec('RELEASE one_batch');
        return { ok: true, results };
      } catch (error) {
        if (!db.inTransaction) throw error;
        db.exec('ROLLBACK TO one_batch');
        db.exec('RELEASE one_batch');
        return { ok: false, error: wireErrorOf(error) };
      }
    });
    db.exec('COMMIT');
    return outcomes;
  } finally {
    rollbackIfOpen();
  }
}

/** The transaction that holds the connection, if any. */
let open: number | null = null;

/**
 * Batches in one transaction, with what became of each; when the transaction failed as a whole,
 * each has its error.
 */
function batchOutcomes(batches: WireStatement[][]): BatchOutcome[] {
  try {
    return batchesInTransaction(batches);
  } catch (error) {
    const wire = wireErrorOf(error);
    return batches.map(() => ({ ok: false, error: wire }));
  }
}

/** Batches handed over by the other processes on this machine, when this process writes for them. */
const host = new BatchHost(batchOutcomes, () => open === null);

/**
 * This process's batches and those handed over that wait, in one transaction: one commit for them
 * all. When the transaction fails as a whole, every batch has its error.
 */
function ownBatchesWithHanded(batches: WireStatement[][]): BatchOutcome[] {
  const handed = host.take();
  const outcomes = batchOutcomes([...batches, ...handed.map((batch) => batch.statements)]);
  host.answer(handed, outcomes.slice(batches.length));
  return outcomes.slice(0, batches.length);
}

/** Requests waiting for the open transaction to end, in arrival order. */
let waiting: WorkerRequest[] = [];

function ownerOf(request: WorkerRequest): number | null {
  return 'tx' in request ? request.tx : null;
}

function run(request: WorkerRequest): unknown {
  switch (request.op) {
    case 'execute':
      return execute(request.stmt);
    case 'batch':
      return inTransaction(BEGIN[request.mode ?? 'deferred'], request.stmts);
    case 'batches':
      return ownBatchesWithHanded(request.batches);
    case 'host':
    case 'unhost':
      throw new Error(`${request.op} is answered by dispatch`);
    case 'migrate':
      db.exec('PRAGMA foreign_keys=off');
      try {
        return inTransaction('BEGIN DEFERRED', request.stmts);
      } finally {
        db.exec('PRAGMA foreign_keys=on');
      }
    case 'executeMultiple':
      db.exec(request.sql);
      return undefined;
    case 'txExecute':
    case 'txBatch':
    case 'txExecuteMultiple': {
      if (request.begin) {
        beginWaiting(BEGIN[request.begin]);
        open = request.tx;
      } else if (open !== request.tx || !db.inTransaction) {
        // SQLite ends a transaction by itself on some errors; what follows must not run outside it.
        throw new Error('The transaction has been rolled back');
      }
      if (request.op === 'txExecute') return execute(request.stmt);
      if (request.op === 'txBatch') return request.stmts.map(execute);
      db.exec(request.sql);
      return undefined;
    }
    case 'commit':
    case 'rollback':
      if (open !== request.tx) return undefined; // it never began, or ended already
      if (request.op === 'commit') {
        // A commit that fails (busy) leaves the transaction open for the rollback that follows.
        db.exec('COMMIT');
        open = null;
      } else {
        open = null;
        rollbackIfOpen();
      }
      return undefined;
    case 'close':
      rollbackIfOpen();
      db.close();
      return undefined;
  }
}

const BASE_CODES: Record<number, string> = {
  1: 'SQLITE_ERROR', 2: 'SQLITE_INTERNAL', 3: 'SQLITE_PERM', 4: 'SQLITE_ABORT', 5: 'SQLITE_BUSY', 6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM', 8: 'SQLITE_READONLY', 9: 'SQLITE_INTERRUPT', 10: 'SQLITE_IOERR', 11: 'SQLITE_CORRUPT',
  12: 'SQLITE_NOTFOUND', 13: 'SQLITE_FULL', 14: 'SQLITE_CANTOPEN', 15: 'SQLITE_PROTOCOL', 16: 'SQLITE_EMPTY',
  17: 'SQLITE_SCHEMA', 18: 'SQLITE_TOOBIG', 19: 'SQLITE_CONSTRAINT', 20: 'SQLITE_MISMATCH', 21: 'SQLITE_MISUSE',
  22: 'SQLITE_NOLFS', 23: 'SQLITE_AUTH', 24: 'SQLITE_FORMAT', 25: 'SQLITE_RANGE', 26: 'SQLITE_NOTADB',
};

function respond(request: WorkerRequest): WorkerResponse {
  try {
    return { id: request.id, ok: true, value: run(request) };
  } catch (error) {
    return failure(request.id, error);
  }
}

/** An error as @libsql/client maps a driver error: the base code, and the driver's code as the extended one. */
function failure(id: number, error: unknown): WorkerResponse {
  return { id, ok: false, error: wireErrorOf(error) };
}

function wireErrorOf(error: unknown): WireError {
  const e = error as { message?: string; code?: unknown; rawCode?: unknown };
  const rawCode = typeof e.rawCode === 'number' ? e.rawCode : undefined;
  const code = rawCode !== undefined ? (BASE_CODES[rawCode & 0xff] ?? `SQLITE_UNKNOWN_${rawCode & 0xff}`) : undefined;
  return { message: String(e.message ?? error), code, extendedCode: typeof e.code === 'string' ? e.code : undefined, rawCode };
}

function answer(request: WorkerRequest): void {
  if (request.op === 'host' || request.op === 'unhost') {
    (request.op === 'host' ? host.listen(request.path) : host.stop()).then(
      () => parentPort!.postMessage({ id: request.id, ok: true, value: undefined }),
      (error: unknown) => parentPort!.postMessage(failure(request.id, error)),
    );
    return;
  }
  parentPort!.postMessage(respond(request));
  if (request.op === 'close') {
    host.close();
    syncPort.close();
    parentPort!.close();
  }
}

function dispatch(request: WorkerRequest): void {
  const owner = ownerOf(request);
  // A transaction's first statement, or anything outside a transaction, waits for the open one.
  if (open !== null && owner !== open) {
    waiting.push(request);
    return;
  }
  answer(request);
  if (open === null && waiting.length > 0) {
    const held = waiting;
    waiting = [];
    for (const next of held) dispatch(next);
  }
  // Batches handed over while a transaction of this process held the connection.
  if (open === null) host.flush();
}

parentPort!.on('message', dispatch);

/**
 * Begins a transaction only if the database can be had at once: a waiting sender must not wait
 * for another process's write (the busy timeout), so then the answer says so and the sender
 * begins by message instead.
 */
function beginAtOnce(request: WorkerRequest & { tx: number; begin: TransactionMode }): WorkerResponse | null {
  if (open !== null || waiting.length > 0) return { id: request.id, ok: false, error: { message: 'The connection is in use.', code: NOT_AT_ONCE } };
  const timeout = busyTimeoutMs();
  db.exec('PRAGMA busy_timeout = 0');
  try {
    db.exec(BEGIN[request.begin]);
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) return { id: request.id, ok: false, error: { message: 'Another connection is writing.', code: NOT_AT_ONCE } };
    return failure(request.id, error);
  } finally {
    db.exec(`PRAGMA busy_timeout = ${timeout}`);
  }
  open = request.tx;
  return null;
}

// A statement whose sender waits for the answer (see db/worker-client.ts): one of the open
// transaction, or the first of a new one when the database can be had at once. It never waits
// here: anything else is refused at once, since its sender would otherwise wait for ever.
syncPort.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  if ('begin' in request && request.begin && 'tx' in request) {
    response = beginAtOnce(request as WorkerRequest & { tx: number; begin: TransactionMode }) ?? respond({ ...request, begin: undefined } as WorkerRequest);
  } else if (open !== null && ownerOf(request) === open) {
    response = respond(request);
  } else {
    response = { id: request.id, ok: false, error: { message: 'A waiting statement must belong to the open transaction.' } };
  }
  syncPort.postMessage(response);
  Atomics.store(answered, 0, 1);
  Atomics.notify(answered, 0);
});
