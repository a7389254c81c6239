/**
 * Finds which of many strings occur in a text, in one pass over the text: the strings are
 * indexed by their first three characters, so a scan costs a look-up per character instead of
 * one search per string (tens of thousands of private values over megabytes of downloads).
 */

/** The smallest string the scanner looks for. */
export const MIN_NEEDLE_LENGTH = 3;

const keyAt = (text: string, i: number) => text.charCodeAt(i) * 2 ** 32 + text.charCodeAt(i + 1) * 2 ** 16 + text.charCodeAt(i + 2);

/** A set of strings to look for, each with a label (e.g. whose value it is). */
export class TextScanner<L> {
  private readonly byKey = new Map<number, { needle: string; label: L }[]>();

  /** Adds the strings to look for; shorter ones than {@link MIN_NEEDLE_LENGTH} are ignored. */
  add(needle: string, label: L): void {
    if (needle.length < MIN_NEEDLE_LENGTH) return;
    const key = keyAt(needle, 0);
    const list = this.byKey.get(key);
    if (list) list.push({ needle, label });
    else this.byKey.set(key, [{ needle, label }]);
  }

  /** True when nothing was added. */
  get empty(): boolean {
    return this.byKey.size === 0;
  }

  /** Every string found in `text`, with its label (each at most once). */
  find(text: string): { needle: string; label: L }[] {
    const found = new Map<string, { needle: string; label: L }>();
    for (let i = 0; i + MIN_NEEDLE_LENGTH <= text.length; i++) {
      const candidates = this.byKey.get(keyAt(text, i));
      if (!candidates) continue;
      for (const candidate of candidates) {
        if (!found.has(candidate.needle) && text.startsWith(candidate.needle, i)) found.set(candidate.needle, candidate);
      }
    }
    return [...found.values()];
  }
}
