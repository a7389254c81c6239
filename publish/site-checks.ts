/**
 * Checks a built site before it is switched in: every expected page and download is there, no
 * page is there that should not be, every internal link resolves, and no private value is in a
 * provider page, a download or a feed.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { inSlices } from './in-slices.ts';
import { join, relative, sep } from 'node:path';
import { TextScanner } from '#domain/text-scan.ts';
import { OPEN_DATA_FILES } from '#domain/open-data.ts';
import { pagePathOf, providerPageFile } from '#domain/site-paths.ts';

/** What a check found wrong; an empty list means the site may go online. */
export interface SiteProblems {
  missingPages: string[];
  unexpectedPages: string[];
  brokenLinks: { page: string; href: string }[];
}

/** Every file under `dir`, as site paths ("/gemeenten/gent/index.html"). */
export async function listSiteFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => '/' + relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}

/** The page path a file is served at (kept here for the checks' callers). */
export { pagePathOf };

/**
 * The internal link targets in a page: the values of `href` and `src` attributes that start with
 * one "/" (not "//"), without query or fragment. Found with indexOf rather than a regular
 * expression: the check reads every page of a full publication, hundreds of megabytes.
 */
export function* internalLinks(html: string): Generator<string> {
  const isSpace = (c: string) => c === ' ' || c === '\n' || c === '\t' || c === '\r';
  for (let at = html.indexOf('="/'); at !== -1; at = html.indexOf('="/', at + 3)) {
    const attribute = html.endsWith('href', at) ? 4 : html.endsWith('src', at) ? 3 : 0;
    if (attribute === 0 || !isSpace(html[at - attribute - 1] ?? '')) continue;
    if (html[at + 3] === '/') continue;
    let end = html.indexOf('"', at + 2);
    if (end === -1) end = html.length;
    let value = html.slice(at + 2, end);
    const cut = value.search(/[#?]/);
    if (cut !== -1) value = value.slice(0, cut);
    yield value;
  }
}

/**
 * The expected pages and downloads a site lacks, and the pages it has that the register does not
 * produce. `files` is every file of the site as the publisher knows it (what it wrote and what it
 * carried over), so the site need not be walked.
 */
export function checkFiles(expected: readonly string[], files: Iterable<string>): Pick<SiteProblems, 'missingPages' | 'unexpectedPages'> {
  const servable = new Set<string>();
  const pages: string[] = [];
  for (const file of files) {
    servable.add(file);
    servable.add(pagePathOf(file));
    if (file.endsWith('.html')) pages.push(pagePathOf(file));
  }
  const expectedSet = new Set(expected);
  return { missingPages: expected.filter((p) => !servable.has(p)), unexpectedPages: pages.filter((p) => !expectedSet.has(p)) };
}

/**
 * The internal links on `pages` (HTML files, site paths) whose target is not among `targets`
 * (site paths of files and pages). The publisher passes the pages written anew, and the paths
 * written anew plus every path the register should produce (each of those is checked to be
 * there by {@link checkFiles}), so links are checked while the downloads are still being written.
 */
export async function findBrokenLinks(dir: string, pages: Iterable<string>, targets: Iterable<string>): Promise<SiteProblems['brokenLinks']> {
  const servable = new Set<string>();
  for (const target of targets) {
    servable.add(target);
    servable.add(pagePathOf(target));
  }
  const broken: SiteProblems['brokenLinks'] = [];
  const resolved = new Set<string>();
  await inSlices(pages, (file) => {
    const html = readFileSync(join(dir, file), 'utf8');
    for (const href of internalLinks(html)) {
      if (resolved.has(href)) continue;
      const target = decodeURI(href);
      if (servable.has(target) || servable.has(`${target}/`)) resolved.add(href);
      else broken.push({ page: pagePathOf(file), href });
    }
  });
  return broken;
}

/** True when nothing is wrong. */
export function isClean(problems: SiteProblems): boolean {
  return problems.missingPages.length === 0 && problems.unexpectedPages.length === 0 && problems.brokenLinks.length === 0;
}

/**
 * The files that contain a private value: each provider page checked for that provider's values
 * (a provider page is rendered from the provider's public entry alone, so this is where a leak
 * would show), and the downloads checked for every provider's values, as written, as escaped in
 * XML and as escaped in JSON.
 */
export async function findPrivateValues(
  dir: string,
  privateValues: ReadonlyMap<string, readonly string[]>,
  /** What to read: the publisher checks the downloads as it writes them (see {@link privateValueScanner}). */
  where: 'pages' | 'downloads' | 'both' = 'both',
): Promise<string[]> {
  const leaks: string[] = [];
  if (where !== 'downloads') {
    await inSlices(privateValues, ([enterpriseNumber, values]) => {
      if (values.length === 0) return;
      const path = providerPageFile({ enterpriseNumber });
      let html: string;
      try {
        html = readFileSync(join(dir, path), 'utf8');
      } catch {
        return;
      }
      if (values.some((value) => html.includes(value) || html.includes(escapeForHtml(value)))) leaks.push(pagePathOf(path));
    });
  }
  const scanner = privateValueScanner(privateValues);
  if (scanner.empty || where === 'pages') return leaks;
  for (const path of DOWNLOAD_SOURCES) {
    const text = await readFile(join(dir, path), 'utf8').catch(() => null);
    if (text !== null && scanner.find(text).length > 0) leaks.push(path);
  }
  return leaks;
}

/**
 * A scanner for the private values in the downloads: each value as written, as escaped in XML
 * and as escaped in JSON, labelled with its provider's enterprise number.
 */
export function privateValueScanner(privateValues: ReadonlyMap<string, readonly string[]>): TextScanner<string> {
  const scanner = new TextScanner<string>();
  for (const [enterpriseNumber, values] of privateValues) {
    for (const value of values) for (const form of new Set([value, escapeForHtml(value), JSON.stringify(value).slice(1, -1)])) scanner.add(form, enterpriseNumber);
  }
  return scanner;
}

/**
 * The downloads every other download and feed is made from (publish/open-data/ reads nothing
 * else): the register and the change log. Checking these two covers them all, at a fraction of
 * the reading (the feeds alone are hundreds of files holding the same entries again).
 */
export const DOWNLOAD_SOURCES = [OPEN_DATA_FILES.registerJson.path, OPEN_DATA_FILES.log.path];

function escapeForHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
