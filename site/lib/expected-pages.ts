/**
 * Which pages and files a publication of a given register must contain, derived from the snapshot
 * alone: the site's routes and page sizes, owned by the site and read by the publisher (publish/).
 */
import type { PublicRegister } from '#domain/public-register.ts';
import { municipalityFeedPath, OPEN_DATA_FILES, providerFeedPath, ROBOTS_PATH, sitemapPaths } from '#domain/open-data.ts';

/** Providers per page of the full list (the site's pages and the publisher both read it here). */
export const LIST_PAGE_SIZE = 100;

/** How many list pages `count` providers take (at least one, even when empty). */
export function pagesFor(count: number): number {
  return Math.max(1, Math.ceil(count / LIST_PAGE_SIZE));
}

/**
 * Providers per page of a municipality or province: at
 * 10,000 providers a municipality has about 1,800, and one page of them all weighed 500–840 KB;
 * 250 rows keep a page well under 200 KB.
 */
export const PLACE_PAGE_SIZE = 250;

/** How many pages a municipality or province page with `count` providers takes (at least one). */
export function placePagesFor(count: number): number {
  return Math.max(1, Math.ceil(count / PLACE_PAGE_SIZE));
}

/** The path of page `page` of a paged list whose first page is at `base` ("/gemeenten/gent/"). */
export function pagedPath(base: string, page: number): string {
  return page === 1 ? base : `${base}pagina/${page}/`;
}

/** How many listed providers serve each municipality (by NIS code) and each province or region (by code). */
export function listedCounts(register: PublicRegister): { municipalities: Map<string, number>; areas: Map<string, number> } {
  const municipalities = new Map<string, number>();
  const areaOf = new Map(register.municipalities.map((m) => [m.nisCode, m.areaCode]));
  const areas = new Map<string, number>();
  for (const provider of register.providers) {
    if (!provider.listed) continue;
    const served = new Set<string>();
    for (const nis of provider.workingArea) {
      municipalities.set(nis, (municipalities.get(nis) ?? 0) + 1);
      const area = areaOf.get(nis);
      if (area) served.add(area);
    }
    for (const area of served) areas.set(area, (areas.get(area) ?? 0) + 1);
  }
  return { municipalities, areas };
}

/**
 * The site-relative paths of every HTML page the register should produce, followed by its
 * open-data files and feeds (the publication check finds a missing download as it finds a
 * missing page; pages are the paths that end in "/" or ".html").
 */
export function expectedPages(register: PublicRegister): string[] {
  return [...expectedHtmlPages(register), ...expectedOpenDataFiles(register)];
}

/** The site-relative paths of every HTML page the register should produce. */
export function expectedHtmlPages(register: PublicRegister): string[] {
  const listed = register.providers.filter((p) => p.listed).length;
  const listPages = pagesFor(listed);
  const archivePages = pagesFor(register.providers.length - listed);
  const counts = listedCounts(register);
  const paged = (base: string, count: number) => Array.from({ length: placePagesFor(count) }, (_, i) => pagedPath(base, i + 1));
  return [
    '/',
    '/404.html',
    '/erkenning/',
    '/toegankelijkheid/',
    '/contact/',
    '/hergebruik/',
    '/gemeenten/',
    '/provincies/',
    '/kaart/',
    '/zoeken/',
    '/dienstverleners/',
    ...Array.from({ length: listPages - 1 }, (_, i) => `/dienstverleners/pagina/${i + 2}/`),
    '/dienstverleners/niet-erkend/',
    ...Array.from({ length: archivePages - 1 }, (_, i) => `/dienstverleners/niet-erkend/pagina/${i + 2}/`),
    ...register.providers.map((p) => `/dienstverleners/${p.enterpriseNumber}/`),
    ...register.municipalities.flatMap((m) => paged(`/gemeenten/${m.slug}/`, counts.municipalities.get(m.nisCode) ?? 0)),
    ...register.areas.flatMap((a) => paged(`/provincies/${a.slug}/`, counts.areas.get(a.code) ?? 0)),
  ];
}

/** The site-relative paths of every open-data file, feed and crawler file the register should produce. */
export function expectedOpenDataFiles(register: PublicRegister): string[] {
  return [
    ...Object.values(OPEN_DATA_FILES).map((file) => file.path),
    ...register.municipalities.map(municipalityFeedPath),
    ...register.providers.map(providerFeedPath),
    ...sitemapPaths(expectedHtmlPages(register).filter((path) => path.endsWith('/')).length),
    ROBOTS_PATH,
  ];
}
