/**
 * Incremental publications: after one change, only the pages that show the changed data are
 * rendered and checked again, the others are carried over from the publication online as hard
 * links, only the search shard holding it is indexed again, and the result is the same site a
 * full build makes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { buildPublication, closePublisher, type PublicationResult } from '#publish/build-publication.ts';
import { fileChangeReport } from '#db/commands/change-reports.ts';
import { readLogEntries } from '#db/queries/change-log.ts';
import { logLine } from '#publish/open-data/index.ts';
import { seedSampleData } from '#db/seed/seed.ts';
import { providers, recognitions } from '#db/schema/index.ts';
import { PublicRegisterSchema, type PublicProvider, type PublicRegister } from '#domain/public-register.ts';
import { LIST_PAGE_SIZE, pagesFor } from '#site/lib/expected-pages.ts';
import { createRegisterView } from '#site/lib/register-view.ts';
import { computeKeys } from '#site/lib/page-keys.ts';
import { createTestDatabase, insertProviders } from '#test/fixtures/database.ts';
import { NOW } from '#test/fixtures/clock.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let dataDir: string;
let first: PublicationResult;
let second: PublicationResult;
let changed: PublicProvider;
const FREE = 7;

const snapshotOf = (result: PublicationResult): PublicRegister =>
  PublicRegisterSchema.parse(JSON.parse(readFileSync(join(result.dir, 'register.json'), 'utf8')));
const shardsOf = (result: PublicationResult) =>
  (JSON.parse(readFileSync(join(result.dir, 'site', 'pagefind', 'shards.json'), 'utf8')) as { shards: string[] }).shards;
function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(folder, entry.name));
      else if (keep(relative(dir, join(folder, entry.name)))) found.push(relative(dir, join(folder, entry.name)));
    }
  };
  walk(dir);
  return found.sort();
}
const htmlFiles = (dir: string) => filesUnder(dir, (file) => file.endsWith('.html'));
/** Downloads, feeds, sitemap and robots.txt. */
const openDataFiles = (dir: string) => filesUnder(dir, (file) => /^(open-data|feeds)\//.test(file) || file === 'sitemap.xml' || file === 'robots.txt');

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = join(database.dir, 'data');
  await seedSampleData(database.db, { providers: 260, seed: 'incremental', asOf: '2026-11-28' });
  first = await buildPublication({ db: database.db, dataDir, now: NOW, id: 'p1' });
  // A listed provider with free places to change and a working area of a few municipalities.
  const view = createRegisterView(snapshotOf(first));
  changed = view.listedProviders.find((p) => p.capacity && p.capacity.freePlaces !== FREE && p.workingArea.length > 1 && p.workingArea.length < 40)!;
  const [row] = await database.db.select({ id: providers.id }).from(providers).where(eq(providers.enterpriseNumber, changed.enterpriseNumber));
  await fileChangeReport(database.db, { providerId: row.id, actor: { name: 'test' }, request: { kind: 'free_places', payload: { freePlaces: FREE } }, now: NOW });
  second = await buildPublication({ db: database.db, dataDir, now: NOW, id: 'p2' });
}, 240_000);

afterAll(async () => {
  await closePublisher();
  database?.cleanup();
});

