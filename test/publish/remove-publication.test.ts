/**
 * Old publications go in the background, and wait while a publication builds.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pauseRemovals, removeInBackground } from '#publish/remove-publication.ts';

const until = async (done: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
  return done();
};

/** Waits until `value` has not changed for `quietMs` (at most `ms`), and answers it. */
const settled = async (value: () => number, quietMs: number, ms: number) => {
  const end = Date.now() + ms;
  let last = value();
  let since = Date.now();
  while (Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = value();
    if (now !== last) [last, since] = [now, Date.now()];
    else if (Date.now() - since >= quietMs) break;
  }
  return last;
};

describe('removing an old publication', () => {
  it('removes the folder in the background, and holds while paused', async () => {
    const root = mkdtempSync(join(tmpdir(), 'register-remove-'));
    try {
      const old = join(root, '.trash-old');
      for (let i = 0; i < 300; i++) {
        mkdirSync(join(old, 'dienstverleners', String(i)), { recursive: true });
        writeFileSync(join(old, 'dienstverleners', String(i), 'index.html'), 'x');
      }
      const left = () => (existsSync(join(old, 'dienstverleners')) ? readdirSync(join(old, 'dienstverleners')).length : 0);
      removeInBackground(old);
      pauseRemovals(true);
      // It has begun (it reads its messages after each hundred removals, so it does some work
      // before it holds), and then holds: the count stops changing.
      expect(await until(() => left() < 300, 10_000)).toBe(true);
      const held = await settled(left, 500, 10_000);
      // Paused after at most a hundred removals (a folder and its file are two), and still there.
      expect(held).toBeGreaterThan(200);
      expect(existsSync(old)).toBe(true);
      pauseRemovals(false);
      expect(await until(() => !existsSync(old), 10_000)).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
