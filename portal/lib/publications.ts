/**
 * Publications as the administration pages show them: named by their local time, with who or
 * what asked for them, what they contain (the change reports, applications and evaluations whose
 * changes they brought), which one is online and whether that is an older one.
 */
import { publicationsOnDisk } from '../../publish/build-publication.ts';
import { onlinePublicationId, publicationLogLengths } from '../../publish/rollback.ts';
import { lastEntryOf, latestSucceeded, logContents, publicationsById, recentRollbacks, recentSiteSwitches, type ContentGroup, type PublicationRecord, type RollbackRecord } from '../../db/queries/publication-history.ts';
import { PUBLIC_ACTORS } from '../../domain/change-log.ts';
import { publishedState, type PublishedState } from '../../domain/published-state.ts';
import { CHANGE_REPORT_KIND_LABELS } from '../../domain/change-reports.ts';
import { REGISTER_TIME_ZONE } from '../../domain/rules/index.ts';
import type { RegisterDb } from '../../db/client.ts';
import type { PublicationStatus } from '../../api/deps.ts';

/** Dutch names of the statuses of a publication. */
export const PUBLICATION_STATUS_LABELS: Record<PublicationStatus['status'], string> = {
  queued: 'In de wachtrij',
  running: 'Bezig',
  succeeded: 'Gelukt',
  failed: 'Mislukt',
};

/** The look of each status. */
export const PUBLICATION_STATUS_TONE: Record<PublicationStatus['status'], 'ok' | 'bad' | 'wait'> = { queued: 'wait', running: 'wait', succeeded: 'ok', failed: 'bad' };

const localTime = new Intl.DateTimeFormat('nl-BE', {
  timeZone: REGISTER_TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The moment a publication id was made ("20261204T220102Z-abc123"), or null for another name. */
function instantOfId(id: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(id);
  return match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6])) : null;
}

/** A time to the second, in Belgian local time: "4 december 2026 om 23:01:02". */
export function formatLocalTime(instant: string | Date): string {
  return localTime.format(typeof instant === 'string' ? new Date(instant) : instant);
}

/** A publication's name people can read: "publicatie van 4 december 2026 om 23:01:02" (local time of the request). */
export function publicationName(id: string, requestedAt?: string | null): string {
  const at = requestedAt ? new Date(requestedAt) : instantOfId(id);
  return at ? `publicatie van ${formatLocalTime(at)}` : `publicatie ${id}`;
}

/** The same name with a capital, to start a sentence or a cell. */
export function publicationTitle(id: string, requestedAt?: string | null): string {
  const name = publicationName(id, requestedAt);
  return name[0].toUpperCase() + name.slice(1);
}

/** One line of what a publication contains, with the admin page it links to. */
export interface ContentLine {
  text: string;
  href: string | null;
}

const changes = (n: number) => `${n.toLocaleString('nl-BE')} ${n === 1 ? 'wijziging' : 'wijzigingen'}`;

/** A group of log entries in Dutch: which report, application or evaluation, by whom. */
export function contentLine(group: ContentGroup): ContentLine {
  const more = group.entries > 1 ? ` (${changes(group.entries)})` : '';
  const source = group.source;
  if (source && group.report) {
    const decided = group.report.status === 'applied' ? 'meteen toegepast' : group.report.reviewedBy ? `aanvaard door ${group.report.reviewedBy}` : 'aanvaard';
    const kind = CHANGE_REPORT_KIND_LABELS[group.report.kind as keyof typeof CHANGE_REPORT_KIND_LABELS] ?? group.report.kind;
    return { text: `Melding ${source} (${kind.toLowerCase()}) van ${group.provider?.name ?? 'een dienstverlener'}, ${decided}${more}`, href: `/beheer/meldingen/#melding-${source}` };
  }
  if (source && group.application) {
    return { text: `Aanvraag ${source} van ${group.application.organisation}: ${group.summary}${group.recordedBy ? ` Geregistreerd door ${group.recordedBy}.` : ''}${more}`, href: `/beheer/aanvragen/${source}/` };
  }
  if (source) {
    return { text: `Erkenning ${source}${group.provider ? ` van ${group.provider.name}` : ''}: ${group.summary}${group.recordedBy ? ` Geregistreerd door ${group.recordedBy}.` : ''}${more}`, href: null };
  }
  if (group.actor === PUBLIC_ACTORS.evaluation) {
    return { text: `Dagelijkse evaluatie: ${group.summary}${group.entries > 1 ? ` En nog ${changes(group.entries - 1)}.` : ''}`, href: null };
  }
  if (group.actor === PUBLIC_ACTORS.sample) return { text: `Voorbeeldgegevens: ${changes(group.entries)}`, href: null };
  return { text: `${changes(group.entries)} door ${group.actor === PUBLIC_ACTORS.provider ? 'dienstverleners' : 'het departement'}${group.recordedBy ? ` (onder meer ${group.recordedBy})` : ''}`, href: null };
}

