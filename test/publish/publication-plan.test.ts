/**
 * The publication plan, from hand-made page keys and manifests (no database, files or Astro):
 * which pages a publication renders, carries over and checks, and the days pages last changed.
 */
import { describe, expect, it } from 'vitest';
import type { PublicRegister } from '#domain/public-register.ts';
import { planPublication, type PlanInput } from '#publish/publication-plan.ts';
import type { BuildManifest } from '#publish/publication-store.ts';

const A = '0400000001';
const B = '0400000002';
const C = '0400000003';
const TODAY = '2026-12-04';
const EARLIER = '2026-11-20';

/** Only what the plan reads of a register: the day and the providers' numbers. */
function registerOf(numbers: string[]): PublicRegister {
  return { today: TODAY, providers: numbers.map((enterpriseNumber) => ({ enterpriseNumber })) } as unknown as PublicRegister;
}

/** Three providers, one municipality page, the home page. */
function input(overrides: Partial<PlanInput> = {}): PlanInput {
  const pageKeys = new Map([
    [`/dienstverleners/${A}/`, 'a1'],
    [`/dienstverleners/${B}/`, 'b1'],
    [`/dienstverleners/${C}/`, 'c1'],
    ['/gemeenten/gent/', 'g1'],
  ]);
  const pages = ['/', ...pageKeys.keys()];
  return {
    register: registerOf([A, B, C]),
    pageKeys,
    contentKeys: new Map(pages.map((page) => [page, `content of ${page}`])),
    sitemapPages: pages,
    expectedHtmlPages: ['/', '/404.html', ...pageKeys.keys()],
    expectedPages: ['/', '/404.html', ...pageKeys.keys(), '/open-data/register.json'],
    code: 'code-1',
    online: null,
    ...overrides,
  };
}

/** The manifest of a publication online built from {@link input}'s keys (with `changes` to its keys). */
function manifest(overrides: Partial<BuildManifest> = {}): BuildManifest {
  const base = input();
  return {
    version: 5,
    code: 'code-1',
    pageKeys: Object.fromEntries(base.pageKeys),
    searchShards: [],
    log: { events: 0, head: '' },
    files: {
      '/index.html': 10,
      '/404.html': 10,
      [`/dienstverleners/${A}/index.html`]: 20,
      [`/dienstverleners/${B}/index.html`]: 20,
      [`/dienstverleners/${C}/index.html`]: 20,
      '/gemeenten/gent/index.html': 30,
      '/_astro/site.css': 5,
      '/open-data/register.json': 40,
    },
    openDataInputs: {},
    contentChanged: Object.fromEntries(base.sitemapPages.map((page) => [page, [`content of ${page}`, EARLIER]])),
    ...overrides,
  };
}

