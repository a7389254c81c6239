/**
 * The provider's change-report forms: one per kind, each read into the project's own request
 * schema (domain/change-reports.ts) so the web form and the API accept exactly the same reports.
 * What this adds is only the form side: field names, what the form starts with, and turning typed
 * text (municipality names, postcodes, rows of coaches) into the request.
 */
import { ChangeReportRequest } from '#domain/change-reports.ts';
import type { Area, Place } from '#db/queries/places.ts';
import type { ProviderCurrent } from '#db/queries/provider-current.ts';
import { formatEnterpriseNumber } from '#domain/enterprise-number.ts';
import { formatPhoneNumber, normalisedPhoneNumber } from '#domain/phone-number.ts';
import { yearOf, type CalendarDate } from '#domain/rules/index.ts';
import { fieldTable, zodFieldErrors, type FieldError, type FieldOf } from './form-errors.ts';
import { optionalText, postedValues, typed, typedAll, wholeNumber, type FormValues } from './form-values.ts';
import { pickerValues, resolvePlaces } from './places.ts';

/** A kind of change report. */
export type ReportKind = ChangeReportRequest['kind'];

/** The address of each kind's form, under /portaal/melden/. */
export const KIND_SLUGS: Record<ReportKind, string> = {
  working_area: 'werkingsgebied',
  capacity: 'capaciteit',
  free_places: 'vrije-plaatsen',
  coaches: 'begeleiders',
  subcontractors: 'onderaannemers',
  quality_registration: 'kwaliteitsregistratie',
  yearly_activity: 'jaarlijkse-activiteit',
  contact_details: 'contactgegevens',
  other: 'andere',
};

/** The kind of a form address, if it is one. */
export function kindOfSlug(slug: string | undefined): ReportKind | null {
  return (Object.entries(KIND_SLUGS).find(([, s]) => s === slug)?.[0] as ReportKind | undefined) ?? null;
}

/** What each form is for, in one sentence. */
export const KIND_PURPOSES: Record<ReportKind, string> = {
  working_area: 'De gemeenten waar u begeleiding op de werkvloer aanbiedt: uw hele nieuwe werkingsgebied.',
  capacity: 'Hoeveel werknemers u in totaal tegelijk kunt begeleiden.',
  free_places: 'Hoeveel plaatsen nu vrij zijn. Dit wordt meteen verwerkt, zonder beoordeling.',
  coaches: 'De volledige lijst van uw gekwalificeerde begeleiders. Hun namen worden nooit gepubliceerd, enkel hun aantal.',
  subcontractors: 'De erkende dienstverleners op wie u een beroep doet als onderaannemer.',
  quality_registration: 'De referentie van uw registratie in het kwaliteits- en registratiemodel van WSE.',
  yearly_activity: 'Hoeveel werknemers met een arbeidsbeperking u in een kalenderjaar begeleidde.',
  contact_details: 'Uw publieke contactgegevens: adres, e-mail, telefoon en website.',
  other: 'Elke andere wijziging die de erkenningsvoorwaarden kan raken, in uw eigen woorden.',
};

/** The number of rows the coaches form offers beyond the coaches known now. */
export const EMPTY_COACH_ROWS = 3;

/** What the forms need to know besides what was typed. */
export interface ReportFormContext {
  places: readonly Place[];
  areas: readonly Area[];
  today: CalendarDate;
  /** Providers that may be chosen as subcontractor: recognised today, the provider itself left out. */
  recognised: readonly { enterpriseNumber: string; name: string }[];
}

/** The provider's data now, to start each form from. */
export type CurrentEntry = ProviderCurrent;

