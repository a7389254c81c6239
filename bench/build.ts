/**
 * Benchmark of a full publication: seeds N sample providers into a scratch database, builds the
 * site, and prints build time, Pagefind time, pages, output bytes, the largest provider page and
 * the largest page of any kind, and peak memory (of this process
 * and of the site renderer, a process of its own). Then changes
 * one provider's free places and prints the steps of the publication after that one change.
 *
 *   npm run bench:build                 # N = 1,000 and 10,000
 *   npm run bench:build -- 500 2000     # other sizes
 *
 * Each size runs in its own process so that its peak memory is its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Figures {
  providers: number;
  seedMs: number;
  snapshotMs: number;
  renderMs: number;
  pagefindMs: number;
  openDataMs: number;
  checkMs: number;
  checksMs: number;
  totalMs: number;
  pages: number;
  bytes: number;
  largestProviderPage: number;
  /** The largest HTML page of any kind (target: 200 KB at 10,000 providers), and its path. */
  largestPage: { path: string; bytes: number };
  providerPagesWithScript: number;
  peakRssMb: number;
  /** The peak of the site renderer, a process of its own. */
  rendererPeakRssMb: number;
  /** The publication after one change. */
  change: { snapshotMs: number; renderMs: number; carryMs: number; pagefindMs: number; openDataMs: number; checksMs: number; checkMs: number; totalMs: number; rendered: number };
}

