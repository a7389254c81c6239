/**
 * The search results, answered by the register's server: the only page of the public site made
 * on demand. It takes the search page of the publication online (`/zoeken/`, with the site's
 * frame, stylesheet and script), and puts between its markers the form as it was filled in and
 * the results: the place resolved (or the places it may be), and the providers serving it from
 * the database, in the order of the municipality pages, with the distance and contact data. So a
 * search works without JavaScript and has an address; with JavaScript the same address is shown
 * in place (site/scripts/search.ts). Every other page stays static and passes by untouched.
 * Node-only (reads the publication's page from disk).
 */
import { Hono, type Context } from 'hono';
import { RateLimiter, type RateLimit } from '#api/middleware/rate-limit.ts';
import { DEFAULT_RATE_LIMITS } from '#api/deps.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegisterDb } from '#db/client.ts';
import type { Clock } from '#config/clock.ts';
import { publicationsDir } from '#publish/build-publication.ts';
import { onlinePublicationId } from '#publish/publication-store.ts';
import { placeFinderOf } from '#db/queries/place-finder.ts';
import { listPlaces } from '#db/queries/places.ts';
import { listPublicProviders, type PublicProviderSummary } from '#db/queries/public-providers.ts';
import { RegisterError } from '#domain/register-error.ts';
import { calendarDateAt, expiresSoon, formatDutchDate } from '#domain/rules/index.ts';
import { CATEGORY_SHORT_LABELS, SIMPLIFIED_CATEGORIES, type SimplifiedCategory } from '#domain/public-register.ts';
import type { PublicProvider } from '#domain/public-register.ts';
import type { ProviderOrder } from '#domain/provider-order.ts';
import { searchAddress, searchFormHtml, searchValuesOf, type PlaceProblem, type SearchValues } from '#site/lib/search-form.ts';
import { SEARCH_CONTENT_END, SEARCH_CONTENT_START } from '#site/lib/search-markers.ts';
import { escapeHtml } from '#site/lib/html.ts';
import { capacityText, EXPIRES_SOON_LABEL, formatKm, formatPhoneNumber, phoneHref } from '#site/lib/format.ts';
import { municipalityPath, providerPath, SEARCH_PATH } from '#domain/site-paths.ts';
import { categoryCell, termHtml, TermUse, VALID_UNTIL_HEADING } from '#site/lib/glossary.ts';

/** Results per page. */
export const RESULTS_PAGE_SIZE = 20;

/** The query parameters of a search (an address with any of them on the home page is sent here). */
const SEARCH_PARAMETERS = ['gemeente', 'naam', 'provincie', 'categorie', 'vrij', 'volgorde', 'pagina'];

const ORDERS: Record<SearchValues['volgorde'], ProviderOrder> = { vrij: 'free', afstand: 'distance', naam: 'name' };
/** The category filter by its value in the address (a category's short label, or "Geen"). */
const CATEGORIES: Record<string, SimplifiedCategory | 'none'> = { ...Object.fromEntries(SIMPLIFIED_CATEGORIES.map((c) => [CATEGORY_SHORT_LABELS[c], c])), Geen: 'none' };

/** The search page of one publication, split around its markers. */
interface Shell {
  before: string;
  after: string;
  /** What follows the page's own title in `<title>` (" | Register …"). */
  titleSuffix: string;
}

const TOO_MANY = (seconds: number) => `<!doctype html><html lang="nl-BE"><head><meta charset="utf-8"><title>Te veel zoekopdrachten</title></head>
<body><main><h1>Te veel zoekopdrachten</h1><p>Van uw adres kwamen in korte tijd te veel zoekopdrachten. Probeer het over ${seconds} ${seconds === 1 ? 'seconde' : 'seconden'} opnieuw.</p></main></body></html>`;

/**
 * The routes of the search, to mount on the server after the security headers and before the
 * static site. Searches are counted per client address like the API's public reads (each asks the
 * database): over the limit, a Dutch page with 429 and Retry-After.
 */
