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
  build: { format: 'directory' },
  // Keep whitespace between elements: without it Pagefind glues words together in excerpts.
  compressHTML: false,
  devToolbar: { enabled: false },
  // A page whose render key (site/lib/page-keys.ts) is unchanged since the previous build is
  // copied from Astro's cache instead of rendered again: this is what makes a publication after
  // one change take seconds instead of a minute.
  experimental: { incrementalBuild: true },
  vite: {
    // Scripts stay in their own files (never inlined), so the site runs under a strict
    // Content-Security-Policy with script-src 'self'.
    build: { assetsInlineLimit: 0 },
  },
});
