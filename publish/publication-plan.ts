/**
 * What a publication does, decided from the snapshot's page keys and the manifest of the
 * publication online alone (no files, no Astro): which pages render anew and in what order, which
 * are carried over from the publication online, which providers' private values are looked for,
 * which pages the link check reads, and the day each page's content last changed. The pipeline
 * (build-publication.ts) carries the plan out.
 */
import type { PublicRegister } from '#domain/public-register.ts';
import { isProviderPage, pageFileOf, pagePathOf, providerPageFile, providerPath } from '#domain/site-paths.ts';
import type { BuildManifest } from './publication-store.ts';

/** From this many provider pages to render, they render first, so that Pagefind indexes them while the other pages render. */
export const RENDER_PROVIDERS_FIRST_FROM = 2500;

/** What the plan is made from. */
export interface PlanInput {
  register: PublicRegister;
  /** The render key of every page with parameters, by site path (site/lib/page-keys.ts). */
  pageKeys: ReadonlyMap<string, string>;
  /** The content key of every page of the sitemap, by site path (site/lib/page-keys.ts). */
  contentKeys: ReadonlyMap<string, string>;
  /** The site paths of the sitemap's pages (open-data/sitemap.ts). */
  sitemapPages: readonly string[];
  /** Every page and file the publication must contain (expected-pages.ts). */
  expectedPages: readonly string[];
  /** Every HTML page the publication must contain (expected-pages.ts). */
  expectedHtmlPages: readonly string[];
  /** The digest of the code this build renders with (site-code.ts). */
  code: string;
  /** The manifest of the publication online, if there is one. */
  online: BuildManifest | null;
  /** Build everything anew (`register build --full`): nothing is carried over. */
  full?: boolean;
  /** From how many provider pages to render they render first (default {@link RENDER_PROVIDERS_FIRST_FROM}). */
  providersFirstFrom?: number;
}

/** What a publication renders, carries over and checks. */
export interface PublicationPlan {
  /** Whether it builds on the publication online (same code, not `full`); false: everything anew. */
  incremental: boolean;
  /** The pages with parameters to render, by site path; null: all of them. */
  render: readonly string[] | null;
  /**
   * The renders, in order (each a selection as {@link render}, null: every page). With many
   * provider pages to render they come first, and Pagefind starts on them while the rest renders.
   */
  phases: (readonly string[] | null)[];
  /** The enterprise numbers whose pages render anew (their private values are looked for, their search shards indexed). */
  changedProviders: Set<string>;
  /** Provider page files to carry over before the search index starts (when the renders come in two phases). */
  carryBeforeIndex: string[];
  /** Files to carry over once everything has rendered, unless a render wrote them: the other pages, and the assets online. */
  carryAfterRender: string[];
  /** Every page and file the publication must contain. */
  expected: readonly string[];
  /** Pages of the publication online that this one no longer has. */
  removedPages: string[];
  /** Whether the link check reads every page (a page is gone, so a carried page may link to it) or only the rendered ones. */
  checkEveryPage: boolean;
  /** For every page of the sitemap: its content key and the day that content last changed. */
  contentChanged: Record<string, [string, string]>;
}

/** Plans a publication; see {@link PublicationPlan}. */
export function planPublication(input: PlanInput): PublicationPlan {
  const { register, pageKeys, online: manifestOnline, code } = input;
  // Pages carry over only to a build of the same code.
  const online = !input.full && manifestOnline?.code === code ? manifestOnline : null;
  const render = online ? [...pageKeys].filter(([page, key]) => online.pageKeys[page] !== key).map(([page]) => page) : null;
  const selected = render ? new Set(render) : null;
  const changedProviders = new Set(register.providers.filter((p) => !selected || selected.has(providerPath(p))).map((p) => p.enterpriseNumber));

  // The search index needs only the provider pages: when there are many to render, they render
  // first, and Pagefind (a process of its own) indexes them while the other pages render.
  const toRender = render ?? [...pageKeys.keys()];
  const providerPages = toRender.filter(isProviderPage);
  const phases = providerPages.length >= (input.providersFirstFrom ?? RENDER_PROVIDERS_FIRST_FROM) ? [providerPages, toRender.filter((page) => !isProviderPage(page))] : [render];

  // Every page this build does not render is the page online, and so are the assets it refers to
  // (the same code makes the same assets; one missing from this build would break a carried page).
  const renderedFiles = new Set(toRender.map(pageFileOf));
  const carryBeforeIndex = online && phases.length > 1 ? register.providers.map(providerPageFile).filter((file) => !renderedFiles.has(file)) : [];
  const carriedFirst = new Set(carryBeforeIndex);
  const carryAfterRender = online
    ? [
        ...input.expectedHtmlPages.map(pageFileOf).filter((file) => !renderedFiles.has(file) && !carriedFirst.has(file)),
        ...Object.keys(online.files).filter((file) => file.startsWith('/_astro/')),
      ]
    : [];

  const expectedSet = new Set(input.expectedPages);
  const removedPages = online ? Object.keys(online.files).filter((f) => f.endsWith('.html')).map(pagePathOf).filter((page) => !expectedSet.has(page)) : [];

  return {
    incremental: online !== null,
    render,
    phases,
    changedProviders,
    carryBeforeIndex,
    carryAfterRender,
    expected: input.expectedPages,
    removedPages,
    checkEveryPage: removedPages.length > 0,
    contentChanged: contentChangedDays(input.contentKeys, input.sitemapPages, code, register.today, manifestOnline ?? undefined),
  };
}

/**
 * The day each page's content last changed: the day of the publication online when the page's
 * content key and the code are the same as there, else the register's day. A full build reads the
 * publication online for this too, so that it gives the same days as an incremental one; a build
 * with no publication online (a new data folder) knows no earlier day and gives every page its own.
 */
function contentChangedDays(contentKeys: ReadonlyMap<string, string>, pages: readonly string[], code: string, today: string, online: BuildManifest | undefined): Record<string, [string, string]> {
  const days: Record<string, [string, string]> = {};
  for (const page of pages) {
    const key = contentKeys.get(page);
    if (key === undefined) throw new Error(`The page ${page} has no content key (site/lib/page-keys.ts).`);
    const before = online?.code === code ? online.contentChanged[page] : undefined;
    days[page] = [key, before && before[0] === key ? before[1] : today];
  }
  return days;
}
