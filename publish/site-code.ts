/**
 * The digest of the code a publication's pages are rendered with. A render key (site/lib/page-keys.ts)
 * covers the data a page shows, not how it shows it: a page is carried over from the publication
 * online only when that publication was rendered by the same code, so a changed template, style
 * or dependency renders every page again (and no carried page points at an asset that is gone).
 * The open data's code counts too: its feeds and downloads are shared with the publication online
 * only when the same code made them.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** What the site's pages are made from, relative to the project folder: folders are read whole. */
const SITE_SOURCES = ['site', 'domain', 'db/reference-data', 'publish/render-site.ts', 'publish/open-data', 'astro.config.mjs', 'tsconfig.json', 'package-lock.json'];

/** SHA-256 over the names and contents of every file the site is built from. */
export async function siteCodeDigest(projectRoot: string): Promise<string> {
  const files: string[] = [];
  for (const source of SITE_SOURCES) {
    const path = join(projectRoot, source);
    const entries = await readdir(path, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOTDIR') return null;
      throw error;
    });
    if (entries === null) files.push(path);
    else for (const entry of entries) if (entry.isFile()) files.push(join(entry.parentPath, entry.name));
  }
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(relative(projectRoot, file)).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}
