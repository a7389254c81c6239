/**
 * Every refusal a form can meet, in plain Dutch, next to the field it is about. The project's
 * schemas (domain/change-reports.ts, db/commands/applications.ts) and commands speak English for
 * the API; this is the one place where their issues become sentences for people.
 */
import type { z } from 'zod';
import { RegisterError } from '#domain/register-error.ts';
import { dutchNumber, formatDutchDate, PROCEDURE_STATE_LABELS, RECONSIDERATION_DAYS, START_MARGIN_YEARS, type ProcedureState } from '#domain/rules/index.ts';

/** An error shown next to a field (its `id`), and linked from the summary at the top. */
export interface FieldError {
  field: string;
  message: string;
  /** Where the summary links to when the field is on another page (default: `#field`). */
  href?: string;
}

/** Which field of the form a path of the schema or command is about (paths without `payload.`). */
export type FieldOf = (path: string) => string | undefined;

/** A {@link FieldOf} from a table of paths; a deeper path ("coaches.2.fullName") falls back to a shorter one. */
export function fieldTable(table: Record<string, string>): FieldOf {
  return (path) => {
    const parts = path.split('.');
    while (parts.length > 0) {
      const field = table[parts.join('.')];
      if (field) return field;
      parts.pop();
    }
    return table[''];
  };
}

const date = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? formatDutchDate(iso) : iso);

/** The project's own schema messages, in Dutch. */
const SCHEMA_MESSAGES: [RegExp, string][] = [
  [/^a Belgian postcode has 4 digits$/, 'Een Belgische postcode heeft 4 cijfers, bijvoorbeeld 9000.'],
  [/^not a valid e-mail address$/, 'Vul een geldig e-mailadres in, bijvoorbeeld info@organisatie.be.'],
  [/^not a valid phone number: use only digits/, 'Een telefoonnummer bestaat uit cijfers. Gebruik geen letters; spaties, punten en een + vooraan mogen wel.'],
  [/^not a valid phone number/, 'Dit is geen geldig telefoonnummer. Schrijf bijvoorbeeld 09 123 45 67 of 0470 12 34 56. Een nummer uit het buitenland begint met + en het landnummer, bijvoorbeeld +31 20 123 4567.'],
  [/^not a valid http\(s\) address$/, 'Vul een geldig webadres in dat begint met https://.'],
  [/^give at least one field to change$/, 'Vul minstens één gegeven in dat verandert.'],
  [/^a working area needs at least one municipality or province$/, 'Kies minstens één gemeente of provincie.'],
  [/^not a valid enterprise number/, 'Dit is geen geldig ondernemingsnummer: 10 cijfers, bijvoorbeeld 0403.170.701.'],
  [/^a date written YYYY-MM-DD$/, 'Vul een geldige datum in.'],
  [/^a (municipality is given by its )?5-digit NIS code$/, 'Kies een bestaande gemeente.'],
  [/^without simplified registration/, 'Zonder vereenvoudigde registratie is het deel over ervaring verplicht: vul de motivering in.'],
  [/^cannot be empty$/, 'Vul dit veld in.'],
  [/^give the reason$/, 'Geef de reden.'],
  // domain/text.ts: characters a text cannot hold (mostly from copying and pasting).
  [/^contains a line break; this field is one line$/, 'Dit veld is één regel: laat de regeleinden weg.'],
  [/^contains a tab; this field is one line$/, 'Dit veld is één regel: laat de tabs weg.'],
  [/^contains a control character/, 'Deze tekst bevat een onzichtbaar stuurteken dat we niet kunnen bewaren. Typ de tekst opnieuw in plaats van hem te plakken.'],
  [/^contains (a broken character|U\+[0-9A-F]+, which is not a character)/, 'Deze tekst bevat een teken dat geen geldig teken is. Typ de tekst opnieuw in plaats van hem te plakken.'],
];

