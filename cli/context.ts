/** What every command needs: settings, an open and migrated database, and the clock. */
import { loadEnv, type Env } from '../config/env.ts';
import { fixedClock, systemClock, type Clock } from '../config/clock.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { importReferenceData } from '../db/reference-data.ts';

/** The shared context of a command run. */
export interface CommandContext {
  env: Env;
  clock: Clock;
  database: Database;
}

/** Reads the settings, opens the database and brings it to the current schema. */
export async function openContext(): Promise<CommandContext> {
  const env = loadEnv();
  const clock = env.REGISTER_NOW ? fixedClock(env.REGISTER_NOW) : systemClock;
  const database = await openDatabase(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);
  await migrateDatabase(database.db);
  await importReferenceData(database.db);
  return { env, clock, database };
}
