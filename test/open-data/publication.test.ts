/**
 * A publication's open data, end to end: sample data and changes made through the real commands,
 * one publication, then what a reuser would check — `register verify` passes and catches
 * tampering, the downloads follow their schemas and say what the pages say, nothing private is
 * in them, the feeds are Atom and the municipality feeds hold exactly their events, and the
 * structured data uses only schema.org terms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import jsonld from 'jsonld';
import { Parser as TurtleParser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { memoryPages, validateXML } from 'xmllint-wasm';
import { buildPublication, closePublisher, type PublicationResult } from '#publish/build-publication.ts';
import { seedSampleData } from '#db/seed/seed.ts';
import { acceptChangeReport, fileChangeReport } from '#db/commands/change-reports.ts';
import { createApplication, endRecognition, NewApplication, recordStep } from '#db/commands/applications.ts';
import { privateValuesByProvider } from '#db/queries/private-values.ts';
import { readPublicRegister } from '#db/queries/public-register.ts';
import { writeOpenData } from '#publish/open-data/index.ts';
import { providers, recognitions } from '#db/schema/index.ts';
import { applyMergePatch, chainEntries, EMPTY_HEAD, PUBLIC_ACTORS, type LogEntry } from '#domain/change-log.ts';
import { FEED_LENGTH, GEOJSON, HSDS, OPEN_DATA_FILES, SPREADSHEET_NOTE, openDataContentType, type OpenDataRegister } from '#domain/open-data.ts';
import { registerCsv } from '#publish/open-data/register-files.ts';
import { verifyPublication } from '#cli/commands/verify.ts';
import { startServer, type RunningServer } from '#server/server.ts';
import { fixedClock } from '#config/clock.ts';
import { FakePublisher } from '#test/fixtures/publisher.ts';
import { createTestDatabase } from '#test/fixtures/database.ts';
import { applicationFixture } from '#test/fixtures/application.ts';
import { listFiles } from '#test/fixtures/files.ts';
import { NOW } from '#test/fixtures/clock.ts';

const SITE_URL = 'https://register.example.be';
const GENT = '44021';
const secrets = { coach: 'Griet Geheimnaam', officer: 'Officer Verborgen', admin: 'Els Peeters-Onbekend', contact: 'Hilde Onzichtbaar', contactEmail: 'hilde.onzichtbaar@prive.example' };
const bin = new URL('../../bin/register.mjs', import.meta.url).pathname;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let publication: PublicationResult;
let site: string;
const read = (path: string) => readFileSync(join(site, path), 'utf8');
const json = <T = any>(path: string) => JSON.parse(read(path)) as T;
const logEntries = () => read(OPEN_DATA_FILES.log.path).trimEnd().split('\n').map((line) => JSON.parse(line) as LogEntry);

const filesUnder = listFiles;

async function makeChanges() {
  const active = await database.db
    .select({ id: providers.id, number: providers.enterpriseNumber })
    .from(providers)
    .innerJoin(recognitions, eq(recognitions.providerId, providers.id))
    .where(and(eq(recognitions.status, 'active')))
    .orderBy(providers.id);
  const [a, b, c] = active;
  const officer = { name: secrets.officer };
  const admin = { name: secrets.admin };
  await fileChangeReport(database.db, { providerId: a.id, actor: officer, request: { kind: 'free_places', payload: { freePlaces: 0 } }, now: NOW });
  const coaches = await fileChangeReport(database.db, { providerId: a.id, actor: officer, request: { kind: 'coaches', payload: { coaches: [{ fullName: secrets.coach, qualification: 'Master' }] } }, now: NOW });
  await acceptChangeReport(database.db, { reference: coaches.report.reference, actor: admin, now: NOW });
  const area = await fileChangeReport(database.db, { providerId: b.id, actor: officer, request: { kind: 'working_area', payload: { municipalities: [GENT], provinces: ['Limburg'] } }, now: NOW });
  await acceptChangeReport(database.db, { reference: area.report.reference, actor: admin, now: NOW });
  const contact = await fileChangeReport(database.db, { providerId: b.id, actor: officer, request: { kind: 'contact_details', payload: { phone: '+32 9 123 45 67', website: 'https://nieuw.example' } }, now: NOW });
  await acceptChangeReport(database.db, { reference: contact.report.reference, actor: admin, now: NOW });
  const [recognition] = await database.db.select().from(recognitions).where(and(eq(recognitions.providerId, c.id), eq(recognitions.status, 'active')));
  await endRecognition(database.db, { kind: 'withdrawn', recognitionNumber: recognition.recognitionNumber, effectiveFrom: '2027-02-01', reason: 'de kwaliteitsregistratie loopt af', actor: admin, now: NOW });
  // A new provider through the procedure, serving Gent.
  const application = NewApplication.parse(
    applicationFixture({
      submittedOn: '2026-10-01',
      name: 'Nieuwe Werkbrug Gent vzw',
      enterpriseNumber: '0403.170.701',
      street: 'Voorbeeldstraat 1',
      municipalityNis: GENT,
      email: 'info@nieuwe-werkbrug.example',
      phone: '+32 9 765 43 21',
      website: 'https://nieuwe-werkbrug.example',
      contactPerson: { fullName: secrets.contact, email: secrets.contactEmail, phone: '+32 470 99 88 77' },
      simplifiedCategory: 'GTB',
      experience: null,
      serviceArea: { municipalities: [GENT, '44088'], totalPlaces: 6 },
    }),
  );
  const created = await createApplication(database.db, { application, actor: admin, now: NOW });
  for (const step of [
    { step: 'declare_admissible', on: '2026-10-03' },
    { step: 'give_advice', on: '2026-10-20' },
    { step: 'decide', on: '2026-11-02', outcome: 'granted', notifiedOn: '2026-11-03', validFrom: '2026-11-15' },
  ] as const) {
    await recordStep(database.db, { reference: created.reference, step, actor: admin, now: NOW });
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedSampleData(database.db, { providers: 40, seed: 'open-data', asOf: '2026-11-28' });
  await makeChanges();
  const previous = process.env.SITE_URL;
  process.env.SITE_URL = SITE_URL;
  try {
    publication = await buildPublication({ db: database.db, dataDir: join(database.dir, 'data'), now: NOW });
  } finally {
    if (previous === undefined) delete process.env.SITE_URL;
    else process.env.SITE_URL = previous;
  }
  site = join(publication.dir, 'site');
}, 180_000);

afterAll(async () => {
  await closePublisher();
  database?.cleanup();
});

describe('register verify', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'register-verify-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** A copy of the published site with one file changed. */
  const tampered = (name: string, path: string, change: (text: string) => string) => {
    const copy = join(scratch, name);
    cpSync(site, copy, { recursive: true });
    const file = join(copy, path);
    const before = readFileSync(file, 'utf8');
    const after = change(before);
    expect(after).not.toBe(before);
    writeFileSync(file, after);
    return copy;
  };
  const lines = () => read(OPEN_DATA_FILES.log.path).split('\n');

  it('confirms an untouched publication, from its folder, in one line with exit code 0', async () => {
    const result = await verifyPublication(site);
    expect(result).toEqual({ ok: true, summary: expect.stringMatching(/^Intact: \d+ log entries chain to [0-9a-f]{64}, and the log replays to all 41 records/) });
    const run = spawnSync(process.execPath, [bin, 'verify', publication.dir], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('confirms it over HTTP, from the site address', async () => {
    const server: RunningServer = await startServer({ db: database.db, clock: fixedClock(NOW), dataDir: join(database.dir, 'data'), publisher: new FakePublisher(), host: '127.0.0.1', port: 0 });
    try {
      expect((await verifyPublication(server.url)).ok).toBe(true);
      const feed = await fetch(`${server.url}/feeds/register.xml`);
      expect(feed.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
      expect((await fetch(`${server.url}/open-data/wijzigingen.jsonl`)).headers.get('content-type')).toBe('application/jsonl; charset=utf-8');
      expect((await fetch(`${server.url}/open-data/register.csv`)).headers.get('content-type')).toMatch(/^text\/csv/);
      expect((await fetch(`${server.url}/open-data/csv-metadata.json`)).headers.get('content-type')).toBe('application/csvm+json');
    } finally {
      await server.close();
    }
  });

  it('names the entry when one byte of it was changed, with exit code 1', () => {
    const line = lines()[10];
    const seq = (JSON.parse(line) as LogEntry).seq;
    const copy = tampered('byte', OPEN_DATA_FILES.log.path, (text) => text.replace(line, line.replace('"summary":"', '"summary":"X')));
    const run = spawnSync(process.execPath, [bin, 'verify', copy], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^Not intact: the log is broken at line ${seq}: entry ${seq} was changed: its content hashes to [0-9a-f]{64}, not to the [0-9a-f]{64} it states\\.\n$`));
  });

  it('refuses a line that names a member twice: RFC 8785 hashes I-JSON, and JSON.parse would keep only the last', async () => {
    const line = lines()[10];
    const seq = (JSON.parse(line) as LogEntry).seq;
    // The forged summary is what a reader that keeps the first member sees; the hash covers the second.
    const copy = tampered('duplicate', OPEN_DATA_FILES.log.path, (text) => text.replace(line, line.replace('"summary":', '"summary":"Vervalste samenvatting","summary":')));
    expect(await verifyPublication(copy)).toEqual({ ok: false, problem: `line ${seq} of the log is not a log entry: it is not I-JSON (RFC 7493): the member "summary" appears twice in the entry` });
  });

  it('refuses a log that is not UTF-8, instead of reading replaced bytes', async () => {
    const copy = join(scratch, 'latin1');
    cpSync(site, copy, { recursive: true });
    const file = join(copy, OPEN_DATA_FILES.log.path);
    const bytes = readFileSync(file);
    writeFileSync(file, Buffer.concat([bytes.subarray(0, 100), Buffer.from([0xff]), bytes.subarray(101)]));
    expect(await verifyPublication(copy)).toEqual({ ok: false, problem: `${file} is not UTF-8 text` });
  });

  it('names the missing entry when one was dropped', async () => {
    const all = lines();
    const copy = tampered('dropped', OPEN_DATA_FILES.log.path, () => [...all.slice(0, 20), ...all.slice(21)].join('\n'));
    expect(await verifyPublication(copy)).toEqual({ ok: false, problem: 'the log is broken at line 21: entry 21 is missing: line 21 holds entry 22' });
  });

  it('notices a dropped last entry: the register states a longer log', async () => {
    const all = lines();
    const copy = tampered('truncated', OPEN_DATA_FILES.log.path, () => `${all.slice(0, -2).join('\n')}\n`);
    expect(await verifyPublication(copy)).toMatchObject({ ok: false, problem: expect.stringMatching(/^the register states a log of \d+ entries ending in [0-9a-f]{64}, but the published log has/) });
  });

  it('catches a history rewritten with every hash recomputed, given a head kept from before', async () => {
    const entries = logEntries();
    const kept = { events: entries.length, head: entries.at(-1)!.hash };
    const forged = chainEntries(
      EMPTY_HEAD,
      entries.map(({ seq: _seq, prevHash: _prev, hash: _hash, ...draft }, i) => (i === 4 ? { ...draft, summary: `${draft.summary} (herschreven)` } : draft)),
    );
    const copy = tampered('forged', OPEN_DATA_FILES.log.path, () => forged.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const registerFile = join(copy, OPEN_DATA_FILES.registerJson.path);
    writeFileSync(registerFile, readFileSync(registerFile, 'utf8').replace(kept.head, forged.at(-1)!.hash));
    // On its own the forgery holds together ...
    expect((await verifyPublication(copy)).ok).toBe(true);
    // ... but not against the head an earlier publication stated.
    expect(await verifyPublication(copy, kept)).toEqual({ ok: false, problem: `entry ${kept.events} now hashes to ${forged.at(-1)!.hash}, not to the earlier head ${kept.head}: the history up to it was rewritten` });
    const run = spawnSync(process.execPath, [bin, 'verify', site, '--known-head', `${kept.events}:${kept.head}`], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`through the earlier head at entry ${kept.events}`);
  });

  it('names the record when one record was changed', async () => {
    const register = json<OpenDataRegister>(OPEN_DATA_FILES.registerJson.path);
    const target = register.providers.find((p) => p.capacity && p.listed)!;
    const copy = tampered('record', OPEN_DATA_FILES.registerJson.path, (text) =>
      text.replace(
        JSON.stringify(target),
        JSON.stringify({ ...target, capacity: { ...target.capacity!, freePlaces: target.capacity!.freePlaces + 1 } }),
      ),
    );
    const result = await verifyPublication(copy);
    expect(result).toMatchObject({ ok: false, problem: expect.stringContaining(`record ${target.enterpriseNumber} (${target.name}) does not match the log at capacity.freePlaces`) });
  });
});

describe('writing the open data again', () => {
  it('builds on the publication online without changing its files, so that publication keeps its own', async () => {
    const next = mkdtempSync(join(tmpdir(), 'register-next-'));
    try {
      const logBefore = read(OPEN_DATA_FILES.log.path);
      // As the publisher does: a new folder, the publication online as its manifest states it.
      const manifest = JSON.parse(readFileSync(join(site, '..', 'build.json'), 'utf8'));
      const previous = { siteDir: site, log: manifest.log, inputs: manifest.openDataInputs, logBytes: manifest.files[OPEN_DATA_FILES.log.path] };
      const [provider] = await database.db.select().from(providers).where(eq(providers.enterpriseNumber, '0403170701'));
      await fileChangeReport(database.db, { providerId: provider.id, actor: { name: secrets.officer }, request: { kind: 'free_places', payload: { freePlaces: 2 } }, now: NOW });
      const register = { publicationId: 'herschreven', ...(await readPublicRegister(database.db, '2026-11-28', NOW)) };
      const result = await writeOpenData({ db: database.db, register, siteDir: next, siteUrl: SITE_URL, previous });
      expect(result.events).toBe(logBefore.trimEnd().split('\n').length + 1);
      // The publication online still has its own files; the new folder has the new ones, intact.
      expect(read(OPEN_DATA_FILES.log.path)).toBe(logBefore);
      expect(readFileSync(join(next, OPEN_DATA_FILES.log.path), 'utf8').startsWith(logBefore)).toBe(true);
      expect(await verifyPublication(next)).toMatchObject({ ok: true });
      expect(await verifyPublication(site)).toMatchObject({ ok: true });
      // The feeds the change does not touch are the files online, shared as hard links.
      expect(result.shared.length).toBeGreaterThan(0);
      for (const path of result.shared.slice(0, 5)) expect(statSync(join(next, path)).ino).toBe(statSync(join(site, path)).ino);
      expect(readdirSync(join(next, 'open-data')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      rmSync(next, { recursive: true, force: true });
    }
  });

  it('refuses to write into a folder that already holds files, and changes none of them', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'register-relink-'));
    try {
      // A copy of the site made of hard links: writing into it would change the files online.
      spawnSync('cp', ['-al', `${site}/.`, copy]);
      const logBefore = read(OPEN_DATA_FILES.log.path);
      const register = { publicationId: 'erin', ...(await readPublicRegister(database.db, '2026-11-28', NOW)) };
      await expect(writeOpenData({ db: database.db, register, siteDir: copy, siteUrl: SITE_URL })).rejects.toThrow(`The open data is written into a new folder; ${copy} already holds`);
      expect(read(OPEN_DATA_FILES.log.path)).toBe(logBefore);
      expect(readFileSync(join(copy, OPEN_DATA_FILES.log.path), 'utf8')).toBe(logBefore);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('the downloads', () => {
  const ajv = addFormats.default(new Ajv2020({ strict: true, allErrors: true }));

  it('validate against their published JSON Schemas', () => {
    const registerSchema = ajv.compile(json(OPEN_DATA_FILES.registerSchema.path));
    expect(registerSchema(json(OPEN_DATA_FILES.registerJson.path)), ajv.errorsText(registerSchema.errors)).toBe(true);
    const rowSchema = ajv.compile(json(OPEN_DATA_FILES.registerCsvSchema.path));
    const rows = parseCsv(read(OPEN_DATA_FILES.registerCsv.path), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(41);
    for (const row of rows) expect(rowSchema(row), ajv.errorsText(rowSchema.errors)).toBe(true);
    const lineSchema = ajv.compile(json(OPEN_DATA_FILES.logSchema.path));
    for (const entry of logEntries()) expect(lineSchema(entry), ajv.errorsText(lineSchema.errors)).toBe(true);
    // A record that breaks the schema is caught: the check can fail.
    expect(registerSchema({ ...json(OPEN_DATA_FILES.registerJson.path), providers: [{ enterpriseNumber: '123' }] })).toBe(false);
  });

  it('say what the provider pages say', () => {
    const register = json<OpenDataRegister>(OPEN_DATA_FILES.registerJson.path);
    const rows = new Map((parseCsv(read(OPEN_DATA_FILES.registerCsv.path), { columns: true, bom: true }) as Record<string, string>[]).map((r) => [r.enterpriseNumber, r]));
    // Both kinds are there to compare: with and without a recognition, and with capacity.
    expect(register.providers.filter((p) => p.recognition).length).toBeGreaterThan(10);
    expect(register.providers.filter((p) => p.capacity).length).toBeGreaterThan(10);
    for (const p of register.providers) {
      const html = read(`/dienstverleners/${p.enterpriseNumber}/index.html`);
      const row = rows.get(p.enterpriseNumber)!;
      expect(row.name).toBe(p.name);
      expect(html).toContain(p.name.replace(/&/g, '&amp;'));
      if (p.recognition) expect(html).toContain(p.recognition.recognitionNumber);
      expect(row.recognitionNumber).toBe(p.recognition?.recognitionNumber ?? '');
      if (p.capacity) {
        // The page shows the places only while the provider is recognised (the rules: capacityIsPublic); the data keeps them.
        if (p.listed) expect(html).toMatch(new RegExp(`Vrije plaatsen</dt><dd>${p.capacity.freePlaces}<`));
        else expect(html).not.toContain('Vrije plaatsen</dt>');
        expect(row.freePlaces).toBe(String(p.capacity.freePlaces));
      }
      expect(row.page).toBe(`${SITE_URL}/dienstverleners/${p.enterpriseNumber}/`);
    }
    // The new provider and the changes made through the commands are in it.
    const added = register.providers.find((p) => p.enterpriseNumber === '0403170701')!;
    expect(added).toMatchObject({ name: 'Nieuwe Werkbrug Gent vzw', listed: true, workingArea: ['44021', '44088'], coachCount: 0 });
    const coverage = parseCsv(read(OPEN_DATA_FILES.coverageCsv.path), { columns: true, bom: true }) as Record<string, string>[];
    expect(coverage.filter((r) => r.enterpriseNumber === '0403170701').map((r) => r.municipality)).toEqual(['Gent', 'Merelbeke-Melle']);
    expect(coverage).toHaveLength(register.providers.reduce((n, p) => n + p.workingArea.length, 0));
  });

  it('hold no private value: no coach, contact person, national register number, nor who made a change', async () => {
    const needles = [...new Set([...(await privateValuesByProvider(database.db)).values()].flat()), ...Object.values(secrets)];
    expect(needles.length).toBeGreaterThan(100);
    const files = [...filesUnder(join(site, 'open-data')), ...filesUnder(join(site, 'feeds')), join(site, 'sitemap.xml'), join(site, 'robots.txt')];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const needle of needles) expect(text.includes(needle) || text.includes(needle.replace(/&/g, '&amp;')), `${needle} in ${file}`).toBe(false);
    }
    // The log names roles only.
    for (const entry of logEntries()) expect(Object.values(PUBLIC_ACTORS)).toContain(entry.actor);
  });

  it('include an HSDS 3 export with the fields HSDS requires', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const page = json(OPEN_DATA_FILES.hsds.path);
    const register = json<OpenDataRegister>(OPEN_DATA_FILES.registerJson.path);
    expect(page.total_items).toBe(register.providers.filter((p) => p.recognition).length);
    const ids = new Set<string>();
    for (const service of page.contents) {
      expect(service.id).toMatch(uuid);
      expect(['active', 'inactive']).toContain(service.status);
      expect(service.name).toBeTruthy();
      expect(service.organization).toMatchObject({ id: expect.stringMatching(uuid), name: expect.any(String), description: expect.any(String) });
      expect(service.organization_id).toBe(service.organization.id);
      expect(service.organization.organization_identifiers[0]).toMatchObject({ identifier_scheme: 'BE-BCE_KBO', identifier: expect.stringMatching(/^\d{10}$/) });
      for (const area of service.service_areas) {
        expect(area).toMatchObject({ id: expect.stringMatching(uuid), service_id: service.id, name: expect.any(String), extent_type: 'geojson' });
        expect(isGeoJsonArea(JSON.parse(area.extent)), `the extent of ${area.name}`).toBe(true);
      }
      for (const capacity of service.capacities) expect(capacity).toMatchObject({ unit: { id: expect.stringMatching(uuid), name: expect.any(String) }, available: expect.any(Number), maximum: expect.any(Number), updated: expect.any(String) });
      for (const id of [service.id, ...service.service_areas.map((a: { id: string }) => a.id)]) {
        expect(ids.has(id)).toBe(false);
        ids.add(id);
      }
    }
  });

  it('give each service area its outline: a whole province as the province, else the municipality', () => {
    const page = json(OPEN_DATA_FILES.hsds.path);
    const geojson = json(OPEN_DATA_FILES.coverageGeojson.path);
    const outline = new Map(geojson.features.map((f: any) => [f.properties.municipality, f]));
    const added = page.contents.find((s: any) => s.organization.name === 'Nieuwe Werkbrug Gent vzw');
    expect(added.service_areas.map((a: any) => a.name)).toEqual(['Gent', 'Merelbeke-Melle']);
    // The same outline as the GeoJSON download's.
    expect(added.service_areas.map((a: any) => a.extent)).toEqual(['Gent', 'Merelbeke-Melle'].map((name) => JSON.stringify((outline.get(name) as any).geometry)));
    // A whole province: one area whose outline holds every municipality of the province.
    const whole = page.contents.flatMap((s: any) => s.service_areas).find((a: any) => a.name === 'Limburg (alle gemeenten)');
    expect(whole, 'a sample provider serving all of Limburg').toBeDefined();
    const box = bbox(JSON.parse(whole.extent));
    const inLimburg = geojson.features.filter((f: any) => f.properties.province === 'Limburg');
    expect(inLimburg.length).toBe(38);
    for (const f of inLimburg) {
      const inner = bbox(f.geometry);
      expect(inner[0] >= box[0] - 1e-6 && inner[1] >= box[1] - 1e-6 && inner[2] <= box[2] + 1e-6 && inner[3] <= box[3] + 1e-6, f.properties.municipality).toBe(true);
    }
  });

  it('include every working area as GeoJSON: each municipality with its outline and the providers serving it', () => {
    const geojson = json(OPEN_DATA_FILES.coverageGeojson.path);
    const register = json<OpenDataRegister>(OPEN_DATA_FILES.registerJson.path);
    expect(geojson.type).toBe('FeatureCollection');
    expect(geojson.features).toHaveLength(304);
    for (const f of geojson.features) {
      expect(f).toMatchObject({ type: 'Feature', id: f.properties.nisCode, properties: { municipality: expect.any(String), providerCount: f.properties.providers.length } });
      expect(isGeoJsonArea(f.geometry), f.properties.municipality).toBe(true);
    }
    // A listed provider's working area is exactly the features that list it.
    for (const provider of register.providers) {
      const listing = geojson.features.filter((f: any) => f.properties.providers.includes(provider.enterpriseNumber)).map((f: any) => f.properties.nisCode).sort();
      expect(listing, provider.name).toEqual(provider.listed ? [...provider.workingArea].sort() : []);
    }
    // Served as GeoJSON, with its media type.
    expect(openDataContentType(OPEN_DATA_FILES.coverageGeojson.path)).toBe('application/geo+json');
  });

  it('are described in DCAT-AP, every distribution pointing at a file of the publication', () => {
    const catalogue = json(OPEN_DATA_FILES.dcat.path);
    const catalog = catalogue['@graph'].find((node: any) => node['@type'] === 'dcat:Catalog');
    expect(catalog['@type']).toBe('dcat:Catalog');
    const urls = catalog['dcat:dataset'].flatMap((d: any) => d['dcat:distribution'].map((x: any) => x['dcat:downloadURL']['@id'] as string));
    expect(urls).toHaveLength(7);
    for (const url of urls) {
      expect(url.startsWith(`${SITE_URL}/`)).toBe(true);
      expect(existsSync(join(site, url.slice(SITE_URL.length)))).toBe(true);
    }
    for (const d of catalog['dcat:dataset']) for (const x of d['dcat:distribution']) expect(x['dct:license']['@id']).toBe('http://publications.europa.eu/resource/authority/licence/CC0');
  });

  it('are listed on the open-data page with the head of the log, linked from every page', () => {
    const page = read('/hergebruik/index.html');
    for (const file of Object.values(OPEN_DATA_FILES)) expect(page).toContain(`href="${file.path}"`);
    const register = json<OpenDataRegister>(OPEN_DATA_FILES.registerJson.path);
    expect(page).toContain(register.log.head);
    expect(page).toContain('creativecommons.org/publicdomain/zero/1.0');
    expect(read('/index.html')).toContain('href="/hergebruik/"');
  });

  it('come with a sitemap of every page and a robots.txt that names it', () => {
    const sitemap = new XMLParser().parse(read('/sitemap.xml'));
    const locations = sitemap.urlset.url.map((u: { loc: string }) => u.loc) as string[];
    const pages = filesUnder(site).filter((f) => f.endsWith('/index.html'));
    expect(locations).toHaveLength(pages.length);
    expect(locations).toContain(`${SITE_URL}/dienstverleners/0403170701/`);
    expect(read('/robots.txt')).toContain(`Sitemap: ${SITE_URL}/sitemap.xml`);
  });
});

describe('the Atom feeds', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'entry' || name === 'link' });
  const feed = (path: string) => {
    const text = read(path);
    expect(XMLValidator.validate(text)).toBe(true);
    return parser.parse(text).feed;
  };
  const hashOf = (entry: any) => /hash ([0-9a-f]{64})/.exec(entry.content['#text'])![1];

  it('are Atom documents with the elements RFC 4287 requires', () => {
    const paths = filesUnder(join(site, 'feeds')).map((f) => f.slice(site.length));
    expect(paths).toHaveLength(1 + 304 + 41);
    for (const path of paths.filter((_, i) => i % 7 === 0).concat(OPEN_DATA_FILES.feed.path)) {
      const f = feed(path);
      expect(f['@xmlns']).toBe('http://www.w3.org/2005/Atom');
      expect(f.id).toMatch(/^urn:uuid:/);
      expect(f.title).toBeTruthy();
      expect(Date.parse(f.updated)).not.toBeNaN();
      expect(f.author.name).toBe('Departement Werk en Sociale Economie');
      expect(f.link.find((l: any) => l['@rel'] === 'self')['@href']).toBe(`${SITE_URL}${path}`);
      for (const entry of f.entry ?? []) {
        expect(entry.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
        expect(entry.title).toBeTruthy();
        expect(Date.parse(entry.updated)).not.toBeNaN();
        expect(entry.author.name).toBeTruthy();
        expect(entry.link[0]['@href']).toMatch(new RegExp(`^${SITE_URL}/`));
      }
    }
  });

  it('give a municipality exactly the latest events of the providers that serve or served it', () => {
    const areas = new Map<string, string[]>();
    const concerning: LogEntry[] = [];
    for (const entry of logEntries()) {
      if (!entry.provider) continue;
      const before = areas.get(entry.provider) ?? [];
      const after = ((applyMergePatch({ workingArea: before }, entry.after ?? {}) as { workingArea?: string[] }).workingArea ?? []);
      areas.set(entry.provider, after);
      if (before.includes(GENT) || after.includes(GENT)) concerning.push(entry);
    }
    const expected = concerning.slice(-FEED_LENGTH).reverse().map((e) => e.hash);
    const gent = feed('/feeds/gemeenten/gent.xml');
    expect(gent.entry.map(hashOf)).toEqual(expected);
    // The provider that started serving Gent today, and the new provider, are in it.
    const names = gent.entry.map((e: any) => e.title as string);
    expect(names.some((t: string) => t.startsWith('Nieuwe Werkbrug Gent vzw: Opgenomen in het register'))).toBe(true);
    expect(names.some((t: string) => t.includes('Werkingsgebied gewijzigd'))).toBe(true);
  });

  it('give a provider its own events, newest first', () => {
    const own = logEntries().filter((e) => e.provider === '0403170701');
    expect(feed('/feeds/dienstverleners/0403170701.xml').entry.map(hashOf)).toEqual(own.reverse().map((e) => e.hash));
  });
});

describe('the structured data on provider pages', () => {
  // The schema.org terms the pages may use, per type (from the definitions on schema.org).
  const SCHEMA_ORG: Record<string, string[]> = {
    Organization: ['name', 'identifier', 'address', 'email', 'telephone', 'url', 'hasCredential'],
    Service: ['name', 'serviceType', 'provider', 'areaServed'],
    PropertyValue: ['propertyID', 'value'],
    PostalAddress: ['streetAddress', 'postalCode', 'addressLocality', 'addressCountry'],
    EducationalOccupationalCredential: ['name', 'identifier', 'credentialCategory', 'validIn'],
    Permit: ['name', 'identifier', 'validFrom', 'validUntil', 'issuedBy', 'validIn'],
    GovernmentOrganization: ['name'],
    AdministrativeArea: ['name'],
  };
  const KEYWORDS = new Set(['@context', '@graph', '@type', '@id']);

  const check = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => check(item, `${path}[${i}]`));
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    const types = record['@type'] === undefined ? [] : ([] as string[]).concat(record['@type'] as string);
    for (const type of types) expect(Object.keys(SCHEMA_ORG), `${path}: @type ${type}`).toContain(type);
    const allowed = new Set(types.flatMap((t) => SCHEMA_ORG[t] ?? []));
    for (const [key, value] of Object.entries(record)) {
      if (KEYWORDS.has(key)) continue;
      if (types.length > 0) expect(allowed.has(key), `${path}: ${key} on ${types.join('/')}`).toBe(true);
      check(value, `${path}.${key}`);
    }
  };

  it('parses, uses only schema.org terms, and says what the page says', () => {
    const register = json<OpenDataRegister>(OPEN_DATA_FILES.registerJson.path);
    let largest = 0;
    for (const p of register.providers) {
      const html = read(`/dienstverleners/${p.enterpriseNumber}/index.html`);
      largest = Math.max(largest, Buffer.byteLength(html));
      // The structured data, and on a recognised provider's page the "werkt in" line's script (a file, empty element).
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.map((s) => s[1].trim())).toEqual(['type="application/ld+json"', ...(p.listed && p.workingArea.length > 0 ? [expect.stringMatching(/^type="module" src="\/_astro\/[^"]+\.js"$/)] : [])]);
      expect(scripts.slice(1).every((s) => s[2] === '')).toBe(true);
      const data = JSON.parse(scripts[0][2]);
      expect(data['@context']).toBe('https://schema.org');
      check(data, p.enterpriseNumber);
      const [organisation, service] = data['@graph'];
      expect(organisation.name).toBe(p.name);
      expect(service.provider['@id']).toBe(organisation['@id']);
      if (p.recognition) {
        const credential = organisation.hasCredential.find((c: any) => c.identifier === p.recognition!.recognitionNumber);
        expect(credential).toMatchObject({ validFrom: p.recognition.validFrom, validUntil: p.recognition.endedOn ?? p.recognition.validUntil });
      }
      expect(service.areaServed.length).toBeGreaterThan(0);
    }
    expect(largest).toBeLessThanOrEqual(30 * 1024);
    const added = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(read('/dienstverleners/0403170701/index.html'))![1]);
    expect(added['@graph'][1].areaServed).toEqual([
      { '@type': 'AdministrativeArea', name: 'Gent' },
      { '@type': 'AdministrativeArea', name: 'Merelbeke-Melle' },
    ]);
  });
});

/** The vendored standards (test/standards/, see SOURCE.md there). */
const standard = (path: string) => readFileSync(new URL(`../standards/${path}`, import.meta.url), 'utf8');

/** Validates XML files with libxml2 against a vendored RELAX NG grammar or XML Schema; answers xmllint's errors. */
async function xmlErrors(kind: 'relaxng' | 'schema', schema: string, files: [string, string][]): Promise<string[]> {
  const result = await validateXML({
    xml: files.map(([path, contents]) => ({ fileName: path.slice(1).replaceAll('/', '_'), contents })),
    schema: [{ fileName: schema.split('/').pop()!, contents: standard(schema) }],
    extension: kind,
    maxMemoryPages: memoryPages.GiB,
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

describe('checked by validators nobody here wrote', () => {
  it('every Atom feed is valid against the RELAX NG grammar of RFC 4287 (libxml2)', async () => {
    const feeds = filesUnder(join(site, 'feeds')).map((file): [string, string] => [file.slice(site.length), readFileSync(file, 'utf8')]);
    expect(feeds).toHaveLength(1 + 304 + 41);
    expect(await xmlErrors('relaxng', 'atom/atom.rng', feeds)).toEqual([]);
    // The grammar's two Schematron rules, which RELAX NG does not check: the feed has an author,
    // every entry an alternate link.
    for (const [path, xml] of feeds) {
      expect(xml, path).toMatch(/^  <author><name>[^<]+<\/name><\/author>$/m);
      expect(xml.split('<entry>').length, path).toBe(xml.split('<link rel="alternate" type="text/html"').length - 1);
    }
    // A parser that accepts U+FFFF is no check: this one refuses it.
    const [path, xml] = feeds.find(([, text]) => text.includes('<entry>'))!;
    expect((await xmlErrors('relaxng', 'atom/atom.rng', [[path, xml.replace('<title>', '<title>\uFFFF')]])).join('\n')).toMatch(/invalid Char value 65535/);
    expect(await xmlErrors('relaxng', 'atom/atom.rng', [[path, xml.replace(/<updated>[^<]+</, '<updated>gisteren<')]])).not.toEqual([]);
  });

  it('the sitemap is valid against the sitemaps.org schema, and robots.txt names it', async () => {
    expect(await xmlErrors('schema', 'sitemaps/sitemap.xsd', [['/sitemap.xml', read('/sitemap.xml')]])).toEqual([]);
    expect(read('/robots.txt')).toContain(`Sitemap: ${SITE_URL}/sitemap.xml`);
  });

  it('the DCAT-AP description passes the SEMIC SHACL shapes of DCAT-AP 3.0.1, range shapes included, without a violation', async () => {
    const quads = (await jsonld.toRDF(json(OPEN_DATA_FILES.dcat.path) as jsonld.JsonLdDocument, { format: 'application/n-quads' })) as unknown as string;
    const data = new Store(new TurtleParser({ format: 'N-Quads' }).parse(quads));
    const shapes = new Store();
    for (const file of ['shapes.ttl', 'range.ttl', 'shapes_recommended.ttl', 'mdr-vocabularies.shape.ttl', 'deprecateduris.ttl']) {
      // The shapes' owl:imports name vocabularies that cannot be loaded here (see test/standards/dcat-ap/SOURCE.md).
      shapes.addQuads(new TurtleParser().parse(standard(`dcat-ap/${file}`)).filter((q) => q.predicate.value !== 'http://www.w3.org/2002/07/owl#imports'));
    }
    const report = await new SHACLValidator(shapes).validate(data);
    const results = report.results.map((r) => `${r.severity?.value.split('#')[1]} ${r.focusNode?.value} ${r.path?.value}: ${r.message.map((m) => m.value).join(' ')}`);
    expect(results.filter((r) => r.startsWith('Violation'))).toEqual([]);
    // The only warnings left: the EU country concept for Belgium has no geometry here (dcat:bbox
    // and dcat:centroid describe a place defined elsewhere), and the department is not in the EU
    // corporate-body table, which lists EU and national bodies.
    const allowed = /^Warning (http:\/\/publications\.europa\.eu\/resource\/authority\/country\/BEL http:\/\/www\.w3\.org\/ns\/dcat#(bbox|centroid)|\S+ http:\/\/purl\.org\/dc\/terms\/publisher: Value does not have shape <http:\/\/data\.europa\.eu\/r5r#CorporateBodyRestriction>)/;
    expect(results.filter((r) => !allowed.test(r))).toEqual([]);
    // The check can fail: without the classes of its objects, the range shapes object.
    const untyped = quads.split('\n').filter((line: string) => !/resource\/authority\/language\/NLD> <http:\/\/www\.w3\.org\/1999\/02\/22-rdf-syntax-ns#type>/.test(line)).join('\n');
    const broken = await new SHACLValidator(shapes).validate(new Store(new TurtleParser({ format: 'N-Quads' }).parse(untyped)));
    expect(broken.results.some((r) => r.path?.value === 'http://purl.org/dc/terms/language' && r.severity?.value.endsWith('Violation'))).toBe(true);
  });

  it('the HSDS export is valid against the official Open Referral HSDS 3.1 schemas, and says it is 3.1', () => {
    const ajv = addFormats.default(new Ajv2020({ strict: false, allErrors: true }));
    const service = ajv.compile(JSON.parse(standard('hsds/service_with_definitions.json')));
    const page = ajv.compile(JSON.parse(standard('hsds/openapi.json')).components.schemas.Page);
    const definitions = JSON.parse(standard('hsds/service_with_definitions.json'));
    const exported = json(OPEN_DATA_FILES.hsds.path);
    expect(page(exported), ajv.errorsText(page.errors)).toBe(true);
    expect(exported.contents.length).toBeGreaterThan(30);
    for (const item of exported.contents) expect(service(item), ajv.errorsText(service.errors)).toBe(true);
    // HSDS schemas allow any other member; the export uses only the members HSDS 3.1 defines.
    const undeclared = (value: any, schema: any, path: string): string[] => {
      const resolved = schema.$ref ? definitions.definitions[schema.$ref.split('/').pop()] : schema;
      if (Array.isArray(value)) return value.flatMap((item, i) => undeclared(item, resolved.items, `${path}[${i}]`));
      if (value === null || typeof value !== 'object') return [];
      return Object.entries(value).flatMap(([key, item]) => (resolved.properties?.[key] ? undeclared(item, resolved.properties[key], `${path}.${key}`) : [`${path}.${key}`]));
    };
    expect(exported.contents.flatMap((item: unknown, i: number) => undeclared(item, definitions, `contents[${i}]`))).toEqual([]);
    expect(exported.contents.some((item: any) => item.capacities.length > 0)).toBe(true);
    // The check can fail: a 3.1 status it does not know is refused.
    expect(service({ ...exported.contents[0], status: 'gesloten' })).toBe(false);
    // The version is stated where a reuser looks: the DCAT description and the open-data page.
    const catalogue = json(OPEN_DATA_FILES.dcat.path)['@graph'];
    const distribution = catalogue.find((n: any) => n['@type'] === 'dcat:Catalog')['dcat:dataset'][0]['dcat:distribution'].find((d: any) => d['dcat:downloadURL']['@id'].endsWith(OPEN_DATA_FILES.hsds.path));
    expect(distribution['dct:conformsTo']).toEqual([{ '@id': HSDS.uri }, { '@id': GEOJSON.uri }]);
    expect(catalogue.find((n: any) => n['@id'] === HSDS.uri)).toMatchObject({ '@type': 'dct:Standard', 'dct:title': { '@value': HSDS.title } });
    expect(read('/hergebruik/index.html')).toContain('HSDS 3.1');
    expect(read('/hergebruik/index.html')).not.toContain('HSDS 3.0');
  });

  describe('the CSV downloads, described in CSV on the Web (CSVW)', () => {
    const metadata = () => json(OPEN_DATA_FILES.csvMetadata.path);
    /** The cells of a CSV download, header first (csv-parse, RFC 4180). */
    const table = (path: string) => parseCsv(read(path), { bom: true }) as string[][];

    it('uses only CSVW terms (JSON-LD safe mode against the CSVW context)', async () => {
      const context = JSON.parse(standard('csvw/csvw.jsonld'));
      const documentLoader = async (url: string) => {
        if (url !== 'http://www.w3.org/ns/csvw') throw new Error(`no network: ${url}`);
        return { contextUrl: undefined, documentUrl: url, document: context };
      };
      const expanded = await jsonld.expand(metadata(), { documentLoader, safe: true } as jsonld.Options.Expand);
      expect(JSON.stringify(expanded)).toContain('http://www.w3.org/ns/csvw#tableSchema');
      // Safe mode is a check: a property CSVW does not define is refused.
      await expect(jsonld.expand({ ...metadata(), kolommen: [] }, { documentLoader, safe: true } as jsonld.Options.Expand)).rejects.toThrow();
    });

    it('describes every column of both files, in order, with a datatype every cell parses to', () => {
      const meta = metadata();
      expect(meta['@context'][0]).toBe('http://www.w3.org/ns/csvw');
      expect(meta.tables.map((t: any) => `/open-data/${t.url}`)).toEqual([OPEN_DATA_FILES.registerCsv.path, OPEN_DATA_FILES.coverageCsv.path]);
      expect(meta.dialect).toMatchObject({ encoding: 'utf-8', delimiter: ',', header: true, lineTerminators: ['\r\n'] });
      const checks: Record<string, (value: string) => boolean> = {
        string: () => true,
        anyURI: (v) => URL.canParse(v),
        boolean: (v) => v === 'true' || v === 'false',
        date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
        dateTime: (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v),
        nonNegativeInteger: (v) => /^\d+$/.test(v),
      };
      const tables = new Map<string, Map<string, string>[]>();
      for (const description of meta.tables) {
        const [header, ...rows] = table(`/open-data/${description.url}`);
        const columns = description.tableSchema.columns;
        expect(columns.map((c: any) => c.titles)).toEqual(header);
        expect(columns.map((c: any) => c.name)).toEqual(header);
        expect(rows.length).toBeGreaterThan(40);
        for (const column of columns) {
          const base = typeof column.datatype === 'string' ? column.datatype : column.datatype.base;
          expect(Object.keys(checks), `${description.url} ${column.name}`).toContain(base);
          expect(typeof column['dc:description']).toBe('string');
          const format = typeof column.datatype === 'object' ? new RegExp(`^(?:${column.datatype.format})$`) : null;
          const index = header.indexOf(column.name);
          for (const row of rows) {
            const cell = row[index];
            // An empty cell is CSVW's default null.
            if (cell === '') {
              expect(column.required ?? false, `${description.url} ${column.name} is required`).toBe(false);
              continue;
            }
            for (const value of column.separator ? cell.split(column.separator) : [cell]) {
              const ok = checks[base](value) && (!format || (base === 'boolean' ? format.test(value) : format.test(value)));
              expect(ok, `${description.url} ${column.name}: ${JSON.stringify(value)}`).toBe(true);
            }
          }
        }
        tables.set(description.url, rows.map((row) => new Map(header.map((name, i) => [name, row[i]]))));
      }
      // The keys hold: each provider once in register.csv, each provider and municipality once in
      // werkingsgebieden.csv, whose providers are all in register.csv.
      const register = tables.get('register.csv')!;
      const numbers = new Set(register.map((row) => row.get('enterpriseNumber')));
      expect(numbers.size).toBe(register.length);
      const coverage = tables.get('werkingsgebieden.csv')!;
      expect(new Set(coverage.map((row) => `${row.get('enterpriseNumber')} ${row.get('nisCode')}`)).size).toBe(coverage.length);
      for (const row of coverage) expect(numbers.has(row.get('enterpriseNumber'))).toBe(true);
    });

    it('neutralise spreadsheet formulas as OWASP advises, keep numbers and phone numbers readable, and say so', () => {
      const register = json<OpenDataRegister>(OPEN_DATA_FILES.registerJson.path) as any;
      const typed = ['=HYPERLINK("https://voorbeeld.example","klik")', '@SUM(A1:A9)', '+32 9 123 45 67', '-1', '\t=1+1', '\r=1+1', "'=1+1", "'t Hoekske vzw", 'Gewoon; =1+1'];
      const providersWith = register.providers.slice(0, typed.length).map((p: any, i: number) => ({ ...p, history: [], name: typed[i] }));
      const csv = registerCsv({ ...register, generatedAt: register.publishedAt, municipalities: [], areas: [], changeCount: 0, providers: providersWith }, SITE_URL);
      const [header, ...rows] = parseCsv(csv, { bom: true }) as string[][];
      const names = rows.map((row) => row[header.indexOf('name')]);
      expect(names).toEqual(["'=HYPERLINK(\"https://voorbeeld.example\",\"klik\")", "'@SUM(A1:A9)", "'+32 9 123 45 67", "'-1", "'\t=1+1", "'\r=1+1", "''=1+1", "'t Hoekske vzw", 'Gewoon; =1+1']);
      // Removing one leading apostrophe before =, +, -, @, tab, CR, LF or another apostrophe gives every value back.
      expect(names.map((name) => name.replace(/^'(?=['=+\-@\t\r\n])/, ''))).toEqual(typed);
      // Every field is quoted, so a semicolon or comma inside a value never starts a new cell.
      for (const line of csv.replace(/^\uFEFF/, '').split('\r\n').filter((l) => l && !l.startsWith('\t') && !l.startsWith('='))) expect(line.startsWith('"')).toBe(true);
      expect(csv).toContain('"Gewoon; =1+1"');
      // Counts stay numbers.
      expect(rows[0][header.indexOf('coachCount')]).toMatch(/^\d+$/);
      // The published file does the same, and says so where a reuser reads about it.
      const published = table(OPEN_DATA_FILES.registerCsv.path);
      const phones = published.slice(1).map((row) => row[published[0].indexOf('phone')]).filter(Boolean);
      expect(phones.length).toBeGreaterThan(30);
      // Stored and published in E.164 (a leading + is a formula sign to a spreadsheet, so it is escaped too).
      for (const phone of phones) expect(phone).toMatch(/^'\+32\d{8,9}$/);
      expect(metadata()['dc:description']).toContain(SPREADSHEET_NOTE);
      const catalogue = json(OPEN_DATA_FILES.dcat.path)['@graph'];
      const csvDistribution = catalogue.find((n: any) => n['@type'] === 'dcat:Catalog')['dcat:dataset'][0]['dcat:distribution'].find((d: any) => d['dcat:downloadURL']['@id'].endsWith(OPEN_DATA_FILES.registerCsv.path));
      expect(csvDistribution['dct:description']['@value']).toContain(SPREADSHEET_NOTE);
      expect(read('/hergebruik/index.html')).toContain('krijgt een apostrof ervoor');
    });
  });
});

/** A GeoJSON polygon or multipolygon (RFC 7946) in WGS84 within Belgium, every ring closed. */
function isGeoJsonArea(geometry: any): boolean {
  const polygons: number[][][][] = geometry?.type === 'Polygon' ? [geometry.coordinates] : geometry?.type === 'MultiPolygon' ? geometry.coordinates : [];
  if (polygons.length === 0) return false;
  return polygons.every((rings) =>
    rings.every((ring) => {
      const [first, last] = [ring[0], ring.at(-1)!];
      return ring.length >= 4 && first[0] === last[0] && first[1] === last[1] && ring.every(([lon, lat]) => lon > 2.5 && lon < 6.5 && lat > 50.3 && lat < 51.6);
    }),
  );
}

/** The bounding box of a polygon or multipolygon: [west, south, east, north]. */
function bbox(geometry: any): [number, number, number, number] {
  const points: number[][] = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).flat(2);
  return [Math.min(...points.map((p) => p[0])), Math.min(...points.map((p) => p[1])), Math.max(...points.map((p) => p[0])), Math.max(...points.map((p) => p[1]))];
}
