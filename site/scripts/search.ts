/**
 * The search form, enhanced: it works without this script (a GET form to /zoeken/, answered by
 * the register's server), and with it the same address is shown in place, without a page load:
 * the results page is fetched, its content put where the page's content was, and the address
 * changed to that of the search, so it can be bookmarked, shared and gone back to. While a place
 * is typed, the names it may be are proposed (the place search of the API).
 */

import { SEARCH_PATH } from '#domain/site-paths.ts';

const MAIN = 'main > .wrap';
let latest = 0;

/** Shows the page at `address` in place of the current content. */
async function show(address: string, push: boolean): Promise<void> {
  const asked = ++latest;
  const status = document.querySelector<HTMLElement>('#search-status') ?? document.querySelector<HTMLElement>('#zoek-bezig');
  if (status) status.textContent = 'Bezig met zoeken…';
  let response: Response;
  try {
    response = await fetch(address, { headers: { Accept: 'text/html' } });
  } catch {
    // Offline or the server gone: the browser's own navigation says so better.
    location.assign(address);
    return;
  }
  const html = await response.text();
  // A later search overtook this one.
  if (asked !== latest) return;
  const page = new DOMParser().parseFromString(html, 'text/html');
  const content = page.querySelector(MAIN);
  const current = document.querySelector(MAIN);
  if (!content || !current) {
    location.assign(address);
    return;
  }
  current.replaceWith(document.adoptNode(content));
  document.title = page.title;
  if (push) history.pushState({ search: true }, '', address);
  enhance();
  // Where a person goes on: the place to correct, else the results.
  const invalid = document.querySelector<HTMLInputElement>('#zoek-gemeente[aria-invalid="true"]');
  const results = document.querySelector<HTMLElement>('#resultaten-titel');
  if (invalid) invalid.focus();
  else results?.focus();
}

/** The address of the search the form describes (only what was filled in). */
function addressOf(form: HTMLFormElement): string {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    const text = String(value).trim();
    if (text && !(name === 'volgorde' && text === 'vrij')) query.set(name, text);
  }
  const text = query.toString();
  return text ? `${SEARCH_PATH}?${text}` : SEARCH_PATH;
}

let proposals: AbortController | null = null;
let typing: ReturnType<typeof setTimeout> | undefined;

interface PlaceAnswer {
  place: { label: string } | null;
  choices: { label: string }[];
  suggestions: { label: string }[];
}

/** Proposes the places what was typed may be, in the field's list. */
function propose(input: HTMLInputElement): void {
  clearTimeout(typing);
  typing = setTimeout(async () => {
    const typed = input.value.trim();
    const list = document.querySelector<HTMLDataListElement>('#plaatsen');
    if (!list || typed.length < 2 || /^\d{1,3}$/.test(typed)) return;
    proposals?.abort();
    proposals = new AbortController();
    try {
      const response = await fetch(`/api/v1/places?q=${encodeURIComponent(typed)}`, { signal: proposals.signal });
      if (!response.ok) return;
      const answer = (await response.json()) as PlaceAnswer;
      const labels = [answer.place, ...answer.choices, ...answer.suggestions].filter((p) => p !== null).map((p) => p.label);
      list.replaceChildren(...labels.map((label) => Object.assign(document.createElement('option'), { value: label })));
    } catch {
      // Proposals are a help; the search works without them.
    }
  }, 150);
}

/** Marks the form as handled here (the tests wait for it). */
function enhance(): void {
  const form = document.querySelector<HTMLFormElement>('#zoekformulier');
  if (form) form.dataset.enhanced = 'true';
}

document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.id !== 'zoekformulier') return;
  event.preventDefault();
  void show(addressOf(form), true);
});

document.addEventListener('click', (event) => {
  // Links to another search (a suggested place, the next page of results) are shown in place too.
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest?.('a');
  if (!link || link.origin !== location.origin || link.pathname !== SEARCH_PATH || !link.closest('#zoekformulier, #zoekresultaten')) return;
  event.preventDefault();
  void show(link.pathname + link.search, true);
});

document.addEventListener('input', (event) => {
  if (event.target instanceof HTMLInputElement && event.target.id === 'zoek-gemeente') propose(event.target);
});

// Back and forward between searches, and back to the page the first search was made on.
window.addEventListener('popstate', () => void show(location.pathname + location.search, false));
history.replaceState({ search: true }, '');
enhance();

export {};
