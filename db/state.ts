/**
 * Keys of per-database state: a module that keeps something per open database (a cache, a
 * batcher) declares a key here and keeps the value on the database's write side
 * (`db.writes.state(key, create)`, db/write-side.ts), so it lives and dies with that database.
 */

/** A kind of per-database state; the type parameter is the state's type. */
export interface StateKey<T> {
  readonly name: string;
  /** Never set: carries the type of the state. */
  readonly type?: T;
}

/** Declares a kind of per-database state (`name` says what it is, for a reader). */
export function stateKey<T>(name: string): StateKey<T> {
  return { name };
}
