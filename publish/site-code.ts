/**
 * The digest of the code a publication's pages are rendered with. A render key (site/lib/page-keys.ts)
 * covers the data a page shows, not how it shows it: a page is carried over from the publication
 * online only when that publication was rendered by the same code, so a changed template, style
 * or dependency renders every page again (and no carried page points at an asset that is gone).
 * The open data's code counts too: its feeds and downloads are shared with the publication online
 * only when the same code made them.
 */
import { codeDigest } from '#config/project.ts';

/** What the site's pages are made from, relative to the project folder: folders are read whole. */
const SITE_SOURCES = ['site', 'domain', 'db/reference-data', 'publish/render-site.ts', 'publish/open-data', 'astro.config.mjs', 'tsconfig.json', 'package-lock.json'];

/** SHA-256 over the names and contents of every file the site is built from. */
export function siteCodeDigest(): Promise<string> {
  return codeDigest(SITE_SOURCES);
}
