/**
 * The form an administrator registers an application with, read into the project's own schema
 * of a new application (db/commands/applications.ts). Municipalities are typed as names or
 * postcodes, like the provider's working-area form; the address's municipality follows from its
 * postcode.
 */
import { NewApplication } from '#db/commands/applications.ts';
import type { Area, Place } from '#db/queries/places.ts';
import { fieldTable, zodFieldErrors, type FieldError, type FieldOf } from './form-errors.ts';
import { optionalText, postedValues, typed, typedAll, wholeNumber, type FormValues } from './form-values.ts';
import { resolvePlaces } from './places.ts';

/** The number of coach rows the form offers. */
export const APPLICATION_COACH_ROWS = 4;

const TABLE = fieldTable({
  '': 'naam',
  submittedOn: 'ingediend-op',
  'organisation.name': 'naam',
  'organisation.enterpriseNumber': 'ondernemingsnummer',
  'organisation.street': 'straat',
  'organisation.postcode': 'postcode',
  'organisation.municipalityNis': 'postcode',
  'organisation.email': 'email',
  'organisation.phone': 'telefoon',
  'organisation.website': 'website',
  'organisation.contactPerson': 'contact-naam',
  'organisation.contactPerson.fullName': 'contact-naam',
  'organisation.contactPerson.email': 'contact-email',
  'organisation.contactPerson.phone': 'contact-telefoon',
  simplifiedCategory: 'categorie',
  experience: 'ervaring-motivering',
  'experience.motivation': 'ervaring-motivering',
  'experience.coaches': 'naam-begeleider-0',
  serviceArea: 'gemeenten',
  'serviceArea.municipalities': 'gemeenten',
  'serviceArea.totalPlaces': 'plaatsen',
  'serviceArea.motivation': 'gebied-motivering',
  declaration: 'ondertekenaar',
  'declaration.signedOn': 'ondertekend-op',
  'declaration.signatory': 'ondertekenaar',
});

/** The field of a path; a coach's path goes to its row in the form. */
function fieldOfRows(rowOf: number[]): FieldOf {
  return (path) => {
    const coach = /^experience\.coaches\.(\d+)\.(fullName|qualification)/.exec(path);
    if (coach) return `${coach[2] === 'fullName' ? 'naam' : 'kwalificatie'}-begeleider-${rowOf[Number(coach[1])] ?? 0}`;
    return TABLE(path);
  };
}

/** The field of a path in a refusal by the command (no coach rows involved). */
export const APPLICATION_FIELDS: FieldOf = TABLE;

/** The empty form, dated today. */
export function emptyApplication(today: string): FormValues {
  return { 'ingediend-op': today, 'ondertekend-op': today };
}

/** Reads the posted form into a new application, or the errors at their fields. */
export function readApplicationForm(form: FormData, places: readonly Place[], areas: readonly Area[]): { values: FormValues; application: NewApplication | null; errors: FieldError[] } {
  const values = postedValues(form);
  const errors: FieldError[] = [];
  const postcode = typed(form, 'postcode').trim();
  const home = places.find((p) => p.postcodes.includes(postcode));
  if (/^\d{4}$/.test(postcode) && !home) errors.push({ field: 'postcode', message: 'Dit is geen Vlaamse of Brusselse postcode.' });

  const { codes, unknown } = resolvePlaces(typed(form, 'gemeenten'), places);
  if (unknown.length > 0) errors.push({ field: 'gemeenten', message: `We vinden geen Vlaamse of Brusselse gemeente of postcode voor ${unknown.map((u) => `“${u}”`).join(', ')}. Controleer de schrijfwijze, of gebruik de postcode.` });
  const chosenAreas = new Set(typedAll(form, 'provincies'));
  const areaCodes = areas.filter((a) => chosenAreas.has(a.nameNl)).map((a) => a.code);
  const municipalities = [...new Set([...codes, ...places.filter((p) => areaCodes.includes(p.areaCode)).map((p) => p.nisCode)])].sort();

  const coaches: { fullName: string; qualification: string }[] = [];
  const rowOf: number[] = [];
  for (let row = 0; row < APPLICATION_COACH_ROWS; row++) {
    const fullName = typed(form, `naam-begeleider-${row}`).trim();
    const qualification = typed(form, `kwalificatie-begeleider-${row}`).trim();
    if (fullName === '' && qualification === '') continue;
    if (fullName === '') errors.push({ field: `naam-begeleider-${row}`, message: 'Vul de naam van deze begeleider in, of maak de rij helemaal leeg.' });
    if (qualification === '') errors.push({ field: `kwalificatie-begeleider-${row}`, message: 'Vul de kwalificatie van deze begeleider in, of maak de rij helemaal leeg.' });
    rowOf.push(row);
    coaches.push({ fullName, qualification });
  }
  const motivation = optionalText(typed(form, 'ervaring-motivering'));
  const category = typed(form, 'categorie');

  const input = {
    submittedOn: typed(form, 'ingediend-op'),
    organisation: {
      name: typed(form, 'naam'),
      enterpriseNumber: typed(form, 'ondernemingsnummer'),
      street: typed(form, 'straat'),
      postcode,
      municipalityNis: home?.nisCode ?? '',
      email: typed(form, 'email').trim(),
      phone: optionalText(typed(form, 'telefoon')) ?? null,
      website: optionalText(typed(form, 'website')) ?? null,
      contactPerson: { fullName: typed(form, 'contact-naam'), email: typed(form, 'contact-email').trim(), phone: optionalText(typed(form, 'contact-telefoon')) ?? null },
    },
    simplifiedCategory: category === '' ? null : category,
    experience: motivation || coaches.length > 0 ? { motivation: motivation ?? '', coaches } : null,
    serviceArea: { municipalities, totalPlaces: wholeNumber(typed(form, 'plaatsen')), motivation: typed(form, 'gebied-motivering') },
    declaration: { signedOn: typed(form, 'ondertekend-op'), signatory: typed(form, 'ondertekenaar') },
  };
  const parsed = NewApplication.safeParse(input);
  if (!parsed.success) {
    const fromSchema = zodFieldErrors(parsed.error, fieldOfRows(rowOf));
    // An unknown postcode was already said in plain words; the schema's "no municipality" adds nothing.
    errors.push(...fromSchema.filter((e) => !errors.some((o) => o.field === e.field)));
  }
  if (municipalities.length === 0 && unknown.length === 0 && !errors.some((e) => e.field === 'gemeenten')) errors.push({ field: 'gemeenten', message: 'Kies minstens één gemeente of provincie.' });
  const order = ['ingediend-op', 'naam', 'ondernemingsnummer', 'straat', 'postcode', 'email', 'telefoon', 'website', 'contact-naam', 'contact-email', 'contact-telefoon', 'categorie', 'ervaring-motivering'];
  const rank = (field: string) => {
    const i = order.indexOf(field);
    return i >= 0 ? i : field.includes('begeleider') ? order.length : field === 'provincie-0' || field === 'gemeenten' ? order.length + 1 : field === 'plaatsen' ? order.length + 2 : field === 'gebied-motivering' ? order.length + 3 : order.length + 4;
  };
  // The summary lists the errors in the order of the form.
  errors.sort((a, b) => rank(a.field) - rank(b.field));
  return { values, application: errors.length === 0 && parsed.success ? parsed.data : null, errors };
}
