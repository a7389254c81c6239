/**
 * The daily cycle of `register start`: on the day it starts it evaluates and publishes; when the
 * Brussels date changes it evaluates again (a recognition lapses at the new year), enqueues the
 * new day's mails once, and publishes the site judged on the new day; on the same day again it
 * does nothing. Run with the register's clock moved by the test, a real publisher and database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { dailyCycle, evaluateAndPublish } from '#cli/commands/start.ts';
import type { CommandContext } from '#cli/context.ts';
import { loadEnv } from '#config/env.ts';
import { createApplication } from '#db/commands/applications.ts';
import { evaluateRegister } from '#db/commands/evaluate-register.ts';
import { mailOutbox, publications, recognitions } from '#db/schema/index.ts';
import { closePublisher, publicationsDir } from '#publish/build-publication.ts';
import { LocalPublisher } from '#publish/local-publisher.ts';
import { applicationFixture } from '#test/fixtures/application.ts';
import { movableClock } from '#test/fixtures/clock.ts';
import { createTestDatabase, enterpriseNumber, insertProviders, type TestDatabase } from '#test/fixtures/database.ts';

let database: TestDatabase;
let context: CommandContext;
let publisher: LocalPublisher;
const clock = movableClock('2026-12-31T12:00:00+01:00');
const dataDir = () => context.env.DATA_DIR;
const online = () => readlinkSync(join(publicationsDir(dataDir()), 'current'));
const publishedDay = () => (JSON.parse(readFileSync(join(publicationsDir(dataDir()), 'current', 'register.json'), 'utf8')) as { today: string }).today;
const dedupeKeys = async () => (await database.db.select({ key: mailOutbox.dedupeKey }).from(mailOutbox).orderBy(asc(mailOutbox.id))).map((r) => r.key);

beforeAll(async () => {
  database = await createTestDatabase();
  await insertProviders(database, [
    // Nobody coached in 2025 or 2026: the recognition lapses on 1 January 2027.
    { id: 1, name: 'Stil Jaar vzw', validFrom: '2023-01-01', activity: [{ year: 2023, employeesCoached: 1 }, { year: 2024, employeesCoached: 1 }] },
    // Coached in 2024 and 2025, calls on provider 1 as subcontractor; nothing yet for 2026.
    { id: 2, name: 'Hoofdaannemer bv', validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 2 }, { year: 2025, employeesCoached: 1 }], subcontractorIds: [1] },
  ]);
  // An application whose admissibility is due on 4 January 2027: the administrators' digest lists it every day.
  await createApplication(database.db, { application: applicationFixture({ submittedOn: '2026-12-28' }), actor: { name: 'Els' }, now: new Date('2026-12-28T09:00:00Z') });
  await evaluateRegister(database.db, '2026-12-30', new Date('2026-12-30T09:00:00Z'));
  context = { env: loadEnv({ DATABASE_URL: `file:${join(database.dir, 'register.db')}`, DATA_DIR: join(database.dir, 'data'), ADMIN_EMAILS: 'els@werk.example' }), clock, database };
  publisher = new LocalPublisher({ db: database.db, clock, dataDir: dataDir() });
}, 60_000);

afterAll(async () => {
  await publisher?.stop();
  await closePublisher();
  database?.cleanup();
});

describe('the daily cycle of a running register', () => {
  it('evaluates, enqueues the day\'s mails and publishes at start, and again once the date changes; not twice on one day', async () => {
    // Start, on 31 December 2026.
    await evaluateAndPublish(context, publisher);
    const first = online();
    expect(publishedDay()).toBe('2026-12-31');
    expect((await database.db.select().from(publications)).map((p) => [p.trigger, p.status])).toEqual([['first start', 'succeeded']]);
    // The start day's mails: the receipt of the application (no key), and the warning to the
    // provider that reported nobody coached in 2025, a year before its lapse.
    expect(await dedupeKeys()).toEqual([null, 'warning:ED-T-1:no-coaching-2025']);
    const [before] = await database.db.select().from(recognitions).where(eq(recognitions.providerId, 1));
    expect(before.status).toBe('active');

    const cycle = dailyCycle(context, publisher);
    // Later the same day: nothing to do.
    clock.set('2026-12-31T23:59:00+01:00');
    const mailsBefore = await dedupeKeys();
    expect(await cycle.check()).toBe(false);
    expect(await dedupeKeys()).toEqual(mailsBefore);

    // Past midnight in Brussels (still 31 December in UTC): a new day.
    clock.set('2027-01-01T00:05:00+01:00');
    expect(await cycle.check()).toBe(true);
    const [after] = await database.db.select().from(recognitions).where(eq(recognitions.providerId, 1));
    expect(after.status).toBe('lapsed');
    // The new day's mails, each once: the lapse warning for 2026 to the provider that coached
    // nobody yet, the notices that its subcontractor is no longer recognised, and the digest (an
    // admissibility is due in three days).
    expect((await dedupeKeys()).slice(mailsBefore.length).sort()).toEqual(
      [
        'digest:2027-01-01:els@werk.example',
        `subcontractor:${enterpriseNumber(2)}:${enterpriseNumber(1)}:2027-01-01`,
        `subcontractor:${enterpriseNumber(2)}:${enterpriseNumber(1)}:2027-01-01:els@werk.example`,
        'warning:ED-T-2:no-coaching-2026',
      ].sort(),
    );
    // The site judged on the new day is online, and shows the lapse.
    expect(online()).not.toBe(first);
    expect(publishedDay()).toBe('2027-01-01');
    expect((await database.db.select().from(publications)).map((p) => [p.trigger, p.status])).toEqual([
      ['first start', 'succeeded'],
      ['daily evaluation', 'succeeded'],
    ]);
    const page = readFileSync(join(publicationsDir(dataDir()), 'current', 'site', 'dienstverleners', enterpriseNumber(1), 'index.html'), 'utf8');
    expect(page).toContain('Deze dienstverlener is op dit moment niet erkend.');

    // The same day again: no evaluation, mail or publication twice.
    const mailsAfter = await dedupeKeys();
    clock.advance(3 * 3600_000);
    expect(await cycle.check()).toBe(false);
    expect(await dedupeKeys()).toEqual(mailsAfter);
    expect(await database.db.select().from(publications)).toHaveLength(2);
  }, 300_000);
});
