/**
 * The build of the web pages for providers and administrators (the "portal"): a small Astro
 * project of on-demand pages (portal/, astro.portal.config.mjs). Unlike the public site, it does
 * not depend on the register's data, so it is built once per version of the code: when its build
 * is missing or its inputs changed, `register start` and the test harness build it before serving.
 * Node-only. Publications must not be built in the same process meanwhile (Astro builds change
 * the working directory): `register start` builds the portal before anything else.
 */
import { build as astroBuild } from 'astro';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeDigest, PROJECT_ROOT } from '#config/project.ts';
import type { PortalHandler } from './portal-site.ts';

/** The config file of the portal's Astro project. */
export const PORTAL_CONFIG = 'astro.portal.config.mjs';

/** What the portal's build depends on: its own sources, what it shares with the site, the config and the dependencies. */
const INPUTS = ['portal', 'site/layouts', 'site/components', 'site/styles', 'site/lib', PORTAL_CONFIG, 'package-lock.json'];

/** Where portal builds are kept: one folder per digest of their inputs. */
export function portalBuildsDir(): string {
  return join(PROJECT_ROOT, '.astro', 'portal-build');
}

/**
 * The digest of everything the build depends on. The project's folder is part of it: the built
 * pages import the project's modules (db/, domain/, …) by their absolute address.
 */
export async function portalDigest(): Promise<string> {
  return (await codeDigest(INPUTS, PROJECT_ROOT)).slice(0, 16);
}

const isReady = (dir: string) => stat(join(dir, READY)).then(() => true, () => false);
/** Written last into a finished build. */
const READY = '.ready';
/** A lock older than this was left by a process that died while building. */
const STALE_LOCK_MS = 10 * 60 * 1000;

/**
 * Builds the portal when its build for the current inputs is missing; returns the build's folder.
 * The build goes straight into its folder (Astro writes the folder's address into the build), so
 * a lock keeps two processes from building at once and a marker says when it is finished.
 */
export async function ensurePortalBuild(log: (message: string) => void = () => {}): Promise<string> {
  const root = portalBuildsDir();
  const digest = await portalDigest();
  const dir = join(root, digest);
  if (await isReady(dir)) return dir;
  await mkdir(root, { recursive: true });
  const lock = join(root, `.lock-${digest}`);
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (since > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
      if (await isReady(dir)) return dir;
    }
  }
  try {
    if (await isReady(dir)) return dir;
    log('Building the pages for providers and administrators (once per version of the code)…');
    await rm(dir, { recursive: true, force: true });
    const previousCwd = process.cwd();
    process.chdir(PROJECT_ROOT);
    try {
      await astroBuild({ root: PROJECT_ROOT, configFile: PORTAL_CONFIG, outDir: dir, logLevel: 'error', cacheDir: join(root, '.cache') });
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    } finally {
      process.chdir(previousCwd);
    }
    await writeFile(join(dir, READY), new Date().toISOString());
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
  // Builds of earlier versions of the code are of no use any more.
  for (const name of await readdir(root)) {
    if (name !== digest && !name.startsWith('.')) await rm(join(root, name), { recursive: true, force: true });
  }
  return dir;
}

/** The built portal: the Node handler of its pages and the folder of its assets. */
export interface Portal {
  handler: PortalHandler;
  assetsDir: string;
}

/** Builds the portal when needed and loads it. */
export async function loadPortal(log?: (message: string) => void): Promise<Portal> {
  const dir = await ensurePortalBuild(log);
  const entry = (await import(pathToFileURL(join(dir, 'server', 'entry.mjs')).href)) as { handler: PortalHandler };
  return { handler: entry.handler, assetsDir: join(dir, 'client') };
}
