/**
 * API benchmark: requests/s and p50/p99 latency over loopback with autocannon, for
 *   - a bare Hono "hello" route (the ceiling of this machine and runtime),
 *   - GET /api/v1/providers?municipality=… (public reads),
 *   - POST /api/v1/change-reports (durable writes: each 201 is sent after the commit), with
 *     reports that wait for review (free places would start a publication during the run).
 * The server runs in its own process; the load comes from this one.
 *
 *   npm run bench:api              # 1,000 sample providers, 32 connections, 10 s per run
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CONNECTIONS = 32;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

const child = spawn(process.execPath, [fileURLToPath(new URL('./api-server.ts', import.meta.url)), process.argv[2] ?? '1000'], { stdio: ['ignore', 'pipe', 'inherit'] });
const ready = await new Promise<{ url: string; bareUrl: string; tokens: string[]; dir: string }>((resolve, reject) => {
  createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line)));
  child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
});

async function run(title: string, options: autocannon.Options) {
  await autocannon({ ...options, connections: CONNECTIONS, duration: 2 }); // warm-up
  const result = await autocannon({ ...options, connections: CONNECTIONS, duration: DURATION });
  const errors = result.errors + result.timeouts + result.non2xx;
  return { title, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors, total: result.requests.total };
}

try {
  let n = 0;
  const rows = [
    await run('bare Hono "hello"', { url: ready.bareUrl }),
    await run('GET /api/v1/providers?municipality=44021', { url: `${ready.url}/api/v1/providers?municipality=44021` }),
    await run('POST /api/v1/change-reports', {
      url: `${ready.url}/api/v1/change-reports`,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            n++;
            return {
              ...request,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${ready.tokens[n % ready.tokens.length]}` },
              // Reports that wait for review: free places apply at once and start a publication,
              // which would measure the site builder sharing the CPU rather than the write path.
              body: JSON.stringify(n % 2 ? { kind: 'capacity', payload: { totalPlaces: 10 + (n % 50) } } : { kind: 'other', payload: { text: `bench ${n}` } }),
            };
          },
        },
      ],
    }),
  ];
  const bare = rows[0].rps;
  console.log(`\nAPI benchmark: ${CONNECTIONS} connections, ${DURATION} s per route, loopback, Node ${process.version}\n`);
  console.log('| route | requests/s | of bare | p50 | p99 | errors or non-2xx |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.title} | ${Math.round(r.rps).toLocaleString('en')} | ${Math.round((r.rps / bare) * 100)}% | ${r.p50} ms | ${r.p99} ms | ${r.errors} |`);
} finally {
  child.kill();
  rmSync(ready.dir, { recursive: true, force: true });
}
