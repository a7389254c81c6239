/**
 * The order in which providers answer "who can help me here, now?": the same on a municipality
 * page, in the search results and in the API. Pure.
 */

/** How a list of providers may be ordered. */
export const PROVIDER_ORDERS = ['free', 'distance', 'name'] as const;
/** One of {@link PROVIDER_ORDERS}: free places first (then nearest), nearest first, or by name. */
export type ProviderOrder = (typeof PROVIDER_ORDERS)[number];

/** What the order looks at. */
export interface Orderable {
  enterpriseNumber: string;
  name: string;
  /** Free places, or null when the provider reported no capacity. */
  freePlaces: number | null;
  /** Kilometres from the place searched, or null when none was. */
  distanceKm: number | null;
}

const collator = new Intl.Collator('nl-BE');

/** Whether a provider can take someone on now: it reported free places. */
export const hasFreePlaces = (entry: { freePlaces: number | null }): boolean => (entry.freePlaces ?? 0) > 0;

/**
 * Compares two providers for `order`: by free places puts those with free places first and, in
 * each group, the nearest first; by distance the nearest first; then by name (Dutch collation).
 * Nearest is by the distance rounded as shown, so that equal distances fall back to the name.
 */
export function compareProviders(order: ProviderOrder): (a: Orderable, b: Orderable) => number {
  const byName = (a: Orderable, b: Orderable) => collator.compare(a.name, b.name) || (a.enterpriseNumber < b.enterpriseNumber ? -1 : a.enterpriseNumber > b.enterpriseNumber ? 1 : 0);
  const byDistance = (a: Orderable, b: Orderable) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity);
  if (order === 'name') return byName;
  if (order === 'distance') return (a, b) => byDistance(a, b) || byName(a, b);
  return (a, b) => Number(hasFreePlaces(b)) - Number(hasFreePlaces(a)) || byDistance(a, b) || byName(a, b);
}
