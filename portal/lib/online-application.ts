/**
 * Applying online in the five parts of the source page. Each part is a form of its own that saves
 * into the organisation's draft; the whole draft is read into the same schema of a new
 * application the administrators' form uses (`readApplicationForm`, NewApplication), so what is
 * missing is said in the same Dutch words, per part, before anything is sent. The enterprise
 * number is the one the person signed in for, the day of submission and of the declaration is
 * today, and the signatory is the person who declares.
 */
import type { NewApplication } from '#db/commands/applications.ts';
import type { DraftValues } from '#db/commands/application-drafts.ts';
import type { Area, Place } from '#db/queries/places.ts';
import { APPLICATION_COACH_ROWS, readApplicationForm } from './application-form.ts';
import { dutchIssueMessage, type FieldError } from './form-errors.ts';
import { postedValues } from './form-values.ts';

/** One part of the application. */
export interface ApplicationPart {
  number: 1 | 2 | 3 | 4 | 5;
  title: string;
  /** The names of its fields (as in the administrators' form). */
  fields: readonly string[];
}

const coachFields = Array.from({ length: APPLICATION_COACH_ROWS }, (_, row) => [`naam-begeleider-${row}`, `kwalificatie-begeleider-${row}`]).flat();

/** The five parts, as the source page lists them. */
export const APPLICATION_PARTS: readonly ApplicationPart[] = [
  { number: 1, title: 'Project-, contact- en organisatiegegevens', fields: ['naam', 'straat', 'postcode', 'email', 'telefoon', 'website', 'contact-naam', 'contact-email', 'contact-telefoon'] },
  { number: 2, title: 'Vereenvoudigde registratie', fields: ['categorie'] },
  { number: 3, title: 'Ervaring en begeleiders', fields: ['ervaring-motivering', ...coachFields] },
  { number: 4, title: 'Werkingsgebied en capaciteit', fields: ['provincies', 'gemeenten', 'plaatsen', 'gebied-motivering'] },
  { number: 5, title: 'Verklaring op eer', fields: ['verklaring'] },
];

/** What each field is called on its part's page, for the list of what is missing. */
const FIELD_LABELS: Record<string, string> = {
  naam: 'naam van de organisatie',
  straat: 'straat en nummer',
  postcode: 'postcode',
  email: 'e-mail van de organisatie',
  telefoon: 'telefoon',
  website: 'website',
  'contact-naam': 'naam van de contactpersoon',
  'contact-email': 'e-mail van de contactpersoon',
  'contact-telefoon': 'telefoon van de contactpersoon',
  categorie: 'vereenvoudigde registratie',
  'ervaring-motivering': 'motivering van uw ervaring',
  'provincie-0': 'werkingsgebied',
  provincies: 'werkingsgebied',
  gemeenten: 'gemeenten en postcodes',
  plaatsen: 'begeleidingscapaciteit',
  'gebied-motivering': 'motivering van het werkingsgebied en de capaciteit',
  verklaring: 'verklaring op eer',
};

/** "Deel 1, naam van de contactpersoon: Vul dit veld in.": an error said where it is, for a list on another page. */
export function whereAndWhat(error: FieldError): string {
  const coach = /^(naam|kwalificatie)-begeleider-(\d+)$/.exec(error.field);
  const label = coach ? `${coach[1] === 'naam' ? 'naam' : 'kwalificatie'} van begeleider ${Number(coach[2]) + 1}` : (FIELD_LABELS[error.field] ?? error.field);
  return `Deel ${partOf(error.field)}, ${label}: ${error.message}`;
}

/** The part a field belongs to (1 to 5). */
export function partOf(field: string): number {
  if (field === 'provincie-0') return 4;
  return APPLICATION_PARTS.find((p) => p.fields.includes(field))?.number ?? 1;
}

/** The schema's own message when part 3 is missing (NewApplication). */
const EXPERIENCE_REQUIRED = 'without simplified registration, the experience and coaches part is required';

/** The address of a part's page. */
export const partPath = (part: number) => `/portaal/aanvraag/deel-${part}/`;

/** The values of one part as posted (only its own fields). */
export function postedPart(form: FormData, part: ApplicationPart): DraftValues {
  const posted = postedValues(form);
  return Object.fromEntries(part.fields.filter((f) => posted[f] !== undefined).map((f) => [f, posted[f]]));
}

/** What a check of the whole draft finds: the application it makes, or the errors per part. */
export interface DraftCheck {
  application: NewApplication | null;
  errors: FieldError[];
  /** Errors by part number. */
  byPart: Map<number, FieldError[]>;
}

/** Reads the whole draft as the application it would be today. */
export function checkDraft(values: DraftValues, who: { enterpriseNumber: string; name: string }, today: string, places: readonly Place[], areas: readonly Area[]): DraftCheck {
  const form = new FormData();
  for (const [name, value] of Object.entries(values)) for (const v of [value].flat()) form.append(name, v);
  form.set('ingediend-op', today);
  form.set('ondernemingsnummer', who.enterpriseNumber);
  form.set('ondertekend-op', today);
  const declared = values.verklaring === 'ja';
  form.set('ondertekenaar', declared ? who.name : '');
  const read = readApplicationForm(form, places, areas);
  // The fields the person does not type (the day, the number, the signatory) are not theirs to correct.
  const errors = read.errors.filter((e) => !['ingediend-op', 'ondernemingsnummer', 'ondertekend-op', 'ondertekenaar'].includes(e.field));
  // The schema asks for part 3 only once the rest of the application holds; a person filling it
  // in wants to hear it at once.
  const experience = values['ervaring-motivering'];
  if (!values.categorie && (typeof experience !== 'string' || experience.trim() === '') && !errors.some((e) => e.field === 'ervaring-motivering')) {
    errors.push({ field: 'ervaring-motivering', message: dutchIssueMessage({ code: 'custom', message: EXPERIENCE_REQUIRED, path: [], input: undefined } as never) });
  }
  if (!declared) errors.push({ field: 'verklaring', message: 'Verklaar op eer dat de gegevens juist en volledig zijn: vink de verklaring aan.' });
  // In the order of the parts (the sort keeps the form's order within a part).
  errors.sort((a, b) => partOf(a.field) - partOf(b.field));
  const byPart = new Map<number, FieldError[]>();
  for (const error of errors) byPart.set(partOf(error.field), [...(byPart.get(partOf(error.field)) ?? []), error]);
  return { application: errors.length === 0 ? read.application : null, errors, byPart };
}