/** What set a group of changes off, in a few words: "Melding WM-… aanvaard door Els Peeters". */
function causeOf(group: ContentGroup): string {
  if (group.source && group.report) {
    const by = group.report.status === 'applied' ? 'meteen toegepast (vrije plaatsen)' : group.report.reviewedBy ? `aanvaard door ${group.report.reviewedBy}` : 'aanvaard';
    return `Melding ${group.source} ${by}`;
  }
  if (group.source && group.application) return `Stap in aanvraag ${group.source}${group.recordedBy ? `, geregistreerd door ${group.recordedBy}` : ''}`;
  if (group.source) return `Einde van erkenning ${group.source}${group.recordedBy ? `, geregistreerd door ${group.recordedBy}` : ''}`;
  if (group.actor === PUBLIC_ACTORS.evaluation) return 'De dagelijkse evaluatie van de erkenningen';
  if (group.actor === PUBLIC_ACTORS.sample) return 'Voorbeeldgegevens';
  return 'Wijzigingen in het register';
}

/** What a publication contains, in lines; `unknown` when it did not record it. */
export interface Contents {
  known: boolean;
  entries: number;
  lines: ContentLine[];
  /** The groups the lines say in words (the first names what set the publication off). */
  groups: ContentGroup[];
  /** Entries beyond the lines shown. */
  more: number;
}

/** The contents of the log entries after `from` up to `to` (null: not known). */
export async function contentsBetween(db: RegisterDb, from: number | null, to: number | null, limit = 8): Promise<Contents> {
  if (from === null || to === null) return { known: false, entries: 0, lines: [], groups: [], more: 0 };
  const { entries, groups } = await logContents(db, from, to, limit);
  const shown = groups.reduce((sum, g) => sum + g.entries, 0);
  return { known: true, entries, lines: groups.map(contentLine), groups, more: entries - shown };
}

/** Who or what asked for a publication, in Dutch: a person, the changes it brought (which report, by whom), the daily evaluation, the command line. */
export function triggerDescription(publication: Pick<PublicationRecord, 'trigger' | 'full'>, contents: Contents | null): string {
  const full = publication.full ? ' (alles opnieuw gebouwd)' : '';
  const admin = /^administrator (.+)$/.exec(publication.trigger);
  if (admin) return `Beheerder ${admin[1]} vroeg ze${full}`;
  switch (publication.trigger) {
    case 'daily evaluation':
      return `De dagelijkse evaluatie bij het starten van het register${full}`;
    case 'first start':
      return `De eerste start van het register${full}`;
    case 'command line':
      return publication.full ? 'Een volledige publicatie vanaf de opdrachtregel (register publish --full)' : 'Een publicatie vanaf de opdrachtregel (register publish)';
    case 'wijzigingen in het register': {
      const first = contents?.groups[0];
      if (!first) return `Wijzigingen in het register${full}`;
      const others = contents!.groups.length > 1 || contents!.more > 0 ? ', en meer (zie de inhoud)' : '';
      return `${causeOf(first)}${others}${full}`;
    }
    default:
      return publication.trigger + full;
  }
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
