/**
 * A short-lived cache of public read answers. Public data changes only through accepted writes,
 * which clear it; the time limit covers writes made by another process (the daily evaluation).
 * A generation number keeps an answer computed before a write from being stored after it.
 */

/** Caches public answers by address for a few seconds, cleared on every write. */
export class PublicCache {
  private readonly texts = new Map<string, { at: number; value: string }>();
  private readonly ttlMs: number;
  /** Advances on every clear: answers begun in an earlier generation are not kept. */
  private generationNumber = 0;

  /** `ttlMs` is wall time (not the register's clock, which tests may stop). */
  constructor(ttlMs = 5_000) {
    this.ttlMs = ttlMs;
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
