/**
 * Publications in Dutch words, without I/O: names by local time, statuses, what a group of
 * changes was, who or what asked for a publication, and what the rollback column says.
 */
import type { ContentGroup, PublicationRecord } from '#db/queries/publication-history.ts';
import { PUBLIC_ACTORS } from '#domain/change-log.ts';
import { CHANGE_REPORT_KIND_LABELS } from '#domain/change-reports.ts';
import { formatDutchDateTime } from '#domain/rules/index.ts';
import type { PublicationStatus } from '#publish/publisher.ts';

/** Dutch names of the statuses of a publication. */
export const PUBLICATION_STATUS_LABELS: Record<PublicationStatus['status'], string> = {
  queued: 'In de wachtrij',
  running: 'Bezig',
  succeeded: 'Gelukt',
  failed: 'Mislukt',
};

/** The look of each status. */
export const PUBLICATION_STATUS_TONE: Record<PublicationStatus['status'], 'ok' | 'bad' | 'wait'> = { queued: 'wait', running: 'wait', succeeded: 'ok', failed: 'bad' };

/** The moment a publication id was made ("20261204T220102Z-abc123"), or null for another name. */
function instantOfId(id: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(id);
  return match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6])) : null;
}

/** A time to the second, in Belgian local time: "4 december 2026 om 23:01:02". */
export function formatLocalTime(instant: string | Date): string {
  return formatDutchDateTime(instant, { seconds: true });
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

/**
 * What the rollback column says for a publication where no rollback is offered, or null where it
 * is (a kept publication that is not online, with the local publisher).
 */
export function rollbackCellText(publication: Pick<PublicationRecord, 'id' | 'status'>, here: { online: string | null; kept: readonly string[]; canRollback: boolean }): string | null {
  if (publication.id === here.online) return 'Staat online';
  if (publication.status === 'queued' || publication.status === 'running') return 'Nog bezig';
  if (publication.status === 'failed') return 'Niet mogelijk: nooit online geweest';
  if (!here.canRollback) return 'Niet mogelijk met deze manier van publiceren';
  return here.kept.includes(publication.id) ? null : 'Niet meer bewaard';
}
