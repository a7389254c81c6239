/** `register start` (what `npm start` runs): everything needed, then serve. */
import { count } from 'drizzle-orm';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { providers } from '../../db/schema/index.ts';
import { evaluateRegister } from '../../db/queries/evaluate-register.ts';
import { calendarDateAt } from '../../domain/rules/index.ts';
import { currentSiteDir } from '../../publish/build-publication.ts';
import { startServer } from '../../api/server.ts';
import type { CommandContext } from '../context.ts';
import { buildCommand } from './build.ts';
import { seedCommand } from './seed.ts';

/** How often the server looks whether a new day has begun (statuses are judged per day). */
const DAY_CHECK_INTERVAL_MS = 5 * 60 * 1000;

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

/**
 * Evaluates every status as of today and publishes when a status changed or the publication
 * online was judged on another day.
 */
async function evaluateAndPublish(context: CommandContext): Promise<void> {
  const now = context.clock.now();
  const today = calendarDateAt(now);
  const evaluation = await evaluateRegister(context.database.db, today, now);
  if (evaluation.changes.length > 0) process.stderr.write(`Daily evaluation for ${today}: ${evaluation.changes.length} recognitions changed status.\n`);
  const day = await publishedDay(context.env.DATA_DIR);
  if (day !== today || evaluation.changes.length > 0) {
    process.stderr.write(day ? `Publishing the register for ${today}.\n` : 'No site published yet: publishing now.\n');
    await buildCommand(context);
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
  await evaluateAndPublish(context);
  const server = await startServer({ db, clock: context.clock, dataDir: context.env.DATA_DIR, host: context.env.HOST, port: context.env.PORT });
  process.stderr.write(`The register is served on ${server.url}/ (API health: ${server.url}/api/health). Stop with Ctrl+C.\n`);

  // Once a day (when the Brussels date changes) statuses are evaluated again and the site follows.
  let lastDay = calendarDateAt(context.clock.now());
  let busy = false;
  const timer = setInterval(async () => {
    const today = calendarDateAt(context.clock.now());
    if (today === lastDay || busy) return;
    busy = true;
    try {
      await evaluateAndPublish(context);
      lastDay = today;
    } catch (error) {
      process.stderr.write(`The daily evaluation failed; the site online stays as it was: ${(error as Error).message}\n`);
    } finally {
      busy = false;
    }
  }, DAY_CHECK_INTERVAL_MS);

  const stop = async () => {
    clearInterval(timer);
    await server.close();
    context.database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
