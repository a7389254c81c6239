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
  vite: {
    // The snapshot is read with node:fs at build time; nothing of it is bundled for the browser.
    build: { chunkSizeWarningLimit: 2000 },
  },
});
