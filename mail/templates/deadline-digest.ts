/** The administrators' daily digest: deadlines overdue and due within three days. */
import { DEADLINE_LABELS, DIGEST_DAYS_AHEAD, type CalendarDate, type Deadline } from '#domain/rules/index.ts';
import { formatDutchDate } from './format.ts';
import type { Template } from './types.ts';


/** One application in the digest. */
export interface DigestItem {
  reference: string;
  organisationName: string;
  kind: Deadline['kind'];
  dueOn: CalendarDate | null;
  daysLeft: number | null;
  overdue: boolean;
  started: boolean;
}

/** What the digest lists. */
export interface DeadlineDigestData {
  day: CalendarDate;
  items: DigestItem[];
}

function line(item: DigestItem): string {
  const what = `${item.reference} (${item.organisationName}): ${DEADLINE_LABELS[item.kind]}`;
  if (!item.started) return `${what}: de termijn is nog niet gestart, want de e-mail over de ontvankelijkheid is nog niet verzonden. Kijk na in de outbox waarom.`;
  const days = Math.abs(item.daysLeft!);
  if (item.overdue) return `${what}: verstreken op ${formatDutchDate(item.dueOn!)} (${days} ${days === 1 ? 'dag' : 'dagen'} te laat).`;
  if (item.daysLeft === 0) return `${what}: vandaag, ${formatDutchDate(item.dueOn!)}.`;
  return `${what}: uiterlijk op ${formatDutchDate(item.dueOn!)} (nog ${days} ${days === 1 ? 'dag' : 'dagen'}).`;
}

/** Dagelijks overzicht van de termijnen. */
export const deadlineDigest: Template<DeadlineDigestData> = (data) => {
  const overdue = data.items.filter((i) => i.overdue);
  const soon = data.items.filter((i) => !i.overdue && i.started);
  const unstarted = data.items.filter((i) => !i.started);
  const counts = [`${overdue.length} verstreken`, `${soon.length} binnen ${DIGEST_DAYS_AHEAD} dagen`, ...(unstarted.length ? [`${unstarted.length} niet gestart`] : [])];
  return {
    subject: `Termijnen op ${formatDutchDate(data.day)}: ${counts.join(', ')}`,
    reference: null,
    blocks: [
      { paragraph: `Dit zijn de aanvragen waarvan een termijn verstreken is of binnen ${DIGEST_DAYS_AHEAD} dagen afloopt, op ${formatDutchDate(data.day)}.` },
      ...(overdue.length ? [{ paragraph: 'Verstreken:' }, { list: overdue.map(line) }] : []),
      ...(soon.length ? [{ paragraph: `Binnen ${DIGEST_DAYS_AHEAD} dagen:` }, { list: soon.map(line) }] : []),
      ...(unstarted.length ? [{ paragraph: 'Onderzoekstermijn nog niet gestart:' }, { list: unstarted.map(line) }] : []),
      { paragraph: 'De volledige lijst staat in het register: GET /api/v1/admin/deadlines.' },
    ],
  };
};
