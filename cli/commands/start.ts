/** `register start` (what `npm start` runs): everything needed, then serve. */
import { count } from 'drizzle-orm';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { providers } from '#db/schema/index.ts';
import { evaluateRegister, lastEvaluatedDay } from '#db/commands/evaluate-register.ts';
import { hasUnpublishedChanges } from '#db/queries/publication-state.ts';
import { calendarDateAt } from '#domain/rules/index.ts';
import { currentSiteDir } from '#publish/build-publication.ts';
import { LocalPublisher } from '#publish/local-publisher.ts';
import { HookPublisher } from '#publish/hook-publisher.ts';
import type { QueuedPublisher } from '#publish/queued-publisher.ts';
import { startServer } from '#server/server.ts';
import { WriteSharing } from '#db/write-sharing.ts';
import { produceDailyMails } from '#mail/daily.ts';
import { createMailSender } from '#mail/setup.ts';
import { loadPortal } from '#server/portal-build.ts';
import { SignIn, signInSettingsOf } from '#server/sign-in/index.ts';
import { sampleAccountsOf } from '#server/sign-in/sample-accounts.ts';
import { checkServerSettings, siteUrlOf } from '#config/env.ts';
import type { CommandContext } from '#cli/context.ts';
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
 * Evaluates every status as of today, then publishes when a status changed, changes are waiting
 * to be published (a build was killed), or the site online was judged on another day.
 */
export async function evaluateAndPublish(context: CommandContext, publisher: QueuedPublisher): Promise<void> {
  const now = context.clock.now();
  const today = calendarDateAt(now);
  const last = await lastEvaluatedDay(context.database.db);
  if (last !== null && today < last) {
    // The register's clock is behind the last evaluation (REGISTER_NOW set back): the log only moves forward.
    process.stderr.write(`Not evaluating ${today}: the register was last evaluated for ${last}, a later day; statuses stay as they are.\n`);
  } else {
    const evaluation = await evaluateRegister(context.database.db, today, now);
    if (evaluation.changes.length > 0) process.stderr.write(`Daily evaluation for ${today}: ${evaluation.changes.length} recognitions changed status.\n`);
  }
  const mails = await produceDailyMails(context.database.db, { day: today, now, administrators: context.env.ADMIN_EMAILS });
  if (mails.warnings + mails.digests + mails.subcontractorNotices > 0) {
    process.stderr.write(`Mail for ${today}: ${mails.warnings} warnings to providers, ${mails.digests} deadline digests to administrators, ${mails.subcontractorNotices} notices of subcontractors no longer recognised.\n`);
  }
  // Another process starting at the same moment may be publishing already: judge after it.
  const inProgress = await publisher.inProgress();
  if (inProgress) await publisher.finished(inProgress.id);
  const day = await publishedDay(context.env.DATA_DIR);
  const pending = await hasUnpublishedChanges(context.database.db);
  if (day === today && !pending) return;
  const why = !day ? 'no site is published yet' : day !== today ? `the site online was published for ${day}` : 'changes are waiting to be published';
  process.stderr.write(`Publishing the register for ${today}: ${why}.\n`);
  const requested = await publisher.request(day ? 'daily evaluation' : 'first start');
  // Published here, or by the register process that holds the publisher lease.
  const publication = await publisher.finished(requested.id);
  if (publication?.status === 'succeeded') process.stderr.write(`Published ${publication.id}: ${publication.pages} pages.\n`);
  else if (!day && context.env.PUBLISHER === 'local') throw new Error(`The first publication failed, so there is no site to serve: ${publication?.error}`);
}

/**
 * The daily cycle of a running register, from the day it started: `check` (run every few
 * minutes) evaluates, enqueues the day's mails and publishes once the Brussels date has changed
 * since the last cycle that succeeded; resolves to whether it ran. A failed cycle is tried again
 * at the next check.
 */
