/**
 * Serves the publication that is online: resolves `current` on every request, so a switch to a
 * new publication takes effect at once, without a restart. Node-only (reads the file system).
 */
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { readFile, readlink, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { openDataContentType } from '#domain/open-data.ts';
import { publicationsDir, publicationsOnDisk } from '#publish/build-publication.ts';

const NOT_PUBLISHED_YET = `<!doctype html><html lang="nl-BE"><head><meta charset="utf-8"><title>Register wordt klaargemaakt</title></head>
<body><main><h1>Het register wordt klaargemaakt</h1><p>De eerste publicatie van het register is nog bezig. Probeer het over enkele ogenblikken opnieuw.</p></main></body></html>`;

/**
 * What of the site other origins may read (CORS, see api/api-headers.ts): the open data, the
 * feeds and the sitemap are there to be reused; the pages are for people, read on this origin.
 */
export const OPEN_SITE_PATHS = ['/open-data/*', '/feeds/*', '/sitemap.xml'] as const;

/** A middleware that serves the current publication's static site. */
export function servePublication(dataDir: string): MiddlewareHandler {
  const root = publicationsDir(dataDir);
  const handlers = new Map<string, MiddlewareHandler>();
  const handlerFor = (siteDir: string) => {
    let handler = handlers.get(siteDir);
    if (!handler) {
      handler = serveStatic({
        root: siteDir,
        // Feeds and the change log have types the generic table does not know (.xml, .jsonl).
        onFound: (path, c) => {
          const type = openDataContentType(`/${relative(siteDir, path).split(sep).join('/')}`);
          if (type) c.header('Content-Type', type);
        },
      });
      handlers.set(siteDir, handler);
      if (handlers.size > 10) handlers.delete(handlers.keys().next().value!);
    }
    return handler;
  };

  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    let siteDir: string;
    try {
      const publication = await readlink(join(root, 'current'));
      siteDir = join(root, publication, 'site');
      // Pages that did not change are carried over from publication to publication unchanged, so
      // the page itself cannot say which publication served it: this header does.
      c.header('X-Register-Publication', publication);
    } catch {
      return c.html(NOT_PUBLISHED_YET, 503, { 'Retry-After': '5' });
    }
    const path = c.req.path;
    // Pages live at folder addresses ("/gemeenten/gent/"); send "/gemeenten/gent" there. Only
    // plain addresses inside the site are looked at: nothing malformed or climbing out of it.
    if (!path.endsWith('/') && extname(path) === '' && /^[\w/.-]+$/.test(path) && !path.includes('..')) {
      const isFolder = await stat(join(siteDir, path, 'index.html')).then(() => true, () => false);
      if (isFolder) {
        const query = new URL(c.req.url).search;
        return c.redirect(`${path}/${query}`, 301);
      }
    }
    c.header('Cache-Control', path.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    const response = await handlerFor(siteDir)(c, async () => {});
    if (response) return response;
    if (c.finalized) return;
    // A page served just before a switch may ask for its hashed assets just after it: look for
    // them in the publications still kept, so a visitor never gets a page without its styles.
    if (path.startsWith('/_astro/') || path.startsWith('/pagefind/')) {
      for (const id of await publicationsOnDisk(dataDir)) {
        const older = await handlerFor(join(root, id, 'site'))(c, async () => {});
        if (older) return older;
      }
    }
    const notFound = await readFile(join(siteDir, '404.html'), 'utf8').catch(() => '<h1>Pagina niet gevonden</h1>');
    return c.html(notFound, 404);
  };
}
