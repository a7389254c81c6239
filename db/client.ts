/**
 * Opens the register's database: a local libSQL file by default, or a libSQL server (sqld/Turso)
 * by URL — the same code and queries either way.
 */
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as schema from './schema/index.ts';

/** The drizzle database with the register's schema. */
export type RegisterDb = LibSQLDatabase<typeof schema>;

/** An open database: drizzle for queries, the raw client for pragmas and closing. */
export interface Database {
  db: RegisterDb;
  client: Client;
  url: string;
  close(): void;
}

/** Turns a relative `file:` URL into an absolute one and makes sure its folder exists. */
function localFileUrl(url: string): string {
  if (!url.startsWith('file:')) return url;
  const path = url.slice('file:'.length);
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true });
  return `file:${absolute}`;
}

/** Opens the database at `url`; for a local file, sets the pragmas the register relies on. */
export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  const resolved = localFileUrl(url);
  const client = createClient({ url: resolved, authToken });
  if (resolved.startsWith('file:')) {
    // WAL lets the site build read a snapshot while the API writes; the busy timeout makes
    // concurrent writers wait their turn instead of failing.
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA busy_timeout = 5000');
  }
  await client.execute('PRAGMA foreign_keys = ON');
  const db = drizzle(client, { schema });
  return { db, client, url: resolved, close: () => client.close() };
}
