/** Dutch (nl-BE) wording of register facts, shared by every page. */
import { calendarDateAt, EXPIRES_SOON_MONTHS, formatDutchDate, formatDutchDateTime, RECOGNITION_STATUS_LABELS, type RecognitionStatusName } from '#domain/rules/index.ts';
import { formatEnterpriseNumber } from '#domain/enterprise-number.ts';
import { formatPhoneNumber, phoneHref } from '#domain/phone-number.ts';
import { BRUSSELS_AREA_CODE, type GroupedWorkingArea } from '#domain/working-area.ts';

export { formatDutchDate, formatDutchDateTime, formatEnterpriseNumber, formatPhoneNumber, phoneHref };

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

/** The label of a provider without free places, beside its figures on every list. */
export const FULL_LABEL = 'volzet';

/**
 * Free places as the lists show them: "3 van 12", or with a "volzet" label (a word, not a
 * colour) when none is free; "onbekend" when the provider reported no capacity.
 */
export function capacityText(capacity: { freePlaces: number; totalPlaces: number } | null): string {
  if (!capacity) return 'onbekend';
  const figures = `${capacity.freePlaces} van ${capacity.totalPlaces}`;
  return capacity.freePlaces > 0 ? figures : `<span class="badge full">${FULL_LABEL}</span> ${figures}`;
}

// Made once: toLocaleString makes a formatter on every call, and a large register formats hundreds of thousands of distances.
const kilometres = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 1 });

/** A distance as the lists show it: "3,2 km". */
export function formatKm(km: number): string {
  return `${kilometres.format(km)} km`;
}

/**
 * A working area in a few words, as every page says it: "heel Vlaanderen" when all Flemish
 * municipalities are served, else per province "heel Limburg" or "Oost-Vlaanderen (12 gemeenten)".
 * The public page's map, the provider's overview in the portal and anything else that names a
 * working area use this one function, so they never say it differently.
 */
export function describeWorkingArea(area: GroupedWorkingArea): string {
  const group = (g: GroupedWorkingArea['groups'][number]) =>
    g.wholeProvince ? `heel ${g.province.nameNl}` : `${g.province.nameNl} (${plural(g.municipalities.length, 'gemeente', 'gemeenten')})`;
  if (!area.allFlanders) return area.groups.map(group).join(', ');
  const brussels = area.groups.find((g) => g.province.code === BRUSSELS_AREA_CODE);
  return brussels ? `heel Vlaanderen, ${group(brussels)}` : 'heel Vlaanderen';
}
