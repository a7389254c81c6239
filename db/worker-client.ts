/**
 * A libSQL client whose connection lives on a worker thread (db/write-worker.ts). The register's
 * writes to a local file go through it: the local driver commits synchronously, so on the main
 * thread every fsync would stop the server from reading requests for a few milliseconds; on the
 * worker the server keeps answering, and the next group of writes gathers meanwhile.
 *
 * It speaks the @libsql/client interface, so drizzle uses it like any client; only what drizzle
 * and the register use is forwarded (no `sync`, which is for embedded replicas).
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { LibsqlError, type Client, type InArgs, type InStatement, type ResultSet, type Row, type Transaction, type TransactionMode } from '@libsql/client';
import { NOT_AT_ONCE, type BatchOutcome, type WireError, type WireResultSet, type WireStatement, type WorkerRequest, type WorkerResponse } from './write-worker-protocol.ts';

/** What became of one batch of {@link BatchingClient.batchEach}: its results, or why it was undone. */
export type BatchResult = { ok: true; results: ResultSet[] } | { ok: false; error: LibsqlError };

/** A client that can carry out several batches in one write transaction, each all or nothing (the write thread's). */
export interface BatchingClient extends Client {
  batchEach(batches: InStatement[][]): Promise<BatchResult[]>;
  /** Lets the write thread accept batches handed over by other processes on the socket at `path` (db/batch-host.ts). */
  hostBatches(path: string): Promise<void>;
  /** Stops that: resolves once the processes it wrote for have left. */
  stopHostingBatches(): Promise<void>;
}

/** How long a statement inside a transaction may take before its caller gives up. */
const SYNC_TIMEOUT_MS = 30_000;

type Pending = { resolve: (value: unknown) => void; reject: (error: unknown) => void };
// Spread over a union keeps it a union: a request of any kind, without its id.
type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/** Rows shaped as the local driver shapes them: indexed and named, with names enumerable. */
function rowOf(values: unknown[], columns: string[]): Row {
  const row: Record<string | number, unknown> = {};
  Object.defineProperty(row, 'length', { value: values.length });
  for (let i = 0; i < values.length; i++) {
    Object.defineProperty(row, i, { value: values[i] });
    if (!Object.hasOwn(row, columns[i])) Object.defineProperty(row, columns[i], { value: values[i], enumerable: true, configurable: true, writable: true });
  }
  return row as unknown as Row;
}

/** A result set from its wire form (rows as plain arrays). */
export function resultSetOf(wire: WireResultSet): ResultSet {
  const rows = wire.rows.map((values) => rowOf(values, wire.columns));
  return {
    columns: wire.columns,
    columnTypes: wire.columnTypes,
    rows,
    rowsAffected: wire.rowsAffected,
    lastInsertRowid: wire.lastInsertRowid,
    toJSON: () => ({ columns: wire.columns, columnTypes: wire.columnTypes, rows: wire.rows, rowsAffected: wire.rowsAffected, lastInsertRowid: wire.lastInsertRowid?.toString() ?? null }),
  };
}

/** The error of a refused request, as @libsql/client would have thrown it. */
export function errorOf(error: WireError): LibsqlError {
  return new LibsqlError(error.message, error.code ?? 'UNKNOWN', error.extendedCode, error.rawCode);
}

function statementOf(stmtOrSql: InStatement | string, args?: InArgs): WireStatement {
  return typeof stmtOrSql === 'string' ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql;
}