export function searchSite(options: { db: RegisterDb; clock: Clock; dataDir: string; clientAddress?: (c: Context) => string | null; limit?: RateLimit }) {
  const app = new Hono();
  const limiter = new RateLimiter({ db: options.db }); // counted across every process on the database, like the API's
  const limit = options.limit ?? DEFAULT_RATE_LIMITS.perAddress;
  const root = publicationsDir(options.dataDir);
  const shells = new Map<string, Promise<Shell | null>>();
  const shellOf = (publication: string) => {
    let shell = shells.get(publication);
    if (!shell) {
      shell = readShell(join(root, publication, 'site', 'zoeken', 'index.html'));
      shells.set(publication, shell);
      if (shells.size > 5) shells.delete(shells.keys().next().value!);
    }
    return shell;
  };
  let reference: ReturnType<typeof listPlaces> | undefined;

  // Addresses of searches made on the home page before the search had a page of its own.
  app.get('/', async (c, next) => {
    const query = new URL(c.req.url).searchParams;
    if (!SEARCH_PARAMETERS.some((name) => query.has(name))) return next();
    return c.redirect(searchAddress(searchValuesOf(query)), 301);
  });

  app.get(SEARCH_PATH, async (c, next) => {
    const publication = await onlinePublicationId(options.dataDir);
    const shell = publication ? await shellOf(publication) : null;
    // Before the first publication, or one without this page: the static site says what there is to say.
    if (!publication || !shell) return next();
    const address = options.clientAddress?.(c) ?? null;
    const wait = address === null ? 0 : limiter.hit(`search:${address}`, limit);
    if (wait > 0) return c.html(TOO_MANY(wait), 429, { 'Retry-After': String(wait) });
    const query = new URL(c.req.url).searchParams;
    reference ??= listPlaces(options.db);
    reference.catch(() => (reference = undefined));
    const { places, areas } = await reference;
    const today = calendarDateAt(options.clock.now());
    const page = Math.max(1, Math.min(10_000, Number.parseInt(query.get('pagina') ?? '1', 10) || 1));
    const { title, html } = await renderSearch(options.db, searchValuesOf(query), page, today, {
      areas: areas.map((a) => a.nameNl),
      places: places.map((p) => p.nameNl),
    });
    c.header('X-Register-Publication', publication);
    c.header('Cache-Control', 'no-cache');
    return c.html(`${shell.before.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}${shell.titleSuffix}</title>`)}${html}${shell.after}`);
  });
  return app;
}

async function readShell(file: string): Promise<Shell | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (!text) return null;
  const start = text.indexOf(SEARCH_CONTENT_START);
  const end = text.indexOf(SEARCH_CONTENT_END);
  const title = /<title>([^<]*)<\/title>/.exec(text);
  if (start < 0 || end < start || !title) return null;
  const suffix = title[1].indexOf(' | ');
  return { before: text.slice(0, start), after: text.slice(end + SEARCH_CONTENT_END.length), titleSuffix: suffix >= 0 ? title[1].slice(suffix) : '' };
}

/** The form as filled in and the results of a search, as HTML, with the page's title. */
export async function renderSearch(
  db: RegisterDb,
  values: SearchValues,
  page: number,
  today: string,
  lists: { areas: string[]; places: string[] },
): Promise<{ title: string; html: string }> {
  const form = (problem: PlaceProblem | null) => searchFormHtml({ values, ...lists, problem });
  const intro = '<h1>Zoek een erkende dienstverlener</h1>';
  const finder = await placeFinderOf(db);
  const answer = values.gemeente ? finder.resolve(values.gemeente) : null;
  if (answer && answer.status !== 'found' && answer.status !== 'empty') {
    const options = answer.status === 'ambiguous' ? answer.choices : answer.status === 'suggestions' ? answer.suggestions : [];
    const problem: PlaceProblem = {
      message: answer.message,
      options: options.map((o) => ({ label: o.label, href: searchAddress({ ...values, gemeente: o.label }) })),
    };
    const status = answer.status === 'ambiguous' ? 'Kies de plaats van de werkplek.' : 'Controleer de plaats van de werkplek.';
    return {
      title: `Fout: ${answer.status === 'ambiguous' ? 'kies de plaats' : 'plaats niet gevonden'} – zoeken`,
      html: `${intro}${form(problem)}<section id="zoekresultaten" aria-labelledby="resultaten-titel"><h2 id="resultaten-titel" tabindex="-1">Resultaten</h2><p id="search-status" role="status">${status}</p></section>`,
    };
  }
  const place = answer?.status === 'found' ? answer : null;
  const order = ORDERS[values.volgorde] === 'distance' && !place ? 'free' : ORDERS[values.volgorde];
  let result: Awaited<ReturnType<typeof listPublicProviders>>;
  try {
    result = await listPublicProviders(db, {
      near: place ? values.gemeente : undefined,
      name: values.naam || undefined,
      province: values.provincie || undefined,
      capacity: values.vrij ? 'available' : undefined,
      category: values.categorie ? CATEGORIES[values.categorie] : undefined,
      sort: order,
      page,
      pageSize: RESULTS_PAGE_SIZE,
    });
  } catch (error) {
    if (!(error instanceof RegisterError)) throw error;
    return {
      title: 'Fout: controleer de zoekopdracht – zoeken',
      html: `${intro}${form(null)}<section id="zoekresultaten" aria-labelledby="resultaten-titel"><h2 id="resultaten-titel" tabindex="-1">Resultaten</h2><p id="search-status" role="status">Deze zoekopdracht kan niet: kies een provincie uit de lijst.</p></section>`,
    };
  }
  const where = place ? ` in ${place.place.municipality.nameNl}` : '';
  const total = result.total;
  const status =
    total === 0
      ? `Geen erkende dienstverleners gevonden${where}. Probeer minder filters.`
      : `${total.toLocaleString('nl-BE')} erkende ${total === 1 ? 'dienstverlener' : 'dienstverleners'} gevonden${where}.`;
  const first = (page - 1) * RESULTS_PAGE_SIZE + 1;
  const last = first + result.items.length - 1;
  const orderWords =
    order === 'free' ? (place ? 'eerst wie nu vrije plaatsen heeft, dan wie het dichtst bij is' : 'eerst wie nu vrije plaatsen heeft') : order === 'distance' ? 'wie het dichtst bij is eerst' : 'op naam';
  const parts = [
    intro,
    form(null),
    '<section id="zoekresultaten" aria-labelledby="resultaten-titel">',
    '<h2 id="resultaten-titel" tabindex="-1">Resultaten</h2>',
    `<p id="search-status" role="status">${escapeHtml(status)}</p>`,
    place?.understood ? `<p class="understood">${escapeHtml(place.understood)}</p>` : '',
    values.volgorde === 'afstand' && !place ? '<p class="hint">Vul de plaats van de werkplek in om op afstand te sorteren.</p>' : '',
    result.items.length > 0 ? resultsTable(result.items, { caption: `Dienstverleners ${first} tot ${last} van ${total.toLocaleString('nl-BE')}, ${orderWords}`, distanceFrom: place?.place.name ?? null, from: place?.place.municipality.nisCode ?? null, today }) : '',
    pager(values, page, Math.ceil(total / RESULTS_PAGE_SIZE)),
    place ? `<p><a href="${escapeHtml(municipalityPath(place.place.municipality))}">Alle erkende dienstverleners in ${escapeHtml(place.place.municipality.nameNl)}</a> · <a href="/kaart/">Kaart van alle gemeenten</a></p>` : '',
    '</section>',
  ];
  return {
    title: place ? `Zoekresultaten voor ${place.place.label}` : values.naam ? `Zoekresultaten voor ${values.naam}` : 'Zoekresultaten',
    html: parts.join('\n'),
  };
}

/** The results, in the columns of the municipality pages, with the distance and contact data. */
function resultsTable(items: readonly PublicProviderSummary[], options: { caption: string; distanceFrom: string | null; from: string | null; today: string }): string {
  const e = escapeHtml;
  const terms = new TermUse();
  // The provider page says whether it works in the municipality searched for (site/scripts/works-in.ts).
  const query = options.from ? `?gemeente=${encodeURIComponent(options.from)}` : '';
  const rows = items.map((p) => {
    const until = e(formatDutchDate(p.recognition.validUntil)) + (expiresSoon(p.recognition.validUntil, options.today) ? ` (${termHtml('verloopt-binnenkort', { text: EXPIRES_SOON_LABEL })})` : '');
    const contact = [
      p.phone ? `<a href="${e(phoneHref(p.phone))}">${e(formatPhoneNumber(p.phone))}</a>` : '',
      p.email ? `<a href="mailto:${e(p.email)}">${e(p.email)}</a>` : '',
    ].filter(Boolean);
    return (
      `<tr><th scope="row"><a href="${providerPath(p)}${query}">${e(p.name)}</a><span class="seat-line">gevestigd in ${e(p.address.municipality)}</span></th>` +
      (options.distanceFrom !== null ? `<td data-label="Afstand" class="num">${p.distanceKm === undefined ? '' : formatKm(p.distanceKm)}</td>` : '') +
      `<td data-label="Vrije plaatsen" class="num">${capacityText(p.capacity)}</td>` +
      `<td data-label="Contact" class="contact">${contact.length > 0 ? contact.join('<br />') : 'geen'}</td>` +
      `<td data-label="Vereenvoudigde registratie">${categoryCell(p.simplifiedCategory as PublicProvider['simplifiedCategory'], terms)}</td>` +
      `<td data-label="${VALID_UNTIL_HEADING}">${until}</td></tr>`
    );
  });
  return `<table class="providers results">
<caption>${e(options.caption)}</caption>
<thead><tr><th scope="col">Dienstverlener</th>${options.distanceFrom !== null ? `<th scope="col" class="num">Afstand tot ${e(options.distanceFrom)}</th>` : ''}<th scope="col" class="num">Vrije plaatsen</th><th scope="col">Contact</th><th scope="col">Vereen&shy;voudigde registratie</th><th scope="col">${VALID_UNTIL_HEADING}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

/** Links to the previous and next page of results, each an address of its own. */
function pager(values: SearchValues, page: number, pageCount: number): string {
  if (pageCount <= 1) return '';
  const links = [
    page > 1 ? `<a href="${escapeHtml(searchAddress(values, page - 1))}" rel="prev">Vorige ${RESULTS_PAGE_SIZE}</a>` : '',
    `<span>Pagina ${page} van ${pageCount}</span>`,
    page < pageCount ? `<a href="${escapeHtml(searchAddress(values, page + 1))}" rel="next">Volgende ${RESULTS_PAGE_SIZE}</a>` : '',
  ];
  return `<nav class="pager" aria-label="Paginering van de resultaten">${links.filter(Boolean).join('')}</nav>`;
}
