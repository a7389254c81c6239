/**
 * The municipality picker: a person types names and postcodes ("Gent, 9300, Sint-Niklaas"),
 * ticks whole provinces, and the server resolves them to municipalities. Pure: the places come in.
 */
import { slugify } from '#domain/slug.ts';
import type { Area, Place } from '#db/queries/places.ts';
import { BRUSSELS_AREA_CODE, groupWorkingArea, type AreaMunicipality, type GroupedWorkingArea } from '#domain/working-area.ts';

/** The separate things typed: by comma, semicolon or line. */
export function splitTerms(text: string): string[] {
  return text
    .split(/[,;\n\r]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/**
 * Resolves what was typed to NIS codes: a postcode ("9300", "9300 Aalst") or a Dutch or French
 * name, in any case and with or without accents. What matches nothing is returned as unknown.
 */
export function resolvePlaces(text: string, places: readonly Place[]): { codes: string[]; unknown: string[] } {
  const byName = new Map<string, string>();
  const byPostcode = new Map<string, string>();
  for (const place of places) {
    byName.set(slugify(place.nameNl), place.nisCode);
    byName.set(slugify(place.nameFr), place.nisCode);
    for (const postcode of place.postcodes) byPostcode.set(postcode, place.nisCode);
  }
  const codes = new Set<string>();
  const unknown: string[] = [];
  for (const term of splitTerms(text)) {
    const postcode = /^(\d{4})\b/.exec(term)?.[1];
    const code = postcode ? byPostcode.get(postcode) : (byName.get(slugify(term)) ?? byName.get(slugify(term.replace(/\s*\(.*\)\s*$/, ''))));
    if (code) codes.add(code);
    else unknown.push(term);
  }
  return { codes: [...codes].sort(), unknown };
}

/**
 * A working area as the picker shows it: the areas it covers whole (ticked) and the other
 * municipalities by name (typed).
 */
export function pickerValues(codes: readonly string[], places: readonly Place[], areas: readonly Area[]): { areas: string[]; text: string } {
  const chosen = new Set(codes);
  const whole = areas.filter((area) => {
    const members = places.filter((p) => p.areaCode === area.code);
    return members.length > 0 && members.every((p) => chosen.has(p.nisCode));
  });
  const wholeCodes = new Set(whole.map((a) => a.code));
  const rest = places.filter((p) => chosen.has(p.nisCode) && !wholeCodes.has(p.areaCode));
  return { areas: whole.map((a) => a.nameNl), text: rest.map((p) => p.nameNl).join(', ') };
}

/** Names of municipalities by NIS code, in Dutch order. */
export function placeNames(codes: readonly string[], places: readonly Place[]): string[] {
  const chosen = new Set(codes);
  return places.filter((p) => chosen.has(p.nisCode)).map((p) => p.nameNl);
}

/** A working area grouped by province, as the public site groups it (domain/working-area.ts). */
export function groupedArea(codes: readonly string[], places: readonly Place[], areas: readonly Area[]): GroupedWorkingArea {
  const municipalities = new Map<string, AreaMunicipality>(
    places.map((p) => [p.nisCode, { nisCode: p.nisCode, nameNl: p.nameNl, provinceNis: p.areaCode === BRUSSELS_AREA_CODE ? null : p.areaCode, region: p.areaCode === BRUSSELS_AREA_CODE ? 'BRU' : 'VLG' }]),
  );
  return groupWorkingArea(codes, municipalities, areas);
}
