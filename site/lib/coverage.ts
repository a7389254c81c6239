/**
 * The classes of the coverage map: where no recognised provider works, where some work but none
 * has a free place, and where providers with free places work (in three classes of about equal
 * size, so the map says something for a register of 100 providers and one of 10,000 alike). Pure.
 */
import type { Coverage } from './register-view.ts';

/** A class of the coverage map. */
export type CoverageClassKey = 'none' | 'full' | 'low' | 'mid' | 'high';

/** The classes of one register: the upper bounds of the low and middle classes. */
export interface CoverageClasses {
  /** Municipalities with at most this many providers with free places (and at least one) are "low". */
  low: number;
  /** … at most this many (and more than `low`) are "mid"; more are "high". */
  mid: number;
}

/** The classes for the figures of every municipality. */
export function coverageClasses(coverage: ReadonlyMap<string, Coverage>): CoverageClasses {
  const counts = [...coverage.values()].map((c) => c.withFreePlaces).filter((n) => n > 0).sort((a, b) => a - b);
  if (counts.length === 0) return { low: 0, mid: 0 };
  const low = counts[Math.floor((counts.length - 1) / 3)];
  const mid = Math.max(low, counts[Math.floor((2 * (counts.length - 1)) / 3)]);
  return { low, mid };
}

/** The class of one municipality's figures. */
export function coverageClassOf(figures: Coverage | undefined, classes: CoverageClasses): CoverageClassKey {
  if (!figures || figures.providers === 0) return 'none';
  if (figures.withFreePlaces === 0) return 'full';
  if (figures.withFreePlaces <= classes.low) return 'low';
  if (figures.withFreePlaces <= classes.mid) return 'mid';
  return 'high';
}

/** The legend: each class that can occur, with what it means in words. */
export function coverageLegend(classes: CoverageClasses): { key: CoverageClassKey; label: string }[] {
  const range = (from: number, to: number) => (from === to ? `${from}` : `${from} tot ${to}`);
  const entries: { key: CoverageClassKey; label: string }[] = [
    { key: 'none', label: 'geen erkende dienstverlener' },
    { key: 'full', label: 'wel dienstverleners, maar geen enkele met vrije plaatsen' },
  ];
  if (classes.low > 0) entries.push({ key: 'low', label: `${range(1, classes.low)} ${classes.low === 1 ? 'dienstverlener' : 'dienstverleners'} met vrije plaatsen` });
  if (classes.mid > classes.low) entries.push({ key: 'mid', label: `${range(classes.low + 1, classes.mid)} dienstverleners met vrije plaatsen` });
  if (classes.low > 0) entries.push({ key: 'high', label: `meer dan ${classes.mid} dienstverleners met vrije plaatsen` });
  return entries;
}
