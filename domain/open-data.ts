/**
 * The open data of a publication: where each download lives, what it is, under which licence,
 * and the schemas of the register downloads. Shared by the generator (publish/open-data/), the
 * open-data page, the publication checks and `register verify`. Pure.
 */
import { z } from 'zod';
import { PublicProviderSchema, PublicRegisterSchema, SIMPLIFIED_CATEGORIES } from './public-register.ts';

/** Who publishes the register (and is named as publisher in DCAT and the feeds). */
export const PUBLISHER = 'Departement Werk en Sociale Economie';

/** The register's title, in Dutch. */
export const DATASET_TITLE = 'Register van erkende externe dienstverleners voor begeleiding op de werkvloer';

/**
 * The licence of every download: CC0 1.0. The register is a public list kept by a government;
 * CC0 lets anyone copy, combine and republish it without conditions (no attribution to carry
 * along in every feed reader or derived directory), it is recognised worldwide, and DCAT-AP
 * names it in the EU licence vocabulary.
 */
export const LICENCE = {
  name: 'Creative Commons Zero 1.0 Universeel (CC0 1.0)',
  url: 'https://creativecommons.org/publicdomain/zero/1.0/deed.nl',
  /** The licence in the EU Publications Office vocabulary, as DCAT-AP asks. */
  uri: 'http://publications.europa.eu/resource/authority/licence/CC0',
} as const;

/**
 * The credit the boundaries' licence asks for (Statbel's "Licentie open data": cite the source and
 * the date of its last update; db/reference-data/SOURCE.md). Every map and every download with
 * outlines states it.
 */
export const BOUNDARIES_CREDIT = 'Gemeentegrenzen: Statbel, statistische sectoren 1/1/2025 (bewerkt door Provincies in Cijfers, vereenvoudigd).';

/** One download of the open-data page. */
export interface OpenDataFile {
  path: string;
  title: string;
  description: string;
  /** Short format name for people (CSV, JSON, …). */
  format: string;
  mediaType: string;
}

