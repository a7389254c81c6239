/**
 * Paging of the long lists: every recognised provider, and the providers without a valid
 * recognition. Short pages load fast, also on a phone.
 */
import { LIST_PAGE_SIZE, pagesFor } from '../../publish/expected-pages.ts';
import { listedProviders, unlistedProviders } from './register.ts';
import { selectPaths } from './render-selection.ts';
import type { PublicProvider } from '../../domain/public-register.ts';

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
export const recognisedList = pagedList('/dienstverleners/', listedProviders);
/** Every provider without one: ended, or not yet in force. */
export const archiveList = pagedList('/dienstverleners/niet-erkend/', unlistedProviders);

/** The providers on page `page` (1-based). */
export function providersOnPage(list: PagedList, page: number) {
  return list.providers.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
}

/** The path of page `page`. */
export function pagePath(list: PagedList, page: number): string {
  return page === 1 ? list.base : `${list.base}pagina/${page}/`;
}

/** The static paths of pages 2 and up, for getStaticPaths. */
export function laterPages(list: PagedList) {
  const pages = Array.from({ length: list.pageCount - 1 }, (_, i) => i + 2);
  return selectPaths(pages, (page) => pagePath(list, page)).map((page) => ({ params: { page: String(page) } }));
}
