/**
 * The DCAT-AP 3 description of the downloads (JSON-LD): one catalogue with three datasets (the
 * register, the working-area coverage and the change log), each with its distributions.
 *
 * It passes the SEMIC SHACL shapes of DCAT-AP 3.0.1 (the tests run them): every object names its
 * class (the shapes check ranges without importing the vocabularies), and every concept from the
 * EU vocabularies says which vocabulary it is from (skos:inScheme), as the controlled-vocabulary
 * shapes ask.
 */
import { DATASET_TITLE, GEOJSON, HSDS, LICENCE, OPEN_DATA_FILES, PUBLISHER, SPREADSHEET_NOTE, type OpenDataFile } from '#domain/open-data.ts';
import type { PublicRegister } from '#domain/public-register.ts';
import { absolute } from './identifiers.ts';

const CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dcatap: 'http://data.europa.eu/r5r/',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

const AUTHORITY = 'http://publications.europa.eu/resource/authority';

/**
 * A concept of an EU Publications Office vocabulary ("authority table"), with the class DCAT-AP
 * expects of it and, for a skos:Concept, its English label as the vocabulary gives it.
 */
const authority = (table: string, code: string, type: string | string[], label?: string) => ({
  '@id': `${AUTHORITY}/${table}/${code}`,
  '@type': type,
  'skos:inScheme': { '@id': `${AUTHORITY}/${table}` },
  ...(label ? { 'skos:prefLabel': { '@value': label, '@language': 'en' } } : {}),
});
const en = (text: string) => ({ '@value': text, '@language': 'en' });

// The EU file-type vocabulary, as DCAT-AP recommends for dct:format.
const FILE_TYPES: Record<string, string> = {
  CSV: 'CSV',
  JSON: 'JSON',
  'JSON Lines': 'JSON',
  'JSON Schema': 'JSON',
  'JSON (HSDS 3.1)': 'JSON',
  GeoJSON: 'GEOJSON',
  'JSON-LD': 'JSON_LD',
  'CSVW (JSON-LD)': 'JSON_LD',
  Atom: 'ATOM',
};

/** What the description says about the change log besides the register: when its first and last entries were made. */
export interface LogPeriod {
  /** When the log's first entry was made (ISO 8601), or null for an empty log. */
  firstAt: string | null;
  /** When its last entry was made. */
  lastAt: string | null;
}

