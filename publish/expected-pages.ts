/** Which pages and files a publication of a given register must contain, derived from the snapshot alone. */
import type { PublicRegister } from '../domain/public-register.ts';
import { municipalityFeedPath, OPEN_DATA_FILES, providerFeedPath, ROBOTS_PATH, sitemapPaths } from '../domain/open-data.ts';

/** Providers per page of the full list (must match site/lib/pagination.ts). */
export const LIST_PAGE_SIZE = 100;

/** How many list pages `count` providers take (at least one, even when empty). */
export function pagesFor(count: number): number {
  return Math.max(1, Math.ceil(count / LIST_PAGE_SIZE));
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
  return [
    '/',
    '/404.html',
    '/erkenning/',
    '/toegankelijkheid/',
    '/hergebruik/',
    '/gemeenten/',
    '/provincies/',
    '/dienstverleners/',
    ...Array.from({ length: listPages - 1 }, (_, i) => `/dienstverleners/pagina/${i + 2}/`),
    '/dienstverleners/niet-erkend/',
    ...Array.from({ length: archivePages - 1 }, (_, i) => `/dienstverleners/niet-erkend/pagina/${i + 2}/`),
    ...register.providers.map((p) => `/dienstverleners/${p.enterpriseNumber}/`),
    ...register.municipalities.map((m) => `/gemeenten/${m.slug}/`),
    ...register.areas.map((a) => `/provincies/${a.slug}/`),
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
