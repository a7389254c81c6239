/**
 * The search over a register large enough for several search shards and several pages of
 * results: the index is still split in shards, and an employer still gets one list, in pages of
 * 20, every provider exactly once, and a name search reaches every provider.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderFixture } from '#test/fixtures/database.ts';
import { P, afterSearch, nis, search, startSite, type TestSite } from './harness.ts';

// 240 recognised providers in Gent, spread over the alphabet, besides the usual test register:
// with at least 100 pages per shard, the index comes in three shards.
const WORDS = ['Anker', 'Brug', 'Duin', 'Eik', 'Haven', 'Kade', 'Linde', 'Molen', 'Poort', 'Ster', 'Toren', 'Zon'];
const extra: ProviderFixture[] = Array.from({ length: 240 }, (_, i) => ({
  id: 1000 + i,
  name: `${WORDS[i % WORDS.length]} ${String(i).padStart(3, '0')} Begeleiding vzw`,
  municipalityNis: nis('Gent'),
  postcode: '9000',
  workingArea: [nis('Gent')],
  validFrom: '2024-01-01',
  activity: [{ year: 2024, employeesCoached: 2 }, { year: 2025, employeesCoached: 2 }],
  capacity: { totalPlaces: 4, freePlaces: 1 },
  simplifiedCategory: null,
}));
const gentNames = [P.werkkrachtGent, P.jobankerGent, P.kompasBrugge, P.heelVlaanderen, ...extra].map((p) => p.name).sort(new Intl.Collator('nl-BE').compare);

let site: TestSite;

beforeAll(async () => {
  site = await startSite({ extraProviders: extra });
}, 120_000);

afterAll(async () => {
  await site?.close();
});

describe('search over a large register', () => {
  it('is split into several shards', async () => {
    const { shards } = (await (await fetch(`${site.url}/pagefind/shards.json`)).json()) as { shards: string[] };
    expect(shards.length).toBeGreaterThanOrEqual(3);
  });

  it('lists every provider serving Gent by name, page after page, each once', async () => {
    const { page, errors } = await site.newPage();
    try {
      const first = await search(page, { gemeente: '9000', volgorde: 'Op naam' });
      expect(first.status).toBe(`${gentNames.length} erkende dienstverleners gevonden in Gent.`);
      const all = [...first.results];
      // Page through the whole list with "Volgende 20".
      const next = page.getByRole('link', { name: 'Volgende 20' });
      while ((await next.count()) > 0) all.push(...(await afterSearch(page, () => next.click())).results);
      expect(all).toEqual(gentNames);
      expect(new URL(page.url()).searchParams.get('pagina')).toBe(String(Math.ceil(gentNames.length / 20)));
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('finds by name at the start and at the end of the alphabet', async () => {
    const { page } = await site.newPage();
    try {
      const early = await search(page, { naam: 'Anker' });
      expect(early.status).toBe('20 erkende dienstverleners gevonden.');
      const late = await search(page, { naam: 'Zon' });
      expect(late.status).toBe('20 erkende dienstverleners gevonden.');
      expect(late.results.every((name) => name.startsWith('Zon '))).toBe(true);
    } finally {
      await page.close();
    }
  });
});