/** Opens a client for the local database at `url` (a `file:` URL) on a worker thread of its own. */
export function createWorkerClient(url: string): BatchingClient {
  // Statements inside a transaction go over a port of their own, and the caller waits for the
  // answer (tens of microseconds): answered by message, each would wait for a turn of the
  // server's event loop, which under load is milliseconds, while the transaction holds the
  // database's one write lock. Only COMMIT (the fsync), a BEGIN that finds another process
  // writing (it may wait for the busy timeout), and writes outside a transaction are answered by
  // message, so the server keeps serving meanwhile.
  const { port1: syncPort, port2: workerSyncPort } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const answered = new Int32Array(signal);
  const worker = new Worker(new URL('./write-worker.ts', import.meta.url), {
    workerData: { url, syncPort: workerSyncPort, signal },
    transferList: [workerSyncPort],
  });
  syncPort.unref();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed = false;
  // The worker keeps the process alive only while it owes an answer.
  worker.unref();
  worker.on('message', (response: WorkerResponse) => {
    const waiting = pending.get(response.id);
    if (!waiting) return;
    pending.delete(response.id);
    if (pending.size === 0) worker.unref();
    if (response.ok) waiting.resolve(response.value);
    else waiting.reject(errorOf(response.error));
  });
  // Once the thread has stopped, every call fails at once instead of waiting for an answer that never comes.
  let stopped: LibsqlError | null = null;
  const failAll = (error: unknown) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('error', (error) => {
    stopped ??= new LibsqlError(`The write thread failed: ${error.message}`, 'WRITE_THREAD_STOPPED');
    failAll(error);
  });
  worker.on('exit', (code) => {
    stopped ??= new LibsqlError(`The write thread stopped (exit code ${code})`, 'WRITE_THREAD_STOPPED');
    failAll(stopped);
  });

  function call<T>(request: RequestBody): Promise<T> {
    if (closed && request.op !== 'close') return Promise.reject(new LibsqlError('The client is closed', 'CLIENT_CLOSED'));
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  }

  /** Sends a statement of the open transaction and waits for its answer. */
  function callNow<T>(request: RequestBody): T {
    if (closed) throw new LibsqlError('The client is closed', 'CLIENT_CLOSED');
    if (stopped) throw stopped;
    Atomics.store(answered, 0, 0);
    syncPort.postMessage({ ...request, id: nextId++ });
    Atomics.wait(answered, 0, 0, SYNC_TIMEOUT_MS);
    const received = receiveMessageOnPort(syncPort);
    if (!received) throw new LibsqlError(`The write thread did not answer within ${SYNC_TIMEOUT_MS / 1000} seconds`, 'WRITE_THREAD_TIMEOUT');
    const response = received.message as WorkerResponse;
    if (!response.ok) throw errorOf(response.error);
    return response.value as T;
  }

  let nextTransaction = 1;
  const transactionOf = (mode: TransactionMode): Transaction => {
    const tx = nextTransaction++;
    let begun = false;
    let done = false;
    // The first statement carries the BEGIN.
    const begin = () => {
      if (begun) return undefined;
      begun = true;
      return mode;
    };
    // Statements answered by message and not yet answered: while there are any (the first, with
    // its BEGIN, or several sent at once), the next must queue behind them rather than overtake.
    let inFlight = 0;
    const byMessage = <T>(request: RequestBody): Promise<T> => {
      inFlight++;
      return call<T>(request).finally(() => inFlight--);
    };
    return {
      execute: (stmt: InStatement) => {
        if (inFlight === 0) {
          // The first statement begins the transaction here too, when the database is free now.
          const first = !begun;
          try {
            const result = callNow<WireResultSet>({ op: 'txExecute', tx, begin: first ? mode : undefined, stmt: statementOf(stmt) });
            begun = true;
            return Promise.resolve(resultSetOf(result));
          } catch (error) {
            if (!(first && error instanceof LibsqlError && error.code === NOT_AT_ONCE)) {
              begun = true;
              return Promise.reject(error);
            }
            // Another writer has the database: wait for it by message, as the busy timeout allows.
          }
        }
        return byMessage<WireResultSet>({ op: 'txExecute', tx, begin: begin(), stmt: statementOf(stmt) }).then(resultSetOf);
      },
      batch: (stmts: InStatement[]) => byMessage<WireResultSet[]>({ op: 'txBatch', tx, begin: begin(), stmts: stmts.map((s) => statementOf(s)) }).then((sets) => sets.map(resultSetOf)),
      executeMultiple: (sql: string) => byMessage<void>({ op: 'txExecuteMultiple', tx, begin: begin(), sql }),
      commit: async () => {
        done = true;
        if (begun) await call<void>({ op: 'commit', tx });
      },
      rollback: async () => {
        done = true;
        if (begun) await call<void>({ op: 'rollback', tx });
      },
      close: () => {
        if (!done && begun) void call<void>({ op: 'rollback', tx }).catch(() => undefined);
        done = true;
      },
      get closed() {
        return done;
      },
    };
  };

  return {
    execute: ((stmtOrSql: InStatement | string, args?: InArgs) =>
      call<WireResultSet>({ op: 'execute', stmt: statementOf(stmtOrSql, args) }).then(resultSetOf)) as Client['execute'],
    batch: (stmts, mode) =>
      call<WireResultSet[]>({ op: 'batch', stmts: stmts.map((s) => (Array.isArray(s) ? { sql: s[0], args: s[1] ?? [] } : statementOf(s))), mode }).then((sets) => sets.map(resultSetOf)),
    batchEach: (batches) =>
      call<BatchOutcome[]>({ op: 'batches', batches: batches.map((stmts) => stmts.map((s) => statementOf(s))) }).then((outcomes) =>
        outcomes.map((outcome): BatchResult => (outcome.ok ? { ok: true, results: outcome.results.map(resultSetOf) } : { ok: false, error: errorOf(outcome.error) })),
      ),
    hostBatches: (path) => call<void>({ op: 'host', path }),
    stopHostingBatches: () => call<void>({ op: 'unhost' }),
    migrate: (stmts) => call<WireResultSet[]>({ op: 'migrate', stmts: stmts.map((s) => statementOf(s)) }).then((sets) => sets.map(resultSetOf)),
    transaction: (async (mode: TransactionMode = 'write') => {
      if (closed) throw new LibsqlError('The client is closed', 'CLIENT_CLOSED');
      return transactionOf(mode);
    }) as Client['transaction'],
    executeMultiple: (sql) => call<void>({ op: 'executeMultiple', sql }),
    sync: () => Promise.reject(new LibsqlError('sync is not supported by the write client', 'SYNC_NOT_SUPPORTED')),
    reconnect: () => undefined,
    close: () => {
      if (closed) return;
      closed = true;
      // The worker closes the file and ends by itself once it has answered everything before.
      void call<void>({ op: 'close' }).catch(() => undefined).finally(() => syncPort.close());
    },
    get closed() {
      return closed;
    },
    protocol: 'file',
  };
}
