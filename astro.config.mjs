// @ts-check
import { defineConfig } from 'astro/config';

/**
 * The public site. It is built from one snapshot of the register (see publish/), so the output
 * folder is chosen per publication by the build pipeline rather than here.
 */
export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  output: 'static',
  trailingSlash: 'always',
  // Several pages at a time: one at a time, the renderer waits on every page's folder and file.
  // Stylesheets always as files: the pages' Content-Security-Policy (style-src 'self') blocks a <style>.
  build: { format: 'directory', concurrency: 4, inlineStylesheets: 'never' },
  // Keep whitespace between elements: without it Pagefind glues words together in excerpts.
  compressHTML: false,
  devToolbar: { enabled: false },
  vite: {
    // Scripts stay in their own files (never inlined), so the site runs under a strict
    // Content-Security-Policy with script-src 'self'.
    build: { assetsInlineLimit: 0 },
  },
});
