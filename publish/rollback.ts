/**
 * Rollback: switches the site online back to an earlier publication kept on disk, and records it
 * with the change log's length in both publications, so that pages can say what left the public
 * site (the entries between) and a provider's report can say it was rolled back.
 */
import { readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { RegisterDb } from '#db/client.ts';
import { recordRollback } from '#db/commands/rollbacks.ts';
import { publicationsById } from '#db/queries/publication-history.ts';
import { publicationsDir, switchTo } from './build-publication.ts';

const ManifestLog = z.object({ log: z.object({ events: z.number().int().min(0) }) });

/** The publication online now (the `current` link), or null. */
export function onlinePublicationId(dataDir: string): Promise<string | null> {
  return readlink(join(publicationsDir(dataDir), 'current')).catch(() => null);
}

/**
 * The change log's length in each of these publications: as recorded, or else as its manifest on
 * disk states it (a publication built outside a publisher); null when neither says.
 */
export async function publicationLogLengths(db: RegisterDb, dataDir: string, ids: readonly string[]): Promise<Map<string, number | null>> {
  const recorded = await publicationsById(db, ids);
  const lengths = new Map<string, number | null>();
  for (const id of ids) {
    const known = recorded.get(id)?.logEvents;
    if (known !== null && known !== undefined) {
      lengths.set(id, known);
      continue;
    }
    const manifest = await readFile(join(publicationsDir(dataDir), id, 'build.json'), 'utf8').then(
      (text) => ManifestLog.safeParse(JSON.parse(text)),
      () => null,
    );
    lengths.set(id, manifest?.success ? manifest.data.log.events : null);
  }
  return lengths;
}

/** Switches the site online back to the kept publication `id` and records who did it; answers the record. */
export async function rollBack(options: { db: RegisterDb; dataDir: string; id: string; by: string }): Promise<{ from: string | null; to: string }> {
  const from = await onlinePublicationId(options.dataDir);
  const lengths = await publicationLogLengths(options.db, options.dataDir, from ? [from, options.id] : [options.id]);
  await switchTo(options.dataDir, options.id);
  await recordRollback(options.db, {
    // The wall clock, like the publications' own times.
    at: new Date().toISOString(),
    by: options.by,
    fromPublication: from,
    fromLogEvents: from ? (lengths.get(from) ?? null) : null,
    toPublication: options.id,
    toLogEvents: lengths.get(options.id) ?? null,
  });
  return { from, to: options.id };
}
