/** What every command needs: settings, an open and migrated database, and the clock. */
import { loadEnv, type Env } from '../config/env.ts';
import { fixedClock, systemClock, type Clock } from '../config/clock.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { importReferenceData } from '../db/reference-data.ts';
import { startChangeLog } from '../db/commands/change-log.ts';
import { calendarDateAt } from '../domain/rules/index.ts';

/** The shared context of a command run. */
export interface CommandContext {
  env: Env;
  clock: Clock;
  database: Database;
}

/** Reads the settings, opens the database and brings it to the current schema (and its log to a chain). */
export async function openContext(): Promise<CommandContext> {
  const env = loadEnv();
  const clock = env.REGISTER_NOW ? fixedClock(env.REGISTER_NOW) : systemClock;
  const database = await openDatabase(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);
  await migrateDatabase(database.db);
  await importReferenceData(database.db);
  // A database from before the hash chain: its log starts with a baseline of every provider.
  const logged = await startChangeLog(database.db, clock.now(), calendarDateAt(clock.now()));
  if (logged > 0) process.stderr.write(`Started the public change log with a baseline entry for each of ${logged} providers.\n`);
  return { env, clock, database };
}
