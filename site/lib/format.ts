/** Dutch (nl-BE) wording of register facts, shared by every page. */
import { calendarDateAt, EXPIRES_SOON_MONTHS, formatDutchDate, formatDutchDateTime, RECOGNITION_STATUS_LABELS, type RecognitionStatusName } from '../../domain/rules/index.ts';
import { formatEnterpriseNumber } from '../../domain/enterprise-number.ts';

export { formatDutchDate, formatDutchDateTime, formatEnterpriseNumber };

/** The label of a recognition whose last valid day is near, with the rules' number of months. */
export const EXPIRES_SOON_LABEL = `verloopt binnen ${EXPIRES_SOON_MONTHS} maanden`;

/** The Dutch label of a recognition status. */
export function statusLabel(status: RecognitionStatusName): string {
  return RECOGNITION_STATUS_LABELS[status];
}

/** "1 gemeente", "12 gemeenten". */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('nl-BE')} ${n === 1 ? one : many}`;
}

/** A website address without the scheme, as people read it. */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/** The Brussels calendar day of an instant, written out in Dutch. */
export function formatDutchDay(instant: string): string {
  return formatDutchDate(calendarDateAt(new Date(instant)));
}
