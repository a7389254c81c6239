/**
 * Builds the public site from a temporary database with a known set of providers and checks
 * what an employer (and a privacy officer) would check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { buildPublication, closePublisher, type PublicationResult } from '#publish/build-publication.ts';
import { listSiteFiles, pagePathOf } from '#publish/site-checks.ts';
import { loadReferenceData } from '#db/reference-data.ts';
import { createSiteServer } from '#server/server.ts';
import { checkedApp } from '#test/api/contract.ts';
import { fixedClock } from '#config/clock.ts';
import { createTestDatabase, enterpriseNumber, insertProviders, type ProviderFixture } from '#test/fixtures/database.ts';
import { listFiles } from '#test/fixtures/files.ts';
import { NOW } from '#test/fixtures/clock.ts';
import { PLACE_PAGE_SIZE } from '#site/lib/expected-pages.ts';
import { evaluateRegister } from '#db/commands/evaluate-register.ts';

const reference = loadReferenceData();
const nis = (name: string) => reference.municipalities.find((m) => m.nameNl === name)!.nisCode;
const flanders = reference.municipalities.filter((m) => m.region === 'VLG').map((m) => m.nisCode);

const secrets = {
  coach: 'Griet Vanderplaetse',
  contactName: 'Hilde Onzichtbaar',
  contactEmail: 'hilde.onzichtbaar@privé.example',
  contactPhone: '+32 470 11 22 33',
  nrn: '85.07.30-033.28',
};

const fixtures: ProviderFixture[] = [
  {
    id: 1,
    name: 'Actief Werkpunt Gent vzw',
    workingArea: [nis('Gent'), nis('Merelbeke-Melle')],
    validFrom: '2023-03-01',
    activity: [{ year: 2024, employeesCoached: 5 }, { year: 2025, employeesCoached: 7 }],
    capacity: { totalPlaces: 12, freePlaces: 3 },
    simplifiedCategory: 'GTB',
    coaches: [secrets.coach, 'Tweede Begeleider Geheim'],
    contactPerson: { fullName: secrets.contactName, email: secrets.contactEmail, phone: secrets.contactPhone, nationalRegisterNumber: secrets.nrn },
    events: [{ occurredAt: '2026-11-20T09:00:00.000Z', kind: 'capacity.updated', summary: 'Vrije plaatsen bijgewerkt: 3 van 12.' }],
  },
  { id: 2, name: 'Verlopen Jobcoaching Brugge bv', municipalityNis: nis('Brugge'), postcode: '8000', workingArea: [nis('Brugge'), nis('Gent')], validFrom: '2020-01-01', activity: [2020, 2021, 2022, 2023, 2024].map((year) => ({ year, employeesCoached: 2 })) },
  { id: 3, name: 'Vervallen Werkbrug Hasselt vzw', municipalityNis: nis('Hasselt'), postcode: '3500', workingArea: [nis('Hasselt'), nis('Gent')], validFrom: '2022-01-01', activity: [{ year: 2022, employeesCoached: 4 }] },
  {
    id: 4,
    name: 'Heel Vlaanderen Coaching nv',
    workingArea: flanders,
    validFrom: '2024-06-01',
    activity: [{ year: 2025, employeesCoached: 30 }],
    capacity: { totalPlaces: 200, freePlaces: 40 },
    subcontractorIds: [1, 2],
  },
  { id: 5, name: 'Ingetrokken Arbeidszorg Aalst vzw', municipalityNis: nis('Aalst'), postcode: '9300', workingArea: [nis('Aalst'), nis('Gent')], validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 1 }, { year: 2025, employeesCoached: 1 }], termination: { kind: 'withdrawn', effectiveFrom: '2026-09-01', reason: 'de kwaliteitsregistratie is niet meer geldig' } },
  { id: 6, name: 'Toekomstig Stapsteen Gent vzw', workingArea: [nis('Gent')], validFrom: '2027-01-15' },
  { id: 7, name: 'Volzet Maatwerk Gent vzw', workingArea: [nis('Gent')], validFrom: '2025-02-01', simplifiedCategory: 'MAATWERKBEDRIJF', capacity: { totalPlaces: 8, freePlaces: 0 }, activity: [{ year: 2025, employeesCoached: 3 }] },
  { id: 8, name: 'Bijna Verlopen Werkwijzer Gent vzw', workingArea: [nis('Gent')], validFrom: '2021-12-01', simplifiedCategory: 'GTB', activity: [2022, 2023, 2024, 2025].map((year) => ({ year, employeesCoached: 1 })) },
];
/** More providers in Lokeren than one page of a municipality holds (named to come last in the alphabetical lists). */
const crowd: ProviderFixture[] = Array.from({ length: PLACE_PAGE_SIZE + 12 }, (_, i) => ({
  id: 100 + i,
  name: `Zwerm Lokeren ${String(i).padStart(3, '0')} vzw`,
  municipalityNis: i % 2 === 0 ? nis('Lokeren') : nis('Gent'),
  postcode: i % 2 === 0 ? '9160' : '9000',
  workingArea: [nis('Lokeren')],
  validFrom: '2024-01-01',
  activity: [{ year: 2024, employeesCoached: 1 }, { year: 2025, employeesCoached: 1 }],
  capacity: { totalPlaces: 10, freePlaces: i % 3 === 0 ? 0 : 2 },
}));

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let publication: PublicationResult;
let site: string;
const page = (path: string) => readFileSync(join(site, path.endsWith('/') ? `${path}index.html` : path), 'utf8');
const provider = (id: number) => page(`/dienstverleners/${enterpriseNumber(id)}/`);