async function measure(n: number): Promise<Figures> {
  const { openDatabase } = await import('#db/client.ts');
  const { migrateDatabase } = await import('#db/migrate.ts');
  const { importReferenceData } = await import('#db/reference-data.ts');
  const { seedSampleData } = await import('#db/seed/seed.ts');
  const { buildPublication, closePublisher } = await import('#publish/build-publication.ts');
  const { rendererPeakMemory } = await import('#publish/render-site.ts');
  const { listSiteFiles } = await import('#publish/site-checks.ts');
  const dir = mkdtempSync(join(tmpdir(), 'register-bench-'));
  try {
    const database = await openDatabase(`file:${join(dir, 'bench.db')}`);
    await migrateDatabase(database.db);
    await importReferenceData(database.db);
    let started = performance.now();
    await seedSampleData(database.db, { providers: n, seed: 'bench', asOf: '2026-11-28' });
    const seedMs = performance.now() - started;
    started = performance.now();
    const result = await buildPublication({ db: database.db, dataDir: join(dir, 'data'), now: new Date('2026-11-28T09:00:00Z') });
    const totalMs = performance.now() - started;
    const site = join(result.dir, 'site');
    const siteFiles = await listSiteFiles(site);
    const providerPages = siteFiles.filter((f) => /^\/dienstverleners\/\d{10}\/index\.html$/.test(f));
    let largestPage = { path: '', bytes: 0 };
    for (const file of siteFiles.filter((f) => f.endsWith('.html'))) {
      const bytes = statSync(join(site, file)).size;
      if (bytes > largestPage.bytes) largestPage = { path: file, bytes };
    }
    let largest = 0;
    let withScript = 0;
    for (const file of providerPages) {
      const html = readFileSync(join(site, file));
      largest = Math.max(largest, html.length);
      // Structured data (application/ld+json) is not a script that runs.
      if (/<script(?! type="application\/ld\+json")/.test(html.toString())) withScript++;
    }
    // One change of free places, as a provider reports it, and the publication after it.
    const { fileChangeReport } = await import('#db/commands/change-reports.ts');
    const { providers: providerTable } = await import('#db/schema/index.ts');
    const { eq } = await import('drizzle-orm');
    const register = JSON.parse(readFileSync(join(result.dir, 'register.json'), 'utf8')) as { providers: { enterpriseNumber: string; listed: boolean; capacity: { freePlaces: number; totalPlaces: number } | null }[] };
    const changed = register.providers.find((p) => p.listed && p.capacity && p.capacity.totalPlaces > 0)!;
    const [row] = await database.db.select({ id: providerTable.id }).from(providerTable).where(eq(providerTable.enterpriseNumber, changed.enterpriseNumber));
    const freePlaces = (changed.capacity!.freePlaces + 1) % (changed.capacity!.totalPlaces + 1);
    await fileChangeReport(database.db, { providerId: row.id, actor: { name: 'bench' }, request: { kind: 'free_places', payload: { freePlaces } }, now: new Date('2026-11-28T09:01:00Z') });
    started = performance.now();
    const next = await buildPublication({ db: database.db, dataDir: join(dir, 'data'), now: new Date('2026-11-28T09:01:00Z') });
    const change = {
      snapshotMs: next.timings.snapshot,
      renderMs: next.timings.render,
      carryMs: next.carryMs,
      pagefindMs: next.timings.index,
      openDataMs: next.openDataMs,
      checksMs: next.checksMs,
      checkMs: next.timings.check,
      totalMs: performance.now() - started,
      rendered: next.renderedPaths.length,
    };
    await closePublisher();
    database.close();
    return {
      change,
      providers: n,
      seedMs,
      snapshotMs: result.timings.snapshot,
      renderMs: result.timings.render,
      pagefindMs: result.timings.index,
      openDataMs: result.openDataMs,
      checkMs: result.timings.check,
      checksMs: result.checksMs,
      totalMs,
      pages: result.pages,
      bytes: result.bytes,
      largestProviderPage: largest,
      largestPage,
      providerPagesWithScript: withScript,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      rendererPeakRssMb: rendererPeakMemory() / 1024 / 1024,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--one') {
  const figures = await measure(Number(args[1]));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.exit(0);
}

const sizes = args.length > 0 ? args.map(Number) : [1_000, 10_000];
const self = fileURLToPath(import.meta.url);
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`Full publication benchmark on ${(await import('node:os')).cpus().length} cores, Node ${process.version}\n`);
console.log('| providers | seed | snapshot | render (Astro) | Pagefind, open data and page checks | of which open data | of which page checks | final checks | build total | pages | output | largest provider page | largest page | provider pages with JS | peak memory (publisher) | peak memory (renderer) |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const changes: string[] = [];
for (const n of sizes) {
  const child = spawnSync(process.execPath, [self, '--one', String(n)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) {
    console.error(child.stderr);
    process.exit(1);
  }
  const f = JSON.parse(child.stdout.trim().split('\n').pop()!) as Figures;
  console.log(
    `| ${f.providers.toLocaleString('en')} | ${s(f.seedMs)} | ${s(f.snapshotMs)} | ${s(f.renderMs)} | ${s(f.pagefindMs)} | ${s(f.openDataMs)} | ${s(f.checksMs)} | ${s(f.checkMs)} | **${s(f.totalMs)}** | ${f.pages.toLocaleString('en')} | ${(f.bytes / 1024 / 1024).toFixed(1)} MB | ${(f.largestProviderPage / 1024).toFixed(1)} KB | ${(f.largestPage.bytes / 1024).toFixed(1)} KB (${f.largestPage.path}) | ${f.providerPagesWithScript} | ${Math.round(f.peakRssMb)} MB | ${Math.round(f.rendererPeakRssMb)} MB |`,
  );
  const c = f.change;
  changes.push(`| ${f.providers.toLocaleString('en')} | ${s(c.snapshotMs)} | ${s(c.renderMs)} | ${s(c.carryMs)} | ${c.rendered.toLocaleString('en')} | ${s(c.pagefindMs)} | ${s(c.openDataMs)} | ${s(c.checksMs)} | ${s(c.checkMs)} | **${s(c.totalMs)}** |`);
}
console.log('\nThe publication after one change of free places:\n');
console.log('| providers | snapshot | render (Astro) | of which carrying pages over | pages rendered | Pagefind, open data and page checks | of which open data | of which page checks | final checks | total |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of changes) console.log(row);
