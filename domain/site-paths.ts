/**
 * The addresses of the public site's pages, each defined once: the site renders its pages at
 * them, the publisher expects, carries over and checks them, and the open data, the API and the
 * portal link to them.
 */

/** The path of a provider's page. */
export const providerPath = (provider: { enterpriseNumber: string }) => `/dienstverleners/${provider.enterpriseNumber}/`;
/** The path of a municipality's page. */
export const municipalityPath = (municipality: { slug: string }) => `/gemeenten/${municipality.slug}/`;
/** The path of a province's (or the Brussels region's) page. */
export const areaPath = (area: { slug: string }) => `/provincies/${area.slug}/`;

/** The first page of the list of recognised providers. */
export const RECOGNISED_LIST_PATH = '/dienstverleners/';
/** The first page of the list of providers without a valid recognition. */
export const UNLISTED_LIST_PATH = '/dienstverleners/niet-erkend/';

/** The search page (answered by the register's server, from the publication's page as its frame). */
export const SEARCH_PATH = '/zoeken/';

/** Whether a site path is a provider's page. */
export const isProviderPage = (page: string) => /^\/dienstverleners\/\d{10}\/$/.test(page);

/** The file a page path is served from: "/a/" → "/a/index.html", "/404.html" stays. */
export function pageFileOf(page: string): string {
  return page.endsWith('/') ? `${page}index.html` : page;
}

/** The page path a file is served at: "/a/index.html" → "/a/". */
export function pagePathOf(file: string): string {
  return file.endsWith('/index.html') ? file.slice(0, -'index.html'.length) : file;
}

/** The file of a provider's page, as a site path ("/dienstverleners/0123456789/index.html"). */
export const providerPageFile = (provider: { enterpriseNumber: string }) => pageFileOf(providerPath(provider));
