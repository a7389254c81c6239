/**
 * Publishing: a failed build leaves the site online as it was, a burst of changes makes at most
 * two builds, and a visitor fetching pages during publications only ever sees whole ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, desc, eq } from 'drizzle-orm';
import { LocalPublisher } from '#publish/local-publisher.ts';
import { buildPublication, closePublisher, publicationsDir, publicationsOnDisk } from '#publish/build-publication.ts';
import { fileChangeReport } from '#db/commands/change-reports.ts';
import { evaluateRegister } from '#db/commands/evaluate-register.ts';
import { hasUnpublishedChanges } from '#db/queries/publication-state.ts';
import { changeEvents, coaches, publications } from '#db/schema/index.ts';
import { loadReferenceData } from '#db/reference-data.ts';
import { startServer, type RunningServer } from '#server/server.ts';
import { systemClock } from '#config/clock.ts';
import { createTestDatabase, enterpriseNumber, insertProviders, type TestDatabase } from '#test/fixtures/database.ts';

let database: TestDatabase;
let dataDir: string;
const onlineIn = (dir: string) => readlinkSync(join(publicationsDir(dir), 'current'));
const pageIn = (dir: string, path: string) => readFileSync(join(publicationsDir(dir), 'current', 'site', path), 'utf8');
const online = () => onlineIn(dataDir);
const page = (path: string) => pageIn(dataDir, path);
const publicationOf = (html: string) => /<meta name="register-publication" content="([^"]+)"/.exec(html)?.[1];

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = join(database.dir, 'data');
  await insertProviders(database, [
    { id: 1, name: 'Werkkracht Gent vzw', validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 2 }, { year: 2025, employeesCoached: 2 }], capacity: { totalPlaces: 60, freePlaces: 1 } },
    { id: 2, name: 'Jobanker Brugge bv', municipalityNis: '31005', postcode: '8000', workingArea: ['31005'], validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 2 }, { year: 2025, employeesCoached: 2 }] },
  ]);
  await evaluateRegister(database.db, '2026-11-28', new Date());
  // A publication online, which the tests below build on or keep.
  await buildPublication({ db: database.db, dataDir, now: new Date() });
}, 120_000);

afterAll(async () => {
  await closePublisher();
  database?.cleanup();
});

describe('the local publisher', () => {
  it('records a successful publication with its pages, size, duration and register digest', async () => {
    const publisher = new LocalPublisher({ db: database.db, clock: systemClock, dataDir });
    const requested = await publisher.request('test');
    await publisher.idle();
    const [row] = await database.db.select().from(publications).orderBy(desc(publications.requestedAt)).limit(1);
    expect(row).toMatchObject({ id: requested.id, trigger: 'test', status: 'succeeded', error: null });
    expect(row.pages).toBeGreaterThan(300);
    expect(row.bytes).toBeGreaterThan(100_000);
    expect(row.durationMs).toBeGreaterThan(0);
    expect(row.registerDigest).toMatch(/^[0-9a-f]{64}$/);
    // What it contains: the publication made before the tests already held the whole change log,
    // so this one brings no entry of its own and carries most pages over.
    const [{ entries }] = await database.db.select({ entries: count() }).from(changeEvents);
    expect(entries).toBeGreaterThan(0);
    expect(row).toMatchObject({ logFrom: entries, logEvents: entries });
    expect(row.pagesChanged).toBeLessThan(row.pages!);
    expect(online()).toBe(requested.id);
    expect(publicationOf(page('index.html'))).toBe(requested.id);
  }, 60_000);

  it('leaves the publication online when a build fails, and records the error', async () => {
    const before = online();
    const failing = new LocalPublisher({
      db: database.db,
      clock: systemClock,
      dataDir,
      build: (options) => buildPublication({ ...options, failAt: (step) => { if (step === 'index') throw new Error('Pagefind crashed (injected)'); } }),
    });
    const requested = await failing.request('test of a failure');
    await failing.idle();
    expect(await failing.get(requested.id)).toMatchObject({ status: 'failed', error: 'Pagefind crashed (injected)' });
    expect(online()).toBe(before);
    expect(publicationOf(page('index.html'))).toBe(before);
  }, 60_000);

  it('gathers 50 changes in 2 seconds into a few builds, one at a time and each for a reason, and the site shows the last one', async () => {
    const publisher = new LocalPublisher({ db: database.db, clock: systemClock, dataDir });
    const before = (await database.db.select().from(publications)).length;
    const changedAt: number[] = [];
    for (let i = 1; i <= 50; i++) {
      await fileChangeReport(database.db, { providerId: 1, actor: { name: 'test' }, request: { kind: 'free_places', payload: { freePlaces: i } }, now: new Date() });
      changedAt.push(Date.now());
      publisher.changed();
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await publisher.idle();
    const made = (await database.db.select().from(publications))
      .slice(before)
      .map((p) => ({ started: Date.parse(p.startedAt!), finished: Date.parse(p.finishedAt!), status: p.status }))
      .sort((a, b) => a.started - b.started);
    // How many builds a burst makes depends on how long a build takes on this machine; what does
    // not: one build at a time, and a further one only for changes made after the one before
    // started (so at most one follow-up per build, never one per change).
    expect(made.length).toBeGreaterThanOrEqual(1);
    expect(made.length).toBeLessThanOrEqual(changedAt.length / 10);
    for (let k = 1; k < made.length; k++) {
      expect(made[k].started, `build ${k + 1} starts after build ${k} finished`).toBeGreaterThanOrEqual(made[k - 1].finished);
      expect(changedAt.some((at) => at > made[k - 1].started), `build ${k + 1} follows a change made during build ${k}`).toBe(true);
    }
    // Never one build per change: after the last change at most one build starts (it carries
    // every change made before it). With the checks above, a burst shorter than the first build
    // so makes the first build and one follow-up at most, whatever the machine's speed.
    expect(made.filter((p) => p.started > changedAt.at(-1)!).length).toBeLessThanOrEqual(1);
    expect(made.every((p) => p.status === 'succeeded')).toBe(true);
    // Each build contains the change log from where the one it was built on ended, the last one up to its end.
    const logs = (await database.db.select().from(publications)).slice(before).sort((a, b) => Date.parse(a.startedAt!) - Date.parse(b.startedAt!));
    for (let k = 1; k < logs.length; k++) expect(logs[k].logFrom, `build ${k + 1} continues the log of build ${k}`).toBe(logs[k - 1].logEvents);
    const [{ entries }] = await database.db.select({ entries: count() }).from(changeEvents);
    expect(logs.at(-1)!.logEvents).toBe(entries);
    expect(logs.at(-1)!.pagesChanged).toBeLessThan(logs.at(-1)!.pages!);
    expect(page(`dienstverleners/${enterpriseNumber(1)}/index.html`)).toMatch(/Vrije plaatsen<\/dt><dd>50</);
    expect(await hasUnpublishedChanges(database.db)).toBe(false);
  }, 90_000);
});

describe('switching under load', () => {
  let server: RunningServer;
  afterAll(async () => server?.close());

  it('gives a visitor only 200s, and every page belongs to one publication', async () => {
    const publisher = new LocalPublisher({ db: database.db, clock: systemClock, dataDir });
    server = await startServer({ db: database.db, clock: systemClock, dataDir, publisher, host: '127.0.0.1', port: 0 });
    const paths = ['/', '/gemeenten/gent/', `/dienstverleners/${enterpriseNumber(1)}/`, '/dienstverleners/', '/provincies/limburg/'];
    const css = /href="(\/_astro\/[^"]+\.css)"/.exec(page('index.html'))![1];
    let stop = false;
    const seen: { status: number; publication?: string; path: string }[] = [];
    const visitor = (async () => {
      while (!stop) {
        for (const path of paths) {
          const response = await fetch(`${server.url}${path}`);
          const html = await response.text();
          // Unchanged pages are carried over between publications; the server names the one it served from.
          seen.push({ status: response.status, publication: response.headers.get('x-register-publication') ?? undefined, path });
          // The stylesheet of the page just seen must be there too.
          const style = /href="(\/_astro\/[^"]+\.css)"/.exec(html)?.[1] ?? css;
          const asset = await fetch(`${server.url}${style}`);
          await asset.arrayBuffer();
          seen.push({ status: asset.status, path: style });
        }
      }
    })();
    const done: string[] = [];
    for (let i = 0; i < 3; i++) {
      await fileChangeReport(database.db, { providerId: 2, actor: { name: 'test' }, request: { kind: 'other', payload: { text: `${i}` } }, now: new Date() });
      const requested = await publisher.request(`load test ${i}`);
      await publisher.idle();
      done.push(requested.id);
    }
    stop = true;
    await visitor;
    expect(seen.length).toBeGreaterThan(30);
    expect(seen.filter((s) => s.status !== 200)).toEqual([]);
    const known = new Set((await database.db.select().from(publications)).map((p) => p.id));
    for (const s of seen.filter((s) => s.path.endsWith('/'))) {
      expect(s.publication, `${s.path} names its publication`).toBeDefined();
      expect(known.has(s.publication!)).toBe(true);
    }
    // The visitor saw the publications change while it was reading.
    expect(new Set(seen.map((s) => s.publication).filter(Boolean)).size).toBeGreaterThan(1);
  }, 120_000);
});

describe('the private-data check', () => {
  it('finds the pages that show a provider\'s private values, and only those', async () => {
    const { findPrivateValues } = await import('#publish/site-checks.ts');
    const site = join(publicationsDir(dataDir), 'current', 'site');
    expect(await findPrivateValues(site, new Map([[enterpriseNumber(1), ['Coach Van Provider1']]]))).toEqual([]);
    // The provider's own name is public; were it a coach's name too, the check would catch it,
    // on its page and in the downloads (every other download and feed is made from these two).
    const leaks = await findPrivateValues(site, new Map([[enterpriseNumber(1), ['Werkkracht Gent vzw']]]));
    expect(leaks).toEqual([`/dienstverleners/${enterpriseNumber(1)}/`, '/open-data/register.json', '/open-data/wijzigingen.jsonl']);
  });

  it('refuses to publish a site where a provider page shows its private data: the site online stays, the publication is recorded as failed', async () => {
    // A register of its own, so that what this test breaks is seen by no other.
    const own = await createTestDatabase();
    const ownData = join(own.dir, 'data');
    const merelbeke = loadReferenceData().municipalities.find((m) => m.nameNl === 'Merelbeke-Melle')!;
    try {
      await insertProviders(own, [
        { id: 7, name: 'Stapsteen Gent vzw', workingArea: ['44021', merelbeke.nisCode], validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 1 }, { year: 2025, employeesCoached: 1 }] },
      ]);
      const publisher = new LocalPublisher({ db: own.db, clock: systemClock, dataDir: ownData });
      const first = await publisher.request('first');
      await publisher.idle();
      expect(await publisher.get(first.id)).toMatchObject({ status: 'succeeded' });
      const providerPage = `dienstverleners/${enterpriseNumber(7)}/index.html`;
      const pageBefore = pageIn(ownData, providerPage);
      expect(pageBefore).toContain('Merelbeke-Melle');

      // A coach whose name the page shows for another reason (a place the provider serves): were
      // it published, a reader could not tell; so the check stops the publication.
      await own.db.insert(coaches).values({ providerId: 7, fullName: 'Merelbeke-Melle', qualification: 'Bachelor sociaal werk' });
      const refused = await publisher.request('with a leak');
      await publisher.idle();
      const status = await publisher.get(refused.id);
      expect(status).toMatchObject({ status: 'failed' });
      expect(status!.error).toMatch(/^The built site failed its checks:/);
      expect(status!.error).toContain(`private data of the provider on /dienstverleners/${enterpriseNumber(7)}/`);
      // It says where, never what.
      expect(status!.error).not.toContain('Merelbeke-Melle');
      const [row] = await own.db.select().from(publications).where(eq(publications.id, refused.id));
      expect(row).toMatchObject({ status: 'failed', error: status!.error });
      // Nothing of it went online, and nothing of it is left on disk.
      expect(onlineIn(ownData)).toBe(first.id);
      expect(pageIn(ownData, providerPage)).toBe(pageBefore);
      expect(await publicationsOnDisk(ownData)).toEqual([first.id]);
      expect(readdirSync(publicationsDir(ownData)).filter((name) => name.startsWith('.building-'))).toEqual([]);
    } finally {
      own.cleanup();
    }
  }, 180_000);

  it('finds private data in the downloads as the open-data writer writes them', async () => {
    const { writeOpenData } = await import('#publish/open-data/index.ts');
    const { readPublicRegister } = await import('#db/queries/public-register.ts');
    const now = new Date();
    const register = { publicationId: 'controle', ...(await readPublicRegister(database.db, now.toISOString().slice(0, 10), now)) };
    const write = async (values: string[]) => {
      const siteDir = mkdtempSync(join(tmpdir(), 'register-scan-'));
      try {
        const privateValues = Promise.resolve(new Map([[enterpriseNumber(1), values]]));
        return (await writeOpenData({ db: database.db, register, siteDir, siteUrl: 'https://register.example', privateValues })).leaks;
      } finally {
        rmSync(siteDir, { recursive: true, force: true });
      }
    };
    expect(await write(['Coach Van Provider1'])).toEqual([]);
    expect(await write(['Werkkracht Gent vzw'])).toEqual(['/open-data/register.json', '/open-data/wijzigingen.jsonl']);
  });
});
