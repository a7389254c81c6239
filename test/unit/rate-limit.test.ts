/**
 * The rate limiter's windows, on a clock the test moves (the limiter counts by wall time, never
 * the register's clock): a key has its own allowance, a refusal says how long to wait and that
 * wait works, and a key that stays quiet for a window gets its whole allowance back.
 */
import { describe, expect, it } from 'vitest';
import { RateLimiter, type RateLimit } from '#api/middleware/rate-limit.ts';

/** A limiter on a clock at `start` ms; `at` moves the clock. */
function limiterAt(start: number) {
  let now = start;
  const limiter = new RateLimiter({ now: () => now });
  return { hit: (key: string, rule: RateLimit) => limiter.hit(key, rule), at: (ms: number) => (now = ms), now: () => now };
}

/** Hits `key` until refused; answers the Retry-After (seconds) of the refusal and the hits allowed before it. */
function untilRefused(l: ReturnType<typeof limiterAt>, key: string, rule: RateLimit): { wait: number; allowed: number } {
  for (let allowed = 0; allowed <= rule.limit; allowed++) {
    const wait = l.hit(key, rule);
    if (wait > 0) return { wait, allowed };
  }
  throw new Error(`${key} was never refused`);
}

const WINDOW_START = 1_800_000_000_000; // aligned to every window length below

describe('the rate limiter', () => {
  it('allows as many requests as the limit, then refuses; another key has its own allowance', () => {
    const l = limiterAt(WINDOW_START + 100);
    const rule = { limit: 3, windowMs: 60_000 };
    expect(untilRefused(l, 'address:192.0.2.1', rule)).toEqual({ wait: 90, allowed: 3 }); // the refused request counts too, and weighs into the next window
    expect(l.hit('address:192.0.2.2', rule)).toBe(0);
  });

  it.each([
    [1, 1_000, 0],
    [2, 1_000, 100],
    [2, 1_000, 900],
    [5, 10_000, 0],
    [5, 10_000, 7_500],
    [100, 60_000, 59_000],
  ])('says a wait that works, and not one much longer (limit %i per %i ms, refused %i ms into a window)', (limit, windowMs, into) => {
    const rule = { limit, windowMs };
    // The same requests twice: one client waits as long as it is told, the other a second less.
    const obeying = limiterAt(WINDOW_START + into);
    const { wait } = untilRefused(obeying, 'k', rule);
    obeying.at(obeying.now() + wait * 1000);
    expect(obeying.hit('k', rule), `after waiting ${wait} s`).toBe(0);
    if (wait > 1) {
      const impatient = limiterAt(WINDOW_START + into);
      untilRefused(impatient, 'k', rule);
      impatient.at(impatient.now() + (wait - 1) * 1000);
      expect(impatient.hit('k', rule), `after waiting ${wait - 1} s`).toBeGreaterThan(0);
    }
  });

  it('gives a key its whole allowance back once a window has passed without its requests', () => {
    const rule = { limit: 4, windowMs: 60_000 };
    const l = limiterAt(WINDOW_START + 30_000);
    untilRefused(l, 'k', rule);
    // Half a window later (into the next one) the refused burst still weighs in.
    l.at(WINDOW_START + 60_000 + 1_000);
    expect(l.hit('k', rule)).toBeGreaterThan(0);
    // A whole window without requests after that one: the full allowance, and no more.
    l.at(WINDOW_START + 180_000);
    expect(untilRefused(l, 'k', rule).allowed).toBe(4);
  });
});
