/** Paging of the full provider list: short pages load fast, also on a phone. */
import { LIST_PAGE_SIZE } from '../../publish/expected-pages.ts';
import { listedProviders } from './register.ts';

/** Providers per list page (one number, shared with the publication checks). */
export const PAGE_SIZE = LIST_PAGE_SIZE;

/** How many list pages there are (at least one, even when empty). */
export const pageCount = Math.max(1, Math.ceil(listedProviders.length / PAGE_SIZE));

/** The providers on list page `page` (1-based). */
export function providersOnPage(page: number) {
  return listedProviders.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
}

/** The path of list page `page`. */
export function listPagePath(page: number): string {
  return page === 1 ? '/dienstverleners/' : `/dienstverleners/pagina/${page}/`;
}