/** dcat.jsonld as an object. */
export function dcatCatalogue(register: PublicRegister, siteUrl: string, log: LogPeriod): Record<string, unknown> {
  const url = (path: string) => absolute(siteUrl, path);
  const id = (iri: string) => ({ '@id': iri });
  const nl = (text: string) => ({ '@value': text, '@language': 'nl' });
  const date = (iso: string) => ({ '@value': iso.slice(0, 10), '@type': 'xsd:date' });
  const modified = { '@value': register.generatedAt, '@type': 'xsd:dateTime' };
  // The register began with the first entry of its public log; before any entry, it begins today.
  const began = log.firstAt ?? register.generatedAt;

  // Objects named once and referred to by their IRI.
  const publisher = {
    '@id': url('/#uitgever'),
    '@type': ['foaf:Agent', 'foaf:Organization'],
    'foaf:name': nl(PUBLISHER),
    // A department of the Flemish Government: a regional authority in the ADMS publisher types.
    'dct:type': id('http://purl.org/adms/publishertype/RegionalAuthority'),
  };
  // The ADMS vocabularies of publisher and licence types, as DCAT-AP names them.
  const publisherType = { '@id': 'http://purl.org/adms/publishertype/RegionalAuthority', '@type': 'skos:Concept', 'skos:inScheme': id('http://purl.org/adms/publishertype/1.0'), 'skos:prefLabel': en('Regional authority') };
  const publisherTypes = { '@id': 'http://purl.org/adms/publishertype/1.0', '@type': 'skos:ConceptScheme', 'dct:title': en('Publisher type') };
  const publicDomain = { '@id': 'http://purl.org/adms/licencetype/PublicDomain', '@type': 'skos:Concept', 'skos:inScheme': id('http://purl.org/adms/licencetype/1.0'), 'skos:prefLabel': en('Public domain') };
  const themes = { '@id': `${AUTHORITY}/data-theme`, '@type': 'skos:ConceptScheme', 'dct:title': en('Data theme') };
  const dutch = authority('language', 'NLD', 'dct:LinguisticSystem');
  const belgium = authority('country', 'BEL', 'dct:Location');
  const continuous = authority('frequency', 'CONT', 'dct:Frequency');
  const stable = authority('planned-availability', 'STABLE', 'skos:Concept', 'stable');
  const society = authority('data-theme', 'SOCI', 'skos:Concept', 'Population and society');
  const government = authority('data-theme', 'GOVE', 'skos:Concept', 'Government and public sector');
  // CC0 dedicates the data to the public domain.
  const licence = { '@id': LICENCE.uri, '@type': 'dct:LicenseDocument', 'dct:type': id(publicDomain['@id']) };
  const homepage = { '@id': url('/'), '@type': 'foaf:Document' };
  const landingPage = { '@id': url('/hergebruik/'), '@type': 'foaf:Document' };
  const hsds = { '@id': HSDS.uri, '@type': 'dct:Standard', 'dct:title': { '@value': HSDS.title, '@language': 'en' } };
  const geojson = { '@id': GEOJSON.uri, '@type': 'dct:Standard', 'dct:title': { '@value': GEOJSON.title, '@language': 'en' } };
  const f = OPEN_DATA_FILES;
  const schemaFiles = [f.registerSchema, f.registerCsvSchema, f.csvMetadata, f.logSchema];
  const standards = schemaFiles.map((file) => ({ '@id': url(file.path), '@type': 'dct:Standard', 'dct:title': nl(file.title) }));
  const fileTypes = [...new Set(Object.values(FILE_TYPES))].map((code) => authority('file-type', code, 'dct:MediaTypeOrExtent'));
  const mediaTypeOf = (file: OpenDataFile) => `https://www.iana.org/assignments/media-types/${file.mediaType}`;
  const mediaTypes = [...new Set(Object.values(f).map(mediaTypeOf))].map((iri) => ({ '@id': iri, '@type': 'dct:MediaType' }));

  const contactPoint = { '@type': ['vcard:Kind', 'vcard:Organization'], 'vcard:fn': PUBLISHER, 'vcard:hasURL': id(url('/erkenning/')) };
  const period = (from: string, to: string) => ({ '@type': 'dct:PeriodOfTime', 'dcat:startDate': date(from), 'dcat:endDate': date(to) });
  const distribution = (file: OpenDataFile, conformsTo: string[] = [], note?: string) => ({
    '@id': url(`${file.path}#distributie`),
    '@type': 'dcat:Distribution',
    'dct:title': nl(file.title),
    'dct:description': nl(note ? `${file.description} ${note}` : file.description),
    'dcat:accessURL': id(landingPage['@id']),
    'dcat:downloadURL': id(url(file.path)),
    'dcat:mediaType': id(mediaTypeOf(file)),
    'dct:format': id(`${AUTHORITY}/file-type/${FILE_TYPES[file.format]}`),
    'dct:license': id(licence['@id']),
    'dct:modified': modified,
    'dcatap:availability': id(stable['@id']),
    ...(conformsTo.length > 0 ? { 'dct:conformsTo': conformsTo.map(id) } : {}),
  });
  const dataset = (name: string, title: string, description: string, distributions: object[], keywords: string[], temporal: object) => ({
    '@id': url(`/hergebruik/#${name}`),
    '@type': 'dcat:Dataset',
    'dct:title': nl(title),
    'dct:description': nl(description),
    'dct:publisher': id(publisher['@id']),
    'dcat:contactPoint': contactPoint,
    'dcat:keyword': keywords.map(nl),
    'dcat:theme': [id(society['@id']), id(government['@id'])],
    'dct:spatial': id(belgium['@id']),
    'dct:temporal': temporal,
    'dct:language': id(dutch['@id']),
    'dct:accrualPeriodicity': id(continuous['@id']),
    'dct:issued': date(began),
    'dct:modified': modified,
    'dcat:landingPage': id(landingPage['@id']),
    'dcat:distribution': distributions,
  });
  const today = period(register.today, register.today);
  return {
    '@context': CONTEXT,
    '@graph': [
      publisher,
      publisherType,
      publisherTypes,
      publicDomain,
      themes,
      society,
      government,
      dutch,
      belgium,
      continuous,
      stable,
      licence,
      homepage,
      landingPage,
      hsds,
      geojson,
      ...standards,
      ...fileTypes,
      ...mediaTypes,
      {
        '@id': url('/hergebruik/#catalogus'),
        '@type': 'dcat:Catalog',
        'dct:title': nl(DATASET_TITLE),
        'dct:description': nl('Open data van het register: de volledige lijst, de werkingsgebieden en het controleerbare logboek van wijzigingen.'),
        'dct:publisher': id(publisher['@id']),
        'dct:license': id(licence['@id']),
        'dct:language': id(dutch['@id']),
        'dct:spatial': id(belgium['@id']),
        'dcat:themeTaxonomy': id(themes['@id']),
        'foaf:homepage': id(homepage['@id']),
        'dct:issued': date(began),
        'dct:modified': modified,
        'dcat:dataset': [
          dataset(
            'register',
            DATASET_TITLE,
            `De erkende externe dienstverleners met hun openbare gegevens, erkenning, werkingsgebied en capaciteit (stand van ${register.today}).`,
            [
              distribution(f.registerJson, [url(f.registerSchema.path)]),
              distribution(f.registerCsv, [url(f.csvMetadata.path), url(f.registerCsvSchema.path)], SPREADSHEET_NOTE),
              distribution(f.hsds, [hsds['@id'], geojson['@id']]),
            ],
            ['begeleiding op de werkvloer', 'externe dienstverlener', 'erkenning', 'arbeidsbeperking'],
            today,
          ),
          dataset(
            'werkingsgebieden',
            'Werkingsgebieden van de erkende externe dienstverleners',
            `Welke dienstverlener welke gemeente bedient (stand van ${register.today}).`,
            [distribution(f.coverageCsv, [url(f.csvMetadata.path)], SPREADSHEET_NOTE), distribution(f.coverageGeojson, [geojson['@id']])],
            ['werkingsgebied', 'gemeente'],
            today,
          ),
          dataset(
            'wijzigingen',
            'Logboek van wijzigingen in het register',
            `Elke openbare wijziging, in een hashketen (SHA-256) die iedereen kan narekenen; ${register.log.events} wijzigingen, laatste hash ${register.log.head}.`,
            [distribution(f.log, [url(f.logSchema.path)]), distribution(f.feed)],
            ['wijzigingen', 'logboek'],
            period(began, log.lastAt ?? register.generatedAt),
          ),
        ],
      },
    ],
  };
}
