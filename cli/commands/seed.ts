/** `register seed`: fill an empty register with generated sample providers. */
import { z } from 'zod';
import { calendarDateAt, isCalendarDate } from '#domain/rules/index.ts';
import { rm } from 'node:fs/promises';
import { count } from 'drizzle-orm';
import { seedSampleData } from '#db/seed/seed.ts';
import { openDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { importReferenceData } from '#db/reference-data.ts';
import { changeEvents, providers } from '#db/schema/index.ts';
import type { CommandContext } from '#cli/context.ts';
import { progress } from '#cli/progress.ts';
import { UsageError } from '#cli/usage.ts';

/** The options `seed` accepts, checked before anything is written. */
export const SeedOptionsSchema = z.object({
  providers: z.coerce
    .number({ message: '--providers takes a whole number' })
    .int('--providers takes a whole number')
    .min(1, '--providers must be at least 1')
    .max(100_000, '--providers can be at most 100000'),
  seed: z.string().trim().min(1, '--seed cannot be empty'),
  asOf: z.string().refine(isCalendarDate, '--as-of takes a date written YYYY-MM-DD, e.g. 2026-11-28').optional(),
  replace: z.boolean(),
});

/** Parses the raw option values of `seed`, or throws a {@link UsageError}. */
export function parseSeedOptions(raw: { providers?: string; seed?: string; 'as-of'?: string; replace?: boolean }, defaultProviders: number) {
  const result = SeedOptionsSchema.safeParse({
    providers: raw.providers ?? defaultProviders,
    seed: raw.seed ?? '1',
    asOf: raw['as-of'],
    replace: raw.replace ?? false,
  });
  if (!result.success) throw new UsageError(result.error.issues.map((i) => i.message).join('; '));
  return result.data;
}

/**
 * Starts a new, empty database file in place of the current one. The change log refuses
 * deletes, so "start again" means a new file, never emptying tables; a libSQL server's database
 * is left alone (point DATABASE_URL at a new one instead).
 */
async function startNewDatabase(context: CommandContext): Promise<void> {
  const { url } = context.database;
  if (!url.startsWith('file:')) {
    throw new UsageError('--replace needs a local database file: the change log of a libSQL server is append-only and is never emptied; point DATABASE_URL at a new database instead');
  }
  context.database.close();
  const path = url.slice('file:'.length);
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) await rm(file, { force: true });
  context.database = await openDatabase(url);
  await migrateDatabase(context.database.db);
  await importReferenceData(context.database.db);
  process.stderr.write(`Started a new database at ${path}.\n`);
}

/** Seeds the register and reports how much was made. */
export async function seedCommand(context: CommandContext, options: ReturnType<typeof parseSeedOptions>): Promise<void> {
  if (options.replace) {
    const [{ n }] = await context.database.db.select({ n: count() }).from(providers);
    const [{ logged }] = await context.database.db.select({ logged: count() }).from(changeEvents);
    if (n > 0 || logged > 0) await startNewDatabase(context);
  }
  const asOf = options.asOf ?? calendarDateAt(context.clock.now());
  const bar = progress('Sample providers', options.providers);
  const result = await seedSampleData(context.database.db, {
    providers: options.providers,
    seed: options.seed,
    asOf,
    onProgress: (done) => bar.update(done),
  });
  bar.finish(`Seeded ${result.providers} sample providers, ${result.applications} applications and ${result.events} change events (seed ${options.seed}, as of ${asOf}).`);
}
