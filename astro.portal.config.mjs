// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isAbsolute, relative, resolve, dirname } from 'node:path';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

/**
 * The project's own modules (db/, domain/, api/, server/, config/, publish/) stay outside the
 * portal's bundle: the built pages import them from the project at run time. Per-database state
 * no longer needs this (it lives on the database the server hands the pages, db/write-side.ts),
 * but the modules find their files next to themselves (import.meta.url: the migrations, the
 * reference data, the write thread, the publications' folder), which a bundle would move; and the
 * pages run the server's own code, one copy, so the portal is built once per version of the pages
 * rather than of the whole project. Only the pages and what the site shares with them (layouts,
 * styles, wording) are bundled.
 */
function projectModulesStayExternal() {
  return {
    name: 'register:project-modules-external',
    enforce: /** @type {const} */ ('pre'),
    /** @param {string} source @param {string | undefined} importer */
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !source.endsWith('.ts')) return null;
      const path = resolve(dirname(importer.split('?')[0]), source);
      const inProject = relative(ROOT, path);
      if (inProject.startsWith('..') || isAbsolute(inProject)) return null;
      const top = inProject.split(/[\\/]/)[0];
      if (top === 'portal' || top === 'site') return null;
      return { id: pathToFileURL(path).href, external: true };
    },
  };
}

/**
 * The web pages for providers and administrators: rendered on demand (they show the database as
 * it is now, per signed-in person), served by the register's own server through the Node
 * adapter in middleware mode. Built once per code version (see server/portal-build.ts), not per
 * publication; the public site keeps its own static config (astro.config.mjs).
 */
export default defineConfig({
  srcDir: './portal',
  publicDir: './portal/public',
  output: 'server',
  adapter: node({ mode: 'middleware' }),
  trailingSlash: 'ignore',
  // Assets under their own prefix: never mixed up with a publication's /_astro/ files.
  build: { assets: '_portaal', inlineStylesheets: 'never' },
  compressHTML: false,
  devToolbar: { enabled: false },
  // The register's server checks where every form post comes from (api/middleware/csrf.ts) and
  // answers in Dutch; Astro's own check would compare against the address it was reached on,
  // which is wrong behind a proxy that terminates HTTPS.
  security: { checkOrigin: false },
  vite: {
    plugins: [projectModulesStayExternal()],
    build: { assetsInlineLimit: 0 },
  },
});
