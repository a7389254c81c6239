/**
 * Rate limits per token and per client address: a fixed window per key, kept in memory (one
 * process; a shared store can be injected later). Over the limit: 429 with Retry-After.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ProblemError } from '../problem.ts';

/** How many requests a key may make per window. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** A fixed-window counter store. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly now: () => number;
  /** `now` is wall time in milliseconds (not the register's clock, which tests may stop). */
  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Counts one request for `key`; returns the seconds to wait when over the limit, else 0. */
  hit(key: string, rule: RateLimit): number {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= rule.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > 100_000) this.prune(now, rule.windowMs);
    }
    window.count++;
    return window.count > rule.limit ? Math.max(1, Math.ceil((window.start + rule.windowMs - now) / 1000)) : 0;
  }

  private prune(now: number, windowMs: number) {
    for (const [key, window] of this.windows) if (now - window.start >= windowMs) this.windows.delete(key);
  }
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