/** Messages of the commands' field problems (RegisterError), in Dutch. */
const COMMAND_FIELD_MESSAGES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^at most (\d+), the total number of places$/, (m) => `Hoogstens ${m[1]}: zoveel plaatsen hebt u in totaal.`],
  [/^at most (\d{4})$/, (m) => `Kies een jaar dat al begonnen is: ${m[1]} of vroeger.`],
  [/^at most (\d{4}-\d{2}-\d{2})$/, (m) => `Een stap kan niet later gedateerd worden dan vandaag (${date(m[1])}).`],
  [
    /^from (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})$/,
    (m) => `De erkenning kan ten vroegste ingaan op ${date(m[1])} en ten laatste op ${date(m[2])}: hoogstens ${dutchNumber(START_MARGIN_YEARS)} jaar vóór of na de beslissing.`,
  ],
  [/^on or after (\d{4}-\d{2}-\d{2})$/, (m) => `Ten vroegste op ${date(m[1])}.`],
  [/^not in the register$/, () => 'Deze organisatie staat niet in het register.'],
  [/^this is the provider itself$/, () => 'Uw eigen organisatie kan geen onderaannemer zijn.'],
  [/^subcontractors must themselves be recognised$/, () => 'Een onderaannemer moet zelf erkend zijn; deze organisatie is dat vandaag niet.'],
  [/^unknown postcode$/, () => 'Dit is geen Vlaamse of Brusselse postcode.'],
  [/^(no Flemish or Brussels municipality has NIS code|unknown NIS code)/, () => 'Deze gemeente kennen we niet.'],
  [/^use a province name or NIS code/, () => 'Deze provincie kennen we niet.'],
  [/^granted or refused$/, () => 'Kies de beslissing: erkend of geweigerd.'],
  [/^the day the provider was informed$/, () => 'Vul de datum in waarop de dienstverlener op de hoogte werd gebracht.'],
];

/** Messages of refusals without a field (mostly the procedure's), with the field they are about when there is one. */
const COMMAND_MESSAGES: [RegExp, (m: RegExpMatchArray) => { path: string; message: string }][] = [
  [/^A step cannot be dated (\S+), before the previous step \((\S+)\)\.$/, (m) => ({ path: 'on', message: `De datum mag niet vóór de vorige stap liggen (${date(m[2])}).` })],
  [
    /^Reconsideration had to be requested by (\S+), \d+ days after the provider was informed \((\S+)\)\.$/,
    (m) => ({ path: 'on', message: `Heroverweging kon gevraagd worden tot en met ${date(m[1])}: ${RECONSIDERATION_DAYS} dagen nadat de dienstverlener op de hoogte werd gebracht (${date(m[2])}).` }),
  ],
  [/^A decision to recognise must state the date/, () => ({ path: 'validFrom', message: 'Vul in vanaf welke datum de erkenning geldt.' })],
  [/^The provider cannot be informed of a decision before it was taken\.$/, () => ({ path: 'notifiedOn', message: 'De dienstverlener kan niet op de hoogte gebracht zijn vóór de beslissing.' })],
  [
    /^Step '\w+' is not allowed while the application is '(\w+)'/,
    (m) => ({ path: '', message: `Deze stap kan nu niet: de aanvraag staat intussen op “${PROCEDURE_STATE_LABELS[m[1] as ProcedureState] ?? m[1]}”. Bekijk de stappen die nu mogelijk zijn.` }),
  ],
  [/^Change report \S+ is not waiting for review \(its status is withdrawn\)/, () => ({ path: '', message: 'De dienstverlener heeft deze melding intussen ingetrokken: er valt niets meer te beoordelen.' })],
  [/^Change report \S+ is not waiting for review/, () => ({ path: '', message: 'Deze melding werd intussen al behandeld.' })],
  [
    /^Change report \S+ cannot be withdrawn: only a report waiting for review can be, and its status is (\w+)\.$/,
    (m) => ({ path: '', message: m[1] === 'withdrawn' ? 'U hebt deze melding al ingetrokken.' : `Deze melding kan niet meer ingetrokken worden: het departement heeft ze intussen ${m[1] === 'accepted' ? 'aanvaard' : m[1] === 'rejected' ? 'geweigerd' : 'verwerkt'}.` }),
  ],
  [/^Report the total capacity before the free places\.$/, () => ({ path: '', message: 'Meld eerst uw totale capaciteit; daarna kunt u vrije plaatsen melden.' })],
  [/^This Idempotency-Key was used for a different/, () => ({ path: '', message: 'Dit formulier werd al eens verstuurd. Open het opnieuw om nog een wijziging te melden.' })],
  [/^There is no /, () => ({ path: '', message: 'Dit werd niet gevonden; misschien werd het intussen verwijderd.' })],
];