/** Which field of each form a path of the schema (or of a command's refusal) is about. */
export const REPORT_FIELDS: Record<ReportKind, FieldOf> = {
  working_area: fieldTable({ '': 'gemeenten', municipalities: 'gemeenten', provinces: 'provincie-0' }),
  capacity: fieldTable({ '': 'plaatsen', totalPlaces: 'plaatsen' }),
  free_places: fieldTable({ '': 'vrije-plaatsen', freePlaces: 'vrije-plaatsen' }),
  coaches: (path) => {
    const match = /^coaches\.(\d+)\.(fullName|qualification)/.exec(path);
    return match ? `${match[2] === 'fullName' ? 'naam' : 'kwalificatie'}-${match[1]}` : 'naam-0';
  },
  subcontractors: fieldTable({ '': 'onderaannemer-0', enterpriseNumbers: 'onderaannemer-0' }),
  quality_registration: fieldTable({ '': 'referentie', reference: 'referentie' }),
  yearly_activity: fieldTable({ '': 'aantal', year: 'jaar', employeesCoached: 'aantal' }),
  contact_details: fieldTable({ '': 'straat', street: 'straat', postcode: 'postcode', email: 'email', phone: 'telefoon', website: 'website' }),
  other: fieldTable({ '': 'tekst', text: 'tekst' }),
};

/** The form as it opens: filled with what the register holds now, so a person changes only what changed. */
export function initialValues(kind: ReportKind, entry: CurrentEntry, ctx: ReportFormContext): FormValues {
  switch (kind) {
    case 'working_area': {
      const picker = pickerValues(entry.workingArea, ctx.places, ctx.areas);
      return { gemeenten: picker.text, provincies: picker.areas };
    }
    case 'capacity':
      return { plaatsen: entry.capacity ? String(entry.capacity.totalPlaces) : '' };
    case 'free_places':
      return { 'vrije-plaatsen': entry.capacity ? String(entry.capacity.freePlaces) : '' };
    case 'coaches':
      return Object.fromEntries(entry.coaches.flatMap((c, i) => [[`naam-${i}`, c.fullName], [`kwalificatie-${i}`, c.qualification]]));
    case 'subcontractors':
      return { onderaannemers: entry.subcontractors };
    case 'quality_registration':
      return { referentie: entry.qualityRegistration ?? '' };
    case 'yearly_activity':
      return { jaar: String(yearOf(ctx.today) - 1), aantal: '' };
    case 'contact_details':
      return { straat: entry.contact.street, postcode: entry.contact.postcode, email: entry.contact.email ?? '', telefoon: entry.contact.phone ? formatPhoneNumber(entry.contact.phone) : '', website: entry.contact.website ?? '' };
    case 'other':
      return { tekst: '' };
  }
}

/** How many coach rows a form shows. */
export function coachRows(values: FormValues): number {
  const filled = Object.keys(values).filter((k) => k.startsWith('naam-')).map((k) => Number(k.slice(5)));
  return (filled.length ? Math.max(...filled) + 1 : 0) + EMPTY_COACH_ROWS;
}

/** The outcome of reading a posted form: what was typed, and the request or the errors. */
export interface ReadReport {
  values: FormValues;
  request: ChangeReportRequest | null;
  errors: FieldError[];
}

