/**
 * The sitemap (every page of the publication with the day its content last changed) and
 * robots.txt (which points to it). Up to {@link SITEMAP_MAX_URLS} pages, `sitemap.xml` lists them
 * all; past that, as the sitemaps.org protocol asks, `sitemap.xml` is a sitemap index of
 * `sitemap-1.xml`, `sitemap-2.xml`, … (beside it at the root: a sitemap may only list addresses
 * under its own folder).
 */
import type { PublicRegister } from '#domain/public-register.ts';
import { SITEMAP_MAX_URLS, SITEMAP_PATH, sitemapPaths, unpublishableCharacter, UnpublishableTextError } from '#domain/open-data.ts';
import { expectedHtmlPages } from '#site/lib/expected-pages.ts';
import { absolute } from './identifiers.ts';

/** A URL as XML character data (a URL never holds what XML cannot, but the writer does not assume it). */
function xmlText(text: string): string {
  const codePoint = unpublishableCharacter(text);
  if (codePoint) throw new UnpublishableTextError(`the sitemap address ${JSON.stringify(text)}`, codePoint);
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One page of the sitemap: its site path and the day (YYYY-MM-DD) its content last changed. */
export interface SitemapPage {
  path: string;
  lastmod: string;
}

/** The pages a sitemap lists (every HTML page but the 404 page), with their days; a page without a known day gets `today`. */
export function sitemapPages(register: PublicRegister, lastChanged?: ReadonlyMap<string, string>): SitemapPage[] {
  return expectedHtmlPages(register)
    .filter((path) => path.endsWith('/'))
    .map((path) => ({ path, lastmod: lastChanged?.get(path) ?? register.today }));
}

const urlset = (pages: readonly SitemapPage[], siteUrl: string) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${pages
    .map((page) => `  <url><loc>${xmlText(absolute(siteUrl, page.path))}</loc><lastmod>${xmlText(page.lastmod)}</lastmod></url>`)
    .join('\n')}\n</urlset>\n`;

/** The sitemap files, as [site path, XML]: `sitemap.xml` alone, or an index and its parts. */
export function sitemapFiles(pages: readonly SitemapPage[], siteUrl: string, maxUrls = SITEMAP_MAX_URLS): [string, string][] {
  if (pages.length <= maxUrls) return [[SITEMAP_PATH, urlset(pages, siteUrl)]];
  const [, ...partPaths] = sitemapPaths(pages.length, maxUrls);
  const parts = partPaths.map((path, i) => ({ path, pages: pages.slice(i * maxUrls, (i + 1) * maxUrls) }));
  // A part's lastmod is the latest day among its pages: it changed when one of them did.
  const latest = (list: readonly SitemapPage[]) => list.reduce((day, page) => (page.lastmod > day ? page.lastmod : day), '');
  const index = `<?xml version="1.0" encoding="utf-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${parts
    .map((part) => `  <sitemap><loc>${xmlText(absolute(siteUrl, part.path))}</loc><lastmod>${xmlText(latest(part.pages))}</lastmod></sitemap>`)
    .join('\n')}\n</sitemapindex>\n`;
  return [[SITEMAP_PATH, index], ...parts.map((part): [string, string] => [part.path, urlset(part.pages, siteUrl)])];
}

/** robots.txt: everything may be crawled except the search index files; the sitemap is named. */
export function robotsTxt(siteUrl: string): string {
  return `User-agent: *\nAllow: /\nDisallow: /pagefind/\n\nSitemap: ${absolute(siteUrl, SITEMAP_PATH)}\n`;
}
