/**
 * Finds which of many strings occur in a text, in one pass over the text. Each string is indexed
 * by one four-character window of itself, chosen so that few strings share a window (names made
 * of common words, or phone numbers that all start with "+32 4", still spread out), and a scan
 * costs one array read per character of the text plus a comparison where a window matches:
 * tens of thousands of private values over megabytes of downloads in about a second.
 */

/** The smallest string the scanner looks for. */
export const MIN_NEEDLE_LENGTH = 4;

// Four characters folded into a small integer (collisions only cost a comparison).
const keyAt = (text: string, i: number) =>
  (((text.charCodeAt(i) * 31 + text.charCodeAt(i + 1)) * 31 + text.charCodeAt(i + 2)) * 31 + text.charCodeAt(i + 3)) & 0x3fffffff;

const PRESENT_SIZE = 1 << 22;

interface Needle<L> {
  needle: string;
  /** Where the indexed window starts in the needle. */
  offset: number;
  label: L;
}

/** A set of strings to look for, each with a label (e.g. whose value it is). */
export class TextScanner<L> {
  private readonly byKey = new Map<number, Needle<L>[]>();
  private readonly needles = new Set<string>();
  /** Which keys (folded further) are in use: most positions of a text are ruled out by one array read. */
  private readonly present = new Uint8Array(PRESENT_SIZE);

  /** Adds a string to look for (once: a string added again keeps its first label); shorter ones than {@link MIN_NEEDLE_LENGTH} are ignored. */
  add(needle: string, label: L): void {
    if (needle.length < MIN_NEEDLE_LENGTH || this.needles.has(needle)) return;
    this.needles.add(needle);
    // The window whose key the fewest strings use so far.
    let best = 0;
    let bestSize = Infinity;
    for (let offset = 0; offset + MIN_NEEDLE_LENGTH <= needle.length && bestSize > 0; offset++) {
      const size = this.byKey.get(keyAt(needle, offset))?.length ?? 0;
      if (size < bestSize) {
        best = offset;
        bestSize = size;
      }
    }
    const key = keyAt(needle, best);
    this.present[key & (PRESENT_SIZE - 1)] = 1;
    const list = this.byKey.get(key);
    if (list) list.push({ needle, offset: best, label });
    else this.byKey.set(key, [{ needle, offset: best, label }]);
  }

  /** True when nothing was added. */
  get empty(): boolean {
    return this.byKey.size === 0;
  }

  /** Every string found in `text`, with its label (each at most once). */
  find(text: string): { needle: string; label: L }[] {
    const found = new Map<string, { needle: string; label: L }>();
    for (let i = 0; i + MIN_NEEDLE_LENGTH <= text.length; i++) {
      const key = keyAt(text, i);
      if (this.present[key & (PRESENT_SIZE - 1)] === 0) continue;
      const candidates = this.byKey.get(key);
      if (!candidates) continue;
      for (const { needle, offset, label } of candidates) {
        const start = i - offset;
        if (start >= 0 && !found.has(needle) && text.startsWith(needle, start)) found.set(needle, { needle, label });
      }
    }
    return [...found.values()];
  }
}
