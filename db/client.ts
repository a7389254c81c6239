/**
 * Opens the register's database: a local libSQL file by default, or a libSQL server (sqld/Turso)
 * by URL — the same code and queries either way.
 *
 * Two clients share the database: one for reads (a pool of connections, so reads never wait for
 * a write), and one single connection for writes, on which the pragmas the writes rely on
 * (foreign keys, busy timeout) are set once and stay set. That connection belongs to the
 * database's write side (db/write-side.ts), which queues the writes and announces what they did;
 * it is returned as `writes` and hangs on the drizzle database as `db.writes`. For a local file
 * that connection lives on a worker thread (db/worker-client.ts).
 */
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { dirname, resolve } from 'node:path';
import { folderProblem } from '#config/folders.ts';
import * as schema from './schema/index.ts';
import { createWorkerClient } from './worker-client.ts';
import { WriteSide } from './write-side.ts';

/** The drizzle database with the register's schema, and its write side. */
export type RegisterDb = LibSQLDatabase<typeof schema> & { readonly writes: WriteSide };

/** An open database: drizzle for queries, its write side, the raw client for pragmas and closing. */
export interface Database {
  db: RegisterDb;
  /** The write queue, its announcements and the per-database state (the same as `db.writes`). */
  writes: WriteSide;
  client: Client;
  url: string;
  close(): void;
}


/** Turns a relative `file:` URL into an absolute one and makes sure its folder exists. */
function localFileUrl(url: string): string {
  if (!url.startsWith('file:')) return url;
  const path = url.slice('file:'.length);
  const absolute = resolve(path);
  const problem = folderProblem(dirname(absolute));
  if (problem) throw new Error(problem);
  return `file:${absolute}`;
}

/**
 * How long a write waits for another process's write to end. Processes on one database take
 * turns at its one write lock, each for a group commit of milliseconds; under load SQLite's
 * waiting (sleeps of growing length) can let one process lose many turns in a row, so the wait
 * allowed is long: a request that waited is slow, one that failed is lost.
 */
const BUSY_TIMEOUT_MS = 30_000;

async function configure(client: Client, local: boolean): Promise<void> {
  if (local) {
    // The busy timeout makes a writer in another process (another register process, the command
    // line) wait its turn instead of failing; set first, as switching to WAL needs the file to
    // itself for a moment when another process opens it at the same time. WAL lets the site
    // build read a snapshot while the API writes.
    await client.execute(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    await client.execute('PRAGMA journal_mode = WAL');
  }
  await client.execute('PRAGMA foreign_keys = ON');
}

/** Opens the database at `url`. */
export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  const resolved = localFileUrl(url);
  const local = resolved.startsWith('file:');
  // The busy timeout on every connection of the read pool, not only the first that the pragma reaches.
  const client = createClient({ url: resolved, authToken, timeout: BUSY_TIMEOUT_MS });
  await configure(client, local);
  // A local file's writes run on a worker thread, so a commit's fsync never stops the server.
  const writeClient = local ? createWorkerClient(resolved) : createClient({ url: resolved, authToken, concurrency: 1 });
  await configure(writeClient, local);
  const writes = new WriteSide(drizzle(writeClient, { schema }));
  const db: RegisterDb = Object.assign(drizzle(client, { schema }), { writes });
  return {
    db,
    writes,
    client,
    url: resolved,
    close: () => {
      writeClient.close();
      client.close();
    },
  };
}
