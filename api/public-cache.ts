/**
 * A short-lived cache of public read answers. Public data changes only through accepted writes,
 * which clear it; the time limit covers writes made by another process (the daily evaluation).
 */
/** Caches computed answers by key for a few seconds, cleared on every write. */
export class PublicCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();
  private readonly texts = new Map<string, { at: number; value: string }>();
  private readonly ttlMs: number;
  /** `ttlMs` is wall time (not the register's clock, which tests may stop). */
  constructor(ttlMs = 5_000) {
    this.ttlMs = ttlMs;
  }

  /** The cached answer for `key`, or the one `compute` gives (failures are not cached). */
  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const now = performance.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    const value = compute();
    this.entries.set(key, { at: now, value });
    value.catch(() => this.entries.delete(key));
    if (this.entries.size > 5_000) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /** A cached text answer for `key`, if still fresh. */
  peek(key: string): string | undefined {
    const hit = this.texts.get(key);
    return hit && performance.now() - hit.at < this.ttlMs ? hit.value : undefined;
  }

  /** Keeps a text answer for `key`. */
  put(key: string, value: string): void {
    if (this.texts.size > 5_000) this.texts.delete(this.texts.keys().next().value!);
    this.texts.set(key, { at: performance.now(), value });
  }

  /** Forgets everything (after a write). */
  clear(): void {
    this.entries.clear();
    this.texts.clear();
  }
}
