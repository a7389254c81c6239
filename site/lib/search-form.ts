/**
 * The search form, as HTML: the same on the home page, on the static search page and on the
 * results the register's server renders (server/search-page.ts), so that a search looks the same
 * however it was reached. A real GET form to /zoeken/: it works without JavaScript, and every
 * search has an address that can be bookmarked. Pure.
 */
import { escapeHtml } from './html.ts';
import { SEARCH_PATH } from '#domain/site-paths.ts';
import { CATEGORY_SHORT_LABELS, SIMPLIFIED_CATEGORIES, type SimplifiedCategory } from '#domain/public-register.ts';
import { CATEGORY_TERMS, GLOSSARY, type Term } from './glossary.ts';

/** What the form asks, as the query string names it. */
export interface SearchValues {
  gemeente: string;
  naam: string;
  provincie: string;
  categorie: string;
  vrij: boolean;
  volgorde: SearchOrder;
}

/** The orders a person can choose, by their value in the address. */
export const SEARCH_ORDERS = { vrij: 'Eerst met vrije plaatsen', afstand: 'Dichtst bij de werkplek', naam: 'Op naam' } as const;
/** One of {@link SEARCH_ORDERS}. */
export type SearchOrder = keyof typeof SEARCH_ORDERS;

/** What an abbreviation stands for, after it: a choice in a list cannot hold an `<abbr>`. */
function spelledOut(category: SimplifiedCategory): string {
  const term: Term = GLOSSARY[CATEGORY_TERMS[category]];
  return term.full ? `${term.word} (${term.full})` : term.word;
}

/** The simplified-registration choices, by their value in the address (the abbreviations spelled out). */
export const SEARCH_CATEGORIES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(SIMPLIFIED_CATEGORIES.map((c) => [CATEGORY_SHORT_LABELS[c], spelledOut(c)])),
  Geen: 'Geen (gewone registratie)',
};

/** An empty search. */
export const NO_SEARCH: SearchValues = { gemeente: '', naam: '', provincie: '', categorie: '', vrij: false, volgorde: 'vrij' };

/** What was asked, read from an address's query string (unknown values are ignored). */
export function searchValuesOf(query: URLSearchParams): SearchValues {
  const text = (name: string) => (query.get(name) ?? '').normalize('NFC').trim().slice(0, 100);
  const order = text('volgorde');
  const category = text('categorie');
  return {
    gemeente: text('gemeente'),
    naam: text('naam'),
    provincie: text('provincie'),
    categorie: category in SEARCH_CATEGORIES ? category : '',
    vrij: query.has('vrij'),
    volgorde: order in SEARCH_ORDERS ? (order as SearchOrder) : 'vrij',
  };
}

/** The address of a search (only what was filled in). */
export function searchAddress(values: SearchValues, page = 1): string {
  const query = new URLSearchParams();
  if (values.gemeente) query.set('gemeente', values.gemeente);
  if (values.naam) query.set('naam', values.naam);
  if (values.provincie) query.set('provincie', values.provincie);
  if (values.categorie) query.set('categorie', values.categorie);
  if (values.vrij) query.set('vrij', 'ja');
  if (values.volgorde !== 'vrij') query.set('volgorde', values.volgorde);
  if (page > 1) query.set('pagina', String(page));
  const text = query.toString();
  return text ? `${SEARCH_PATH}?${text}` : SEARCH_PATH;
}

/** A problem with the place, shown under its field: the message, and the places it may mean as links. */
export interface PlaceProblem {
  message: string;
  options: { label: string; href: string }[];
}

const option = (value: string, label: string, selected: boolean) => `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;

/** The form, filled with `values`; `areas` are the provinces and Brussels, `places` the names the browser may propose. */
export function searchFormHtml(options: { values: SearchValues; areas: readonly string[]; places: readonly string[]; problem?: PlaceProblem | null }): string {
  const { values, problem } = options;
  const v = (text: string) => escapeHtml(text);
  const described = problem ? 'zoek-gemeente-hint zoek-gemeente-fout' : 'zoek-gemeente-hint';
  const problemHtml = problem
    ? `<div class="field-error" id="zoek-gemeente-fout"><p>${v(problem.message)}</p>${
        problem.options.length > 0 ? `<ul class="choices">${problem.options.map((o) => `<li><a href="${v(o.href)}">${v(o.label)}</a></li>`).join('')}</ul>` : ''
      }</div>`
    : '';
  return `<form id="zoekformulier" class="search" role="search" method="get" action="/zoeken/">
<div class="place">
<label for="zoek-gemeente">Plaats van de werkplek</label>
<input id="zoek-gemeente" name="gemeente" type="text" list="plaatsen" autocomplete="off" value="${v(values.gemeente)}" aria-describedby="${described}"${problem ? ' aria-invalid="true"' : ''} />
<p class="hint" id="zoek-gemeente-hint">Een gemeente, deelgemeente of postcode, bijvoorbeeld Sint-Amandsberg of 9040.</p>
${problemHtml}
<datalist id="plaatsen">${options.places.map((name) => `<option value="${v(name)}"></option>`).join('')}</datalist>
</div>
<div>
<label for="zoek-naam">Naam van de dienstverlener (niet verplicht)</label>
<input id="zoek-naam" name="naam" type="search" value="${v(values.naam)}" />
</div>
<div>
<label for="zoek-provincie">Provincie</label>
<select id="zoek-provincie" name="provincie">${option('', 'Alle provincies', !values.provincie)}${options.areas.map((a) => option(a, a, values.provincie === a)).join('')}</select>
</div>
<div>
<label for="zoek-categorie">Vereenvoudigde registratie</label>
<select id="zoek-categorie" name="categorie">${option('', 'Alle dienstverleners', !values.categorie)}${Object.entries(SEARCH_CATEGORIES).map(([value, label]) => option(value, label, values.categorie === value)).join('')}</select>
</div>
<div>
<label for="zoek-volgorde">Volgorde</label>
<select id="zoek-volgorde" name="volgorde">${Object.entries(SEARCH_ORDERS).map(([value, label]) => option(value, label, values.volgorde === value)).join('')}</select>
</div>
<div class="check">
<input id="zoek-vrij" name="vrij" type="checkbox" value="ja"${values.vrij ? ' checked' : ''} />
<label for="zoek-vrij">Enkel met vrije plaatsen</label>
</div>
<div>
<button type="submit">Zoeken</button>
</div>
</form>`;
}
