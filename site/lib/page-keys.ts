/**
 * Render keys: for every page with parameters, a digest of exactly the data it shows. The
 * publisher computes them from the snapshot before rendering and renders only the pages whose key
 * differs from the publication online (render-selection.ts); the others are carried over as they
 * are, and so is their place in the search index. A key that misses something a page shows would
 * leave a stale page online, so each key hashes whole records rather than picking fields, except
 * for table rows, which are exactly the fields `provider-rows.ts` prints. What a page links to is
 * part of what it shows: a page that disappears changes the key of every page linking to it.
 */
import { hash } from 'node:crypto';
import type { PublicProvider } from '#domain/public-register.ts';
import { LIST_PAGE_SIZE, PLACE_PAGE_SIZE, pagedPath, pagesFor, placePagesFor } from './expected-pages.ts';
import type { RegisterView } from './register-view.ts';
import { coverageClasses } from './coverage.ts';
import { areaPath, municipalityPath, providerPath, RECOGNISED_LIST_PATH, SEARCH_PATH, UNLISTED_LIST_PATH } from '#domain/site-paths.ts';

const digest = (text: string) => hash('sha256', text, 'base64url').slice(0, 22);

/** The site path of a paged list's page (page 1 is the list's own path). */
const listPagePath = (base: string, page: number) => (page === 1 ? base : `${base}pagina/${page}/`);

/** Computes the render key of every page with parameters, by site path (e.g. `/gemeenten/gent/`). */
export function computePageKeys(view: RegisterView): Map<string, string> {
  return computeKeys(view).render;
}

/**
 * The render keys, and each page's *content key*: the same digest without the day of the register
 * that every page's frame states, so that it changes only when what the page shows changes (the
 * sitemap's lastmod, see build-publication.ts). The content keys also cover the pages without
 * parameters (home, the overviews, the open-data page), with one key for the whole register:
 * they summarise it. Pages that show no register data at all get that key too (a conservative
 * choice: their lastmod moves with the register's).
 */
export function computeKeys(view: RegisterView): { render: Map<string, string>; content: Map<string, string> } {
  const { register } = view;
  // What every page shows: the frame (sample banner, the day of the register) and the reference data.
  const reference = JSON.stringify([register.isSample, register.areas, register.municipalities]);
  const shared = digest(JSON.stringify([register.today, reference]));
  const sharedContent = digest(reference);
  const records = new Map<string, string>();
  const recordOf = (p: PublicProvider) => {
    let key = records.get(p.enterpriseNumber);
    if (key === undefined) records.set(p.enterpriseNumber, (key = digest(JSON.stringify(p))));
    return key;
  };
  const rows = new Map<string, string>();
  const rowOf = (p: PublicProvider) => {
    let key = rows.get(p.enterpriseNumber);
    if (key === undefined) {
      const r = p.recognition;
      const home = view.homeMunicipality(p)?.nameNl ?? p.postcode;
      key = digest(JSON.stringify([p.enterpriseNumber, p.name, home, p.capacity, p.simplifiedCategory, r?.validUntil, r?.expiresSoon]));
      rows.set(p.enterpriseNumber, key);
    }
    return key;
  };
  const keys = new Map<string, string>();
  const content = new Map<string, string>();
  const set = (path: string, ...parts: unknown[]) => {
    const shown = JSON.stringify([path, ...parts]);
    keys.set(path, digest(`${shared}${shown}`));
    content.set(path, digest(`${sharedContent}${shown}`));
  };

  for (const provider of register.providers) {
    // The page names and links its subcontractors and contractors, with their recognition.
    const related = [...provider.subcontractors, ...provider.subcontractorOf].map((n) => {
      const other = view.providerByNumber.get(n);
      return other ? [n, other.name, other.listed, other.recognition] : [n];
    });
    set(providerPath(provider), recordOf(provider), related);
  }
  // A municipality's or province's page shows its slice of the list, the list's length and how
  // many of it have free places (the captions), and its first page the map.
  const coverage = view.coverage();
  for (const municipality of register.municipalities) {
    const entries = view.municipalityEntries(municipality);
    const figures = coverage.get(municipality.nisCode);
    const pageCount = placePagesFor(entries.length);
    for (let page = 1; page <= pageCount; page++) {
      const slice = entries.slice((page - 1) * PLACE_PAGE_SIZE, page * PLACE_PAGE_SIZE);
      set(pagedPath(municipalityPath(municipality), page), figures, pageCount, slice.map((e) => [rowOf(e.provider), e.distanceKm]));
    }
  }
  for (const area of register.areas) {
    const entries = view.providersInArea(area);
    const pageCount = placePagesFor(entries.length);
    const withFree = entries.filter((e) => (e.provider.capacity?.freePlaces ?? 0) > 0).length;
    // The first page's map shows how many providers serve each municipality of the province.
    const map = view.municipalitiesOf(area).map((m) => coverage.get(m.nisCode));
    for (let page = 1; page <= pageCount; page++) {
      const slice = entries.slice((page - 1) * PLACE_PAGE_SIZE, page * PLACE_PAGE_SIZE);
      set(pagedPath(areaPath(area), page), entries.length, withFree, pageCount, page === 1 ? [map, coverageClasses(coverage)] : null, slice.map((e) => [rowOf(e.provider), e.served, e.total]));
    }
  }
  const lists = [
    { base: RECOGNISED_LIST_PATH, providers: view.listedProviders, keyOf: rowOf },
    { base: UNLISTED_LIST_PATH, providers: view.unlistedProviders, keyOf: recordOf },
  ];
  for (const list of lists) {
    const pageCount = pagesFor(list.providers.length);
    for (let page = 1; page <= pageCount; page++) {
      const slice = list.providers.slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE);
      set(listPagePath(list.base, page), list.providers.length, pageCount, slice.map(list.keyOf));
    }
  }
  const whole = digest(JSON.stringify([sharedContent, register.providers.map(recordOf), register.log]));
  for (const path of PAGES_WITHOUT_PARAMETERS) if (!content.has(path)) content.set(path, whole);
  return { render: keys, content };
}

/** The pages without parameters (render-selection.ts renders them every time). */
const PAGES_WITHOUT_PARAMETERS = ['/', '/erkenning/', '/toegankelijkheid/', '/contact/', '/hergebruik/', '/gemeenten/', '/provincies/', '/kaart/', SEARCH_PATH, RECOGNISED_LIST_PATH, UNLISTED_LIST_PATH];
