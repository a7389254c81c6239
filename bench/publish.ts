/**
 * Publishing benchmark. For each size N (default 1,000 and 10,000 sample providers) prints the
 * time of a full publication, the time of the publication after one change, and freshness: the
 * time from the API's 201 on an accepted change (free places, which apply at once) to the
 * provider page showing it, as p50/p95 over CHANGES changes (default 20), and peak memory.
 *
 *   npm run bench:publish                 # N = 1,000 and 10,000
 *   CHANGES=5 npm run bench:publish -- 10000
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const sizes = process.argv.slice(2).map(Number);
const CHANGES = Number(process.env.CHANGES ?? 20);
const rows: string[] = [];
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

for (const n of sizes.length ? sizes : [1_000, 10_000]) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./publish-server.ts', import.meta.url)), String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const ready = JSON.parse(String((await lines.next()).value)) as { url: string; token: string; enterpriseNumber: string; totalPlaces: number; fullMs: number; pages: number; status: string; dir: string };
  if (ready.status !== 'succeeded') throw new Error('the full publication failed');
  const freshness: number[] = [];
  for (let i = 1; i <= CHANGES; i++) {
    const free = i % (ready.totalPlaces + 1);
    const response = await fetch(`${ready.url}/api/v1/change-reports`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ready.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'free_places', payload: { freePlaces: free } }),
    });
    if (response.status !== 201) throw new Error(`change ${i}: ${response.status} ${await response.text()}`);
    const accepted = performance.now();
    const expected = new RegExp(`Vrije plaatsen</dt><dd>${free}<`);
    for (;;) {
      const page = await (await fetch(`${ready.url}/dienstverleners/${ready.enterpriseNumber}/`)).text();
      if (expected.test(page)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    freshness.push(performance.now() - accepted);
    process.stderr.write(`N=${n}: change ${i}/${CHANGES} visible after ${s(freshness.at(-1)!)}\n`);
  }
  child.kill('SIGINT');
  const final = JSON.parse(String((await lines.next()).value)) as { peakRssMb: number; rendererPeakRssMb: number; publications: number; incrementalMs: number | null };
  rmSync(ready.dir, { recursive: true, force: true });
  rows.push(
    `| ${n.toLocaleString('en')} | ${s(ready.fullMs)} | ${final.incrementalMs === null ? '–' : s(final.incrementalMs)} | ${ready.pages.toLocaleString('en')} | ${s(percentile(freshness, 50))} | ${s(percentile(freshness, 95))} | ${CHANGES} | ${Math.round(final.peakRssMb)} MB | ${Math.round(final.rendererPeakRssMb)} MB |`,
  );
}
console.log(`\nPublishing benchmark, Node ${process.version}\n`);
console.log('| providers | full publication | publication after one change (median) | pages | freshness p50 | freshness p95 | changes | peak memory (server) | peak memory (renderer) |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