export function dailyCycle(context: CommandContext, publisher: QueuedPublisher): { check(): Promise<boolean> } {
  let lastDay = calendarDateAt(context.clock.now());
  let busy = false;
  return {
    async check() {
      const today = calendarDateAt(context.clock.now());
      if (today === lastDay || busy) return false;
      busy = true;
      try {
        await evaluateAndPublish(context, publisher);
        lastDay = today;
        return true;
      } catch (error) {
        process.stderr.write(`The daily evaluation failed; the site online stays as it was: ${(error as Error).message}\n`);
        return false;
      } finally {
        busy = false;
      }
    },
  };
}

/** Fills an empty register with sample data (run by openContext under the setup lease, so once). */
export async function seedWhenEmpty(context: CommandContext): Promise<void> {
  const [{ n }] = await context.database.db.select({ n: count() }).from(providers);
  if (n > 0) return;
  process.stderr.write('The register is empty: adding sample data.\n');
  await seedCommand(context, { providers: context.env.SAMPLE_PROVIDERS, seed: '1', replace: false });
}

/** Prepares the register and serves it until the process is stopped. */
export async function startCommand(context: CommandContext): Promise<void> {
  checkServerSettings(context.env);
  const { db } = context.database;
  const dataDir = context.env.DATA_DIR;
  const log = (message: string) => process.stderr.write(`${message}\n`);
  // The pages for providers and administrators are built once per version of the code; before
  // any publication, as both builds run Astro in this process.
  const portal = await loadPortal(log);
  // The register processes on this machine share one group commit for their change reports: the
  // holder of the write-host lease writes the batches of all of them (db/write-sharing.ts).
  const sharing = WriteSharing.start(context.database, { log });
  // One register process at a time sends mail and one publishes, each chosen by a lease in the
  // database; the one that takes a lease over tidies what a stopped holder left (mails left
  // half-sent become 'unknown', never sent twice; interrupted builds are removed).
  const mail = createMailSender({ env: context.env, db, clock: context.clock, log });
  mail.start();
  const publisher =
    context.env.PUBLISHER === 'hook'
      ? new HookPublisher({ db, clock: context.clock, url: context.env.PUBLISH_HOOK_URL!, secret: context.env.PUBLISH_HOOK_SECRET!, log })
      : new LocalPublisher({ db, clock: context.clock, dataDir, log });
  publisher.serve();
  await evaluateAndPublish(context, publisher);
  // People sign in through OIDC_ISSUER, or (never in production) the built-in provider with sample accounts.
  const signIn: SignIn = new SignIn(signInSettingsOf(context.env, () => sampleAccountsOf(db, signIn.settings.claims)));
  const siteUrl = siteUrlOf(context.env);
  signIn.setSiteUrl(siteUrl);
  const server = await startServer({ db, clock: context.clock, dataDir, publisher, portal, host: context.env.HOST, port: context.env.PORT, trustProxy: context.env.TRUST_PROXY, signIn, siteUrl });
  process.stderr.write(`The register is served on ${server.url}/ (API health: ${server.url}/api/health). Stop with Ctrl+C.\n`);
  if (signIn.isLocal) {
    log(`Sign-in: the built-in identity provider at ${siteUrl}/idp with sample accounts (no OIDC_ISSUER). Sign in at ${siteUrl}/aanmelden.`);
  } else {
    signIn.relyingParty.configuration().then(
      () => log(`Sign-in: OpenID Connect through ${context.env.OIDC_ISSUER}.`),
      (error: Error) => log(`Sign-in: ${error.message}; signing in fails until the identity provider answers.`),
    );
  }

  // Once a day (when the Brussels date changes) statuses are evaluated again and the site follows.
  const days = dailyCycle(context, publisher);
  const timer = setInterval(() => void days.check(), DAY_CHECK_INTERVAL_MS);

  // A clean stop (a rolling restart, Ctrl+C): no new connections, the requests in progress are
  // answered, the publication in progress finishes, and the leases are given up so another
  // process takes over at once.
  const stop = async () => {
    clearInterval(timer);
    log('Stopping: finishing the requests and the publication in progress.');
    await Promise.allSettled([server.close(), publisher.stop(), mail.stop(), sharing?.stop()]);
    context.database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