describe('a publication after one change', () => {
  it('builds on the publication online', () => {
    expect(first.incremental).toBe(false);
    expect(second.incremental).toBe(true);
  });

  it('renders exactly the pages that show the changed provider, and the pages without parameters', () => {
    const register = snapshotOf(second);
    const view = createRegisterView(register);
    const municipalities = changed.workingArea.map((nis) => `/gemeenten/${view.municipalityByNis.get(nis)!.slug}/`);
    const areaCodes = new Set(changed.workingArea.map((nis) => view.municipalityByNis.get(nis)!.areaCode));
    const provinces = register.areas.filter((a) => areaCodes.has(a.code)).map((a) => `/provincies/${a.slug}/`);
    const position = view.listedProviders.findIndex((p) => p.enterpriseNumber === changed.enterpriseNumber);
    const listPage = Math.floor(position / LIST_PAGE_SIZE) + 1;
    // Pages without parameters are always rendered and checked (the first page of each list too).
    const always = ['/', '/404.html', '/erkenning/', '/toegankelijkheid/', '/contact/', '/hergebruik/', '/gemeenten/', '/provincies/', '/kaart/', '/zoeken/', '/dienstverleners/', '/dienstverleners/niet-erkend/'];
    const expected = new Set([
      ...always,
      `/dienstverleners/${changed.enterpriseNumber}/`,
      ...municipalities,
      ...provinces,
      ...(listPage > 1 ? [`/dienstverleners/pagina/${listPage}/`] : []),
    ]);
    expect(new Set(second.renderedPaths)).toEqual(expected);
    expect(first.renderedPaths.length).toBe(first.pages);
    expect(second.pages).toBe(first.pages);
  });

  it('carries the other pages and their assets over from the publication online as hard links', () => {
    const other = createRegisterView(snapshotOf(second)).listedProviders.find((p) => p.enterpriseNumber !== changed.enterpriseNumber && !p.subcontractors.includes(changed.enterpriseNumber) && !p.subcontractorOf.includes(changed.enterpriseNumber))!;
    const page = (result: PublicationResult, enterpriseNumber: string) => statSync(join(result.dir, 'site', 'dienstverleners', enterpriseNumber, 'index.html'));
    expect(page(second, other.enterpriseNumber).ino).toBe(page(first, other.enterpriseNumber).ino);
    expect(page(second, changed.enterpriseNumber).ino).not.toBe(page(first, changed.enterpriseNumber).ino);
    // The bytes of the publication are counted from the sizes the manifest carries over.
    const measured = filesUnder(join(second.dir, 'site'), () => true).reduce((sum, file) => sum + statSync(join(second.dir, 'site', file)).size, 0);
    expect(second.bytes).toBe(measured);
  });

  it('shows the change on the provider page and on the pages of its municipalities', () => {
    const site = join(second.dir, 'site');
    expect(readFileSync(join(site, 'dienstverleners', changed.enterpriseNumber, 'index.html'), 'utf8')).toContain(`Vrije plaatsen</dt><dd>${FREE}<`);
    const view = createRegisterView(snapshotOf(second));
    const municipality = view.municipalityByNis.get(changed.workingArea[0])!;
    const html = readFileSync(join(site, 'gemeenten', municipality.slug, 'index.html'), 'utf8');
    const row = html.split('<tr>').find((r) => r.includes(`/dienstverleners/${changed.enterpriseNumber}/`))!;
    expect(row).toContain(`${FREE} van ${changed.capacity!.totalPlaces}`);
  });

  it('indexes again only the search shard that holds the changed provider, and shares the others', () => {
    const before = shardsOf(first);
    const after = shardsOf(second);
    expect(before.length).toBeGreaterThan(1);
    expect(after.length).toBe(before.length);
    const redone = after.filter((dir, i) => dir !== before[i]);
    expect(redone).toHaveLength(1);
    for (const [i, dir] of after.entries()) {
      if (dir !== before[i]) continue;
      // Carried over as hard links: the same file on disk, not a copy.
      const file = `pagefind${dir.slice('/pagefind'.length)}pagefind-entry.json`;
      expect(statSync(join(second.dir, 'site', file)).ino).toBe(statSync(join(first.dir, 'site', file)).ino);
    }
  });

  it('gives the same pages as a full build of the same register', async () => {
    await expectSameAsFullBuild(second);
  }, 120_000);

  it('shares the feeds of providers the change does not touch with the publication online', () => {
    const feed = (result: PublicationResult, enterpriseNumber: string) => statSync(join(result.dir, 'site', 'feeds', 'dienstverleners', `${enterpriseNumber}.xml`));
    const other = createRegisterView(snapshotOf(second)).listedProviders.find((p) => p.enterpriseNumber !== changed.enterpriseNumber)!;
    expect(feed(second, other.enterpriseNumber).ino).toBe(feed(first, other.enterpriseNumber).ino);
    expect(feed(second, changed.enterpriseNumber).ino).not.toBe(feed(first, changed.enterpriseNumber).ino);
    expect(readFileSync(join(second.dir, 'site', 'feeds', 'dienstverleners', `${changed.enterpriseNumber}.xml`), 'utf8')).toContain(`${FREE}`);
  });

  it('shares the working-area download a change of free places leaves as it was, and continues the log download', () => {
    const download = (result: PublicationResult, name: string) => join(result.dir, 'site', 'open-data', name);
    expect(statSync(download(second, 'werkingsgebieden.csv')).ino).toBe(statSync(download(first, 'werkingsgebieden.csv')).ino);
    const before = readFileSync(download(first, 'wijzigingen.jsonl'), 'utf8');
    const after = readFileSync(download(second, 'wijzigingen.jsonl'), 'utf8');
    expect(after.startsWith(before)).toBe(true);
    const added = after.slice(before.length).trim().split('\n').map((line) => JSON.parse(line) as { provider: string; after: unknown });
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ provider: changed.enterpriseNumber, after: { capacity: { freePlaces: FREE } } });
  });

  it('builds on the publication online again after a failed build', async () => {
    await expect(
      buildPublication({ db: database.db, dataDir, now: NOW, id: 'p2-failed', failAt: (step) => { if (step === 'render') throw new Error('injected'); } }),
    ).rejects.toThrow('injected');
    const next = await buildPublication({ db: database.db, dataDir, now: NOW, id: 'p2-again' });
    expect(next.incremental).toBe(true);
    expect(next.renderedPaths).not.toContain(`/dienstverleners/${changed.enterpriseNumber}/`);
    expect(readFileSync(join(next.dir, 'site', 'dienstverleners', changed.enterpriseNumber, 'index.html'), 'utf8')).toContain(`Vrije plaatsen</dt><dd>${FREE}<`);
  }, 120_000);

  it('gives the same site when the provider pages render first, to be indexed while the others render', async () => {
    // What a full build of a large register does (from 2,500 provider pages to render).
    const phased = await buildPublication({ db: database.db, dataDir: join(database.dir, 'phased'), now: NOW, id: 'phased', providersFirstFrom: 1 });
    expect(phased.incremental).toBe(false);
    expect(phased.renderedPaths.length).toBe(phased.pages);
    await expectSameAsFullBuild(phased);
    // And a publication on it that renders many provider pages again.
    const next = await buildPublication({ db: database.db, dataDir: join(database.dir, 'phased'), now: new Date(NOW.getTime() + 86_400_000), id: 'phased-next', providersFirstFrom: 1 });
    expect(next.incremental).toBe(true);
    expect(next.renderedPaths.filter((page) => page.startsWith('/dienstverleners/')).length).toBeGreaterThan(100);
    expect(shardsOf(next)).toHaveLength(shardsOf(phased).length);
  }, 240_000);

  it('writes the log download whole when the one online is not the log its publication stated', async () => {
    const online = await buildPublication({ db: database.db, dataDir, now: NOW, id: 'p3' });
    const logFile = (result: PublicationResult) => join(result.dir, 'site', 'open-data', 'wijzigingen.jsonl');
    // Its last line lost: the next publication cannot continue it.
    const lines = readFileSync(logFile(online), 'utf8').split('\n').filter(Boolean);
    writeFileSync(logFile(online), lines.slice(0, -1).map((line) => `${line}\n`).join(''));
    const [row] = await database.db.select({ id: providers.id }).from(providers).where(eq(providers.enterpriseNumber, changed.enterpriseNumber));
    await fileChangeReport(database.db, { providerId: row.id, actor: { name: 'test' }, request: { kind: 'free_places', payload: { freePlaces: FREE - 1 } }, now: NOW });
    const next = await buildPublication({ db: database.db, dataDir, now: NOW, id: 'p4' });
    expect(next.incremental).toBe(true);
    const expected = (await readLogEntries(database.db)).map((entry) => `${logLine(entry)}\n`).join('');
    expect(readFileSync(logFile(next), 'utf8')).toBe(expected);
    expect(expected.split('\n').filter(Boolean)).toHaveLength(lines.length + 1);
  }, 120_000);
});

