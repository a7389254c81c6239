/**
 * Place search: what a person types for the place of the workplace — a municipality in Dutch,
 * French or German, a deelgemeente or locality, a former municipality, a postcode or a NIS code —
 * turned into the current municipality, with the point searched from. Forgiving about case,
 * accents, hyphens, apostrophes, spaces and "St"/"Sint"; a typo gets the nearest names as
 * suggestions, an ambiguous name each of its meanings. Pure: the place names come in.
 */
import { distance } from 'fastest-levenshtein';

/** A name a person may type for a place (a row of places.csv). */
export interface PlaceName {
  name: string;
  lang: 'nl' | 'fr' | 'de';
  kind: 'municipality' | 'former_municipality' | 'deelgemeente';
  /** A postcode of the municipality, or null (a municipality or former one with several). */
  postcode: string | null;
  nisCode: string;
  lat: number;
  lon: number;
}

/** A current municipality, as the place search names it. */
export interface PlaceMunicipality {
  nisCode: string;
  nameNl: string;
  nameFr: string;
  slug: string;
  /** The province, or the Brussels-Capital Region. */
  areaName: string;
  postcodes: string[];
}

/** A WGS84 point. */
export interface Point {
  lat: number;
  lon: number;
}

/** One meaning of what was typed: a place in a current municipality. */
export interface Place {
  /** The name as it is officially written ("Sint-Amandsberg", "Ixelles"). */
  name: string;
  kind: PlaceName['kind'] | 'postcode' | 'nis_code';
  lang: PlaceName['lang'];
  /** The postcode when this meaning has one. */
  postcode: string | null;
  municipality: PlaceMunicipality;
  /** The point distances are measured from. */
  point: Point;
  /** How it reads in a list of choices; typed back, it finds exactly this place ("Deurne (Antwerpen, 2100)"). */
  label: string;
}

/** What the search made of what was typed. */
export type PlaceAnswer =
  | { status: 'empty' }
  /** One place. `understood` says how, when that is not plain ("Deurne hoort bij Antwerpen."). */
  | { status: 'found'; place: Place; understood: string | null }
  /** A name that several places carry: each of them. */
  | { status: 'ambiguous'; choices: Place[]; message: string }
  /** Nothing matched exactly; these names are close (a typo, or the start of a name). */
  | { status: 'suggestions'; suggestions: Place[]; message: string }
  | { status: 'unknown'; message: string };

/** The most suggestions given for a typo. */
const MAX_SUGGESTIONS = 6;

const ABBREVIATIONS: Record<string, string> = { st: 'sint', ste: 'sint', saint: 'sint', sainte: 'sint' };

/**
 * The key a name is compared by: no accents, no case, and no hyphens, apostrophes, dots or spaces
 * ("'s-Gravenwezel" and "s gravenwezel" are one), with "St", "Ste", "Saint" and "Sainte" read as
 * "Sint" ("St-Amandsberg").
 */
