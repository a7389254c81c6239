/**
 * Leases: which one of several register processes on one database does a job that must be done
 * by one at a time (publishing, sending mail, preparing an empty database). A lease is a row
 * naming its holder and when it expires, by the database's clock (the one clock every process
 * shares, also on a libSQL server). Its holder renews it every few seconds; a process that dies
 * stops renewing, and another takes the lease once it has expired. Writes only the holder may
 * make carry {@link Lease.heldSql} as a condition, so a process that lost its lease (stopped for
 * longer than the lease lasts) cannot act on it any more. Runtime-neutral.
 *
 * The table is made here, before the migrations, and not by one: the `setup` lease guards the
 * migrations themselves (two processes starting on an empty database must not both migrate).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { RegisterDb } from './client.ts';
import { writeTransaction } from './write-lock.ts';

/** The database's clock in milliseconds since 1970 (julianday has millisecond precision). */
export const DATABASE_NOW_MS = sql`CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`;

/** Makes the lease table when it is not there yet (every process does this first). */
export async function ensureLeaseTable(db: RegisterDb): Promise<void> {
  await writeTransaction(db, (tx) =>
    tx.run(sql`CREATE TABLE IF NOT EXISTS leases (
      name TEXT PRIMARY KEY NOT NULL,
      holder TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      acquired_at INTEGER NOT NULL,
      term INTEGER NOT NULL
    )`),
  );
}

let instance: string | null = null;
let host: string | null = null;

/**
 * This process's name as a lease holder: host and process id (when the runtime has them) and a
 * random part, so that a restarted process with the same id is another holder.
 */
export function instanceId(): string {
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid;
  instance ??= `${host ?? 'register'}:${pid ?? 0}#${crypto.randomUUID().slice(0, 8)}`;
  return instance;
}
/** Names the machine in {@link instanceId} (the command line gives the host name; call before the first lease). */
export function nameHost(name: string): void {
  if (!instance) host = name;
}

/** A lease row as stored. */
export interface LeaseRow {
  name: string;
  holder: string;
  /** Milliseconds since 1970, by the database's clock. */
  expiresAt: number;
  acquiredAt: number;
  /** Counts the holders: a new holder (or the same one after its lease ran out) starts a new term. */
  term: number;
}

/** How long a lease lasts without renewal: a dead holder's jobs are taken over within this (plus a retry). */
export const LEASE_TTL_MS = 5_000;

/** One named lease as seen by this process. */
export class Lease {
  readonly name: string;
  readonly holder: string;
  readonly ttlMs: number;
  private readonly db: RegisterDb;
  /** Until when (performance.now()) this process may take the lease as its own. */
  private validUntil = 0;
  private term: number | null = null;

  constructor(db: RegisterDb, name: string, options: { holder?: string; ttlMs?: number } = {}) {
    this.db = db;
    this.name = name;
    this.holder = options.holder ?? instanceId();
    this.ttlMs = options.ttlMs ?? LEASE_TTL_MS;
  }

  /**
   * Takes the lease when it is free, has expired or is ours, for another {@link ttlMs}. Says
   * `acquired` when this began a new term (the jobs of an earlier holder may need tidying),
   * `renewed` when it was ours already, null when another process holds it.
   */
  async claim(): Promise<'acquired' | 'renewed' | null> {
    // Counted from before the question: the lease may have been renewed at its very start.
    const asked = performance.now();
    const rows = await writeTransaction(this.db, (tx) =>
      tx.all<{ term: number }>(sql`
        INSERT INTO leases (name, holder, expires_at, acquired_at, term)
        VALUES (${this.name}, ${this.holder}, ${DATABASE_NOW_MS} + ${this.ttlMs}, ${DATABASE_NOW_MS}, 1)
        ON CONFLICT (name) DO UPDATE SET
          term = CASE WHEN leases.holder = excluded.holder AND leases.expires_at > excluded.acquired_at THEN leases.term ELSE leases.term + 1 END,
          acquired_at = CASE WHEN leases.holder = excluded.holder AND leases.expires_at > excluded.acquired_at THEN leases.acquired_at ELSE excluded.acquired_at END,
          holder = excluded.holder,
          expires_at = excluded.expires_at
        WHERE leases.holder = excluded.holder OR leases.expires_at <= excluded.acquired_at
        RETURNING term`),
    );
    if (rows.length === 0) {
      this.validUntil = 0;
      this.term = null;
      return null;
    }
    const fresh = this.term !== Number(rows[0].term);
    this.term = Number(rows[0].term);
    // A margin for the clocks' rates: this process stops acting a little before the others may take over.
    this.validUntil = asked + this.ttlMs * 0.8;
    return fresh ? 'acquired' : 'renewed';
  }

