/**
 * Checks the folders and files a setting names before anything is written there, so that a wrong
 * `DATA_DIR` or `DATABASE_URL` stops start-up at once with a message that names the setting.
 *
 * Node's recursive `mkdir` loops for ever under some special file systems (`/proc/x` spins at
 * 100% CPU), so a folder is made one level at a time, from the nearest one that exists.
 */
import { accessSync, constants, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Why a folder cannot be used, in words a person can act on; null when it can. */
export function folderProblem(path: string): string | null {
  const absolute = resolve(path);
  const missing: string[] = [];
  let existing = absolute;
  for (;;) {
    try {
      if (!statSync(existing).isDirectory()) return `${existing} is a file, not a folder`;
      break;
    } catch (error) {
      // ENOTDIR: a level above is a file; walking up finds it and says so.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return `${existing} cannot be read (${(error as Error).message})`;
      const parent = dirname(existing);
      if (parent === existing) return `no part of ${absolute} exists`;
      missing.unshift(existing);
      existing = parent;
    }
  }
  try {
    accessSync(existing, constants.W_OK);
    for (const folder of missing) {
      try {
        mkdirSync(folder);
      } catch (error) {
        // Another process starting at the same moment made it first: fine, if it is a folder.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(folder).isDirectory()) throw error;
      }
    }
    // Some file systems say "writable" and still refuse a file: try one.
    const probe = join(absolute, `.write-check-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
    return null;
  } catch (error) {
    return `${absolute} cannot be created or written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}
