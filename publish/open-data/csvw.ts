/**
 * csv-metadata.json: the CSV downloads described in W3C CSV on the Web (CSVW, "Metadata Vocabulary
 * for Tabular Data"): every column of register.csv and werkingsgebieden.csv, in order, with its
 * header, meaning and datatype, the dialect the files are written in, their keys and the link
 * between them. A CSVW processor finds it by itself: `csv-metadata.json` in the folder of a CSV
 * file is one of the places the standard says to look.
 */
import { COVERAGE_COLUMNS, DATASET_TITLE, LICENCE, OPEN_DATA_FILES, PUBLISHER, SPREADSHEET_NOTE, type RegisterCsvRow } from '#domain/open-data.ts';
import { absolute } from './identifiers.ts';
import { SIMPLIFIED_CATEGORIES } from '#domain/public-register.ts';

/** A CSVW datatype: a built-in name, or a base with a format (a regular expression for strings, the lexical values for booleans). */
type Datatype = string | { base: string; format: string };

/** One column: its datatype, what it means (in Dutch), and whether every row has a value. */
interface Column {
  datatype: Datatype;
  description: string;
  required?: boolean;
  /** For a cell holding a list: the separator between its values. */
  separator?: string;
}

const text = (description: string, required = false): Column => ({ datatype: 'string', description, required });
const pattern = (format: string, description: string, required = false): Column => ({ datatype: { base: 'string', format }, description, required });
const boolean = (description: string): Column => ({ datatype: { base: 'boolean', format: 'true|false' }, description, required: true });
const date = (description: string): Column => ({ datatype: 'date', description });
const count = (description: string, required = false): Column => ({ datatype: 'nonNegativeInteger', description, required });

/** The columns of register.csv, in the order of the file. */
const REGISTER_COLUMNS: Record<keyof RegisterCsvRow, Column> = {
  enterpriseNumber: pattern('\\d{10}', 'Ondernemingsnummer (KBO), tien cijfers.', true),
  name: text('Naam van de dienstverlener.', true),
  street: text('Straat en huisnummer.'),
  postcode: pattern('\\d{4}', 'Postcode.', true),
  municipalityNis: pattern('\\d{5}', 'NIS-code van de gemeente van het adres.', true),
  municipality: text('Gemeente van het adres.'),
  email: text('Openbaar e-mailadres.'),
  phone: text('Openbaar telefoonnummer in E.164, bijvoorbeeld +3292001010.'),
  website: { datatype: 'anyURI', description: 'Website.' },
  simplifiedCategory: pattern(SIMPLIFIED_CATEGORIES.join('|'), 'Groep met vereenvoudigde registratie, indien van toepassing.'),
  listed: boolean('Vandaag erkend (true) of niet (false).'),
  recognitionNumber: text('Nummer van de huidige of laatste erkenning.'),
  recognitionStatus: pattern('pending|active|expired|lapsed|withdrawn|renounced', 'Stand van die erkenning.'),
  decisionDate: date('Datum van de beslissing van de minister.'),
  validFrom: date('Eerste geldige dag van de erkenning.'),
  validUntil: date('Laatste geldige dag volgens de beslissing.'),
  endedOn: date('Dag waarop de erkenning vroeger eindigde, indien van toepassing.'),
  expiresSoon: boolean('Loopt de erkenning binnenkort af.'),
  totalPlaces: count('Totale begeleidingscapaciteit (plaatsen).'),
  freePlaces: count('Vrije plaatsen.'),
  capacityUpdatedAt: { datatype: 'dateTime', description: 'Tijdstip (UTC) waarop de capaciteit laatst werd bijgewerkt.' },
  coachCount: count('Aantal begeleiders.', true),
  municipalityCount: count('Aantal gemeenten in het werkingsgebied.', true),
  subcontractors: { datatype: { base: 'string', format: '\\d{10}' }, description: 'Ondernemingsnummers van de onderaannemers, gescheiden door een spatie.', separator: ' ' },
  page: { datatype: 'anyURI', description: 'Pagina van de dienstverlener in het register.', required: true },
};

/** The columns of werkingsgebieden.csv, in the order of the file. */
const COVERAGE: Record<(typeof COVERAGE_COLUMNS)[number], Column> = {
  enterpriseNumber: pattern('\\d{10}', 'Ondernemingsnummer (KBO) van de dienstverlener.', true),
  name: text('Naam van de dienstverlener.', true),
  nisCode: pattern('\\d{5}', 'NIS-code van een gemeente die de dienstverlener bedient.', true),
  municipality: text('Naam van die gemeente.', true),
  province: text('Provincie (of gewest) van die gemeente.', true),
  listed: boolean('Vandaag erkend (true) of niet (false).'),
};

const columnsOf = (columns: Record<string, Column>) =>
  Object.entries(columns).map(([name, column]) => ({
    name,
    titles: name,
    'dc:description': column.description,
    datatype: column.datatype,
    ...(column.required ? { required: true } : {}),
    ...(column.separator ? { separator: column.separator } : {}),
  }));

/** How both files are written: UTF-8 with a byte-order mark, CRLF, commas, every field quoted, one header row. */
const DIALECT = { encoding: 'utf-8', lineTerminators: ['\r\n'], delimiter: ',', quoteChar: '"', doubleQuote: true, header: true, headerRowCount: 1, trim: false };

/** csv-metadata.json as an object (file names relative to it, so it describes the files beside it). */
export function csvMetadata(siteUrl: string): Record<string, unknown> {
  const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  const register = name(OPEN_DATA_FILES.registerCsv.path);
  return {
    '@context': ['http://www.w3.org/ns/csvw', { '@language': 'nl' }],
    '@id': absolute(siteUrl, OPEN_DATA_FILES.csvMetadata.path),
    'dc:title': DATASET_TITLE,
    'dc:description': `De CSV-bestanden van het register, kolom per kolom. ${SPREADSHEET_NOTE}`,
    'dc:publisher': PUBLISHER,
    'dc:license': { '@id': LICENCE.uri },
    dialect: DIALECT,
    tables: [
      {
        url: register,
        'dc:title': OPEN_DATA_FILES.registerCsv.title,
        'dc:description': `${OPEN_DATA_FILES.registerCsv.description} ${SPREADSHEET_NOTE}`,
        tableSchema: { columns: columnsOf(REGISTER_COLUMNS), primaryKey: 'enterpriseNumber' },
      },
      {
        url: name(OPEN_DATA_FILES.coverageCsv.path),
        'dc:title': OPEN_DATA_FILES.coverageCsv.title,
        'dc:description': `${OPEN_DATA_FILES.coverageCsv.description} ${SPREADSHEET_NOTE}`,
        tableSchema: {
          columns: columnsOf(COVERAGE),
          primaryKey: ['enterpriseNumber', 'nisCode'],
          foreignKeys: [{ columnReference: 'enterpriseNumber', reference: { resource: register, columnReference: 'enterpriseNumber' } }],
        },
      },
    ],
  };
}
