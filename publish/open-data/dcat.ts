/**
 * The DCAT-AP description of the downloads (JSON-LD): one catalogue with three datasets (the
 * register, the working-area coverage and the change log), each with its distributions.
 */
import { DATASET_TITLE, LICENCE, OPEN_DATA_FILES, PUBLISHER, type OpenDataFile } from '../../domain/open-data.ts';
import type { PublicRegister } from '../../domain/public-register.ts';
import { absolute } from './identifiers.ts';

const CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

// The EU Publications Office file-type vocabulary, as DCAT-AP recommends for dct:format.
const FILE_TYPES: Record<string, string> = {
  CSV: 'http://publications.europa.eu/resource/authority/file-type/CSV',
  JSON: 'http://publications.europa.eu/resource/authority/file-type/JSON',
  'JSON Lines': 'http://publications.europa.eu/resource/authority/file-type/JSON',
  'JSON Schema': 'http://publications.europa.eu/resource/authority/file-type/JSON',
  'JSON (HSDS 3.0)': 'http://publications.europa.eu/resource/authority/file-type/JSON',
  'JSON-LD': 'http://publications.europa.eu/resource/authority/file-type/JSON_LD',
  Atom: 'http://publications.europa.eu/resource/authority/file-type/ATOM',
};

/** dcat.jsonld as an object. */
export function dcatCatalogue(register: PublicRegister, siteUrl: string): Record<string, unknown> {
  const url = (path: string) => absolute(siteUrl, path);
  const issued = { '@value': register.generatedAt, '@type': 'xsd:dateTime' };
  const publisher = { '@id': url('/#uitgever'), '@type': 'foaf:Agent', 'foaf:name': PUBLISHER };
  const contactPoint = { '@type': 'vcard:Organization', 'vcard:fn': PUBLISHER, 'vcard:hasURL': { '@id': url('/erkenning/') } };
  const distribution = (file: OpenDataFile, conformsTo?: OpenDataFile) => ({
    '@id': url(`${file.path}#distributie`),
    '@type': 'dcat:Distribution',
    'dct:title': { '@value': file.title, '@language': 'nl' },
    'dct:description': { '@value': file.description, '@language': 'nl' },
    'dcat:accessURL': { '@id': url('/hergebruik/') },
    'dcat:downloadURL': { '@id': url(file.path) },
    'dcat:mediaType': { '@id': `https://www.iana.org/assignments/media-types/${file.mediaType}` },
    'dct:format': { '@id': FILE_TYPES[file.format] },
    'dct:license': { '@id': LICENCE.uri },
    'dct:modified': issued,
    ...(conformsTo ? { 'dct:conformsTo': { '@id': url(conformsTo.path) } } : {}),
  });
  const dataset = (id: string, title: string, description: string, distributions: object[], keywords: string[]) => ({
    '@id': url(`/hergebruik/#${id}`),
    '@type': 'dcat:Dataset',
    'dct:title': { '@value': title, '@language': 'nl' },
    'dct:description': { '@value': description, '@language': 'nl' },
    'dct:publisher': { '@id': publisher['@id'] },
    'dcat:contactPoint': contactPoint,
    'dcat:keyword': keywords.map((k) => ({ '@value': k, '@language': 'nl' })),
    'dct:spatial': { '@id': 'http://publications.europa.eu/resource/authority/country/BEL' },
    'dct:language': { '@id': 'http://publications.europa.eu/resource/authority/language/NLD' },
    'dct:accrualPeriodicity': { '@id': 'http://publications.europa.eu/resource/authority/frequency/CONT' },
    'dct:modified': issued,
    'dcat:landingPage': { '@id': url('/hergebruik/') },
    'dcat:distribution': distributions,
  });
  const f = OPEN_DATA_FILES;
  return {
    '@context': CONTEXT,
    '@graph': [
      publisher,
      {
        '@id': url('/hergebruik/#catalogus'),
        '@type': 'dcat:Catalog',
        'dct:title': { '@value': DATASET_TITLE, '@language': 'nl' },
        'dct:description': { '@value': 'Open data van het register: de volledige lijst, de werkingsgebieden en het controleerbare logboek van wijzigingen.', '@language': 'nl' },
        'dct:publisher': { '@id': publisher['@id'] },
        'dct:license': { '@id': LICENCE.uri },
        'foaf:homepage': { '@id': url('/') },
        'dct:modified': issued,
        'dcat:dataset': [
          dataset(
            'register',
            DATASET_TITLE,
            `De erkende externe dienstverleners met hun openbare gegevens, erkenning, werkingsgebied en capaciteit (stand van ${register.today}).`,
            [distribution(f.registerJson, f.registerSchema), distribution(f.registerCsv, f.registerCsvSchema), distribution(f.hsds)],
            ['begeleiding op de werkvloer', 'externe dienstverlener', 'erkenning', 'arbeidsbeperking'],
          ),
          dataset('werkingsgebieden', 'Werkingsgebieden van de erkende externe dienstverleners', 'Welke dienstverlener welke gemeente bedient.', [distribution(f.coverageCsv)], ['werkingsgebied', 'gemeente']),
          dataset(
            'wijzigingen',
            'Logboek van wijzigingen in het register',
            `Elke openbare wijziging, in een hashketen (SHA-256) die iedereen kan narekenen; ${register.log.events} wijzigingen, laatste hash ${register.log.head}.`,
            [distribution(f.log, f.logSchema), distribution(f.feed)],
            ['wijzigingen', 'logboek'],
          ),
        ],
      },
    ],
  };
}
