/**
 * Text that XML 1.0, HTML or a spreadsheet cannot carry (a bell, U+FFFF) never reaches a
 * publication: the log refuses it before it is ever recorded, every writer refuses it, and a
 * publication from a database that holds such a value fails naming the provider and the field,
 * leaving the site online as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { buildPublication, closePublisher, publicationsDir } from '#publish/build-publication.ts';
import { providers } from '#db/schema/index.ts';
import { chainEntries, EMPTY_HEAD, PUBLIC_ACTORS, type LogEntry } from '#domain/change-log.ts';
import { atomFeeds, FeedLists } from '#publish/open-data/feeds.ts';
import { coverageCsv, registerCsv } from '#publish/open-data/register-files.ts';
import { readPublicRegister } from '#db/queries/public-register.ts';
import { createTestDatabase, enterpriseNumber, insertProviders } from '#test/fixtures/database.ts';
import { NOW } from '#test/fixtures/clock.ts';

const SITE_URL = 'https://register.example.be';
const BELL = '\u0007';
const NONCHARACTER = '\uFFFF';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let dataDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = join(database.dir, 'data');
  await insertProviders(database, [
    { id: 1, name: 'Werkbrug Gent vzw', workingArea: ['44021'] },
    { id: 2, name: 'Jobcoach Leuven vzw', workingArea: ['24062'] },
  ]);
}, 60_000);

afterAll(async () => {
  await closePublisher();
  database?.cleanup();
});

const register = async () => ({ publicationId: 'test', ...(await readPublicRegister(database.db, '2026-11-28', NOW)) });

describe('the change log', () => {
  it('refuses to record an entry whose text a feed or page could not carry', () => {
    const draft = { occurredAt: NOW.toISOString(), provider: enterpriseNumber(1), kind: 'provider.withdrawn', summary: `Ingetrokken${BELL}`, actor: PUBLIC_ACTORS.department, before: null, after: null };
    expect(() => chainEntries(EMPTY_HEAD, [draft])).toThrow(`the change log entry 1 about provider ${enterpriseNumber(1)}, field summary, holds U+0007`);
    expect(() => chainEntries(EMPTY_HEAD, [{ ...draft, summary: 'Ingetrokken', after: { name: `Naam${NONCHARACTER}` } }])).toThrow('field after.name, holds U+FFFF');
    expect(chainEntries(EMPTY_HEAD, [{ ...draft, summary: 'Ingetrokken\nmet reden' }])).toHaveLength(1);
  });
});

describe('the writers', () => {
  it('refuse to write a feed with a character XML 1.0 cannot hold, naming the entry and field', async () => {
    const lists = new FeedLists();
    // An entry as an older database could hold it (chained before the log refused such text).
    const entry: LogEntry = { seq: 1, occurredAt: NOW.toISOString(), provider: enterpriseNumber(2), kind: 'provider.changed', summary: `Naam gewijzigd${NONCHARACTER}`, actor: PUBLIC_ACTORS.department, before: null, after: null, prevHash: '0'.repeat(64), hash: 'a'.repeat(64) };
    lists.add(entry);
    const current = await register();
    expect(() => [...atomFeeds(current, lists, SITE_URL)]).toThrow(`log entry 1 (provider ${enterpriseNumber(2)}) in feed /feeds/register.xml, field title, holds U+FFFF`);
  });

  it('refuse to write a CSV cell with a control character, naming the provider and field', async () => {
    const current = await register();
    const withBell = { ...current, providers: current.providers.map((p, i) => (i === 0 ? { ...p, street: `Kerkstraat 1${BELL}` } : p)) };
    expect(() => registerCsv(withBell, SITE_URL)).toThrow(`provider ${current.providers[0].enterpriseNumber}, field street of register.csv, holds U+0007`);
    const badName = { ...current, providers: current.providers.map((p, i) => (i === 1 ? { ...p, name: `Jobcoach${BELL}` } : p)) };
    expect(() => coverageCsv(badName)).toThrow(`provider ${current.providers[1].enterpriseNumber}, field name, holds U+0007`);
  });
});

describe('a publication from a database holding such a value', () => {
  it('fails naming the provider and the field, and leaves the site online as it was', async () => {
    const first = await buildPublication({ db: database.db, dataDir, now: NOW, id: 'p1' });
    // Written past the checks, as a database from before them could hold it.
    await database.db.update(providers).set({ name: `Jobcoach Leuven${NONCHARACTER} vzw` }).where(eq(providers.id, 2));
    await expect(buildPublication({ db: database.db, dataDir, now: NOW, id: 'p2' })).rejects.toThrow(
      `provider ${enterpriseNumber(2)}, field name, holds U+FFFF, a control character or noncharacter that XML 1.0, HTML and the CSV downloads cannot carry, so nothing was published`,
    );
    expect(readlinkSync(join(publicationsDir(dataDir), 'current'))).toBe(first.id);
    expect(readFileSync(join(first.dir, 'site', 'feeds', 'register.xml'), 'utf8')).not.toContain(NONCHARACTER);
  }, 180_000);
});
