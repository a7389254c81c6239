/**
 * The worker thread that owns the register's write connection to a local database file (see
 * db/worker-client.ts). The local driver runs SQLite synchronously, so a commit's fsync would
 * stop the server's event loop for milliseconds; here it stops only this thread.
 *
 * Requests come one per message and are answered in the order they finish; the client on the
 * main thread matches answers by id.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createClient, type InStatement, type ResultSet, type Transaction, type TransactionMode } from '@libsql/client';
import type { WorkerRequest, WorkerResponse, WireResultSet } from './write-worker-protocol.ts';

const { url } = workerData as { url: string };
const client = createClient({ url, concurrency: 1 });
const transactions = new Map<number, Transaction>();

function wire(result: ResultSet): WireResultSet {
  return {
    columns: result.columns,
    columnTypes: result.columnTypes,
    rows: result.rows.map((row) => Array.prototype.slice.call(row)),
    rowsAffected: result.rowsAffected,
    lastInsertRowid: result.lastInsertRowid,
  };
}

/** The open transaction `id`, begun here when `begin` says this is its first statement. */
async function transaction(id: number, begin: TransactionMode | undefined): Promise<Transaction> {
  if (begin) {
    if (transactions.has(id)) throw new Error(`Write transaction ${id} has begun already.`);
    transactions.set(id, await client.transaction(begin));
  }
  const tx = transactions.get(id);
  if (!tx) throw new Error(`No open write transaction ${id}.`);
  return tx;
}

/** Ends transaction `id` (one that never ran a statement has nothing to end). */
async function end(id: number, how: 'commit' | 'rollback'): Promise<void> {
  const tx = transactions.get(id);
  if (!tx) return;
  try {
    await tx[how]();
  } finally {
    tx.close();
    transactions.delete(id);
  }
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'execute':
      return wire(await client.execute(request.stmt as InStatement));
    case 'batch':
      return (await client.batch(request.stmts as InStatement[], request.mode)).map(wire);
    case 'migrate':
      return (await client.migrate(request.stmts as InStatement[])).map(wire);
    case 'executeMultiple':
      return client.executeMultiple(request.sql);
    case 'txExecute':
      return wire(await (await transaction(request.tx, request.begin)).execute(request.stmt as InStatement));
    case 'txBatch':
      return (await (await transaction(request.tx, request.begin)).batch(request.stmts as InStatement[])).map(wire);
    case 'txExecuteMultiple':
      return (await transaction(request.tx, request.begin)).executeMultiple(request.sql);
    case 'commit':
      return end(request.tx, 'commit');
    case 'rollback':
      return end(request.tx, 'rollback');
    case 'close':
      for (const tx of transactions.values()) tx.close();
      transactions.clear();
      client.close();
      return undefined;
  }
}

parentPort!.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (value) => {
      parentPort!.postMessage({ id: request.id, ok: true, value } satisfies WorkerResponse);
      if (request.op === 'close') parentPort!.close();
    },
    (error: unknown) => {
      const e = error as { message?: string; code?: string; extendedCode?: string; rawCode?: number };
      const code = typeof e.code === 'string' ? e.code : undefined;
      // The client on the other side rebuilds a LibsqlError, which puts the code in front again.
      const message = String(e.message ?? error);
      parentPort!.postMessage({
        id: request.id,
        ok: false,
        error: { message: code && message.startsWith(`${code}: `) ? message.slice(code.length + 2) : message, code, extendedCode: e.extendedCode, rawCode: e.rawCode },
      } satisfies WorkerResponse);
    },
  );
});