export function placeKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`´]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((word) => ABBREVIATIONS[word] ?? word)
    .join('');
}

/**
 * How a key sounds in Dutch, to put the likeliest of equally close suggestions first: "Gend" is
 * nearer to Gent than to Genk. Only a tie-break; it never makes a suggestion.
 */
function soundOf(key: string): string {
  return key
    .replace(/dt\b|d\b/g, 't')
    .replace(/dt/g, 't')
    .replace(/ij|y|ei/g, 'ei')
    .replace(/c(?!h)|q/g, 'k')
    .replace(/ph/g, 'f')
    .replace(/(.)\1/g, '$1');
}

/** The distance between two points on the earth in kilometres (haversine, mean radius). */
export function distanceKm(a: Point, b: Point): number {
  const radians = Math.PI / 180;
  const dLat = (b.lat - a.lat) * radians;
  const dLon = (b.lon - a.lon) * radians;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * radians) * Math.cos(b.lat * radians) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A distance as the pages and the API state it: kilometres with one decimal. */
export function roundKm(km: number): number {
  return Math.round(km * 10) / 10;
}

const KIND_RANK: Record<PlaceName['kind'], number> = { municipality: 0, former_municipality: 1, deelgemeente: 2 };
const LANGUAGE_NAMES: Record<PlaceName['lang'], string> = { nl: 'Nederlandse', fr: 'Franse', de: 'Duitse' };

/** The place search over a set of place names. */
export interface PlaceFinder {
  /** What `typed` means. */
  resolve(typed: string): PlaceAnswer;
  /** A municipality by NIS code. */
  municipality(nisCode: string): PlaceMunicipality | undefined;
  /** The point of a municipality (the one places.csv gives its current name). */
  municipalityPoint(nisCode: string): Point | undefined;
  /**
   * The point of an address's postcode in a municipality: the locality of that postcode named
   * after the municipality, else its only locality, else the municipality's point.
   */
  postcodePoint(postcode: string, nisCode: string): Point | undefined;
}

/** Builds the place search from the place names and the municipalities they point to. */
export function createPlaceFinder(names: readonly PlaceName[], municipalities: readonly PlaceMunicipality[]): PlaceFinder {
  const municipalityByNis = new Map(municipalities.map((m) => [m.nisCode, m]));
  const byKey = new Map<string, PlaceName[]>();
  for (const row of names) {
    const key = placeKey(row.name);
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  const keys = [...byKey.keys()];
  const sounds = new Map(keys.map((key) => [key, soundOf(key)]));

  // The point of each municipality: the row of its current Dutch name.
  const municipalityPoints = new Map<string, Point>();
  for (const row of names) if (row.kind === 'municipality' && row.lang === 'nl') municipalityPoints.set(row.nisCode, { lat: row.lat, lon: row.lon });
  // The localities of each postcode (Dutch rows), for postcodes typed alone and for addresses.
  const localities = new Map<string, PlaceName[]>();
  for (const row of names) {
    if (row.kind !== 'deelgemeente' || row.lang !== 'nl' || !row.postcode) continue;
    const list = localities.get(row.postcode);
    if (list) list.push(row);
    else localities.set(row.postcode, [row]);
  }
  const postcodeOwner = new Map<string, PlaceMunicipality>();
  for (const m of municipalities) for (const postcode of m.postcodes) postcodeOwner.set(postcode, m);

  /** The locality a postcode stands for: the one named after its municipality, else its first. */
  const mainLocality = (postcode: string): PlaceName | undefined => {
    const list = localities.get(postcode);
    const owner = postcodeOwner.get(postcode);
    if (!list || !owner) return undefined;
    return list.find((row) => placeKey(row.name) === placeKey(owner.nameNl)) ?? (list.length === 1 ? list[0] : undefined);
  };

  /**
   * How a place reads in a list, written so that typed back it finds exactly that place: the
   * municipality after a locality or former municipality, the Dutch name after another language's,
   * "(gemeente)" after a municipality whose name a locality elsewhere carries too.
   */
  const labelOf = (name: string, kind: PlaceName['kind'], lang: PlaceName['lang'], municipality: PlaceMunicipality, postcode: string | null) => {
    const sameName = placeKey(name) === placeKey(municipality.nameNl);
    if (kind === 'municipality') {
      if (lang !== 'nl' && !sameName) return `${name} (${municipality.nameNl})`;
      const shared = (byKey.get(placeKey(name)) ?? []).some((row) => row.nisCode !== municipality.nisCode);
      return shared ? `${name} (gemeente)` : name;
    }
    const parts = [sameName ? null : municipality.nameNl, kind === 'deelgemeente' ? postcode : null].filter(Boolean);
    return parts.length > 0 ? `${name} (${parts.join(', ')})` : name;
  };

  /**
   * The meanings of a set of rows with one name: one per municipality. Within a municipality the
   * row that covers most (the municipality before a former municipality before a locality) gives
   * the point; the postcode is kept when all its rows share one.
   */
  const meaningsOf = (rows: readonly PlaceName[]): Place[] => {
    const byNis = new Map<string, PlaceName[]>();
    for (const row of rows) {
      const list = byNis.get(row.nisCode);
      if (list) list.push(row);
      else byNis.set(row.nisCode, [row]);
    }
    const places: Place[] = [];
    for (const [nisCode, group] of byNis) {
      const municipality = municipalityByNis.get(nisCode);
      if (!municipality) continue;
      const main = [...group].sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || (a.lang === 'nl' ? -1 : 0) - (b.lang === 'nl' ? -1 : 0))[0];
      const postcodes = new Set(group.map((row) => row.postcode));
      const postcode = postcodes.size === 1 ? [...postcodes][0] : null;
      places.push({
        name: main.name,
        kind: main.kind,
        lang: main.lang,
        postcode,
        municipality,
        point: { lat: main.lat, lon: main.lon },
        label: labelOf(main.name, main.kind, main.lang, municipality, postcode),
      });
    }
    // Current municipalities first, then by municipality name.
    return places.sort((a, b) => KIND_RANK[a.kind as PlaceName['kind']] - KIND_RANK[b.kind as PlaceName['kind']] || a.municipality.nameNl.localeCompare(b.municipality.nameNl, 'nl-BE'));
  };

  /** How a place was understood, when the name typed is not simply the municipality's. */
  const understoodOf = (place: Place): string | null => {
    const municipality = place.municipality.nameNl;
    if (place.kind === 'municipality') return place.lang === 'nl' ? null : `${place.name} is de ${LANGUAGE_NAMES[place.lang]} naam van ${municipality}.`;
    if (place.kind === 'former_municipality') return `${place.name} is een vroegere gemeente; ze hoort nu bij ${municipality}.`;
    if (placeKey(place.name) === placeKey(municipality)) return null;
    return place.lang === 'nl' ? `${place.name} hoort bij ${municipality}.` : `${place.name} is de ${LANGUAGE_NAMES[place.lang]} naam van een deel van ${municipality}.`;
  };

  const byPostcode = (postcode: string): PlaceAnswer => {
    const owner = postcodeOwner.get(postcode);
    if (!owner) return { status: 'unknown', message: `Geen Vlaamse of Brusselse gemeente heeft postcode ${postcode}.` };
    const locality = mainLocality(postcode);
    const point = locality ? { lat: locality.lat, lon: locality.lon } : municipalityPoints.get(owner.nisCode)!;
    const name = locality?.name ?? owner.nameNl;
    const where = placeKey(name) === placeKey(owner.nameNl) ? owner.nameNl : `${name}, in ${owner.nameNl}`;
    return {
      status: 'found',
      place: { name, kind: 'postcode', lang: 'nl', postcode, municipality: owner, point, label: `${postcode} ${name}` },
      understood: `Postcode ${postcode} is ${where}.`,
    };
  };

  const suggestionsFor = (key: string): Place[] => {
    if (key.length < 2) return [];
    const allowed = key.length <= 3 ? 1 : key.length <= 9 ? 2 : 3;
    const scored: { key: string; edits: number; prefix: boolean }[] = [];
    for (const candidate of keys) {
      const prefix = key.length >= 3 && candidate.startsWith(key);
      if (Math.abs(candidate.length - key.length) > allowed && !prefix) continue;
      const edits = distance(key, candidate);
      if (edits <= allowed || prefix) scored.push({ key: candidate, edits, prefix });
    }
    if (scored.length === 0) return [];
    // The closest names only (and every name the text begins), the likeliest first.
    const closest = Math.min(...scored.map((s) => s.edits));
    const sound = soundOf(key);
    // Names the text begins come first; a name two edits away only when no name begins so.
    const anyPrefix = scored.some((s) => s.prefix);
    const kept = scored
      .filter((s) => s.prefix || (s.edits === closest && (closest <= 1 || !anyPrefix)))
      .sort((a, b) => Number(b.edits <= 1) - Number(a.edits <= 1) || Number(b.prefix) - Number(a.prefix) || a.edits - b.edits || Number(sounds.get(b.key) === sound) - Number(sounds.get(a.key) === sound) || a.key.length - b.key.length || a.key.localeCompare(b.key));
    const seen = new Set<string>();
    const places: Place[] = [];
    for (const { key: candidate } of kept) {
      for (const place of meaningsOf(byKey.get(candidate)!)) {
        // One suggestion per municipality and name ("Gand" and "Gent" are one place).
        const id = `${place.municipality.nisCode}:${place.kind === 'municipality' ? '' : placeKey(place.name)}`;
        if (seen.has(id)) continue;
        seen.add(id);
        places.push(place);
      }
      if (places.length >= MAX_SUGGESTIONS) break;
    }
    return places.slice(0, MAX_SUGGESTIONS);
  };

  const resolve = (typed: string): PlaceAnswer => {
    const text = typed.normalize('NFC').trim();
    if (!text) return { status: 'empty' };
    if (/^\d{5}$/.test(text)) {
      const municipality = municipalityByNis.get(text);
      if (!municipality) return { status: 'unknown', message: `Geen gemeente heeft NIS-code ${text}.` };
      return { status: 'found', place: { name: municipality.nameNl, kind: 'nis_code', lang: 'nl', postcode: null, municipality, point: municipalityPoints.get(text)!, label: municipality.nameNl }, understood: null };
    }
    // "Deurne (Antwerpen, 2100)", "2100 Deurne", "Deurne 2100": a name, with a municipality or postcode to tell it apart.
    const qualifier = /\(([^()]*)\)\s*$/.exec(text);
    const inside = qualifier ? qualifier[1].split(',').map((part) => part.trim()).filter(Boolean) : [];
    const outside = qualifier ? text.slice(0, qualifier.index).trim() : text;
    const postcodes = [...outside.matchAll(/\b\d{4}\b/g), ...inside.join(' ').matchAll(/\b\d{4}\b/g)].map((m) => m[0]);
    const postcode = postcodes[0] ?? null;
    const nameText = outside.replace(/\b\d{4}\b/g, ' ').trim();
    const onlyMunicipality = inside.some((part) => placeKey(part) === 'gemeente');
    const within = inside.filter((part) => !/^\d{4}$/.test(part) && placeKey(part) !== 'gemeente').map(placeKey).filter(Boolean);
    if (postcodes.length > 1 && new Set(postcodes).size > 1) return { status: 'unknown', message: `Typ één postcode: ${postcodes.join(' of ')}?` };
    const key = placeKey(nameText);
    if (!key) return postcode ? byPostcode(postcode) : { status: 'unknown', message: unknownMessage(text) };

    let rows = byKey.get(key) ?? [];
    if (rows.length > 0 && within.length > 0) {
      // The municipality in brackets, by any of its names.
      rows = rows.filter((row) => {
        const m = municipalityByNis.get(row.nisCode)!;
        return within.every((w) => w === placeKey(m.nameNl) || w === placeKey(m.nameFr) || (byKey.get(w) ?? []).some((other) => other.nisCode === row.nisCode));
      });
    }
    if (onlyMunicipality) rows = rows.filter((row) => row.kind === 'municipality');
    if (rows.length > 0 && postcode) {
      const exact = rows.filter((row) => row.postcode === postcode);
      const withPostcode = exact.length > 0 ? exact : rows.filter((row) => row.postcode === null && municipalityByNis.get(row.nisCode)!.postcodes.includes(postcode));
      // A name and a postcode that do not go together: the postcode is the more precise.
      if (withPostcode.length === 0) return byPostcode(postcode);
      rows = withPostcode;
    }
    if (rows.length === 0) {
      if (postcode) return byPostcode(postcode);
      const suggestions = suggestionsFor(key);
      if (suggestions.length === 0) return { status: 'unknown', message: unknownMessage(nameText) };
      return {
        status: 'suggestions',
        suggestions,
        message: `Geen plaats gevonden met de naam ‘${nameText}’. Bedoelt u ${orList(suggestions.slice(0, 3).map((s) => s.label))}?`,
      };
    }
    const meanings = meaningsOf(rows);
    if (meanings.length === 1) {
      const place = meanings[0];
      return { status: 'found', place, understood: understoodOf(place) };
    }
    return { status: 'ambiguous', choices: meanings, message: `Er zijn ${meanings.length} plaatsen met de naam ‘${meanings[0].name}’. Welke bedoelt u?` };
  };

  return {
    resolve,
    municipality: (nisCode) => municipalityByNis.get(nisCode),
    municipalityPoint: (nisCode) => municipalityPoints.get(nisCode),
    postcodePoint(postcode, nisCode) {
      const locality = postcodeOwner.get(postcode)?.nisCode === nisCode ? mainLocality(postcode) : undefined;
      return locality ? { lat: locality.lat, lon: locality.lon } : municipalityPoints.get(nisCode);
    },
  };
}

function unknownMessage(text: string): string {
  return `Geen plaats gevonden met de naam ‘${text}’. Typ de naam van een gemeente of deelgemeente in Vlaanderen of Brussel, of een postcode van 4 cijfers.`;
}

/** "A", "A of B", "A, B of C". */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} of ${items.at(-1)}`;
}
