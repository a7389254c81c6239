/** What every command needs: settings, an open and migrated database, and the clock. */
import { ConfigError, loadEnv, type Env } from '#config/env.ts';
import { folderProblem } from '#config/folders.ts';
import { fixedClock, systemClock, type Clock } from '#config/clock.ts';
import { openDatabase, type Database } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { importReferenceData } from '#db/reference-data.ts';
import { normaliseStoredPhoneNumbers } from '#db/commands/phone-numbers.ts';
import { hostname } from 'node:os';
import { ensureLeaseTable, Lease, nameHost } from '#db/leases.ts';

/** The shared context of a command run. */
export interface CommandContext {
  env: Env;
  clock: Clock;
  database: Database;
}

/** How long the first answer of the database may take before start-up gives up. */
const DATABASE_TIMEOUT_MS = 15_000;

/** The database URL as it may be shown: without a password or token in it. */
function shownUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/)[^@/]*@/i, '$1***@').replace(/([?&](authToken|token)=)[^&]*/gi, '$1***');
}

/**
 * Opens the database and asks it one question, so that a server that cannot be reached, a
 * refused token or a file that cannot be made stops start-up at once, naming the setting.
 */
async function openDatabaseOrExplain(env: Env): Promise<Database> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_TIMEOUT_MS / 1000} seconds`)), DATABASE_TIMEOUT_MS);
    timer.unref();
  });
  try {
    return await Promise.race([openDatabase(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN), timeout]);
  } catch (error) {
    const cause = (error as { cause?: { message?: string; code?: string } }).cause;
    // A driver's message may repeat the URL with its credentials: never shown.
    const reason = [(error as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(': ').replace(/([a-z]+:\/\/)[^@/\s]*@/gi, '$1***@');
    const local = env.DATABASE_URL.startsWith('file:');
    throw new ConfigError(
      `The register cannot start: the database at DATABASE_URL=${JSON.stringify(shownUrl(env.DATABASE_URL))} cannot be ${local ? 'opened' : 'reached'} (${reason}).\n` +
        (local
          ? '  Point DATABASE_URL at a file in a folder the register may create and write, e.g. file:data/register.db.'
          : '  Check DATABASE_URL and DATABASE_AUTH_TOKEN, and that the libSQL server runs and can be reached from here.'),
    );
  } finally {
    clearTimeout(timer);
  }
}

/** How long the lease of a process preparing the database lasts without renewal. */
const SETUP_LEASE_MS = 15_000;

/**
 * Runs `work` while holding the `setup` lease: of several processes started on one database at
 * the same moment, one migrates (and seeds an empty register) while the others wait their turn,
 * then find the work done.
 */
async function underSetupLease(database: Database, work: () => Promise<void>): Promise<void> {
  await ensureLeaseTable(database.db);
  const lease = new Lease(database.db, 'setup', { ttlMs: SETUP_LEASE_MS });
  let told = false;
  while (!(await lease.claim())) {
    if (!told) {
      const holder = await Lease.holderOf(database.db, 'setup');
      process.stderr.write(`Another register process (${holder?.holder ?? 'one that just finished'}) is preparing the database; waiting for it.\n`);
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const renewal = setInterval(() => void lease.claim().catch(() => undefined), SETUP_LEASE_MS / 3);
  try {
    await work();
  } finally {
    clearInterval(renewal);
    await lease.release();
  }
}

/**
 * Reads the settings, checks the data folder when the command writes there (`dataDir`), opens the
 * database and brings it to the current schema (and its log to a chain); `prepare` (filling an
 * empty register) runs in the same turn, so no other process starting at the same moment does it too.
 */
export async function openContext(options: { dataDir?: boolean; prepare?: (context: CommandContext) => Promise<void> } = {}): Promise<CommandContext> {
  const env = loadEnv();
  if (options.dataDir) {
    const problem = folderProblem(env.DATA_DIR);
    if (problem) throw new ConfigError(`The register cannot start: DATA_DIR=${JSON.stringify(env.DATA_DIR)} cannot be used: ${problem}.\n  Point DATA_DIR at a folder the register may create and write.`);
  }
  nameHost(hostname());
  const clock = env.REGISTER_NOW ? fixedClock(env.REGISTER_NOW) : systemClock;
  const database = await openDatabaseOrExplain(env);
  const context = { env, clock, database };
  await underSetupLease(database, async () => {
    await migrateDatabase(database.db);
    await importReferenceData(database.db);
    // Phone numbers stored before they were checked are brought into E.164 (once; then nothing to do).
    const phones = await normaliseStoredPhoneNumbers(database.db, clock.now());
    if (phones.changed > 0) process.stderr.write(`Wrote ${phones.changed} stored phone numbers in E.164.\n`);
    if (phones.unreadable.length > 0) process.stderr.write(`These stored phone numbers are no phone number and were left as they are: ${phones.unreadable.join('; ')}.\n`);
    await options.prepare?.(context);
  });
  return context;
}