beforeAll(async () => {
  database = await createTestDatabase();
  await insertProviders(database, [...fixtures, ...crowd]);
  publication = await buildPublication({ db: database.db, dataDir: join(database.dir, 'data'), now: NOW });
  site = join(publication.dir, 'site');
}, 180_000);

afterAll(async () => {
  await closePublisher();
  database?.cleanup();
});

describe('a publication of the register', () => {
  it('has a page for every provider, municipality and province, and the fixed pages', () => {
    for (const f of fixtures) expect(() => provider(f.id)).not.toThrow();
    for (const m of reference.municipalities) expect(() => page(`/gemeenten/${m.slug}/`)).not.toThrow();
    for (const slug of ['antwerpen', 'vlaams-brabant', 'west-vlaanderen', 'oost-vlaanderen', 'limburg', 'brussels-hoofdstedelijk-gewest']) {
      expect(() => page(`/provincies/${slug}/`)).not.toThrow();
    }
    for (const path of ['/', '/404.html', '/erkenning/', '/toegankelijkheid/', '/contact/', '/hergebruik/', '/gemeenten/', '/provincies/', '/kaart/', '/zoeken/', '/dienstverleners/', '/dienstverleners/niet-erkend/']) {
      expect(() => page(path)).not.toThrow();
    }
    // Lokeren and the province of Oost-Vlaanderen have more providers than one page holds.
    // And the list of all recognised providers has three pages.
    expect(publication.pages).toBe(12 + 304 + 1 + 6 + 1 + 2 + fixtures.length + crowd.length);
  });

  it('lists only providers with a valid recognition', () => {
    const list = page('/dienstverleners/');
    for (const id of [1, 4, 7, 8]) expect(list).toContain(`/dienstverleners/${enterpriseNumber(id)}/`);
    for (const id of [2, 3, 5, 6]) expect(list).not.toContain(`/dienstverleners/${enterpriseNumber(id)}/`);
    const gent = page('/gemeenten/gent/');
    for (const id of [2, 3, 5, 6]) expect(gent).not.toContain(enterpriseNumber(id));
    const eastFlanders = page('/provincies/oost-vlaanderen/');
    for (const id of [2, 3, 5, 6]) expect(eastFlanders).not.toContain(enterpriseNumber(id));
  });

  it('keeps the page of a provider without valid recognition reachable, saying so plainly', () => {
    expect(provider(2)).toContain('Verlopen');
    expect(provider(2)).toContain('Deze dienstverlener is op dit moment niet erkend.');
    expect(provider(2)).toContain('31 december 2024');
    expect(provider(3)).toContain('Vervallen: geen werknemers met een arbeidsbeperking begeleid in 2023 en 2024.');
    expect(provider(5)).toContain('Ingetrokken: de kwaliteitsregistratie is niet meer geldig');
    expect(provider(6)).toContain('De erkenning gaat pas in op 15 januari 2027.');
    const archive = page('/dienstverleners/niet-erkend/');
    for (const id of [2, 3, 5, 6]) expect(archive).toContain(`/dienstverleners/${enterpriseNumber(id)}/`);
  });

  it('shows a provider page with everything an employer needs', () => {
    const html = provider(1);
    expect(html).toContain('Actief Werkpunt Gent vzw');
    expect(html).toContain(`${enterpriseNumber(1).slice(0, 4)}.${enterpriseNumber(1).slice(4, 7)}.${enterpriseNumber(1).slice(7)}`);
    expect(html).toContain('Teststraat 1, 9000');
    expect(html).toContain('info@provider-1.example');
    expect(html).toContain('ED-T-1');
    expect(html).toContain('1 maart 2023');
    expect(html).toContain('29 februari 2028'); // the day before the fifth anniversary (2028 is a leap year)
    expect(html).toMatch(/Plaatsen in totaal<\/dt><dd>12/);
    expect(html).toMatch(/Vrije plaatsen<\/dt><dd>3/);
    expect(html).toMatch(/Gekwalificeerde begeleiders<\/dt><dd>2/);
    expect(html).toContain('Merelbeke-Melle');
    expect(html).toContain('9000, 9030, 9031, 9032, 9040, 9041, 9042, 9050, 9051, 9052');
    expect(html).toContain('Vrije plaatsen bijgewerkt: 3 van 12.');
  });

  it('warns when a recognition expires within six months', () => {
    expect(provider(8)).toContain('verloopt binnen 6 maanden');
    expect(provider(8)).toContain('30 november 2026');
    expect(provider(1)).not.toContain('verloopt binnen 6 maanden');
  });

  it('says "heel Vlaanderen" and links subcontractors with their own status', () => {
    const html = provider(4);
    expect(html).toContain('Heel Vlaanderen');
    expect(html).toContain(`href="/dienstverleners/${enterpriseNumber(1)}/"`);
    expect(html).toContain(`href="/dienstverleners/${enterpriseNumber(2)}/"`);
    // The status word links to its explanation in the glossary.
    expect(html).toMatch(/Verlopen Jobcoaching Brugge bv<\/a> <span class="badge ended"><a class="term" href="\/erkenning\/#begrip-verlopen">Verlopen<\/a><\/span>/);
  });

  it("says plainly on a contractor's page that a subcontractor is not recognised, and since when", () => {
    // Provider 4 calls on provider 2, whose recognition expired after 31 December 2024 (and on provider 1, recognised).
    const text = provider(4).replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    expect(text).toContain('Een onderaannemer van deze dienstverlener is niet erkend. Een dienstverlener mag voor begeleiding op de werkvloer alleen werken met onderaannemers die zelf erkend zijn. Heel Vlaanderen Coaching nv mag deze onderaannemer dus niet inschakelen:');
    expect(text).toContain('Verlopen Jobcoaching Brugge bv: verlopen, de erkenning gold tot en met 31 december 2024.');
    expect(text).not.toContain('Actief Werkpunt Gent vzw: ');
    expect(provider(1)).not.toContain('onderaannemer-niet-erkend');
  });

  it('explains that a year without a yearly figure counts as a year without coaching, with the terms of the rules', () => {
    const text = page('/erkenning/').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    expect(text).toContain('Een jaar waarvoor niets gemeld is, telt als een jaar zonder begeleiding, zodra dat jaar voorbij is.');
    expect(text).toContain('meldt een dienstverlener voor 2025 en voor 2026 geen begeleide werknemers, dan vervalt zijn erkenning op 1 januari 2027.');
    for (const phrase of ['Binnen 7 dagen', 'Binnen 45 dagen', 'Binnen 30 dagen', 'binnen 45 dagen na dat gesprek', 'geldt 5 jaar', '2 opeenvolgende kalenderjaren', 'geldt dus tot en met 28 februari 2031', 'verloopt binnen 6 maanden']) {
      expect(text, phrase).toContain(phrase);
    }
  });

  it('puts providers with free places first on a municipality page', () => {
    const gent = page('/gemeenten/gent/');
    const withPlaces = gent.indexOf('Met vrije plaatsen (3)');
    const full = gent.indexOf('Nu volzet (1)');
    expect(withPlaces).toBeGreaterThan(-1);
    // The full ones come after, in a table of their own.
    expect(full).toBeGreaterThan(withPlaces);
    const first = gent.slice(withPlaces, full);
    const then = gent.slice(full);
    for (const name of ['Actief Werkpunt Gent vzw', 'Heel Vlaanderen Coaching nv', 'Bijna Verlopen Werkwijzer Gent vzw']) {
      expect(first, name).toContain(name);
      expect(then, name).not.toContain(name);
    }
    expect(first).not.toContain('Volzet Maatwerk Gent vzw');
    expect(then).toContain('Volzet Maatwerk Gent vzw');
    expect(gent).toContain('Maatwerkbedrijf');
  });

  it('marks sample data only when the register holds sample data', () => {
    expect(page('/')).not.toContain('Voorbeeldgegevens');
  });

  it('publishes no private data in any file', () => {
    const files = [...listFiles(site), join(publication.dir, 'register.json')];
    const needles = [secrets.coach, 'Tweede Begeleider Geheim', secrets.contactName, secrets.contactEmail, secrets.contactPhone, secrets.nrn, 'Coach Van Provider'];
    for (const file of files) {
      let content = readFileSync(file);
      // Pagefind stores its index gzipped: look inside too.
      if (content[0] === 0x1f && content[1] === 0x8b) content = gunzipSync(content);
      const text = content.toString('utf8');
      for (const needle of needles) expect(text.includes(needle), `${needle} in ${file}`).toBe(false);
    }
  });

  it('links every provider page from another page', async () => {
    const files = await listSiteFiles(site);
    const linked = new Set<string>();
    for (const file of files.filter((f) => f.endsWith('.html'))) {
      const html = readFileSync(join(site, file), 'utf8');
      for (const match of html.matchAll(/href="(\/dienstverleners\/\d{10}\/)"/g)) if (match[1] !== pagePathOf(file)) linked.add(match[1]);
    }
    for (const f of fixtures) expect(linked).toContain(`/dienstverleners/${enterpriseNumber(f.id)}/`);
  });

  it('indexes only the recognised providers for search', () => {
    const { shards } = JSON.parse(page('/pagefind/shards.json')) as { shards: string[] };
    let pages = 0;
    for (const shard of shards) {
      const entry = JSON.parse(page(`${shard}pagefind-entry.json`)) as { languages: Record<string, { page_count: number }> };
      expect(Object.keys(entry.languages)).toEqual(['nl']);
      pages += entry.languages.nl.page_count;
    }
    expect(pages).toBe(4 + crowd.length);
  });

  it('keeps provider pages small, with no script but the "werkt in" line\'s on a recognised one (structured data is not a script that runs)', () => {
    const scripts = (html: string) => [...html.matchAll(/<script(?! type="application\/ld\+json")[^>]*>/gi)].map((m) => m[0]);
    for (const f of fixtures) {
      const html = provider(f.id);
      expect(Buffer.byteLength(html)).toBeLessThanOrEqual(30 * 1024);
      const listed = [1, 4, 7, 8].includes(f.id);
      expect(scripts(html), f.name).toEqual(listed ? [expect.stringMatching(/^<script type="module" src="\/_astro\/[^"]+\.js">$/)] : []);
    }
  });

  it('puts no inline style or script on any page (the pages\' Content-Security-Policy blocks them), and nothing after </html>', async () => {
    const pages = (await listSiteFiles(site)).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(300);
    for (const file of pages) {
      const html = readFileSync(join(site, file), 'utf8');
      expect(html, `style attribute in ${file}`).not.toMatch(/<[a-z][^>]*\sstyle=/i);
      expect(html, `<style> in ${file}`).not.toMatch(/<style[\s>]/i);
      expect(html, `inline script in ${file}`).not.toMatch(/<script(?![^>]*\ssrc=)(?![^>]*type="application\/ld\+json")[^>]*>/i);
      expect(html.trimEnd().endsWith('</html>'), `markup after </html> in ${file}`).toBe(true);
    }
  });

  it('keeps the whitespace between words that search excerpts need', () => {
    expect(provider(1)).toMatch(/<\/dd>\s+<dt>/);
  });
});

describe('what an employer reads first, and the words explained', () => {
  /** The text of an HTML fragment as a reader sees it. */
  const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  const summaryOf = (html: string) => /<section class="summary"[^>]*>(.*?)<\/section>/s.exec(html)?.[1] ?? '';
  /** Every page of the publication, by path. */
  const allPages = async () => (await listSiteFiles(site)).filter((f) => f.endsWith('.html')).map((f) => ({ file: f, html: readFileSync(join(site, f), 'utf8') }));

  it('opens a provider page with a summary: status, last valid day, free places, and phone and e-mail as buttons', () => {
    const html = provider(1);
    const summary = summaryOf(html);
    // Right under the name, before the other sections.
    expect(html.indexOf('<section class="summary"')).toBeGreaterThan(html.indexOf('<h1'));
    expect(html.indexOf('<section class="summary"')).toBeLessThan(html.indexOf('<h2>Gegevens</h2>'));
    expect(textOf(summary)).toMatch(/^In het kort Status Erkend Geldig tot en met 29 februari 2028 Vrije plaatsen 3 van 12 Bel [+\d][\d ]+ Mail info@provider-1\.example$/);
    expect(summary).toMatch(/<a class="button" href="tel:[^"\s]+">Bel /);
    expect(summary).toContain('<a class="button" href="mailto:info@provider-1.example">Mail info@provider-1.example</a>');
    // The "werkt in" line knows the working area: municipality by municipality, or whole provinces.
    expect(summary).toContain(`data-gebied="${[nis('Gent'), nis('Merelbeke-Melle')].sort().join(' ')}"`);
    expect(summaryOf(provider(4))).toContain('data-gebied="a10000 a20001 a30000 a40000 a70000"');
    // The names it shows: every municipality, with its province.
    const names = JSON.parse(page('/gemeenten/namen.json')) as Record<string, [string, string]>;
    expect(Object.keys(names)).toHaveLength(304);
    expect(names[nis('Gent')]).toEqual(['Gent', '40000']);
  });

  it('shows no places at all for a provider without a valid recognition: not on its page, in a list or in its structured data', async () => {
    // Every fixture has places in the database (3 of 10 unless told otherwise), also the ended and the future ones.
    for (const id of [2, 3, 5, 6]) {
      const html = provider(id);
      const name = fixtures.find((f) => f.id === id)!.name;
      expect(html, name).not.toMatch(/Vrije plaatsen<\/dt>|Plaatsen in totaal|3 van 10|data-pagefind-meta="vrij"|class="button"/);
      expect(textOf(html), name).toContain('Zonder geldige erkenning toont het register geen plaatsen.');
      const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]);
      expect(JSON.stringify(ld), name).not.toMatch(/plaats|capacit|availab|offer/i);
    }
    // Status and last day, but no places, in the summary of an expired provider.
    expect(textOf(summaryOf(provider(2)))).toBe('In het kort Status Verlopen Geldig tot en met 31 december 2024');
    expect(textOf(summaryOf(provider(6)))).toBe('In het kort Status Nog niet van kracht Geldig tot en met 14 januari 2032');
    // No page shows a row or figure of theirs beside places.
    for (const { file, html } of await allPages()) {
      for (const id of [2, 3, 5, 6]) {
        const row = new RegExp(`<tr><th scope="row"><a href="/dienstverleners/${enterpriseNumber(id)}/`);
        expect(row.test(html), `row of ${id} in ${file}`).toBe(false);
      }
    }
    // The open data keeps the reported figures, as the public log does (each record says it is not listed).
    const record = (JSON.parse(readFileSync(join(site, 'open-data', 'register.json'), 'utf8')) as { providers: { enterpriseNumber: string; listed: boolean; capacity: unknown }[] }).providers.find((p) => p.enterpriseNumber === enterpriseNumber(2))!;
    expect(record).toMatchObject({ listed: false, capacity: { totalPlaces: 10, freePlaces: 3 } });
  });

  it('says "Geldig tot en met" for the end of validity on every page and list, never "Erkend tot"', async () => {
    for (const { file, html } of await allPages()) expect(textOf(html), file).not.toMatch(/\berkend tot\b/i);
    expect(page('/dienstverleners/')).toContain('<th scope="col">Geldig tot en met</th>');
    expect(page('/gemeenten/gent/')).toContain('<td data-label="Geldig tot en met">30 november 2026 (<a class="term" href="/erkenning/#begrip-verloopt-binnenkort">verloopt binnen 6 maanden</a>)</td>');
  });

  it('explains every abbreviation and status word: the first use on a page in <abbr title>, each linked to the glossary on /erkenning/', async () => {
    const glossary = page('/erkenning/');
    const ids = new Set([...glossary.matchAll(/<dt id="(begrip-[^"]+)"/g)].map((m) => m[1]));
    for (const id of ['begrip-gtb', 'begrip-gob', 'begrip-lde', 'begrip-wse', 'begrip-maatwerkbedrijf', 'begrip-erkend', 'begrip-nog-niet-van-kracht', 'begrip-verlopen', 'begrip-vervallen', 'begrip-ingetrokken', 'begrip-stopgezet', 'begrip-geldig-tot-en-met']) {
      expect(ids, id).toContain(id);
    }
    expect(textOf(glossary)).toContain('GTB (gespecialiseerde trajectbepalings- en begeleidingsdienst) Een dienst die werkzoekenden met een arbeidsbeperking helpt om werk te vinden en te houden.');
    // Every link to a term, on every page, leads to an explanation that exists.
    let links = 0;
    for (const { file, html } of await allPages()) {
      for (const [, id] of html.matchAll(/href="\/erkenning\/#(begrip-[^"]+)"/g)) {
        links++;
        expect(ids.has(id), `${id} on ${file}`).toBe(true);
      }
    }
    expect(links).toBeGreaterThan(300);
    // A list: GTB spelled out on its first row only, linked on every row.
    const gent = page('/gemeenten/gent/');
    const gtb = '<a class="term" href="/erkenning/#begrip-gtb"><abbr title="gespecialiseerde trajectbepalings- en begeleidingsdienst">GTB</abbr></a>';
    expect(gent.split(gtb)).toHaveLength(2);
    expect(gent).toContain('<a class="term" href="/erkenning/#begrip-gtb">GTB</a>');
    // A provider page: its category spelled out, and each status word linked.
    expect(provider(1)).toContain(`${gtb} (gespecialiseerde trajectbepalings- en begeleidingsdienst)`);
    expect(provider(3)).toContain('<span class="badge ended"><a class="term" href="/erkenning/#begrip-vervallen">Vervallen</a></span>');
    expect(provider(5)).toContain('<a class="term" href="/erkenning/#begrip-ingetrokken">Ingetrokken</a>');
  });

  it('lists the providers recognised from a later date under a heading of their own, not under "Zonder geldige erkenning"', () => {
    const archive = page('/dienstverleners/niet-erkend/');
    const later = archive.indexOf('<h2 id="later-erkend">Erkend vanaf een latere datum</h2>');
    const ended = archive.indexOf('<h2 id="zonder-erkenning">Zonder geldige erkenning</h2>');
    expect(later).toBeGreaterThan(-1);
    expect(ended).toBeGreaterThan(later);
    const future = archive.indexOf(`/dienstverleners/${enterpriseNumber(6)}/`);
    expect(future).toBeGreaterThan(later);
    expect(future).toBeLessThan(ended);
    expect(textOf(archive)).toContain('Toekomstig Stapsteen Gent vzw : erkend vanaf 15 januari 2027');
    for (const id of [2, 3, 5]) expect(archive.indexOf(`/dienstverleners/${enterpriseNumber(id)}/`), String(id)).toBeGreaterThan(ended);
    expect(/<h1>([^<]*)<\/h1>/.exec(archive)![1]).toBe('Dienstverleners die nu niet erkend zijn');
  });
});