describe('a publication after pages appear and disappear', () => {
  let before: PublicationResult;
  let after: PublicationResult;
  let newcomer: string;
  let lastListPage: string;
  let withdrawn: string[];
  let online: PublicationResult;

  beforeAll(async () => {
    before = await buildPublication({ db: database.db, dataDir, now: NOW, id: 'p5' });
    // One new provider, and enough recognitions withdrawn that the list of recognised providers
    // needs one page fewer: the last list page, linked from the other list pages, must go.
    const view = createRegisterView(snapshotOf(before));
    const listed = view.listedProviders.length;
    lastListPage = `/dienstverleners/pagina/${pagesFor(listed)}/`;
    const toWithdraw = listed + 1 - LIST_PAGE_SIZE * (pagesFor(listed) - 1);
    withdrawn = view.listedProviders.slice(-toWithdraw).map((p) => p.enterpriseNumber);
    const ids = (await database.db.select({ id: providers.id }).from(providers).where(inArray(providers.enterpriseNumber, withdrawn))).map((r) => r.id);
    await database.db
      .update(recognitions)
      .set({ terminationKind: 'withdrawn', terminationEffectiveFrom: '2026-11-01', terminationReason: 'Ingetrokken bij besluit van de minister.' })
      .where(inArray(recognitions.providerId, ids));
    await insertProviders(database, [{ id: 9001, name: 'Aaa Nieuwe Begeleiding', workingArea: ['44021'] }]);
    newcomer = (await database.db.select({ n: providers.enterpriseNumber }).from(providers).where(eq(providers.id, 9001)))[0].n;
    after = await buildPublication({ db: database.db, dataDir, now: NOW, id: 'p6' });
  }, 240_000);

  it('renders the new page and removes the page that is no longer there', () => {
    expect(after.incremental).toBe(true);
    expect(after.renderedPaths).toContain(`/dienstverleners/${newcomer}/`);
    for (const n of withdrawn) expect(after.renderedPaths).toContain(`/dienstverleners/${n}/`);
    expect(statSync(join(before.dir, 'site', lastListPage.slice(1), 'index.html')).isFile()).toBe(true);
    expect(() => statSync(join(after.dir, 'site', lastListPage.slice(1), 'index.html'))).toThrow();
    expect(readFileSync(join(after.dir, 'site', 'dienstverleners', 'index.html'), 'utf8')).not.toContain(`href="${lastListPage}"`);
  });

  it('gives the same pages as a full build of the same register', async () => {
    await expectSameAsFullBuild(after);
  }, 120_000);

  it('renders every page again when the publication online was made by other code', async () => {
    // What a new template, style sheet or dependency does: carried pages would refer to assets
    // and markup of the old code, so none are carried over.
    const manifestFile = join(after.dir, 'build.json');
    writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(readFileSync(manifestFile, 'utf8')), code: 'an earlier version' }));
    const next = await buildPublication({ db: database.db, dataDir, now: NOW, id: 'p7' });
    expect(next.incremental).toBe(false);
    expect(next.renderedPaths.length).toBe(next.pages);
    const page = (result: PublicationResult) => statSync(join(result.dir, 'site', 'dienstverleners', newcomer, 'index.html'));
    expect(page(next).ino).not.toBe(page(after).ino);
    online = next;
  }, 120_000);

  it('builds everything anew when the publication online lacks a page it should carry over', async () => {
    rmSync(join(online.dir, 'site', 'dienstverleners', newcomer, 'index.html'));
    const next = await buildPublication({ db: database.db, dataDir, now: NOW, id: 'p8' });
    expect(next.incremental).toBe(false);
    expect(readFileSync(join(next.dir, 'site', 'dienstverleners', newcomer, 'index.html'), 'utf8')).toContain('Aaa Nieuwe Begeleiding');
  }, 120_000);
});

