/**
 * A short-lived cache of public read answers. Public data changes only through writes, which move
 * the public data's generation in the database (db/generation.ts): the cache is emptied when it
 * moved, whichever register process wrote, seen within a quarter of a second elsewhere and at
 * once after a write here. The time limit covers what changes without a write (a new day). A
 * local generation number keeps an answer computed before a change from being stored after it.
 */
import type { RegisterDb } from '#db/client.ts';
import { publicDataGenerationOf, type Generation } from '#db/generation.ts';

/** Caches public answers by address for a few seconds, cleared on every write. */
export class PublicCache {
  private readonly texts = new Map<string, { at: number; value: string }>();
  private readonly ttlMs: number;
  /** Advances on every clear: answers begun in an earlier generation are not kept. */
  private generationNumber = 0;
  private readonly shared: Generation | null;
  /** The database's generation the cached answers were computed in. */
  private seen: string | null = null;

  /** `db`: the database whose generation of public data empties the cache; `ttlMs` is wall time (not the register's clock, which tests may stop). */
  constructor(options: { db?: RegisterDb; ttlMs?: number } = {}) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.shared = options.db ? publicDataGenerationOf(options.db) : null;
  }

  /** Whether {@link sync} must ask the database before the cache is relied on. */
  get due(): boolean {
    return this.shared !== null && (this.shared.due || this.shared.value !== this.seen);
  }

  /** Empties the cache when public data changed since its answers were computed (in any process). */
  async sync(): Promise<void> {
    if (!this.shared) return;
    const now = await this.shared.current();
    if (now !== this.seen) {
      this.clear();
      this.seen = now;
    }
  }

  /** The current generation, to pass to {@link put} with an answer computed from now on. */
  generation(): number {
    return this.generationNumber;
  }

  /** A cached text answer for `key`, if still fresh. */
  peek(key: string): string | undefined {
    const hit = this.texts.get(key);
    return hit && performance.now() - hit.at < this.ttlMs ? hit.value : undefined;
  }

  /** Keeps a text answer for `key`, unless a write happened since `generation`. */
  put(key: string, value: string, generation: number): void {
    if (generation !== this.generationNumber) return;
    if (this.texts.size > 5_000) this.texts.delete(this.texts.keys().next().value!);
    this.texts.set(key, { at: performance.now(), value });
  }

  /** Forgets everything (after a write). */
  clear(): void {
    this.generationNumber++;
    this.texts.clear();
  }
}
