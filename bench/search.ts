/**
 * Benchmark of the search by place: seeds N sample providers, publishes, serves the register as
 * `npm start` does (bench/publish-server.ts, its own process), and measures
 *   - the place resolution on the server: `GET /api/v1/places?q=…` over loopback, one request at
 *     a time, for names as people type them (every kind of place name, lower case without accents
 *     or hyphens, typos, postcodes, ambiguous names), p50 and p95;
 *   - the results page the server makes: `GET /zoeken/?gemeente=…` for the same names, p50 and p95;
 *   - in Chromium, with JavaScript on: the time from pressing "Zoeken" on the home page to the
 *     first results shown, p50 and p95 (targets: resolution p95 ≤ 20 ms, first results ≤ 300 ms
 *     at 10,000 providers).
 *
 *   npm run bench:search                # N = 10,000
 *   npm run bench:search -- 1000        # another size
 *   BENCH_SEARCHES=20 npm run bench:search -- 500   # fewer searches (a quick look)
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { loadReferenceData } from '#db/reference-data.ts';

const providers = Number(process.argv[2] ?? 10_000);
/** How many browser searches (the HTTP measures take ten times as many requests, at most 800: the per-address limit). */
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 40);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Names as people type them: plain, mangled, mistyped, postcodes, ambiguous ones. */
function typedNames(count: number): string[] {
  const places = loadReferenceData().places;
  const names: string[] = [];
  for (let i = 0; names.length < count; i++) {
    const place = places[(i * 7919) % places.length];
    const plain = place.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[-']/g, ' ').toLowerCase();
    const variants = [place.name, plain, plain.slice(0, -1), place.postcode ?? place.name, `${plain.slice(0, 2)}${plain.slice(3)}`];
    names.push(variants[i % variants.length]);
  }
  return names;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

const child = spawn(process.execPath, [fileURLToPath(new URL('./publish-server.ts', import.meta.url)), String(providers)], { stdio: ['ignore', 'pipe', 'inherit'] });
const lines = createInterface({ input: child.stdout! });
const ready = await new Promise<{ url: string; fullMs: number; pages: number; dir: string }>((resolve, reject) => {
  lines.once('line', (line) => resolve(JSON.parse(line)));
  child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
});

try {
  const requests = Math.min(800, SEARCHES * 10);
  const names = typedNames(requests);
  const timed = async (path: string) => {
    const started = performance.now();
    const response = await fetch(`${ready.url}${path}`);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return performance.now() - started;
  };
  // Warm up (the place search is read from the database on first use).
  for (const name of names.slice(0, 20)) await timed(`/api/v1/places?q=${encodeURIComponent(name)}`);
  const resolution: number[] = [];
  for (const name of names) resolution.push(await timed(`/api/v1/places?q=${encodeURIComponent(name)}`));
  const pages: number[] = [];
  for (const name of names.slice(0, Math.min(names.length, 300))) pages.push(await timed(`/zoeken/?gemeente=${encodeURIComponent(name)}`));

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const firstResults: number[] = [];
  try {
    const page = await browser.newPage({ baseURL: ready.url });
    // Places people look for: municipality names, one of each kind of answer that shows results.
    const municipalities = loadReferenceData().municipalities;
    for (let i = 0; i < SEARCHES; i++) {
      await page.goto('/');
      await page.locator('#zoekformulier[data-enhanced="true"]').waitFor({ state: 'attached' });
      await page.getByLabel('Plaats van de werkplek').fill(municipalities[(i * 37) % municipalities.length].nameNl);
      await page.locator('main > .wrap').evaluate((content: HTMLElement) => (content.dataset.before = 'true'));
      const started = Date.now();
      await page.getByRole('button', { name: 'Zoeken' }).click();
      await page.waitForFunction(() => document.querySelector<HTMLElement>('main > .wrap')?.dataset.before !== 'true' && document.querySelector('#zoekresultaten'), null, { polling: 'raf' });
      firstResults.push(Date.now() - started);
    }
  } finally {
    await browser.close();
  }

  console.log(`\n${providers.toLocaleString('en')} providers, ${ready.pages.toLocaleString('en')} pages, full publication ${(ready.fullMs / 1000).toFixed(1)} s\n`);
  console.log('| measure | requests | p50 | p95 | target |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  console.log(`| place resolution, GET /api/v1/places | ${resolution.length} | ${ms(percentile(resolution, 50))} | ${ms(percentile(resolution, 95))} | p95 ≤ 20 ms |`);
  console.log(`| results page, GET /zoeken/?gemeente=… | ${pages.length} | ${ms(percentile(pages, 50))} | ${ms(percentile(pages, 95))} | |`);
  console.log(`| first results after "Zoeken" (Chromium) | ${firstResults.length} | ${ms(percentile(firstResults, 50))} | ${ms(percentile(firstResults, 95))} | ≤ 300 ms |`);
} finally {
  child.kill('SIGINT');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(ready.dir, { recursive: true, force: true });
}
