/** sitemap.xml (every page of the publication) and robots.txt (which points to it). */
import type { PublicRegister } from '../../domain/public-register.ts';
import { SITEMAP_PATH } from '../../domain/open-data.ts';
import { expectedHtmlPages } from '../expected-pages.ts';
import { absolute } from './identifiers.ts';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** sitemap.xml: every HTML page of the publication (not the 404 page), with absolute addresses. */
export function sitemapXml(register: PublicRegister, siteUrl: string): string {
  const urls = expectedHtmlPages(register)
    .filter((path) => path.endsWith('/'))
    .map((path) => `  <url><loc>${escape(absolute(siteUrl, path))}</loc><lastmod>${register.today}</lastmod></url>`);
  return `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

/** robots.txt: everything may be crawled except the search index files; the sitemap is named. */
export function robotsTxt(siteUrl: string): string {
  return `User-agent: *\nAllow: /\nDisallow: /pagefind/\n\nSitemap: ${absolute(siteUrl, SITEMAP_PATH)}\n`;
}
