/**
 * Which single-connection database the writes to a database go through. Kept apart from
 * db/client.ts (which opens files, so is Node-only) so the API app stays runtime-neutral.
 */
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from './schema/index.ts';

type Db = LibSQLDatabase<typeof schema>;
const writers = new WeakMap<Db, Db>();

/** Registers the writer of a database (done by openDatabase). */
export function registerWriter(db: Db, writer: Db): void {
  writers.set(db, writer);
}

/** The single-connection database that writes to `db` go through (`db` itself when it has none). */
export function writerOf(db: Db): Db {
  return writers.get(db) ?? db;
}