describe("the sitemap's days", () => {
  const NEXT_DAY = new Date(NOW.getTime() + 86_400_000);
  const daysOf = (result: PublicationResult) =>
    new Map([...readFileSync(join(result.dir, 'site', 'sitemap.xml'), 'utf8').matchAll(/<loc>https?:\/\/[^/]+([^<]*)<\/loc><lastmod>([^<]+)<\/lastmod>/g)].map((m) => [m[1], m[2]]));
  let before: PublicationResult;
  let after: PublicationResult;
  const folder = () => join(database.dir, 'sitemap-days');

  beforeAll(async () => {
    before = await buildPublication({ db: database.db, dataDir: folder(), now: NOW, id: 's1' });
    const [row] = await database.db.select({ id: providers.id }).from(providers).where(eq(providers.enterpriseNumber, changed.enterpriseNumber));
    await fileChangeReport(database.db, { providerId: row.id, actor: { name: 'test' }, request: { kind: 'free_places', payload: { freePlaces: FREE + 1 } }, now: NEXT_DAY });
    after = await buildPublication({ db: database.db, dataDir: folder(), now: NEXT_DAY, id: 's2' });
  }, 240_000);

  it('gives a page the day its content last changed, not the day of the publication', () => {
    const first = daysOf(before);
    expect(new Set(first.values())).toEqual(new Set(['2026-11-28']));
    // What each page shows, without the day every page's frame states (site/lib/page-keys.ts).
    const keysBefore = computeKeys(createRegisterView(snapshotOf(before))).content;
    const keysAfter = computeKeys(createRegisterView(snapshotOf(after))).content;
    const days = daysOf(after);
    expect([...days.keys()]).toEqual([...first.keys()]);
    for (const [page, day] of days) expect(day, page).toBe(keysAfter.get(page) === keysBefore.get(page) ? '2026-11-28' : '2026-11-29');
    // The page of the provider that changed, and the pages listing it, moved; most pages did not.
    expect(days.get(`/dienstverleners/${changed.enterpriseNumber}/`)).toBe('2026-11-29');
    const unchanged = [...days.values()].filter((day) => day === '2026-11-28').length;
    expect(unchanged).toBeGreaterThan(days.size / 2);
  });

  it('gives the same days in a full build, which reads them from the publication online', async () => {
    const full = await buildPublication({ db: database.db, dataDir: folder(), now: NEXT_DAY, id: 's3', full: true });
    expect(full.incremental).toBe(false);
    expect(readFileSync(join(full.dir, 'site', 'sitemap.xml'), 'utf8')).toBe(readFileSync(join(after.dir, 'site', 'sitemap.xml'), 'utf8'));
    // With no publication online, no earlier day is known: every page gets the day of the build.
    const fresh = await buildPublication({ db: database.db, dataDir: join(database.dir, 'sitemap-fresh'), now: NEXT_DAY, id: 's4' });
    expect(new Set(daysOf(fresh).values())).toEqual(new Set(['2026-11-29']));
  }, 240_000);
});