/** The downloads of every publication, in the order the open-data page lists them. */
export const OPEN_DATA_FILES = {
  registerJson: {
    path: '/open-data/register.json',
    title: 'Het register (JSON)',
    description: 'Alle dienstverleners met hun openbare gegevens, erkenningen, werkingsgebied en capaciteit, met de kop van het logboek.',
    format: 'JSON',
    mediaType: 'application/json',
  },
  registerSchema: {
    path: '/open-data/register.schema.json',
    title: 'Schema van het register (JSON Schema)',
    description: 'JSON Schema (draft 2020-12) waaraan register.json voldoet.',
    format: 'JSON Schema',
    mediaType: 'application/schema+json',
  },
  registerCsv: {
    path: '/open-data/register.csv',
    title: 'Het register (CSV)',
    description: 'Eén rij per dienstverlener met de huidige erkenning en capaciteit.',
    format: 'CSV',
    mediaType: 'text/csv',
  },
  registerCsvSchema: {
    path: '/open-data/register-csv.schema.json',
    title: 'Schema van een rij van register.csv (JSON Schema)',
    description: 'JSON Schema van één rij van register.csv, met elke kolom als tekst.',
    format: 'JSON Schema',
    mediaType: 'application/schema+json',
  },
  coverageCsv: {
    path: '/open-data/werkingsgebieden.csv',
    title: 'Werkingsgebieden (CSV)',
    description: 'Eén rij per dienstverlener en gemeente die hij bedient.',
    format: 'CSV',
    mediaType: 'text/csv',
  },
  coverageGeojson: {
    path: '/open-data/werkingsgebieden.geojson',
    title: 'Werkingsgebieden op de kaart (GeoJSON)',
    description: 'Elke gemeente met haar grenzen (WGS84, vereenvoudigd) en de ondernemingsnummers van de erkende dienstverleners die er werken, om in een GIS of op een kaart te tonen. Gemeentegrenzen: Statbel, statistische sectoren 1/1/2025 (bewerkt door Provincies in Cijfers, vereenvoudigd); vermeld die bron als u de grenzen hergebruikt.',
    format: 'GeoJSON',
    mediaType: 'application/geo+json',
  },
  csvMetadata: {
    path: '/open-data/csv-metadata.json',
    title: 'Beschrijving van de CSV-bestanden (CSV on the Web)',
    description: 'Metadata volgens W3C CSV on the Web (CSVW): elke kolom van register.csv en werkingsgebieden.csv, in volgorde, met haar betekenis en datatype, voor programma\'s die CSV lezen.',
    format: 'CSVW (JSON-LD)',
    mediaType: 'application/csvm+json',
  },
  log: {
    path: '/open-data/wijzigingen.jsonl',
    title: 'Logboek van wijzigingen (JSON Lines)',
    description: 'Elke openbare wijziging sinds de start, één per regel, met de hashketen om ze te controleren.',
    format: 'JSON Lines',
    mediaType: 'application/jsonl',
  },
  logSchema: {
    path: '/open-data/wijzigingen.schema.json',
    title: 'Schema van een regel van het logboek (JSON Schema)',
    description: 'JSON Schema van één regel van wijzigingen.jsonl.',
    format: 'JSON Schema',
    mediaType: 'application/schema+json',
  },
  hsds: {
    path: '/open-data/hsds/services.json',
    title: 'Export in Open Referral HSDS 3.1',
    description: 'Organisaties, diensten, werkingsgebieden (met hun grenzen in GeoJSON; gemeentegrenzen: Statbel, statistische sectoren 1/1/2025, bewerkt door Provincies in Cijfers) en capaciteit (HSDS 3.1 service_capacity) in de Human Services Data Specification 3.1, om in wegwijzers en sociale kaarten in te lezen.',
    format: 'JSON (HSDS 3.1)',
    mediaType: 'application/json',
  },
  dcat: {
    path: '/open-data/dcat.jsonld',
    title: 'Beschrijving van de datasets (DCAT-AP, JSON-LD)',
    description: 'Metadata van deze downloads voor datacatalogi.',
    format: 'JSON-LD',
    mediaType: 'application/ld+json',
  },
  feed: {
    path: '/feeds/register.xml',
    title: 'Atom-feed van alle wijzigingen',
    description: 'De recentste wijzigingen in het hele register.',
    format: 'Atom',
    mediaType: 'application/atom+xml',
  },
} as const satisfies Record<string, OpenDataFile>;

/**
 * The version of Open Referral's Human Services Data Specification the HSDS export follows: 3.1,
 * the version that added service capacities (`capacities`, `service_capacity`, `unit`).
 */
export const HSDS = {
  version: '3.1',
  /** Its documentation, as DCAT's dct:conformsTo names it. */
  uri: 'https://docs.openreferral.org/en/3.1/',
  title: 'Human Services Data Specification (HSDS) 3.1',
} as const;

/** GeoJSON (RFC 7946), which the geographic download and the HSDS service areas' extents follow. */
export const GEOJSON = { uri: 'https://www.rfc-editor.org/rfc/rfc7946', title: 'The GeoJSON Format (RFC 7946)' } as const;

/** The other files every publication carries besides its pages. */
export const SITEMAP_PATH = '/sitemap.xml';
/** The most addresses one sitemap file may list (sitemaps.org); past it, sitemap.xml becomes an index. */
export const SITEMAP_MAX_URLS = 50_000;

/** The sitemap files of a site with `urls` pages: sitemap.xml, and past the limit its parts sitemap-1.xml, sitemap-2.xml, … */
export function sitemapPaths(urls: number, maxUrls = SITEMAP_MAX_URLS): string[] {
  if (urls <= maxUrls) return [SITEMAP_PATH];
  return [SITEMAP_PATH, ...Array.from({ length: Math.ceil(urls / maxUrls) }, (_, i) => `/sitemap-${i + 1}.xml`)];
}
export const ROBOTS_PATH = '/robots.txt';

/** How many of the latest entries each Atom feed holds (the whole history is in the log). */
export const FEED_LENGTH = 50;

