/**
 * Old publications go in the background, and wait while a publication builds.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pauseRemovals, removeInBackground } from '../../publish/remove-publication.ts';

const until = async (done: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
  return done();
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
      removeInBackground(old);
      pauseRemovals(true);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // Paused after at most a hundred removals.
      expect(existsSync(old)).toBe(true);
      expect(readdirSync(join(old, 'dienstverleners')).length).toBeGreaterThan(200);
      pauseRemovals(false);
      expect(await until(() => !existsSync(old), 10_000)).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