/** One zod issue in Dutch. */
export function dutchIssueMessage(issue: z.core.$ZodIssue): string {
  for (const [pattern, message] of SCHEMA_MESSAGES) if (pattern.test(issue.message)) return message;
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) return 'Vul dit veld in.';
      if (issue.expected === 'number' || issue.expected === 'int') return 'Vul een geheel getal in, zonder punten of komma’s.';
      return 'Deze waarde is niet geldig.';
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') return minimum <= 1 ? 'Vul dit veld in.' : `Gebruik minstens ${minimum} tekens.`;
      if (issue.origin === 'array' || issue.origin === 'set') return minimum <= 1 ? 'Kies er minstens één.' : `Kies er minstens ${minimum}.`;
      return minimum === 0 ? 'Vul 0 of meer in; een negatief getal kan niet.' : `Vul ${minimum} of meer in.`;
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return `Gebruik hoogstens ${maximum.toLocaleString('nl-BE')} tekens.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Hoogstens ${maximum.toLocaleString('nl-BE')}.`;
      return `Vul ${maximum.toLocaleString('nl-BE')} of minder in.`;
    }
    case 'invalid_format':
      if (issue.format === 'email') return 'Vul een geldig e-mailadres in, bijvoorbeeld info@organisatie.be.';
      if (issue.format === 'url') return 'Vul een geldig webadres in dat begint met https://.';
      return 'Deze waarde heeft niet de juiste vorm.';
    case 'invalid_value':
      return 'Kies een van de mogelijkheden.';
    default:
      return 'Deze waarde is niet geldig.';
  }
}

/** Keeps the first error of each field: one message per field is easier to act on. */
function oncePerField(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.field) ? false : (seen.add(e.field), true)));
}

const withoutPayload = (path: string) => path.replace(/^payload\.?/, '');

/** The errors of a failed zod validation, each on its field. */
export function zodFieldErrors(error: z.ZodError, fieldOf: FieldOf): FieldError[] {
  return oncePerField(
    error.issues.map((issue) => {
      const path = withoutPayload(issue.path.map(String).join('.'));
      return { field: fieldOf(path) ?? fieldOf('')!, message: dutchIssueMessage(issue) };
    }),
  );
}

/**
 * The errors of a refusal by a command, each on its field; anything the table does not know is
 * still shown, in general Dutch words, on the form's first field.
 */
export function registerFieldErrors(error: RegisterError, fieldOf: FieldOf): FieldError[] {
  const errors: FieldError[] = [];
  for (const problem of error.fields) {
    const path = withoutPayload(problem.path);
    const known = COMMAND_FIELD_MESSAGES.find(([pattern]) => pattern.test(problem.message));
    const message = known ? known[1](problem.message.match(known[0])!) : SCHEMA_MESSAGES.find(([p]) => p.test(problem.message))?.[1] ?? 'Deze waarde werd niet aanvaard.';
    errors.push({ field: fieldOf(path) ?? fieldOf('')!, message });
  }
  if (errors.length === 0) {
    const known = COMMAND_MESSAGES.find(([pattern]) => pattern.test(error.message));
    const { path, message } = known ? known[1](error.message.match(known[0])!) : { path: '', message: 'Dit kon niet worden verwerkt. Controleer de gegevens en probeer opnieuw.' };
    errors.push({ field: fieldOf(path) ?? fieldOf('')!, message });
  }
  return oncePerField(errors);
}

/** Turns what a command threw into field errors, or throws it on when it is not a refusal (a bug). */
export function refusalErrors(error: unknown, fieldOf: FieldOf): FieldError[] {
  if (error instanceof RegisterError) return registerFieldErrors(error, fieldOf);
  throw error;
}
