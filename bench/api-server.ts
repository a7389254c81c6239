/**
 * The server side of `npm run bench:api`, run in its own process: a scratch register with sample
 * providers and tokens, the register's server, and a bare Hono "hello" server for comparison.
 * Prints one JSON line with the ports and tokens when ready.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { importReferenceData } from '../db/reference-data.ts';
import { seedSampleData } from '../db/seed/seed.ts';
import { createToken } from '../db/queries/tokens.ts';
import { providers, recognitions } from '../db/schema/index.ts';
import { eq } from 'drizzle-orm';
import { startServer } from '../api/server.ts';
import { systemClock } from '../config/clock.ts';
import { calendarDateAt } from '../domain/rules/index.ts';

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

const server = await startServer({
  db: database.db,
  clock: systemClock,
  dataDir: join(dir, 'data'),
  host: '127.0.0.1',
  port: 0,
  // The benchmark measures the server, not the limits.
  rateLimits: { perToken: { limit: 1e9, windowMs: 60_000 }, perAddress: { limit: 1e9, windowMs: 60_000 } },
});
const bare = new Hono().get('/', (c) => c.text('hello'));
const bareServer = serve({ fetch: bare.fetch, hostname: '127.0.0.1', port: 0 });
await new Promise((resolve) => bareServer.once('listening', resolve));
const barePort = (bareServer.address() as { port: number }).port;
process.stdout.write(`${JSON.stringify({ url: server.url, bareUrl: `http://127.0.0.1:${barePort}`, tokens, dir })}\n`);
process.on('SIGINT', () => process.exit(0));
