/**
 * The server side of `npm run bench:publish`, in its own process: seeds N sample providers, makes
 * a full publication (timed), then serves site and API with the local publisher, as `npm start`
 * does. Prints one JSON line when ready, and its peak memory when told to stop (SIGINT).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase } from '#db/client.ts';
import { rendererPeakMemory } from '#publish/render-site.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { importReferenceData } from '#db/reference-data.ts';
import { seedSampleData } from '#db/seed/seed.ts';
import { createToken } from '#db/commands/tokens.ts';
import { capacities, providers, recognitions } from '#db/schema/index.ts';
import { startServer } from '#server/server.ts';
import { systemClock } from '#config/clock.ts';
import { calendarDateAt } from '#domain/rules/index.ts';
import { LocalPublisher } from '#publish/local-publisher.ts';

const n = Number(process.argv[2] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'register-bench-publish-'));
const database = await openDatabase(`file:${join(dir, 'bench.db')}`);
await migrateDatabase(database.db);
await importReferenceData(database.db);
await seedSampleData(database.db, { providers: n, seed: 'bench', asOf: calendarDateAt(new Date()) });
const [provider] = await database.db
  .select({ id: providers.id, enterpriseNumber: providers.enterpriseNumber, total: capacities.totalPlaces })
  .from(providers)
  .innerJoin(recognitions, eq(recognitions.providerId, providers.id))
  .innerJoin(capacities, eq(capacities.providerId, providers.id))
  .where(eq(recognitions.status, 'active'))
  .limit(1);
const { token } = await createToken(database.db, { role: 'provider', providerId: provider.id, name: 'bench', now: new Date() });

const dataDir = join(dir, 'data');
const publisher = new LocalPublisher({ db: database.db, clock: systemClock, dataDir });
const started = performance.now();
const first = await publisher.request('benchmark: full publication');
await publisher.idle();
const full = await publisher.get(first.id);
const fullMs = performance.now() - started;
const server = await startServer({ db: database.db, clock: systemClock, dataDir, publisher, host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ url: server.url, token, enterpriseNumber: provider.enterpriseNumber, totalPlaces: provider.total, fullMs, pages: full?.pages, status: full?.status, dir })}\n`);
process.on('SIGINT', async () => {
  const history = await publisher.history(100);
  // The publications after the first one each followed one change: they are incremental.
  const incremental = history
    .filter((p) => p.id !== first.id && p.status === 'succeeded' && p.startedAt && p.finishedAt)
    .map((p) => Date.parse(p.finishedAt!) - Date.parse(p.startedAt!))
    .sort((a, b) => a - b);
  const incrementalMs = incremental.length ? incremental[Math.floor(incremental.length / 2)] : null;
  process.stdout.write(`${JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1024, rendererPeakRssMb: rendererPeakMemory() / 1024 / 1024, publications: history.length, incrementalMs })}\n`);
  process.exit(0);
});
