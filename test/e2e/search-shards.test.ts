/**
 * The search box over a register large enough for several search shards: an employer still gets
 * one list, alphabetical when no text is given, and text search reaches every shard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderFixture } from '../helpers/database.ts';
import { P, nis, search, startSite, type TestSite } from './harness.ts';

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

describe('search over several shards', () => {
  it('is split into several shards', async () => {
    const { shards } = (await (await fetch(`${site.url}/pagefind/shards.json`)).json()) as { shards: string[] };
    expect(shards.length).toBeGreaterThanOrEqual(3);
  });

  it('lists every provider serving Gent in alphabetical order, across the shards', async () => {
    const { page, errors } = await site.newPage();
    try {
      const first = await search(page, { gemeente: '9000' });
      expect(first.status).toBe(`${gentNames.length} erkende dienstverleners gevonden in Gent.`);
      // Page through the whole list with "Meer resultaten".
      const more = page.getByRole('button', { name: /meer/i });
      while (await more.isVisible()) {
        const shown = await page.locator('#search-results > li').count();
        await more.click();
        await page.waitForFunction((before) => document.querySelectorAll('#search-results > li').length > before, shown);
      }
      const all = (await page.locator('#search-results > li h3 a').allTextContents()).map((t) => t.trim());
      expect(all).toEqual(gentNames);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('finds by name in the last shard as well as in the first', async () => {
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