describe('maps and long lists', () => {
  /** The shapes drawn as served on a provider's map, as municipalities (a province's shape is all of its municipalities). */
  const drawnAsServed = (html: string): string[] => {
    const served = /<g class="served"[^>]*>(.*?)<\/g>/.exec(html);
    if (!served) return [];
    return [...served[1].matchAll(/<use href="\/kaart\/gemeenten\.svg#([ga])(\d{5})"\/>/g)]
      .flatMap(([, kind, code]) => (kind === 'g' ? [code] : reference.municipalities.filter((m) => (m.provinceNis ?? '04000') === code).map((m) => m.nisCode)))
      .sort();
  };

  it("draws exactly a provider's working area as served on its map, and its seat", () => {
    for (const f of [...fixtures, crowd[0]]) {
      const html = provider(f.id);
      expect(drawnAsServed(html), f.name).toEqual([...(f.workingArea ?? [])].sort());
      expect(html, f.name).toMatch(/<circle class="seat" cx="[\d.]+" cy="[\d.]+" r="7"\/>/);
    }
    // All of Flanders as its five provinces, not 285 shapes.
    expect(provider(4).match(/<use href="\/kaart\/gemeenten\.svg#a\d{5}"\/>/g)).toHaveLength(5);
  });

  it('gives every map a text alternative and a legend, and the lists stay', () => {
    const html = provider(1);
    expect(html).toMatch(/<svg class="map" viewBox="0 0 1000 \d+" role="img" aria-labelledby="kaart-werkingsgebied-titel kaart-werkingsgebied-uitleg">/);
    expect(html).toContain('<title id="kaart-werkingsgebied-titel">Kaart van het werkingsgebied van Actief Werkpunt Gent vzw</title>');
    expect(html).toContain('Gearceerd: het werkingsgebied, Oost-Vlaanderen (2 gemeenten). Het rondje is de zetel in Gent.');
    expect(html).toContain('<ul class="legend">');
    expect(html).toMatch(/<a href="\/gemeenten\/merelbeke-melle\/">Merelbeke-Melle<\/a>/);
    expect(page('/gemeenten/gent/')).toContain('<title id="kaart-ligging-titel">Waar Gent ligt</title>');
    expect(page('/provincies/limburg/')).toContain('<title id="kaart-gebied-titel">De gemeenten van de provincie Limburg</title>');
  });

  it('draws every shape a page uses from the one shared file of outlines', () => {
    const sprite = page('/kaart/gemeenten.svg');
    const ids = new Set([...sprite.matchAll(/<path id="([^"]+)"/g)].map((m) => m[1]));
    expect([...ids].filter((id) => /^g\d{5}$/.test(id))).toHaveLength(304);
    expect([...ids].filter((id) => /^a\d{5}$/.test(id)).sort()).toEqual(['a04000', 'a10000', 'a20001', 'a30000', 'a40000', 'a70000']);
    for (const path of ['/kaart/', '/gemeenten/gent/', '/provincies/limburg/', ...fixtures.map((f) => `/dienstverleners/${enterpriseNumber(f.id)}/`)]) {
      for (const [, id] of page(path).matchAll(/<use href="\/kaart\/gemeenten\.svg#([^"]+)"/g)) expect(ids.has(id), `${id} on ${path}`).toBe(true);
    }
  });

  it('keeps the map of a provider page small (test/unit/maps.test.ts measures the largest one there can be)', () => {
    for (const f of fixtures) {
      const figure = /<figure class="map-figure">.*?<\/figure>/s.exec(provider(f.id));
      if ((f.workingArea ?? []).length === 0) continue;
      expect(Buffer.byteLength(figure![0]), f.name).toBeLessThan(4 * 1024);
    }
  });

  it('pages a municipality with more providers than a page holds, free places first, each page under 200 KB', () => {
    const first = page('/gemeenten/lokeren/');
    const second = page('/gemeenten/lokeren/pagina/2/');
    // Each link carries the municipality, so the provider page can say it works there.
    const rows = (html: string) => [...html.matchAll(new RegExp(`<th scope="row"><a href="/dienstverleners/(\\d{10})/\\?gemeente=${nis('Lokeren')}">`, 'g'))].map((m) => m[1]);
    // The crowd and the provider serving all of Flanders.
    const serving = [...crowd.map((c) => enterpriseNumber(c.id)), enterpriseNumber(4)];
    expect(rows(first)).toHaveLength(PLACE_PAGE_SIZE);
    expect(rows(second)).toHaveLength(serving.length - PLACE_PAGE_SIZE);
    expect(new Set([...rows(first), ...rows(second)])).toEqual(new Set(serving));
    expect(first).toContain('href="/gemeenten/lokeren/pagina/2/" rel="next"');
    expect(second).toContain('href="/gemeenten/lokeren/" rel="prev"');
    // Those with free places on the first page first; the full ones after them, each marked "volzet".
    const full = crowd.filter((c) => c.capacity!.freePlaces === 0).map((c) => enterpriseNumber(c.id));
    const order = [...rows(first), ...rows(second)];
    expect(order.slice(order.length - full.length).sort()).toEqual([...full].sort());
    expect((second.match(/<span class="badge full">volzet<\/span>/g) ?? []).length).toBe(rows(second).filter((n) => full.includes(n)).length);
    // Within a group, the nearest first: those based in Lokeren before those in Gent.
    const free = order.slice(0, order.length - full.length);
    const basedIn = (n: string) => [...crowd, ...fixtures].find((c) => enterpriseNumber(c.id) === n)!.municipalityNis ?? nis('Gent');
    expect(free.findIndex((n) => basedIn(n) === nis('Gent'))).toBeGreaterThan(free.findLastIndex((n) => basedIn(n) === nis('Lokeren')));
    for (const html of [first, second, page('/provincies/oost-vlaanderen/'), page('/provincies/oost-vlaanderen/pagina/2/'), page('/kaart/')]) {
      expect(Buffer.byteLength(html)).toBeLessThan(200 * 1024);
    }
  });
});

describe('serving the publication', () => {
  // The API's answers are held to its OpenAPI document here too.
  const app = () => checkedApp(createSiteServer({ db: database.db, clock: fixedClock(NOW), dataDir: join(database.dir, 'data') }));

  it('serves pages, sends folder addresses to their trailing slash, and answers unknown pages with the Dutch 404 page', async () => {
    const home = await app().request('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await home.text()).toContain('Vind een erkende dienstverlener');
    const redirect = await app().request('/gemeenten/gent');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/gemeenten/gent/');
    const missing = await app().request('/bestaat-niet/');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Deze pagina bestaat niet');
  });

  it('reports its health and the publication online', async () => {
    const response = await app().request('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'ok', publication: publication.id, today: '2026-11-28' });
  });

  it('answers a search with the publication\'s search page, filled in: the place understood and the providers serving it', async () => {
    // The results come from the database, which knows a recognition is active once the day is evaluated (as `register start` does).
    await evaluateRegister(database.db, '2026-11-28', NOW);
    const response = await app().request('/zoeken/?gemeente=sint%20amandsberg&vrij=ja');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-register-publication')).toBe(publication.id);
    const html = await response.text();
    expect(html).toContain('<title>Zoekresultaten voor Sint-Amandsberg (Gent, 9040) | Register erkende externe dienstverleners</title>');
    expect(html).toContain('<p class="understood">Sint-Amandsberg hoort bij Gent.</p>');
    // With free places only (not the full one, 7): all based in Gent, as far away, so by name.
    // Each link carries the municipality searched for, so the provider page can say it works there.
    const rows = [...html.matchAll(new RegExp(`<th scope="row"><a href="/dienstverleners/(\\d{10})/\\?gemeente=${nis('Gent')}">`, 'g'))].map((m) => m[1]);
    expect(rows).toEqual([enterpriseNumber(1), enterpriseNumber(8), enterpriseNumber(4)]);
    // The page's frame, stylesheet and footer are the publication's own.
    const shell = page('/zoeken/');
    expect(html.slice(0, html.indexOf('<title>'))).toBe(shell.slice(0, shell.indexOf('<title>')));
    expect(html.slice(html.lastIndexOf('</main>'))).toBe(shell.slice(shell.lastIndexOf('</main>')));
  });

  it('answers a search it cannot resolve with the choices, in Dutch, and sends old search addresses to the search page', async () => {
    const html = await (await app().request('/zoeken/?gemeente=Deurne')).text();
    expect(html).toContain('<title>Fout: kies de plaats – zoeken | Register erkende externe dienstverleners</title>');
    expect(html).toContain('href="/zoeken/?gemeente=Deurne+%28Diest%2C+3290%29"');
    expect(html).toContain('aria-invalid="true"');
    const old = await app().request('/?gemeente=9000&vrij=ja');
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe('/zoeken/?gemeente=9000&vrij=ja');
    // A home page address without a search stays the home page.
    expect((await app().request('/?utm_source=nieuwsbrief')).status).toBe(200);
  });

  it('limits the searches per client address, with a Dutch page and Retry-After', async () => {
    const limited = createSiteServer({ db: database.db, clock: fixedClock(NOW), dataDir: join(database.dir, 'data'), trustProxy: 1, rateLimits: { perToken: { limit: 10, windowMs: 60_000 }, perAddress: { limit: 2, windowMs: 60_000 } } });
    const ask = () => limited.request('/zoeken/?gemeente=Gent', { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(200);
    const refused = await ask();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('Te veel zoekopdrachten');
  });

  it('answers unknown API paths with problem details', async () => {
    const response = await app().request('/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });
});

describe('serving odd addresses', () => {
  const app = () => createSiteServer({ db: database.db, clock: fixedClock(NOW), dataDir: join(database.dir, 'data') });
  it.each(['/a%zz', '/..%2F..%2Fetc', '/gemeenten/..%2F..%2F..', '/%00'])('answers %s with the 404 page, never a 500 or a peek outside the site', async (path) => {
    const response = await app().request(path);
    expect(response.status).toBe(404);
  });
});
