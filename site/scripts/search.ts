/**
 * The search box: the only JavaScript on the public site. It queries the Pagefind index built
 * with each publication; the municipality field takes a name or a postcode and becomes a filter,
 * so "9000" finds exactly the providers that serve Gent.
 */
interface PagefindResultData {
  url: string;
  meta: Record<string, string>;
}
interface PagefindApi {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(
    query: string | null,
    options?: { filters?: Record<string, string>; sort?: Record<string, 'asc' | 'desc'> },
  ): Promise<{ results: PagefindResult[] } | null>;
}
interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<PagefindResultData>;
}
interface MunicipalityEntry {
  n: string;
  p: string[];
  a: string;
}

const PAGE = 20;
const form = document.querySelector<HTMLFormElement>('#zoekformulier');
const statusLine = document.querySelector<HTMLElement>('#search-status');
const list = document.querySelector<HTMLOListElement>('#search-results');
const more = document.querySelector<HTMLButtonElement>('#search-more');
const municipalityInput = document.querySelector<HTMLInputElement>('#zoek-gemeente');
const municipalityError = document.querySelector<HTMLElement>('#zoek-gemeente-fout');

let shards: Promise<PagefindApi[]> | undefined;
let municipalities: Promise<MunicipalityEntry[]> | undefined;
let shown: PagefindResult[] = [];
let position = 0;

/**
 * The search index comes in shards, alphabetical ranges of provider names (so that a publication
 * re-indexes only the shard a change touched). Each shard is its own Pagefind bundle.
 */
function loadShards(): Promise<PagefindApi[]> {
  shards ??= fetch('/pagefind/shards.json')
    .then((response) => response.json() as Promise<{ shards: string[] }>)
    .then(({ shards: urls }) =>
      Promise.all(
        urls.map(async (url) => {
          const api = (await import(/* @vite-ignore */ `${url}pagefind.js`)) as PagefindApi;
          await api.options({ excerptLength: 0 });
          await api.init();
          return api;
        }),
      ),
    );
  return shards;
}

/** Searches every shard: results by relevance for a text search, else by name (shard after shard). */
async function searchAll(text: string, filters: Record<string, string>): Promise<PagefindResult[]> {
  const all = await loadShards();
  const found = await Promise.all(all.map((api) => api.search(text || null, { filters, sort: text ? undefined : { naam: 'asc' } })));
  const results = found.flatMap((search) => search?.results ?? []);
  return text ? results.sort((a, b) => b.score - a.score) : results;
}

function loadMunicipalities(): Promise<MunicipalityEntry[]> {
  municipalities ??= fetch('/zoeken/gemeenten.json').then((response) => response.json());
  return municipalities;
}

const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();

/** The municipality a person means by a name or postcode, or an explanation why none matches. */
async function resolveMunicipality(typed: string): Promise<{ name: string } | { error: string } | null> {
  const value = typed.trim();
  if (!value) return null;
  const all = await loadMunicipalities();
  if (/^\d{4}$/.test(value)) {
    const match = all.find((m) => m.p.includes(value));
    return match ? { name: match.n } : { error: `Geen Vlaamse of Brusselse gemeente heeft postcode ${value}.` };
  }
  const wanted = fold(value);
  const exact = all.find((m) => fold(m.n) === wanted);
  if (exact) return { name: exact.n };
  const starting = all.filter((m) => fold(m.n).startsWith(wanted));
  if (starting.length === 1) return { name: starting[0].n };
  if (starting.length > 1) return { error: `Meerdere gemeenten beginnen met ‘${value}’: ${starting.slice(0, 5).map((m) => m.n).join(', ')}. Vul de volledige naam in.` };
  return { error: `Geen gemeente gevonden voor ‘${value}’. Typ de naam van de gemeente of een postcode van 4 cijfers.` };
}

function showMunicipalityError(message: string | null) {
  if (!municipalityInput || !municipalityError) return;
  municipalityError.textContent = message ?? '';
  municipalityError.hidden = !message;
  municipalityInput.setAttribute('aria-invalid', message ? 'true' : 'false');
}

function resultItem(data: PagefindResultData): HTMLLIElement {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = data.url;
  link.textContent = data.meta.title ?? data.url;
  const heading = document.createElement('h3');
  heading.append(link);
  const meta = document.createElement('p');
  meta.className = 'result-meta';
  meta.textContent = [
    data.meta.plaats && `Gevestigd in ${data.meta.plaats}`,
    data.meta.vrij && `vrije plaatsen: ${data.meta.vrij}`,
    data.meta.tot && `erkend tot ${data.meta.tot}`,
  ]
    .filter(Boolean)
    .join(' · ');
  item.append(heading, meta);
  return item;
}

async function showMore() {
  if (!list || !more) return;
  const next = shown.slice(position, position + PAGE);
  const data = await Promise.all(next.map((result) => result.data()));
  for (const entry of data) list.append(resultItem(entry));
  position += next.length;
  more.hidden = position >= shown.length;
}

async function runSearch(event?: Event) {
  event?.preventDefault();
  if (!form || !statusLine || !list) return;
  const fields = new FormData(form);
  const text = String(fields.get('naam') ?? '').trim();
  const municipality = await resolveMunicipality(String(fields.get('gemeente') ?? ''));
  if (municipality && 'error' in municipality) {
    showMunicipalityError(municipality.error);
    statusLine.textContent = 'Controleer de gemeente of postcode.';
    municipalityInput?.focus();
    return;
  }
  showMunicipalityError(null);
  const filters: Record<string, string> = {};
  if (municipality) filters.gemeente = municipality.name;
  const province = String(fields.get('provincie') ?? '');
  if (province) filters.provincie = province;
  if (fields.get('vrij')) filters.capaciteit = 'Met vrije plaatsen';
  const category = String(fields.get('categorie') ?? '');
  if (category) filters.categorie = category;

  // Keep the search in the address, so it can be bookmarked or shared.
  const params = new URLSearchParams();
  for (const [key, value] of fields) if (String(value).trim()) params.set(key, String(value).trim());
  history.replaceState(null, '', params.size ? `?${params}#zoekresultaten` : location.pathname);

  statusLine.textContent = 'Bezig met zoeken…';
  shown = await searchAll(text, filters);
  position = 0;
  list.replaceChildren();
  const where = municipality ? ` in ${municipality.name}` : '';
  statusLine.textContent =
    shown.length === 0
      ? `Geen erkende dienstverleners gevonden${where}. Probeer minder filters.`
      : `${shown.length} erkende ${shown.length === 1 ? 'dienstverlener' : 'dienstverleners'} gevonden${where}.`;
  await showMore();
}

if (form && statusLine && list && more) {
  form.hidden = false;
  document.querySelector('#zoeken-zonder-js')?.setAttribute('hidden', '');
  form.addEventListener('submit', runSearch);
  more.addEventListener('click', () => void showMore());
  // Restore a search from the address (a shared link or the back button).
  const params = new URLSearchParams(location.search);
  let restored = false;
  for (const [key, value] of params) {
    const field = form.elements.namedItem(key);
    if (field instanceof HTMLInputElement && field.type === 'checkbox') field.checked = true;
    else if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) field.value = value;
    restored = true;
  }
  if (restored) void runSearch();
}

export {};
