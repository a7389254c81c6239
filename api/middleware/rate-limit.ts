/**
 * Rate limits per token and per client address (and sign-in attempts per address): a sliding
 * window counter per key. Over the limit: 429 with Retry-After.
 *
 * Counted across every register process on the database: each process counts its requests in
 * memory (the check must not wait for the database, or every public read would cost a write)
 * and adds them to the shared count of the key's window in the database (`rate_limit_windows`)
 * at most every {@link FLUSH_MS}, reading back the total of all processes. A process so sees
 * the others' requests at most that late, and a limit can be passed by what the other processes
 * took in that moment: a quarter of a second of traffic, against limits counted per minute.
 * Why not per process with the limit divided by the number of processes: a load balancer does
 * not spread one client evenly (a client keeps its connection to one process), so a divided
 * limit refuses a client that stays on one process far below the limit, and nothing needs to
 * know how many processes run. Runtime-neutral.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { sql } from 'drizzle-orm';
import { ProblemError } from '#api/problem.ts';
import type { RegisterDb } from '#db/client.ts';
import { writeTransaction } from '#db/write-lock.ts';

/** How many requests a key may make per window. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** How often a process adds its counts to the shared ones (and learns the others'). */
export const FLUSH_MS = 250;

interface Window {
  key: string;
  start: number;
  windowMs: number;
  /** The count of every process, as the database last said (this process's flushed requests included). */
  shared: number;
  /** Requests counted here and not yet added to the database. */
  pending: number;
}

/** A sliding-window counter store, shared through the database when it is given one. */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;
  private readonly db: RegisterDb | null;
  private lastFlush = 0;
  private scheduled = false;
  private flushing: Promise<void> | null = null;
  private lastPrune = 0;

  /** `db`: share the counts with every process on it; `now` is wall time in milliseconds (not the register's clock, which tests may stop). */
  constructor(options: { db?: RegisterDb; now?: () => number } = {}) {
    this.db = options.db ?? null;
    this.now = options.now ?? Date.now;
  }

  private window(key: string, start: number, windowMs: number): Window {
    const id = `${start}\n${key}`;
    let window = this.windows.get(id);
    if (!window) this.windows.set(id, (window = { key, start, windowMs, shared: 0, pending: 0 }));
    return window;
  }

  /**
   * Counts one request for `key`; returns the seconds to wait when over the limit, else 0. The
   * count is this window's plus the previous window's, weighted by how much of it still lies
   * within the last `windowMs` (windows are aligned to the clock, so every process counts the same).
   */
  hit(key: string, rule: RateLimit): number {
    const now = this.now();
    const start = Math.floor(now / rule.windowMs) * rule.windowMs;
    const current = this.window(key, start, rule.windowMs);
    current.pending++;
    const previous = this.windows.get(`${start - rule.windowMs}\n${key}`);
    const overlap = 1 - (now - start) / rule.windowMs;
    const count = current.shared + current.pending + (previous ? (previous.shared + previous.pending) * overlap : 0);
    if (now - this.lastPrune > rule.windowMs) this.prune(now);
    this.scheduleFlush(now);
    if (count <= rule.limit) return 0;
    return Math.max(1, Math.ceil(untilAllowed(current.shared + current.pending, previous ? previous.shared + previous.pending : 0, rule, now - start) / 1000));
  }

  /** Flushes at most every {@link FLUSH_MS}, also when no request follows (the others must learn the last counts too). */
  private scheduleFlush(now: number): void {
    if (!this.db || this.scheduled) return;
    this.scheduled = true;
    const timer = setTimeout(() => {
      this.scheduled = false;
      this.lastFlush = this.now();
      void (this.flushing ?? Promise.resolve())
        .then(() => this.flush(this.lastFlush))
        .then(() => {
          // Requests counted meanwhile go with the next flush.
          if ([...this.windows.values()].some((w) => w.pending > 0)) this.scheduleFlush(this.now());
        });
    }, Math.max(0, FLUSH_MS - (now - this.lastFlush)));
    // Counting never keeps a process alive.
    (timer as { unref?: () => void }).unref?.();
  }

  /** Adds this process's counts to the database's and reads back every process's totals. */
  private flush(now: number): Promise<void> {
    this.flushing = this.flushNow(now).finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async flushNow(now: number): Promise<void> {
    const sent = [...this.windows.values()].filter((w) => w.pending > 0).map((w) => ({ w, n: w.pending }));
    if (sent.length === 0) return;
    const pruneBefore = now - 2 * Math.max(...sent.map(({ w }) => w.windowMs));
    try {
      const counted = JSON.stringify(sent.map(({ w, n }) => [w.key, w.start, n, w.start - w.windowMs]));
      const totals = await writeTransaction(this.db!, async (tx) => {
        await tx.run(sql`
          INSERT INTO rate_limit_windows (key, window_start, count)
          SELECT r.value ->> 0, r.value ->> 1, r.value ->> 2 FROM json_each(${counted}) AS r WHERE true
          ON CONFLICT (key, window_start) DO UPDATE SET count = count + excluded.count`);
        // Old windows go as processes write theirs (a key's window serves for two windows at most).
        await tx.run(sql`DELETE FROM rate_limit_windows WHERE window_start < ${pruneBefore}`);
        // Every process's counts of these keys, this window's and the one before (which the
        // sliding count weighs in, also when this process had no request in it).
        return tx.all<{ key: string; window_start: number; count: number }>(sql`
          SELECT w.key, w.window_start, w.count FROM rate_limit_windows AS w
          JOIN json_each(${counted}) AS r ON w.key = r.value ->> 0 AND w.window_start >= r.value ->> 3`);
      });
      for (const { w, n } of sent) w.pending -= n;
      for (const row of totals) {
        const sentWindow = sent.find(({ w }) => w.key === row.key)!.w;
        this.window(row.key, Number(row.window_start), sentWindow.windowMs).shared = Number(row.count);
      }
    } catch {
      // The counts stay pending and go with the next flush; meanwhile this process counts alone.
    }
  }

  private prune(now: number): void {
    this.lastPrune = now;
    for (const [id, window] of this.windows) if (window.start + 2 * window.windowMs <= now && window.pending === 0) this.windows.delete(id);
  }
}

