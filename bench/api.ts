/**
 * API benchmark: requests/s and p50/p99 latency over loopback with autocannon, for
 *   - a bare Hono "hello" route (the ceiling of this machine and runtime),
 *   - GET /api/v1/providers?municipality=… (public reads),
 *   - POST /api/v1/change-reports (durable writes: each 201 is sent after the commit), with
 *     reports that wait for review (free places would start a publication during the run),
 * with the register served by one process and by three processes on the same database (behind
 * one port, each connection to the next process in turn, as `register cluster` does). The
 * servers run in processes of their own; the load comes from this one.
 *
 *   npm run bench:api                          # 1,000 sample providers; 1 and 3 processes; 10 s per route
 *   npm run bench:api -- 1000 1,3              # the same, said in full
 *   BENCH_SECONDS=2 npm run bench:api -- 200 3 # a short look at three processes
 *   BENCH_CONNECTIONS=96 npm run bench:api     # more requests in flight (default 32)
 *
 * On Linux it also shows the CPU time the server processes spent per request, and the machine's
 * cores (the load generator shares them).
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PROVIDERS = process.argv[2] ?? '1000';
const PROCESS_COUNTS = (process.argv[3] ?? '1,3').split(',').map(Number);

/** Starts a scratch register served by `processes` processes; resolves when it is ready. */
async function startBenchServer(processes: number) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./api-server.ts', import.meta.url)), PROVIDERS, String(processes)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = await new Promise<{ url: string; bareUrl: string; tokens: string[]; dir: string }>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { ...ready, child };
}

/**
 * The CPU time (user and system, in seconds) used so far by process `pid` and every process
 * below it, read from Linux's /proc; null where there is none. With it the table shows what a
 * request costs the servers, which tells a slower configuration that is short of cores from
 * one that waits.
 */
function cpuSecondsOf(pid: number): number | null {
  try {
    const stats = new Map<number, { parent: number; seconds: number }>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        // The fields after the command name (which may hold spaces) in parentheses.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        stats.set(Number(entry), { parent: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / 100 });
      } catch {
        // The process ended while the list was read.
      }
    }
    let total = 0;
    const below = [pid];
    while (below.length > 0) {
      const current = below.pop()!;
      total += stats.get(current)?.seconds ?? 0;
      for (const [child, { parent }] of stats) if (parent === current) below.push(child);
    }
    return total;
  } catch {
    return null;
  }
}

async function run(title: string, options: autocannon.Options, serverPid: number) {
  await autocannon({ ...options, connections: CONNECTIONS, duration: 2 }); // warm-up
  const cpuBefore = cpuSecondsOf(serverPid);
  const result = await autocannon({ ...options, connections: CONNECTIONS, duration: DURATION });
  const cpuAfter = cpuSecondsOf(serverPid);
  const errors = result.errors + result.timeouts + result.non2xx;
  // The bare route is served by the bench's own server process, which the register's share.
  const cpuMsPerRequest = cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / result.requests.total;
  return { title, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors, total: result.requests.total, cpuMsPerRequest };
}

/** The three routes against one scratch register served by `processes` processes. */
async function measure(processes: number) {
  const ready = await startBenchServer(processes);
  try {
    let n = 0;
    return [
      await run('bare Hono "hello"', { url: ready.bareUrl }, ready.child.pid!),
      await run('GET /api/v1/providers?municipality=44021', { url: `${ready.url}/api/v1/providers?municipality=44021` }, ready.child.pid!),
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
      }, ready.child.pid!),
    ];
  } finally {
    ready.child.kill();
    await new Promise((resolve) => ready.child.once('exit', resolve));
    rmSync(ready.dir, { recursive: true, force: true });
  }
}

const results = new Map<number, Awaited<ReturnType<typeof measure>>>();
for (const processes of PROCESS_COUNTS) results.set(processes, await measure(processes));

console.log(`\nAPI benchmark: ${PROVIDERS} providers, ${CONNECTIONS} connections, ${DURATION} s per route, loopback, Node ${process.version}, ${availableParallelism()} cores shared by the servers and the load generator\n`);
console.log('| processes | route | requests/s | of bare | p50 | p99 | server CPU per request | errors or non-2xx |');
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [processes, rows] of results) {
  const bare = rows[0].rps;
  for (const r of rows) {
    const cpu = r.cpuMsPerRequest === null ? 'n/a' : `${r.cpuMsPerRequest.toFixed(3)} ms`;
    console.log(`| ${processes} | ${r.title} | ${Math.round(r.rps).toLocaleString('en')} | ${Math.round((r.rps / bare) * 100)}% | ${r.p50} ms | ${r.p99} ms | ${cpu} | ${r.errors} |`);
  }
}
if (results.size > 1) {
  const [first, ...others] = [...results];
  for (const [processes, rows] of others) {
    const ratio = (i: number) => `${(rows[i].rps / first[1][i].rps).toFixed(2)}×`;
    const cpuRatio = rows[2].cpuMsPerRequest && first[1][2].cpuMsPerRequest ? `, server CPU per write ${(rows[2].cpuMsPerRequest / first[1][2].cpuMsPerRequest).toFixed(2)}×` : '';
    console.log(`\n${processes} processes against ${first[0]}: public reads ${ratio(1)}, durable writes ${ratio(2)} (p99 ${rows[2].p99} ms against ${first[1][2].p99} ms${cpuRatio}).`);
  }
}