  /** Whether this process holds the lease now, as far as its last renewal says. */
  get held(): boolean {
    return performance.now() < this.validUntil;
  }

  /** Gives the lease up at once (a clean stop), so another process need not wait for it to expire. */
  async release(): Promise<void> {
    this.validUntil = 0;
    this.term = null;
    await writeTransaction(this.db, (tx) => tx.run(sql`UPDATE leases SET expires_at = 0 WHERE name = ${this.name} AND holder = ${this.holder}`));
  }

  /** An SQL condition, true while this process holds the lease: writes only the holder may make carry it. */
  heldSql(): SQL {
    return sql`EXISTS (SELECT 1 FROM leases WHERE name = ${this.name} AND holder = ${this.holder} AND expires_at > ${DATABASE_NOW_MS})`;
  }

  /** Who holds a lease now (null when nobody does, or it has expired). */
  static async holderOf(db: RegisterDb, name: string): Promise<LeaseRow | null> {
    const [row] = await db.all<{ name: string; holder: string; expires_at: number; acquired_at: number; term: number }>(
      sql`SELECT name, holder, expires_at, acquired_at, term FROM leases WHERE name = ${name} AND expires_at > ${DATABASE_NOW_MS}`,
    );
    return row ? { name: row.name, holder: row.holder, expiresAt: Number(row.expires_at), acquiredAt: Number(row.acquired_at), term: Number(row.term) } : null;
  }
}

/** What a duty does when its lease is won and lost. */
export interface DutyHandlers {
  /** Called when this process has just taken the lease (tidy what an earlier holder left); the duty is active after it. */
  acquired(): Promise<void>;
  /** Called once the duty is active (after {@link acquired}): start working. */
  active?(): void;
  /** Called when the lease was lost or given up: stop doing the job (a job in progress must check {@link Lease.held}). */
  lost(): void;
  log?: (message: string) => void;
}

/**
 * A job one process at a time does: tries to take its lease every {@link retryMs} while another
 * holds it, and renews it every third of its lifetime while this process does.
 */
export class Duty {
  readonly lease: Lease;
  private readonly handlers: DutyHandlers;
  private readonly retryMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;
  private activeNow = false;
  private tick: Promise<void> = Promise.resolve();

  constructor(lease: Lease, handlers: DutyHandlers, options: { retryMs?: number } = {}) {
    this.lease = lease;
    this.handlers = handlers;
    this.retryMs = options.retryMs ?? 1_000;
  }

  /** Whether this process does the job now. */
  get active(): boolean {
    return this.activeNow && this.lease.held;
  }

  /** Starts competing for the lease. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops competing, and gives the lease up when this process holds it. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.tick;
    if (this.activeNow) {
      this.activeNow = false;
      this.handlers.lost();
    }
    await this.lease.release().catch(() => undefined);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick = this.once().finally(() => this.schedule(this.active ? Math.round(this.lease.ttlMs / 3) : this.retryMs));
    }, ms);
    // Competing for a lease never keeps a process alive on its own.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async once(): Promise<void> {
    let outcome: 'acquired' | 'renewed' | null | 'error';
    try {
      outcome = await this.lease.claim();
    } catch (error) {
      outcome = 'error';
      if (this.activeNow) this.handlers.log?.(`Could not renew the ${this.lease.name} lease: ${(error as Error).message}`);
    }
    if (this.stopped) return;
    if (outcome === 'acquired' || (outcome === 'renewed' && !this.activeNow)) {
      this.activeNow = false;
      try {
        await this.handlers.acquired();
        this.activeNow = true;
        this.handlers.active?.();
      } catch (error) {
        this.handlers.log?.(`Taking over the ${this.lease.name} lease failed; giving it up: ${(error as Error).message}`);
        await this.lease.release().catch(() => undefined);
      }
      return;
    }
    if (this.activeNow && !this.lease.held) {
      // Taken by another process, or not renewed in time: stop at once.
      this.activeNow = false;
      this.handlers.log?.(`This process no longer holds the ${this.lease.name} lease.`);
      this.handlers.lost();
    }
  }
}
