/**
 * The differences a change report would make (domain/report-diff.ts), as the provider's check
 * page and the administrator's review show them: the confirmation a shrinking area or a
 * dropping capacity asks for, the map, and a fingerprint that tells whether the register changed
 * between seeing the differences and confirming them.
 */
import { createHash } from 'node:crypto';
import type { ChangeReportRequest } from '#domain/change-reports.ts';
import type { ReportDiff } from '#domain/report-diff.ts';
import { mapDrawing } from '#domain/geometry.ts';
import { loadBoundaries } from '#db/boundaries.ts';
import { areaChangeMap } from '#site/lib/maps.ts';

/** A short fingerprint of a difference: the same differences, the same fingerprint. */
export function diffFingerprint(request: ChangeReportRequest, diff: ReportDiff): string {
  return createHash('sha256').update(JSON.stringify([request, diff])).digest('base64url').slice(0, 32);
}

/** Whether a difference needs an explicit confirmation. */
export function needsConfirmation(diff: ReportDiff): boolean {
  return diff.areaShrinks || diff.capacityDrops;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Whether a working area that loses municipalities ends up smaller: only then do the words say
 * "kleiner". An area that loses some and gains as many or more changes, and the words say which go.
 */
function areaGetsSmaller(diff: ReportDiff): boolean {
  return diff.area!.after.count < diff.area!.before.count;
}

/** "2 gemeenten uit het werkingsgebied van X gaan", for an area that loses some and gains as many or more. */
function leaving(diff: ReportDiff, whose: string): string {
  const n = diff.area!.removed.count;
  return `${n === 1 ? 'een gemeente' : `${n} gemeenten`} uit ${whose} ${n === 1 ? 'gaat' : 'gaan'}`;
}

/** The warning on a review card when a report takes municipalities out of a working area. */
export function areaWarning(diff: ReportDiff): string {
  return areaGetsSmaller(diff) ? 'Let op: het werkingsgebied wordt kleiner' : `Let op: er ${diff.area!.removed.count === 1 ? 'gaat een gemeente' : `gaan ${diff.area!.removed.count} gemeenten`} uit het werkingsgebied`;
}

/** The words of the tick box a provider confirms a shrinking area or dropping capacity with. */
export function providerConfirmation(diff: ReportDiff): string {
  if (diff.areaShrinks) {
    const n = diff.area!.removed.count;
    const which = n === 1 ? 'de gemeente die eraf gaat' : `de ${n} gemeenten die eraf gaan`;
    return areaGetsSmaller(diff)
      ? `Ik bevestig dat mijn werkingsgebied kleiner wordt: ik begeleid niet meer in ${which}.`
      : `Ik bevestig dat er ${leaving(diff, 'mijn werkingsgebied')}: ik begeleid niet meer in ${which}.`;
  }
  const total = diff.fields[0];
  return `Ik bevestig dat mijn aantal plaatsen daalt van ${total.before} naar ${total.after}.`;
}

/** The words of the tick box an administrator confirms accepting a shrinking area or dropping capacity with. */
export function adminConfirmation(diff: ReportDiff, providerName: string): string {
  if (diff.areaShrinks) {
    return areaGetsSmaller(diff)
      ? `Ik heb gezien dat het werkingsgebied van ${providerName} kleiner wordt (${plural(diff.area!.removed.count, 'gemeente', 'gemeenten')} eraf) en aanvaard dat.`
      : `Ik heb gezien dat er ${leaving(diff, `het werkingsgebied van ${providerName}`)} (${plural(diff.area!.added.count, 'gemeente', 'gemeenten')} erbij) en aanvaard dat.`;
  }
  const total = diff.fields[0];
  return `Ik heb gezien dat het aantal plaatsen van ${providerName} daalt van ${total.before} naar ${total.after} en aanvaard dat.`;
}

/** The error when the tick box was left empty. */
export function missingConfirmation(diff: ReportDiff, who: 'provider' | 'admin'): string {
  const what = !diff.areaShrinks ? 'het aantal plaatsen daalt' : areaGetsSmaller(diff) ? 'het werkingsgebied kleiner wordt' : `er ${leaving(diff, 'het werkingsgebied')}`;
  return who === 'provider'
    ? `Vink aan dat u bevestigt dat ${what}. Zonder die bevestiging versturen we de melding niet.`
    : `Vink aan dat u gezien hebt dat ${what}. Zonder die bevestiging wordt de melding niet aanvaard.`;
}

/** The map of a working-area difference, zoomed to the municipalities before and after; null for other kinds. */
export function diffMap(diff: ReportDiff, id: string, title: string): { svg: string; legend: string } | null {
  if (!diff.area) return null;
  const { before, after, added, removed } = diff.area;
  const drawing = mapDrawing(loadBoundaries());
  const all = [...new Set([...before.codes, ...after.codes])];
  const removedSet = new Set(removed.codes);
  const addedSet = new Set(added.codes);
  return areaChangeMap({
    size: drawing,
    bounds: all.length > 0 ? drawing.boundsOf(all) : undefined,
    id,
    title,
    kept: before.codes.filter((code) => !removedSet.has(code) && !addedSet.has(code)),
    added: added.codes,
    removed: removed.codes,
  });
}

/** What accepting a report does, said the same way on the queue, the confirmation and after accepting. */
export const ACCEPT_EFFECT = 'De wijziging komt meteen in het register, en de publicatie van de publieke site start meteen vanzelf (u volgt ze op de pagina Publicaties).';
