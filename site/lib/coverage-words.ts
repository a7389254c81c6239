/** The figures of the coverage map in words. Pure. */
import type { Coverage } from './register-view.ts';

/** "Gent: 4 erkende dienstverleners, 3 met vrije plaatsen." */
export function coverageTooltip(name: string, figures: Coverage | undefined): string {
  const providers = figures?.providers ?? 0;
  const free = figures?.withFreePlaces ?? 0;
  if (providers === 0) return `${name}: geen erkende dienstverlener.`;
  return `${name}: ${providers.toLocaleString('nl-BE')} erkende ${providers === 1 ? 'dienstverlener' : 'dienstverleners'}, ${free === 0 ? 'geen enkele' : free.toLocaleString('nl-BE')} met vrije plaatsen.`;
}