describe('the publication plan', () => {
  it('renders everything, carries nothing and dates every page today without a publication online', () => {
    const plan = planPublication(input());
    expect(plan.incremental).toBe(false);
    expect(plan.render).toBeNull();
    expect(plan.phases).toEqual([null]);
    expect([...plan.changedProviders]).toEqual([A, B, C]);
    expect(plan.carryBeforeIndex).toEqual([]);
    expect(plan.carryAfterRender).toEqual([]);
    expect(plan.removedPages).toEqual([]);
    expect(Object.values(plan.contentChanged).map(([, day]) => day)).toEqual([TODAY, TODAY, TODAY, TODAY, TODAY]);
  });

  it('on a publication online of the same code, renders only the pages whose key changed and carries the rest with the assets', () => {
    const pageKeys = new Map(input().pageKeys).set(`/dienstverleners/${B}/`, 'b2');
    const contentKeys = new Map(input().contentKeys).set(`/dienstverleners/${B}/`, 'new content of B');
    const plan = planPublication(input({ pageKeys, contentKeys, online: manifest() }));
    expect(plan.incremental).toBe(true);
    expect(plan.render).toEqual([`/dienstverleners/${B}/`]);
    expect(plan.phases).toEqual([[`/dienstverleners/${B}/`]]);
    expect([...plan.changedProviders]).toEqual([B]);
    // The pages without parameters render every time: the pipeline leaves out what a render wrote.
    expect(plan.carryAfterRender).toEqual([
      '/index.html',
      '/404.html',
      `/dienstverleners/${A}/index.html`,
      `/dienstverleners/${C}/index.html`,
      '/gemeenten/gent/index.html',
      '/_astro/site.css',
    ]);
    expect(plan.checkEveryPage).toBe(false);
    // Only the page whose content changed gets today's date.
    expect(plan.contentChanged[`/dienstverleners/${B}/`]).toEqual(['new content of B', TODAY]);
    expect(plan.contentChanged[`/dienstverleners/${A}/`]).toEqual([`content of /dienstverleners/${A}/`, EARLIER]);
  });

  it('renders everything anew on a publication online of other code, and dates every page today', () => {
    const plan = planPublication(input({ online: manifest({ code: 'code-0' }) }));
    expect(plan.incremental).toBe(false);
    expect(plan.render).toBeNull();
    expect(plan.carryAfterRender).toEqual([]);
    expect(plan.contentChanged['/gemeenten/gent/']).toEqual(['content of /gemeenten/gent/', TODAY]);
  });

  it('on `full`, renders everything but keeps the days of unchanged content, as an incremental build would', () => {
    const plan = planPublication(input({ online: manifest(), full: true }));
    expect(plan.incremental).toBe(false);
    expect(plan.render).toBeNull();
    expect([...plan.changedProviders]).toEqual([A, B, C]);
    expect(plan.contentChanged['/gemeenten/gent/']).toEqual(['content of /gemeenten/gent/', EARLIER]);
  });

  it('renders many provider pages first, carrying the other provider pages before the search index starts', () => {
    const pageKeys = new Map(input().pageKeys).set(`/dienstverleners/${A}/`, 'a2').set(`/dienstverleners/${B}/`, 'b2').set('/gemeenten/gent/', 'g2');
    const plan = planPublication(input({ pageKeys, online: manifest(), providersFirstFrom: 2 }));
    expect(plan.phases).toEqual([[`/dienstverleners/${A}/`, `/dienstverleners/${B}/`], ['/gemeenten/gent/']]);
    expect(plan.carryBeforeIndex).toEqual([`/dienstverleners/${C}/index.html`]);
    expect(plan.carryAfterRender).toEqual(['/index.html', '/404.html', '/_astro/site.css']);
  });

  it('keeps one render below that many provider pages, and splits a full build too', () => {
    expect(planPublication(input({ providersFirstFrom: 4 })).phases).toEqual([null]);
    const full = planPublication(input({ providersFirstFrom: 3 }));
    expect(full.phases).toEqual([[`/dienstverleners/${A}/`, `/dienstverleners/${B}/`, `/dienstverleners/${C}/`], ['/gemeenten/gent/']]);
    expect(full.carryBeforeIndex).toEqual([]);
  });

  it('names the pages online that are gone, and then has the link check read every page', () => {
    const register = registerOf([A, B]);
    const pageKeys = new Map([...input().pageKeys].filter(([page]) => page !== `/dienstverleners/${C}/`));
    const pages = ['/', ...pageKeys.keys()];
    const plan = planPublication(
      input({
        register,
        pageKeys,
        contentKeys: new Map(pages.map((page) => [page, `content of ${page}`])),
        sitemapPages: pages,
        expectedHtmlPages: ['/', '/404.html', ...pageKeys.keys()],
        expectedPages: ['/', '/404.html', ...pageKeys.keys(), '/open-data/register.json'],
        online: manifest(),
      }),
    );
    expect(plan.render).toEqual([]);
    expect(plan.removedPages).toEqual([`/dienstverleners/${C}/`]);
    expect(plan.checkEveryPage).toBe(true);
    expect(plan.carryAfterRender).not.toContain(`/dienstverleners/${C}/index.html`);
  });

  it('refuses a sitemap page without a content key', () => {
    expect(() => planPublication(input({ sitemapPages: ['/', '/kaart/'] }))).toThrow('The page /kaart/ has no content key');
  });
});
