/** The register as downloads: JSON (with its JSON Schema), CSV (with the schema of a row) and coverage CSV. */
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { LogEntrySchema } from '#domain/change-log.ts';
import {
  COVERAGE_COLUMNS,
  DATASET_TITLE,
  LICENCE,
  OpenDataRegisterSchema,
  OPEN_DATA_FILES,
  PUBLISHER,
  RegisterCsvRowSchema,
  spreadsheetCell,
  unpublishableCharacter,
  UnpublishableTextError,
  type OpenDataRegister,
  type RegisterCsvRow,
} from '#domain/open-data.ts';
import type { PublicRegister } from '#domain/public-register.ts';
import { absolute } from './identifiers.ts';
import { providerPath } from '#domain/site-paths.ts';

/** register.json as an object. */
export function registerDocument(register: PublicRegister): OpenDataRegister {
  return {
    title: DATASET_TITLE,
    publisher: PUBLISHER,
    licence: LICENCE.url,
    publicationId: register.publicationId ?? null,
    publishedAt: register.generatedAt,
    today: register.today,
    isSample: register.isSample,
    log: register.log,
    providers: register.providers.map(({ history: _history, ...record }) => record),
  };
}

/** register.json as text: one provider per line, so that two publications diff line by line. */
export function registerJson(document: OpenDataRegister): string {
  const { providers, ...head } = document;
  const opening = JSON.stringify({ ...head, providers: [] }).slice(0, -"[]}".length);
  return `${opening}[\n${providers.map((p) => JSON.stringify(p)).join(',\n')}\n]}\n`;
}

/** A JSON Schema (draft 2020-12) generated from a zod schema, with an id and a title. */
function jsonSchema(schema: z.ZodType, id: string, title: string): string {
  const generated = z.toJSONSchema(schema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return `${JSON.stringify({ $schema: generated.$schema, $id: id, title, ...generated }, null, 2)}\n`;
}

/** The JSON Schemas of register.json, of a row of register.csv and of a line of the log. */
export function schemaFiles(siteUrl: string): Record<string, string> {
  return {
    [OPEN_DATA_FILES.registerSchema.path]: jsonSchema(OpenDataRegisterSchema, absolute(siteUrl, OPEN_DATA_FILES.registerSchema.path), DATASET_TITLE),
    [OPEN_DATA_FILES.registerCsvSchema.path]: jsonSchema(RegisterCsvRowSchema, absolute(siteUrl, OPEN_DATA_FILES.registerCsvSchema.path), `${DATASET_TITLE}: één rij van register.csv`),
    [OPEN_DATA_FILES.logSchema.path]: jsonSchema(LogEntrySchema, absolute(siteUrl, OPEN_DATA_FILES.logSchema.path), 'Eén wijziging in het openbare logboek'),
  };
}

const CSV_COLUMNS = Object.keys(RegisterCsvRowSchema.shape) as (keyof RegisterCsvRow)[];

/** register.csv: one row per provider (UTF-8 with a byte-order mark, so spreadsheets read the accents). */
export function registerCsv(register: PublicRegister, siteUrl: string): string {
  const municipality = new Map(register.municipalities.map((m) => [m.nisCode, m.nameNl]));
  const rows: RegisterCsvRow[] = register.providers.map((p) => ({
    enterpriseNumber: p.enterpriseNumber,
    name: p.name,
    street: p.street,
    postcode: p.postcode,
    municipalityNis: p.municipalityNis,
    municipality: municipality.get(p.municipalityNis) ?? '',
    email: p.email ?? '',
    phone: p.phone ?? '',
    website: p.website ?? '',
    simplifiedCategory: p.simplifiedCategory ?? '',
    listed: String(p.listed) as 'true' | 'false',
    recognitionNumber: p.recognition?.recognitionNumber ?? '',
    recognitionStatus: p.recognition?.status ?? '',
    decisionDate: p.recognition?.decisionDate ?? '',
    validFrom: p.recognition?.validFrom ?? '',
    validUntil: p.recognition?.validUntil ?? '',
    endedOn: p.recognition?.endedOn ?? '',
    expiresSoon: String(p.recognition?.expiresSoon ?? false) as 'true' | 'false',
    totalPlaces: p.capacity ? String(p.capacity.totalPlaces) : '',
    freePlaces: p.capacity ? String(p.capacity.freePlaces) : '',
    capacityUpdatedAt: p.capacity?.updatedAt ?? '',
    coachCount: String(p.coachCount),
    municipalityCount: String(p.workingArea.length),
    subcontractors: [...p.subcontractors].sort().join(' '),
    page: absolute(siteUrl, providerPath(p)),
  }));
  // Every cell is checked and made safe for spreadsheets (SPREADSHEET_NOTE); every field is quoted.
  const cells = rows.map((row, i) =>
    Object.fromEntries(CSV_COLUMNS.map((column) => [column, cell(row[column], () => `provider ${register.providers[i].enterpriseNumber}, field ${column} of register.csv,`)])),
  );
  return `\uFEFF${stringify(cells, { header: true, columns: CSV_COLUMNS, record_delimiter: 'windows', quoted: true, quoted_empty: true })}`;
}

/** What werkingsgebieden.csv is made of, as text to digest: when this is the same, so is the file. */
export function coverageInputs(register: PublicRegister): string {
  const parts: string[] = [JSON.stringify([register.areas, register.municipalities])];
  for (const p of register.providers) parts.push(`${p.enterpriseNumber}\t${p.name}\t${p.listed}\t${p.workingArea.join(' ')}`);
  return parts.join('\n');
}

/**
 * A cell of a CSV download: refused when it holds what no download may carry (the register was
 * checked before anything was written; this keeps the writer honest on its own), else made safe
 * for spreadsheets (see SPREADSHEET_NOTE).
 */
function cell(value: string, where: () => string): string {
  const codePoint = unpublishableCharacter(value);
  if (codePoint) throw new UnpublishableTextError(where(), codePoint);
  return spreadsheetCell(value);
}

/** A CSV field, quoted as RFC 4180 writes it; every field is quoted (see SPREADSHEET_NOTE). */
const field = (value: string, where: () => string) => `"${cell(value, where).replace(/"/g, '""')}"`;

/**
 * werkingsgebieden.csv: one row per provider and municipality it serves. Written here rather
 * than with csv-stringify: at 10,000 providers it has over half a million rows, and the
 * library's per-row work would add seconds to every publication.
 */
export function coverageCsv(register: PublicRegister): string {
  const area = new Map(register.areas.map((a) => [a.code, a.nameNl]));
  const place = new Map(
    register.municipalities.map((m) => [m.nisCode, `${field(m.nameNl, () => `municipality ${m.nisCode}, field nameNl,`)},${field(area.get(m.areaCode) ?? '', () => `province ${m.areaCode}, field nameNl,`)}`]),
  );
  const lines = [COVERAGE_COLUMNS.map((column) => `"${column}"`).join(',')];
  for (const p of register.providers) {
    const head = `${field(p.enterpriseNumber, () => `provider ${p.enterpriseNumber}, field enterpriseNumber,`)},${field(p.name, () => `provider ${p.enterpriseNumber}, field name,`)}`;
    const listed = `"${p.listed}"`;
    for (const nisCode of [...p.workingArea].sort()) lines.push(`${head},"${nisCode}",${place.get(nisCode) ?? '"",""'},${listed}`);
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
