/**
 * Publications as the administration pages show them: named by their local time, with who or
 * what asked for them, what they contain (the change reports, applications and evaluations whose
 * changes they brought), which one is online and whether that is an older one.
 */
import { publicationsOnDisk } from '#publish/build-publication.ts';
import { onlinePublicationId, publicationLogLengths } from '#publish/rollback.ts';
import { lastEntryOf, latestSucceeded, logContents, publicationsById, recentRollbacks, recentSiteSwitches, type RollbackRecord } from '#db/queries/publication-history.ts';
import { publishedState, type PublishedState } from '#domain/published-state.ts';
import type { RegisterDb } from '#db/client.ts';
import { contentLine, formatLocalTime, type Contents } from './publication-words.ts';

export * from './publication-words.ts';

/** The contents of the log entries after `from` up to `to` (null: not known). */
export async function contentsBetween(db: RegisterDb, from: number | null, to: number | null, limit = 8): Promise<Contents> {
  if (from === null || to === null) return { known: false, entries: 0, lines: [], groups: [], more: 0 };
  const { entries, groups } = await logContents(db, from, to, limit);
  const shown = groups.reduce((sum, g) => sum + g.entries, 0);
  return { known: true, entries, lines: groups.map(contentLine), groups, more: entries - shown };
}

/** The publication online now, and those kept on disk (which can be switched back to). */
export async function publicationsHere(dataDir: string): Promise<{ online: string | null; kept: string[] }> {
  return { online: await onlinePublicationId(dataDir), kept: await publicationsOnDisk(dataDir) };
}

/** The site online is an older publication than the latest that succeeded: which, and since which rollback. */
export interface OlderOnline {
  online: string;
  onlineRequestedAt: string | null;
  latest: string;
  rollback: RollbackRecord | null;
}

/** When the site online runs on an older publication than the latest built (after a rollback), what it is; else null. */
export async function olderPublicationOnline(db: RegisterDb, dataDir: string): Promise<OlderOnline | null> {
  const online = await onlinePublicationId(dataDir);
  if (!online) return null;
  const latest = await latestSucceeded(db);
  if (!latest || latest.id === online) return null;
  // Only older: a newer publication online than the latest recorded one is a build this register did not record.
  if (online > latest.id) return null;
  const [rollback] = await recentRollbacks(db, 1);
  const record = (await publicationsById(db, [online])).get(online);
  return { online, onlineRequestedAt: record?.requestedAt ?? null, latest: latest.id, rollback: rollback?.toPublication === online ? rollback : null };
}

/** What switching back from the publication online to `target` takes off the public site. */
export async function rollbackLoss(db: RegisterDb, dataDir: string, target: string): Promise<{ online: string | null; contents: Contents }> {
  const online = await onlinePublicationId(dataDir);
  if (!online) return { online, contents: { known: false, entries: 0, lines: [], groups: [], more: 0 } };
  const lengths = await publicationLogLengths(db, dataDir, [online, target]);
  const from = lengths.get(target) ?? null;
  const to = lengths.get(online) ?? null;
  // Going forward (to a publication with more of the log) takes nothing off.
  if (from !== null && to !== null && from >= to) return { online, contents: { known: true, entries: 0, lines: [], groups: [], more: 0 } };
  return { online, contents: await contentsBetween(db, from, to, 50) };
}

/** Where the changes of a change report (or application) stand on the public site. */
export async function publishedStateOf(db: RegisterDb, dataDir: string, source: string): Promise<PublishedState> {
  const lastSeq = await lastEntryOf(db, source);
  if (lastSeq === null) return publishedState(null, null, []);
  const online = await onlinePublicationId(dataDir);
  // With a build hook no publication lives here: the latest that succeeded is the one online.
  const onlineLog = online ? ((await publicationLogLengths(db, dataDir, [online])).get(online) ?? null) : ((await latestSucceeded(db))?.logEvents ?? null);
  return publishedState(lastSeq, onlineLog, await recentSiteSwitches(db));
}

/** Where a decided report stands on the public site, in Dutch, to follow its status ("online sinds …"). */
export function publishedStateText(state: PublishedState): string {
  switch (state.state) {
    case 'online':
      return state.since ? `online sinds ${formatLocalTime(state.since)}` : 'online';
    case 'rolled_back':
      return `maar teruggedraaid op ${formatLocalTime(state.on)}: de publieke site toont weer de gegevens van vóór deze melding, tot de volgende publicatie`;
    case 'waiting':
      return 'de publieke site volgt met de volgende publicatie';
    case 'nothing_public':
      return 'dit verandert niets op de publieke site';
  }
}
