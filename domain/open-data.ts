/**
 * The open data of a publication: where each download lives, what it is, under which licence,
 * and the schemas of the register downloads. Shared by the generator (publish/open-data/), the
 * open-data page, the publication checks and `register verify`. Pure.
 */
import { z } from 'zod';
import { PublicProviderSchema, PublicRegisterSchema } from './public-register.ts';

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
    title: 'Export in Open Referral HSDS 3',
    description: 'Organisaties, diensten, werkingsgebieden en capaciteit in de Human Services Data Specification 3.0, om in wegwijzers en sociale kaarten in te lezen.',
    format: 'JSON (HSDS 3.0)',
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

/** The other files every publication carries besides its pages. */
export const SITEMAP_PATH = '/sitemap.xml';
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
  if (path.endsWith('.schema.json')) return 'application/schema+json';
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
  simplifiedCategory: z.enum(['', 'GTB', 'GOB', 'MAATWERKBEDRIJF', 'LDE']),
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
});
/** One row of register.csv. */
export type RegisterCsvRow = z.infer<typeof RegisterCsvRowSchema>;

/** The columns of werkingsgebieden.csv. */
export const COVERAGE_COLUMNS = ['enterpriseNumber', 'name', 'nisCode', 'municipality', 'province', 'listed'] as const;
