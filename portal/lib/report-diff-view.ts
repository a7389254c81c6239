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

/** The words of the tick box a provider confirms a shrinking area or dropping capacity with. */
export function providerConfirmation(diff: ReportDiff): string {
  if (diff.areaShrinks) {
    const n = diff.area!.removed.count;
    return `Ik bevestig dat mijn werkingsgebied kleiner wordt: ik begeleid niet meer in ${n === 1 ? 'de gemeente die eraf gaat' : `de ${n} gemeenten die eraf gaan`}.`;
  }
  const total = diff.fields[0];
  return `Ik bevestig dat mijn aantal plaatsen daalt van ${total.before} naar ${total.after}.`;
}

/** The words of the tick box an administrator confirms accepting a shrinking area or dropping capacity with. */
export function adminConfirmation(diff: ReportDiff, providerName: string): string {
  if (diff.areaShrinks) return `Ik heb gezien dat het werkingsgebied van ${providerName} kleiner wordt (${plural(diff.area!.removed.count, 'gemeente', 'gemeenten')} eraf) en aanvaard dat.`;
  const total = diff.fields[0];
  return `Ik heb gezien dat het aantal plaatsen van ${providerName} daalt van ${total.before} naar ${total.after} en aanvaard dat.`;
}

/** The error when the tick box was left empty. */
export function missingConfirmation(diff: ReportDiff, who: 'provider' | 'admin'): string {
  const what = diff.areaShrinks ? 'het werkingsgebied kleiner wordt' : 'het aantal plaatsen daalt';
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
