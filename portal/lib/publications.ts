/** Publications as the administration page shows them: which is online, which are kept, in Dutch words. */
import { readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { publicationsDir, publicationsOnDisk } from '../../publish/build-publication.ts';
import type { PublicationStatus } from '../../publish/publisher.ts';

/** Dutch names of the statuses of a publication. */
export const PUBLICATION_STATUS_LABELS: Record<PublicationStatus['status'], string> = {
  queued: 'In de wachtrij',
  running: 'Bezig',
  succeeded: 'Gelukt',
  failed: 'Mislukt',
};

/** The look of each status. */
export const PUBLICATION_STATUS_TONE: Record<PublicationStatus['status'], 'ok' | 'bad' | 'wait'> = { queued: 'wait', running: 'wait', succeeded: 'ok', failed: 'bad' };

/** Who asked for a publication, in Dutch (the publishers record it in English or Dutch). */
export function triggerText(trigger: string): string {
  const admin = /^administrator (.+)$/.exec(trigger);
  if (admin) return `beheerder ${admin[1]}`;
  return ({ 'daily evaluation': 'dagelijkse evaluatie', 'first start': 'eerste start', 'command line': 'opdrachtregel' } as Record<string, string>)[trigger] ?? trigger;
}

/** The publication online now, and those kept on disk (which can be switched back to). */
export async function publicationsHere(dataDir: string): Promise<{ online: string | null; kept: string[] }> {
  const online = await readlink(join(publicationsDir(dataDir), 'current')).catch(() => null);
  return { online, kept: await publicationsOnDisk(dataDir) };
}
