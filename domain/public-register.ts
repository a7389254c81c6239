/**
 * The public register as one publication sees it: the only data the public site, its search and
 * its open data are built from. Everything here may be published; private data (coaches' names,
 * contact persons, national register numbers, tokens) has no field to go into.
 */
import { z } from 'zod';
import { RECOGNITION_STATUSES } from './rules/recognition.ts';
import { PublicMapSchema } from './public-map.ts';
import { DepartmentContactSchema } from './department-contact.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The simplified-registration categories (vereenvoudigde registratie): the only list of them. */
export const SIMPLIFIED_CATEGORIES = ['GTB', 'GOB', 'MAATWERKBEDRIJF', 'LDE'] as const;
/** A simplified-registration category. */
export type SimplifiedCategory = (typeof SIMPLIFIED_CATEGORIES)[number];

/** A province, or the Brussels-Capital Region, as the site lists it. */
export const PublicAreaSchema = z.strictObject({
  code: z.string(),
  nameNl: z.string(),
  slug: z.string(),
});

/** A WGS84 point, and where it lies on the site's map (x, y in its units). */
const PointSchema = z.strictObject({ lat: z.number(), lon: z.number(), x: z.number(), y: z.number() });

/** A municipality with its postcodes and page slug. */
export const PublicMunicipalitySchema = z.strictObject({
  nisCode: z.string().regex(/^\d{5}$/),
  nameNl: z.string(),
  nameFr: z.string(),
  region: z.enum(['VLG', 'BRU']),
  provinceNis: z.string().nullable(),
  areaCode: z.string(),
  slug: z.string(),
  postcodes: z.array(z.string()),
  /** The point distances to the municipality are measured from (its current name's point in places.csv). */
  point: PointSchema,
  /** The point of each postcode's main locality, for the addresses in it (domain/places.ts). */
  postcodePoints: z.record(z.string(), PointSchema),
});

/** A recognition with its standing on the publication day. */
export const PublicRecognitionSchema = z.strictObject({
  recognitionNumber: z.string(),
  decisionDate: isoDate,
  validFrom: isoDate,
  validUntil: isoDate,
  status: z.enum(RECOGNITION_STATUSES),
  endedOn: isoDate.nullable(),
  endReason: z.string().nullable(),
  expiresSoon: z.boolean(),
  lapseOutlook: z.strictObject({ lapsesOn: isoDate, unlessCoachingReportedFor: z.tuple([z.number(), z.number()]) }).nullable(),
});

/** One provider's public entry. */
export const PublicProviderSchema = z.strictObject({
  enterpriseNumber: z.string().regex(/^\d{10}$/),
  name: z.string(),
  street: z.string(),
  postcode: z.string(),
  municipalityNis: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  simplifiedCategory: z.enum(SIMPLIFIED_CATEGORIES).nullable(),
  /** True when the current recognition is active on the publication day: only these are listed. */
  listed: z.boolean(),
  recognition: PublicRecognitionSchema.nullable(),
  otherRecognitions: z.array(PublicRecognitionSchema),
  workingArea: z.array(z.string()),
  capacity: z.strictObject({ totalPlaces: z.number().int(), freePlaces: z.number().int(), updatedAt: z.string() }).nullable(),
  coachCount: z.number().int(),
  subcontractors: z.array(z.string()),
  /** Enterprise numbers of providers that call on this one as subcontractor. */
  subcontractorOf: z.array(z.string()),
  history: z.array(z.strictObject({ occurredAt: z.string(), summary: z.string() })),
});

/** The whole public register of one publication. */
export const PublicRegisterSchema = z.strictObject({
  /** The publication this snapshot is built for (every page names it). */
  publicationId: z.string().optional(),
  /** How many changes to public data this snapshot includes (see db/queries/publication-state.ts). */
  changeCount: z.number().int().optional(),
  generatedAt: z.string(),
  /** The day (Europe/Brussels) on which statuses were judged. */
  today: isoDate,
  /** The public change log this snapshot includes: its number of entries and the last one's hash. */
  log: z.strictObject({ events: z.number().int().min(0), head: z.string().regex(/^[0-9a-f]{64}$/) }),
  isSample: z.boolean(),
  /**
   * How people reach the department (the contact page and the accessibility statement). A
   * publication's snapshot always has it (build-publication.ts adds it from the settings); the
   * register's data read on its own (readPublicRegister) has none.
   */
  contact: DepartmentContactSchema.optional(),
  areas: z.array(PublicAreaSchema),
  municipalities: z.array(PublicMunicipalitySchema),
  /** The map the pages draw (the outlines of municipalities and provinces, projected once). */
  map: PublicMapSchema,
  providers: z.array(PublicProviderSchema),
});

export type PublicArea = z.infer<typeof PublicAreaSchema>;
export type PublicMunicipality = z.infer<typeof PublicMunicipalitySchema>;
export type PublicRecognition = z.infer<typeof PublicRecognitionSchema>;
export type PublicProvider = z.infer<typeof PublicProviderSchema>;
export type PublicRegister = z.infer<typeof PublicRegisterSchema>;

/** Dutch names of the simplified-registration categories. */
export const CATEGORY_LABELS: Record<SimplifiedCategory, string> = {
  GTB: 'GTB (gespecialiseerde trajectbepalings- en begeleidingsdienst)',
  GOB: 'GOB (gespecialiseerde opleidings-, begeleidings- en bemiddelingsdienst)',
  MAATWERKBEDRIJF: 'Maatwerkbedrijf',
  LDE: 'LDE (lokale diensteneconomie)',
};

/** Short Dutch names of the categories, for filters and badges. */
export const CATEGORY_SHORT_LABELS: Record<SimplifiedCategory, string> = {
  GTB: 'GTB',
  GOB: 'GOB',
  MAATWERKBEDRIJF: 'Maatwerkbedrijf',
  LDE: 'LDE',
};
