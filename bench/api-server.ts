/**
 * The server side of `npm run bench:api`, run in its own process: a scratch register with sample
 * providers and tokens, the register's server, and a bare Hono "hello" server for comparison.
 * Prints one JSON line with the ports and tokens when ready.
 *
 *   node bench/api-server.ts [providers] [processes]
 *
 * With more than one process, the register is served by that many processes on the one
 * database, behind one port through Node's cluster module (as `register cluster` does): each
 * connection goes to the next process in turn.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import cluster from 'node:cluster';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { importReferenceData } from '#db/reference-data.ts';
import { seedSampleData } from '#db/seed/seed.ts';
import { createToken } from '#db/commands/tokens.ts';
import { providers, recognitions } from '#db/schema/index.ts';
import { eq } from 'drizzle-orm';
import { startServer } from '#server/server.ts';
import { systemClock } from '#config/clock.ts';
import { calendarDateAt } from '#domain/rules/index.ts';
import { WriteSharing } from '#db/write-sharing.ts';

// The benchmark measures the server, not the limits.
const rateLimits = { perToken: { limit: 1e9, windowMs: 60_000 }, perAddress: { limit: 1e9, windowMs: 60_000 } };

if (cluster.isWorker) {
  // One of several processes: the database is ready; serve it on the port all of them share.
  const dir = process.env.BENCH_DIR!;
  const database = await openDatabase(`file:${join(dir, 'bench.db')}`);
  // As `register start` does: the processes on this machine share one group commit.
  if (process.env.BENCH_SHARING !== 'off') WriteSharing.start(database);
  const server = await startServer({ db: database.db, clock: systemClock, dataDir: join(dir, 'data'), host: '127.0.0.1', port: 0, rateLimits });
  process.send!({ url: server.url });
} else {
  const processes = Number(process.argv[3] ?? 1);
  const dir = mkdtempSync(join(tmpdir(), 'register-bench-api-'));
  const database = await openDatabase(`file:${join(dir, 'bench.db')}`);
  await migrateDatabase(database.db);
  await importReferenceData(database.db);
  await seedSampleData(database.db, { providers: Number(process.argv[2] ?? 1000), seed: 'bench', asOf: calendarDateAt(new Date()) });
  const active = await database.db
    .selectDistinct({ id: providers.id })
    .from(providers)
    .innerJoin(recognitions, eq(recognitions.providerId, providers.id))
    .where(eq(recognitions.status, 'active'))
    .limit(32);
  const tokens: string[] = [];
  for (const { id } of active) tokens.push((await createToken(database.db, { role: 'provider', providerId: id, name: `bench ${id}`, now: new Date() })).token);

  let url: string;
  if (processes === 1) {
    url = (await startServer({ db: database.db, clock: systemClock, dataDir: join(dir, 'data'), host: '127.0.0.1', port: 0, rateLimits })).url;
  } else {
    database.close();
    const urls = await Promise.all(
      Array.from({ length: processes }, () => {
        const worker = cluster.fork({ BENCH_DIR: dir });
        return new Promise<string>((resolve, reject) => {
          worker.once('message', (message: { url: string }) => resolve(message.url));
          worker.once('exit', (code) => reject(new Error(`a bench server process exited with ${code}`)));
        });
      }),
    );
    url = urls[0];
  }
  const bare = new Hono().get('/', (c) => c.text('hello'));
  const bareServer = serve({ fetch: bare.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((resolve) => bareServer.once('listening', resolve));
  const barePort = (bareServer.address() as { port: number }).port;
  process.stdout.write(`${JSON.stringify({ url, bareUrl: `http://127.0.0.1:${barePort}`, tokens, dir })}\n`);
  process.on('SIGINT', () => process.exit(0));
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    process.exit(0);
  });
}