/** The Atom feed of one municipality. */
export const municipalityFeedPath = (municipality: { slug: string }) => `/feeds/gemeenten/${municipality.slug}.xml`;
/** The Atom feed of one provider. */
export const providerFeedPath = (provider: { enterpriseNumber: string }) => `/feeds/dienstverleners/${provider.enterpriseNumber}.xml`;

/** The content type a generated file is served with. */
export function openDataContentType(path: string): string | null {
  if (path.startsWith('/feeds/') && path.endsWith('.xml')) return 'application/atom+xml; charset=utf-8';
  if (path.endsWith('.jsonl')) return 'application/jsonl; charset=utf-8';
  if (path.endsWith('.geojson')) return 'application/geo+json';
  if (path.endsWith('.schema.json')) return 'application/schema+json';
  if (path === OPEN_DATA_FILES.csvMetadata.path) return 'application/csvm+json';
  return null;
}

/** A provider's record in register.json: its public entry without the recent history (that is the log). */
export const OpenDataProviderSchema = PublicProviderSchema.omit({ history: true });

/** The whole of register.json. */
export const OpenDataRegisterSchema = z.strictObject({
  title: z.string(),
  publisher: z.string(),
  licence: z.url(),
  publicationId: z.string().nullable(),
  publishedAt: z.string(),
  /** The day (Europe/Brussels) on which statuses were judged. */
  today: PublicRegisterSchema.shape.today,
  isSample: z.boolean(),
  /** The change log this register was built from: the number of entries and the last hash. */
  log: PublicRegisterSchema.shape.log,
  providers: z.array(OpenDataProviderSchema),
});
/** The whole of register.json. */
export type OpenDataRegister = z.infer<typeof OpenDataRegisterSchema>;

const date = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]);
const count = z.string().regex(/^\d+$/);
const optionalCount = z.union([z.literal(''), count]);

/**
 * How the CSV downloads keep a spreadsheet from running a value as a formula (CSV injection, as
 * OWASP describes it): a text cell that begins with =, +, -, @, tab, carriage return or line feed
 * gets an apostrophe in front, the marker spreadsheets read as "this is text" and do not show;
 * so does one that begins with apostrophes followed by such a character, so that removing one
 * leading apostrophe always gives the value back. And every field is quoted, so that a comma or
 * semicolon inside a value (a spreadsheet set to split on semicolons, as in Belgium) never
 * starts a new cell. Numbers are never text cells, and never begin with a sign: they stay numbers.
 */
export const SPREADSHEET_NOTE =
  'Een tekstcel die begint met =, +, -, @, een tab, een regelterugloop of een regeleinde (of met apostrofs gevolgd door een van die tekens) krijgt een apostrof ervoor, zodat een rekenblad ze als tekst toont en niet als formule uitvoert; wie het bestand met een programma leest, laat die ene apostrof weg. Elk veld staat tussen aanhalingstekens.';