/**
 * How long (ms) a key that made `current` requests in this window (`into` ms ago it began) and
 * `previous` in the one before must wait, making none, before its next request is within the
 * limit: the sliding count weighs the earlier windows in, so the end of this window is not
 * always enough (Retry-After must be a wait that works).
 */
function untilAllowed(current: number, previous: number, rule: RateLimit, into: number): number {
  const w = rule.windowMs;
  // Later in this window, as the previous window weighs less: 1 + current + previous × (1 − t/w) ≤ limit.
  if (current + 1 <= rule.limit && previous > 0) return Math.max(0, w * (1 - (rule.limit - current - 1) / previous) - into);
  // In the next window, as this one weighs less: 1 + current × (1 − t/w) ≤ limit (after two windows, always).
  const inNext = current > rule.limit - 1 ? w * (1 - (rule.limit - 1) / current) : 0;
  return w - into + inNext;
}

/** Limits requests by the key `keyOf` gives (skipped when it gives null). */
export function rateLimit(limiter: RateLimiter, rule: RateLimit, keyOf: (c: Context) => string | null, what: string): MiddlewareHandler {
  return async (c, next) => {
    const key = keyOf(c);
    if (key !== null) {
      const wait = limiter.hit(key, rule);
      if (wait > 0) {
        throw new ProblemError(429, `Too many requests ${what}: at most ${rule.limit} per ${Math.round(rule.windowMs / 1000)} seconds. Try again in ${wait} seconds.`, {}, { 'Retry-After': String(wait) });
      }
    }
    await next();
  };
}
