/**
 * The sitemap against the sitemaps.org XML Schemas (vendored in test/standards/sitemaps), checked
 * by libxml2: a site up to 50,000 pages gets one sitemap, a larger one a sitemap index whose parts
 * each stay within the limit, with each part dated by its latest page.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { validateXML, memoryPages } from 'xmllint-wasm';
import { sitemapFiles, type SitemapPage } from '#publish/open-data/sitemap.ts';
import { SITEMAP_MAX_URLS, sitemapPaths } from '#domain/open-data.ts';

const SITE_URL = 'https://register.example.be';
const standard = (name: string) => readFileSync(new URL(`../standards/sitemaps/${name}`, import.meta.url), 'utf8');

/** Validates XML files against one of the vendored schemas with libxml2; answers xmllint's errors (none when valid). */
async function schemaErrors(schema: string, files: [string, string][]): Promise<string[]> {
  const result = await validateXML({
    xml: files.map(([path, contents]) => ({ fileName: path.slice(1), contents })),
    schema: [{ fileName: schema, contents: standard(schema) }],
    maxMemoryPages: memoryPages.GiB,
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

/** `count` pages, the last one changed on a later day than the others. */
const pages = (count: number): SitemapPage[] =>
  Array.from({ length: count }, (_, i) => ({ path: `/dienstverleners/${String(i).padStart(10, '0')}/`, lastmod: i === count - 1 ? '2026-11-29' : '2026-11-27' }));

describe('the sitemap', () => {
  it('lists up to 50,000 pages in one file that the sitemap schema accepts', async () => {
    const files = sitemapFiles(pages(SITEMAP_MAX_URLS), SITE_URL);
    expect(files.map(([path]) => path)).toEqual(['/sitemap.xml']);
    expect(await schemaErrors('sitemap.xsd', files)).toEqual([]);
    expect(files[0][1].match(/<url>/g)).toHaveLength(SITEMAP_MAX_URLS);
  });

  it('becomes a sitemap index past 50,000 pages, each part within the limit and dated by its latest page', async () => {
    const all = pages(SITEMAP_MAX_URLS + 1);
    const files = sitemapFiles(all, SITE_URL);
    expect(files.map(([path]) => path)).toEqual(['/sitemap.xml', '/sitemap-1.xml', '/sitemap-2.xml']);
    expect(sitemapPaths(all.length)).toEqual(files.map(([path]) => path));
    const [[, index], ...parts] = files;
    expect(await schemaErrors('siteindex.xsd', [files[0]])).toEqual([]);
    expect(await schemaErrors('sitemap.xsd', parts)).toEqual([]);
    expect(index).toContain(`<sitemap><loc>${SITE_URL}/sitemap-1.xml</loc><lastmod>2026-11-27</lastmod></sitemap>`);
    expect(index).toContain(`<sitemap><loc>${SITE_URL}/sitemap-2.xml</loc><lastmod>2026-11-29</lastmod></sitemap>`);
    expect(parts.map(([, xml]) => xml.match(/<url>/g)!.length)).toEqual([SITEMAP_MAX_URLS, 1]);
    // Every page is in exactly one part.
    const listed = parts.flatMap(([, xml]) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]));
    expect(new Set(listed).size).toBe(all.length);
  });

  it('is checked for real: the schema refuses a sitemap with a day that is not a date', async () => {
    const [[path, xml]] = sitemapFiles(pages(2), SITE_URL);
    expect(await schemaErrors('sitemap.xsd', [[path, xml.replace('2026-11-27', 'gisteren')]])).not.toEqual([]);
  });
});
