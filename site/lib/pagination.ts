/**
 * Paging of the long lists: every recognised provider, and the providers without a valid
 * recognition. Short pages load fast, also on a phone.
 */
import { LIST_PAGE_SIZE, PLACE_PAGE_SIZE, pagedPath, pagesFor, placePagesFor } from './expected-pages.ts';
import { areaPath, listedProviders, municipalityPath, register, registerView, unlistedProviders } from './register.ts';
import { selectPaths } from './render-selection.ts';
import type { PublicProvider } from '#domain/public-register.ts';
import { RECOGNISED_LIST_PATH, UNLISTED_LIST_PATH } from '#domain/site-paths.ts';
export { PLACE_PAGE_SIZE };

/** Providers per list page (one number, shared with the publication checks). */
export const PAGE_SIZE = LIST_PAGE_SIZE;

/** A paged list of providers. */
export interface PagedList {
  /** The path of the first page; later pages are at `${base}pagina/N/`. */
  base: string;
  providers: readonly PublicProvider[];
  pageCount: number;
}

function pagedList(base: string, providers: readonly PublicProvider[]): PagedList {
  return { base, providers, pageCount: pagesFor(providers.length) };
}

/** Every provider with an active recognition. */
export const recognisedList = pagedList(RECOGNISED_LIST_PATH, listedProviders);
/** Every provider without one: ended, or not yet in force. */
export const archiveList = pagedList(UNLISTED_LIST_PATH, unlistedProviders);

/** The providers on page `page` (1-based). */
export function providersOnPage(list: PagedList, page: number) {
  return list.providers.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
}

/** The path of page `page`. */
export function pagePath(list: PagedList, page: number): string {
  return pagedPath(list.base, page);
}

/** One page of a municipality's or province's providers. */
export interface PlacePage {
  /** The code of the municipality (NIS) or province. */
  code: string;
  page: number;
  pageCount: number;
  /** The index of the first entry of the page in the whole list. */
  from: number;
  to: number;
}

/** The pages of a list of `count` entries at `base`, for getStaticPaths (only those this build renders). */
function placePages(base: string, code: string, count: number): PlacePage[] {
  const pageCount = placePagesFor(count);
  return Array.from({ length: pageCount }, (_, i) => ({ code, page: i + 1, pageCount, from: i * PLACE_PAGE_SIZE, to: Math.min(count, (i + 1) * PLACE_PAGE_SIZE), base }))
    .filter((p) => selectPaths([p], (entry) => pagedPath(entry.base, entry.page)).length > 0)
    .map(({ base: _base, ...page }) => page);
}

/** Every page of every municipality (page 1 at /gemeenten/<slug>/, then …/pagina/N/). */
export function municipalityPages(later: boolean): { params: { slug: string; page?: string }; props: PlacePage }[] {
  return register.municipalities.flatMap((m) =>
    placePages(municipalityPath(m), m.nisCode, registerView.providersServing(m).length)
      .filter((p) => (later ? p.page > 1 : p.page === 1))
      .map((p) => ({ params: later ? { slug: m.slug, page: String(p.page) } : { slug: m.slug }, props: p })),
  );
}

/** Every page of every province and of Brussels. */
export function areaPages(later: boolean): { params: { slug: string; page?: string }; props: PlacePage }[] {
  return register.areas.flatMap((a) =>
    placePages(areaPath(a), a.code, registerView.providersInArea(a).length)
      .filter((p) => (later ? p.page > 1 : p.page === 1))
      .map((p) => ({ params: later ? { slug: a.slug, page: String(p.page) } : { slug: a.slug }, props: p })),
  );
}

/** The static paths of pages 2 and up, for getStaticPaths. */
export function laterPages(list: PagedList) {
  const pages = Array.from({ length: list.pageCount - 1 }, (_, i) => i + 2);
  return selectPaths(pages, (page) => pagePath(list, page)).map((page) => ({ params: { page: String(page) } }));
}
