/**
 * The words of the register an employer may not know: the abbreviations of the groups with
 * simplified registration (GTB, GOB, LDE), WSE, and the status words (verlopen, vervallen…).
 * The glossary on /erkenning/ lists them all, one id per term; wherever a page uses one, the word
 * links there, and an abbreviation carries its full name in `<abbr title>` on its first use on
 * the page. Figures come from the rules module. Pure.
 */
import { dutchNumber, EXPIRES_SOON_MONTHS, LAPSE_YEARS_WITHOUT_COACHING, RECOGNITION_YEARS, type RecognitionStatusName } from '#domain/rules/index.ts';
import { CATEGORY_SHORT_LABELS, type PublicProvider } from '#domain/public-register.ts';
import { escapeHtml } from './html.ts';

/** One entry of the glossary. */
export interface Term {
  /** The word as pages show it. */
  word: string;
  /** For an abbreviation: what it stands for (the `<abbr title>`). */
  full?: string;
  /** A short plain explanation (B1). */
  explanation: string;
}

/** Every term, in the order of the glossary; the key is the term's id on /erkenning/ after "begrip-". */
export const GLOSSARY = {
  erkend: {
    word: 'Erkend',
    explanation: 'De erkenning geldt vandaag. U kunt voor begeleiding op de werkvloer een beroep doen op deze dienstverlener.',
  },
  'nog-niet-van-kracht': {
    word: 'Nog niet van kracht',
    explanation: 'De minister heeft de erkenning toegekend, maar ze gaat pas later in. Tot die dag kunt u nog geen beroep doen op de dienstverlener.',
  },
  verlopen: {
    word: 'Verlopen',
    explanation: `De erkenning gold ${dutchNumber(RECOGNITION_YEARS)} jaar en die periode is voorbij. De dienstverlener kan een nieuwe erkenning aanvragen.`,
  },
  vervallen: {
    word: 'Vervallen',
    explanation: `De erkenning is vroeger gestopt, omdat de dienstverlener ${dutchNumber(LAPSE_YEARS_WITHOUT_COACHING)} opeenvolgende kalenderjaren geen enkele werknemer met een arbeidsbeperking begeleid heeft.`,
  },
  ingetrokken: {
    word: 'Ingetrokken',
    explanation: 'De overheid heeft de erkenning beëindigd, bijvoorbeeld omdat de dienstverlener niet meer aan de voorwaarden voldeed.',
  },
  stopgezet: {
    word: 'Stopgezet',
    explanation: 'De dienstverlener heeft zelf gevraagd om de erkenning te beëindigen.',
  },
  'verloopt-binnenkort': {
    word: `Verloopt binnen ${dutchNumber(EXPIRES_SOON_MONTHS)} maanden`,
    explanation: 'De erkenning geldt nog, maar de laatste dag komt dichtbij. Vraagt de dienstverlener geen nieuwe erkenning aan, dan stopt ze op die dag.',
  },
  'geldig-tot-en-met': {
    word: 'Geldig tot en met',
    explanation: 'De laatste dag waarop de erkenning geldt. Is de erkenning al voorbij, dan staat er "gold tot en met".',
  },
  volzet: {
    word: 'Volzet',
    explanation: 'De dienstverlener heeft op dit moment geen vrije plaatsen. Dat kan snel veranderen: de dienstverlener werkt het aantal zelf bij.',
  },
  'vereenvoudigde-registratie': {
    word: 'Vereenvoudigde registratie',
    explanation: 'Een GTB, GOB, maatwerkbedrijf of organisatie uit de LDE hoeft haar ervaring en haar begeleiders niet apart aan te tonen om erkend te worden.',
  },
  gtb: {
    word: 'GTB',
    full: 'gespecialiseerde trajectbepalings- en begeleidingsdienst',
    explanation: 'Een dienst die werkzoekenden met een arbeidsbeperking helpt om werk te vinden en te houden.',
  },
  gob: {
    word: 'GOB',
    full: 'gespecialiseerde opleidings-, begeleidings- en bemiddelingsdienst',
    explanation: 'Een dienst die mensen met een arbeidsbeperking opleidt, begeleidt en naar werk bemiddelt.',
  },
  maatwerkbedrijf: {
    word: 'Maatwerkbedrijf',
    explanation: 'Een bedrijf dat werk op maat geeft aan mensen die moeilijk werk vinden, onder wie mensen met een arbeidsbeperking.',
  },
  lde: {
    word: 'LDE',
    full: 'lokale diensteneconomie',
    explanation: 'Organisaties die mensen ver van de arbeidsmarkt werk geven in diensten voor de buurt, en hen zo naar ander werk helpen.',
  },
  wse: {
    word: 'WSE',
    full: 'Werk en Sociale Economie',
    explanation: 'Het Departement Werk en Sociale Economie van de Vlaamse overheid onderzoekt de aanvragen en houdt dit register bij.',
  },
} as const satisfies Record<string, Term>;

/** The key of a glossary term. */
export type TermKey = keyof typeof GLOSSARY;

/** The id of a term on /erkenning/. */
export const termId = (key: TermKey): string => `begrip-${key}`;
/** The address of a term's explanation. */
export const termHref = (key: TermKey): string => `/erkenning/#${termId(key)}`;

/** The glossary term of each recognition status. */
export const STATUS_TERMS: Record<RecognitionStatusName, TermKey> = {
  pending: 'nog-niet-van-kracht',
  active: 'erkend',
  expired: 'verlopen',
  lapsed: 'vervallen',
  withdrawn: 'ingetrokken',
  renounced: 'stopgezet',
};

/** The glossary term of each simplified-registration category. */
export const CATEGORY_TERMS: Record<NonNullable<PublicProvider['simplifiedCategory']>, TermKey> = {
  GTB: 'gtb',
  GOB: 'gob',
  MAATWERKBEDRIJF: 'maatwerkbedrijf',
  LDE: 'lde',
};

/**
 * A term as a link to its explanation; an abbreviation with its full name in `<abbr title>` when
 * `first` (its first use on the page). `text` replaces the word (another case, say).
 */
export function termHtml(key: TermKey, options: { first?: boolean; text?: string } = {}): string {
  const term: Term = GLOSSARY[key];
  const text = escapeHtml(options.text ?? term.word);
  const inner = term.full && options.first ? `<abbr title="${escapeHtml(term.full)}">${text}</abbr>` : text;
  return `<a class="term" href="${termHref(key)}">${inner}</a>`;
}

/**
 * Remembers which abbreviations a page (or one table of it) has used, so that only the first use
 * of each carries `<abbr title>`.
 */
export class TermUse {
  private readonly seen = new Set<TermKey>();

  /** The term as {@link termHtml} writes it, `first` on its first use here. */
  html(key: TermKey, text?: string): string {
    const first = !this.seen.has(key);
    this.seen.add(key);
    return termHtml(key, { first, text });
  }
}

/** The heading of the end of validity, the same on every list and page (the glossary explains it). */
export const VALID_UNTIL_HEADING = GLOSSARY['geldig-tot-en-met'].word;

/** The category of a provider in a list: the term linked to its explanation ("Nee" when none). */
export function categoryCell(category: PublicProvider['simplifiedCategory'], terms: TermUse): string {
  return category ? terms.html(CATEGORY_TERMS[category], CATEGORY_SHORT_LABELS[category]) : 'Nee';
}
