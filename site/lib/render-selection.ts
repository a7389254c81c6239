/**
 * Which pages with parameters a build renders. The publisher computes every page's render key
 * from the snapshot before rendering (page-keys.ts), compares the keys with the publication
 * online, and names the pages whose key changed in a file (REGISTER_RENDER_ONLY, next to
 * REGISTER_SNAPSHOT); every other page is carried over from the publication online as a hard
 * link. Without the variable every page renders (a full build). Pages without parameters always
 * render: they are few.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

/** The environment variable that names the selection file. */
export const RENDER_ONLY_VARIABLE = 'REGISTER_RENDER_ONLY';

/** The selection file: site paths of the pages with parameters to render ("/gemeenten/gent/"). */
const RenderSelectionSchema = z.strictObject({ paths: z.array(z.string().startsWith('/')) });

/** Writes the selection file the build reads (the publisher's side of the seam). */
export function writeRenderSelection(file: string, paths: Iterable<string>): void {
  writeFileSync(file, JSON.stringify({ paths: [...paths] } satisfies z.infer<typeof RenderSelectionSchema>));
}

function load(): ReadonlySet<string> | null {
  const file = process.env[RENDER_ONLY_VARIABLE];
  if (!file) return null;
  return new Set(RenderSelectionSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).paths);
}

const selection = load();

/** The entries of a getStaticPaths whose page this build renders (all of them in a full build). */
export function selectPaths<T>(entries: readonly T[], pathOf: (entry: T) => string): T[] {
  return selection ? entries.filter((entry) => selection.has(pathOf(entry))) : [...entries];
}
