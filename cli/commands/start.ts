/** `register start` (what `npm start` runs): everything needed, then serve. */
import { count } from 'drizzle-orm';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { providers } from '../../db/schema/index.ts';
import { calendarDateAt } from '../../domain/rules/index.ts';
import { currentSiteDir } from '../../publish/build-publication.ts';
import { startServer } from '../../api/server.ts';
import type { CommandContext } from '../context.ts';
import { buildCommand } from './build.ts';
import { seedCommand } from './seed.ts';

/** The day the online publication judged statuses on, or null when there is none. */
async function publishedDay(dataDir: string): Promise<string | null> {
  const site = await currentSiteDir(dataDir);
  if (!site) return null;
  try {
    const snapshot = JSON.parse(await readFile(join(site, '..', 'register.json'), 'utf8')) as { today?: string };
    return snapshot.today ?? null;
  } catch {
    return null;
  }
}

/** Prepares the register and serves it until the process is stopped. */
export async function startCommand(context: CommandContext): Promise<void> {
  const { db } = context.database;
  const [{ n }] = await db.select({ n: count() }).from(providers);
  if (n === 0) {
    process.stderr.write('The register is empty: adding sample data.\n');
    await seedCommand(context, { providers: context.env.SAMPLE_PROVIDERS, seed: '1', replace: false });
  }
  // Statuses are judged per day, so a publication made on an earlier day is out of date.
  const today = calendarDateAt(context.clock.now());
  const day = await publishedDay(context.env.DATA_DIR);
  if (day !== today) {
    process.stderr.write(day ? `The site online was published for ${day}: publishing for ${today}.\n` : 'No site published yet: publishing now.\n');
    await buildCommand(context);
  }
  const server = await startServer({ db, clock: context.clock, dataDir: context.env.DATA_DIR, host: context.env.HOST, port: context.env.PORT });
  process.stderr.write(`The register is served on ${server.url}/ (API health: ${server.url}/api/health). Stop with Ctrl+C.\n`);
  const stop = async () => {
    await server.close();
    context.database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
