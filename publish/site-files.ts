/**
 * The file work of building a site: measuring what a render wrote, moving it into the site, and
 * carrying files over from the publication online as hard links (a publication's files never
 * change once it is online, so the next one may share them).
 */
import { cp, readdir, rename, rm } from 'node:fs/promises';
import { cpSync, linkSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { inSlices } from './in-slices.ts';

/** A file of the publication online that its manifest names is gone: it cannot be built on. */
export class CarryOverError extends Error {}

/** Every file under `dir` with its size, by path relative to it ("/a/index.html"). */
export async function fileSizes(dir: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  await inSlices(entries, (entry) => {
    const file = join(entry.parentPath, entry.name);
    sizes.set('/' + relative(dir, file).split(sep).join('/'), statSync(file).size);
  });
  return sizes;
}

/**
 * Hard-links `files` (site paths) of the site in `from` into the site in `to` (copies them across
 * file systems); a file missing in `from` is a {@link CarryOverError}.
 */
export async function linkFiles(from: string, to: string, files: readonly string[]): Promise<void> {
  const folders = new Set<string>();
  await inSlices(files, (file) => {
    const target = join(to, file);
    const folder = dirname(target);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    try {
      linkSync(join(from, file), target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CarryOverError(`The publication online lacks ${file}; building everything anew.`);
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      cpSync(join(from, file), target);
    }
  });
}

/**
 * Moves a folder's content into another: moved whole where the other has nothing yet (also to
 * another file system), merged folder by folder where it has, files replacing files.
 */
export async function mergeDir(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EXDEV') {
      await cp(from, to, { recursive: true, force: true });
      await rm(from, { recursive: true, force: true });
      return;
    }
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  }
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) await mergeDir(source, target);
    else await rename(source, target).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EXDEV') throw error;
      await cp(source, target, { force: true });
    });
  }
}
