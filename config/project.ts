/**
 * The project folder, and the digest of the code in it that a build is made from: the public
 * site's pages carry over only to a publication rendered by the same code (publish/site-code.ts),
 * and the portal is built once per version of its code (api/portal-build.ts).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder, where astro.config.mjs lives. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * SHA-256 (hex) over the names and contents of every file of `sources` (paths relative to the
 * project folder; a folder counts with everything under it, a missing one not at all), in the
 * order of their names. `salt` is hashed first (the portal adds the project's folder: its built
 * pages import the project's modules by their absolute address).
 */
export async function codeDigest(sources: readonly string[], salt = ''): Promise<string> {
  const files: string[] = [];
  for (const source of sources) {
    const path = join(PROJECT_ROOT, source);
    const entries = await readdir(path, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOTDIR') return null;
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    if (entries === null) files.push(path);
    else for (const entry of entries) if (entry.isFile()) files.push(join(entry.parentPath, entry.name));
  }
  const hash = createHash('sha256').update(salt).update('\0');
  for (const file of files.sort()) {
    hash.update(relative(PROJECT_ROOT, file)).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}