/** Reads a posted form of `kind` into a change report request, validated by the project's schema. */
export function readReportForm(kind: ReportKind, form: FormData, entry: CurrentEntry, ctx: ReportFormContext): ReadReport {
  const values = postedValues(form);
  const errors: FieldError[] = [];
  let payload: unknown;
  // Maps the index of an item in the payload back to its row in the form (coaches).
  const rowOf: number[] = [];
  switch (kind) {
    case 'working_area': {
      const { codes, unknown } = resolvePlaces(typed(form, 'gemeenten'), ctx.places);
      if (unknown.length > 0) {
        const list = unknown.map((u) => `“${u}”`).join(', ');
        errors.push({ field: 'gemeenten', message: `We vinden geen Vlaamse of Brusselse gemeente of postcode voor ${list}. Controleer de schrijfwijze, of gebruik de postcode.` });
      }
      const chosenAreas = typedAll(form, 'provincies').filter((name) => ctx.areas.some((a) => a.nameNl === name));
      payload = { municipalities: codes, provinces: chosenAreas };
      break;
    }
    case 'capacity':
      payload = { totalPlaces: wholeNumber(typed(form, 'plaatsen')) };
      break;
    case 'free_places':
      payload = { freePlaces: wholeNumber(typed(form, 'vrije-plaatsen')) };
      break;
    case 'coaches': {
      const coaches: { fullName: string; qualification: string }[] = [];
      const rows = Math.min(coachRows(values), 1000 + EMPTY_COACH_ROWS);
      for (let row = 0; row < rows; row++) {
        const fullName = typed(form, `naam-${row}`).trim();
        const qualification = typed(form, `kwalificatie-${row}`).trim();
        if (fullName === '' && qualification === '') continue;
        if (fullName === '') errors.push({ field: `naam-${row}`, message: 'Vul de naam van deze begeleider in, of maak de rij helemaal leeg.' });
        if (qualification === '') errors.push({ field: `kwalificatie-${row}`, message: 'Vul de kwalificatie van deze begeleider in, of maak de rij helemaal leeg.' });
        rowOf.push(row);
        coaches.push({ fullName, qualification });
      }
      payload = { coaches };
      break;
    }
    case 'subcontractors': {
      const allowed = new Set(ctx.recognised.map((p) => p.enterpriseNumber));
      const chosen = typedAll(form, 'onderaannemers');
      // A subcontractor that is no longer recognised may still be ticked from before: the command says why it cannot stay.
      const known = chosen.filter((n) => allowed.has(n) || entry.subcontractors.includes(n));
      if (known.length < chosen.length) errors.push({ field: 'onderaannemer-0', message: 'Kies onderaannemers uit de lijst van erkende dienstverleners.' });
      payload = { enterpriseNumbers: known };
      break;
    }
    case 'quality_registration':
      payload = { reference: typed(form, 'referentie') };
      break;
    case 'yearly_activity':
      payload = { year: wholeNumber(typed(form, 'jaar')), employeesCoached: wholeNumber(typed(form, 'aantal')) };
      break;
    case 'contact_details': {
      // Only what differs from the register now is reported.
      const now: Record<string, string> = { street: entry.contact.street, postcode: entry.contact.postcode, email: entry.contact.email ?? '', phone: entry.contact.phone ?? '', website: entry.contact.website ?? '' };
      const typedValues: Record<string, string> = { street: typed(form, 'straat'), postcode: typed(form, 'postcode'), email: typed(form, 'email'), phone: typed(form, 'telefoon'), website: typed(form, 'website') };
      const changed: Record<string, string> = {};
      for (const [key, value] of Object.entries(typedValues)) {
        const text = optionalText(value);
        // A phone number is the same number however it is written ("09 200 10 10" is "+3292001010").
        const same = key === 'phone' && text !== undefined ? (normalisedPhoneNumber(text) ?? text) === (normalisedPhoneNumber(now.phone) ?? now.phone) : text === now[key];
        if (text !== undefined && !same) changed[key] = text;
      }
      payload = changed;
      break;
    }
    case 'other':
      payload = { text: typed(form, 'tekst') };
      break;
  }
  const parsed = ChangeReportRequest.safeParse({ kind, payload });
  if (!parsed.success) {
    const fieldOf: FieldOf = kind === 'coaches' ? (path) => REPORT_FIELDS.coaches(path.replace(/^coaches\.(\d+)/, (_, i) => `coaches.${rowOf[Number(i)] ?? 0}`)) : REPORT_FIELDS[kind];
    errors.push(...zodFieldErrors(parsed.error, fieldOf));
  }
  const unique = errors.filter((e, i) => errors.findIndex((o) => o.field === e.field) === i);
  return { values, request: unique.length === 0 && parsed.success ? parsed.data : null, errors: unique };
}

/** A recognised provider as a choice: "Name (0403.170.701)". */
export function choiceLabel(p: { enterpriseNumber: string; name: string }): string {
  return `${p.name} (${formatEnterpriseNumber(p.enterpriseNumber)})`;
}