/** Compares every page and download of `result` with a full build of the same register, byte for byte. */
async function expectSameAsFullBuild(result: PublicationResult): Promise<void> {
  const fullId = `full-${result.id}`;
  const full = await buildPublication({ db: database.db, dataDir: join(database.dir, fullId), now: NOW, id: fullId });
  expect(full.incremental).toBe(false);
  const incrementalSite = join(result.dir, 'site');
  const fullSite = join(full.dir, 'site');
  const pages = htmlFiles(fullSite);
  expect(htmlFiles(incrementalSite)).toEqual(pages);
  for (const page of pages) {
    // The home page names its own publication; every other page must match byte for byte.
    if (page === 'index.html') continue;
    expect(readFileSync(join(incrementalSite, page), 'utf8'), page).toBe(readFileSync(join(fullSite, page), 'utf8'));
  }
  // The assets too (a carried page refers to them).
  const assets = filesUnder(fullSite, (file) => file.startsWith('_astro/'));
  expect(filesUnder(incrementalSite, (file) => file.startsWith('_astro/'))).toEqual(assets);
  // The open data too: feeds no new log entry touches are shared, the others written anew.
  const downloads = openDataFiles(fullSite);
  expect(downloads.length).toBeGreaterThan(300);
  expect(openDataFiles(incrementalSite)).toEqual(downloads);
  // register.json names its own publication; nothing else may differ.
  const named = (text: string, id: string) => text.replaceAll(`"publicationId":"${id}"`, '"publicationId":"…"');
  for (const file of downloads) {
    expect(named(readFileSync(join(incrementalSite, file), 'utf8'), result.id), file).toBe(named(readFileSync(join(fullSite, file), 'utf8'), fullId));
  }
  expect(result.pages).toBe(full.pages);
}