/** A CSV cell as the downloads write it (see {@link SPREADSHEET_NOTE}). */
export function spreadsheetCell(value: string): string {
  return /^'*[=+\-@\t\r\n]/.test(value) ? `'${value}` : value;
}

/** One row of register.csv, every column as the text the file holds ('' for none). */
export const RegisterCsvRowSchema = z.strictObject({
  enterpriseNumber: z.string().regex(/^\d{10}$/),
  name: z.string().min(1),
  street: z.string(),
  postcode: z.string().regex(/^\d{4}$/),
  municipalityNis: z.string().regex(/^\d{5}$/),
  municipality: z.string(),
  email: z.string(),
  phone: z.string(),
  website: z.string(),
  simplifiedCategory: z.enum(['', ...SIMPLIFIED_CATEGORIES]),
  listed: z.enum(['true', 'false']),
  recognitionNumber: z.string(),
  recognitionStatus: z.enum(['', 'pending', 'active', 'expired', 'lapsed', 'withdrawn', 'renounced']),
  decisionDate: date,
  validFrom: date,
  validUntil: date,
  endedOn: date,
  expiresSoon: z.enum(['true', 'false']),
  totalPlaces: optionalCount,
  freePlaces: optionalCount,
  capacityUpdatedAt: z.string(),
  coachCount: count,
  municipalityCount: count,
  subcontractors: z.string().regex(/^(\d{10}( \d{10})*)?$/),
  page: z.string().min(1),
}).describe(SPREADSHEET_NOTE);
/** One row of register.csv. */
export type RegisterCsvRow = z.infer<typeof RegisterCsvRowSchema>;

/** The columns of werkingsgebieden.csv. */
export const COVERAGE_COLUMNS = ['enterpriseNumber', 'name', 'nisCode', 'municipality', 'province', 'listed'] as const;

/**
 * Code points no published text may hold: what XML 1.0 cannot carry at all (C0 control
 * characters other than tab, line feed and carriage return; U+FFFE and U+FFFF; unpaired
 * surrogates), and what HTML reports as a parse error and XML 1.0 asks to avoid (DEL, the C1
 * controls, the other noncharacters). One rule for every download, feed and page: a spreadsheet,
 * feed reader or browser would otherwise show, drop or choke on them differently.
 */
const UNPUBLISHABLE = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFDD0-\\uFDEF\\uFFFE\\uFFFF\\uD800-\\uDFFF${Array.from({ length: 16 }, (_, i) => `\\u{${(i + 1).toString(16).toUpperCase()}FFFE}\\u{${(i + 1).toString(16).toUpperCase()}FFFF}`).join('')}]`,
  'u',
);

/** The first code point of `text` that no download, feed or page may carry, as "U+0007", or null. */
export function unpublishableCharacter(text: string): string | null {
  const match = UNPUBLISHABLE.exec(text);
  if (!match) return null;
  return `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Text that cannot be published, and where it is. */
export class UnpublishableTextError extends Error {
  /** Where the text is, for people: "provider 0403170701, field name". */
  readonly where: string;
  /** The offending code point, as "U+0007". */
  readonly codePoint: string;
  constructor(where: string, codePoint: string, consequence = 'so nothing was published. Correct the value and publish again.') {
    super(`${where} holds ${codePoint}, a control character or noncharacter that XML 1.0, HTML and the CSV downloads cannot carry, ${consequence}`);
    this.name = 'UnpublishableTextError';
    this.where = where;
    this.codePoint = codePoint;
  }
}

/** The path of the first string (or member name) in `value` that cannot be published, with its code point; null when there is none. */
function firstUnpublishable(value: unknown, path: string): [string, string] | null {
  if (typeof value === 'string') {
    // Most texts are plain: one test, and the code point only when it fails.
    if (!UNPUBLISHABLE.test(value)) return null;
    return [path, unpublishableCharacter(value)!];
  }
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstUnpublishable(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  for (const key in value) {
    const at = path ? `${path}.${key}` : key;
    if (UNPUBLISHABLE.test(key)) return [`${at} (its name)`, unpublishableCharacter(key)!];
    const found = firstUnpublishable((value as Record<string, unknown>)[key], at);
    if (found) return found;
  }
  return null;
}

/**
 * Throws an {@link UnpublishableTextError} for the first string of `value` that cannot be
 * published; `where` names the thing, `consequence` ends the message (default: nothing was published).
 */
export function assertPublishableText(value: unknown, where: string, consequence?: string): void {
  const found = firstUnpublishable(value, '');
  if (found) throw new UnpublishableTextError(found[0] ? `${where}, field ${found[0]},` : where, found[1], consequence);
}

/**
 * Checks every text of a register snapshot before anything is written from it: a provider's
 * record is named by its enterprise number (its name may be the culprit), reference data by its code.
 */
export function assertPublishableRegister(register: {
  providers: readonly { enterpriseNumber: string }[];
  municipalities: readonly { nisCode: string }[];
  areas: readonly { code: string }[];
}): void {
  for (const provider of register.providers) assertPublishableText(provider, `provider ${provider.enterpriseNumber}`);
  for (const municipality of register.municipalities) assertPublishableText(municipality, `municipality ${municipality.nisCode}`);
  for (const area of register.areas) assertPublishableText(area, `province ${area.code}`);
}
