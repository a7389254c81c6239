/**
 * Working areas (werkingsgebied): which municipalities a provider serves, grouped the way an
 * employer reads them — by province, with Brussels as its own region.
 */

/** A municipality as the working-area functions need it. */
export interface AreaMunicipality {
  nisCode: string;
  nameNl: string;
  /** Empty for the Brussels-Capital Region, which has no province. */
  provinceNis: string | null;
  region: 'VLG' | 'BRU';
}

/** A province (or the Brussels-Capital Region) as the working-area functions need it. */
export interface AreaProvince {
  /** The province's NIS code, or {@link BRUSSELS_AREA_CODE} for the Brussels-Capital Region. */
  code: string;
  nameNl: string;
}

/** The code under which Brussels' 19 municipalities are grouped; it has no province. */
export const BRUSSELS_AREA_CODE = '04000';
/** How the Brussels-Capital Region is named where provinces are listed. */
export const BRUSSELS_AREA_NAME = 'Brussels Hoofdstedelijk Gewest';
/** How many municipalities the Flemish Region has (since 1 January 2025). */
export const FLEMISH_MUNICIPALITY_COUNT = 285;
/** How many municipalities the Brussels-Capital Region has. */
export const BRUSSELS_MUNICIPALITY_COUNT = 19;

/**
 * The province or region code of a NIS code by the rule of its first digits (as the reference
 * data has them): 21… is Brussels, 23… and 24… Flemish Brabant, any other the first digit and 0000.
 */
export function areaCodeOfNis(nis: string): string {
  if (nis.startsWith('21')) return BRUSSELS_AREA_CODE;
  if (nis.startsWith('23') || nis.startsWith('24')) return '20001';
  return `${nis[0]}0000`;
}

/** The province or region code a municipality is listed under. */
export function areaCodeOf(municipality: AreaMunicipality): string {
  return municipality.provinceNis ?? BRUSSELS_AREA_CODE;
}

/** One province's part of a working area. */
export interface WorkingAreaGroup {
  province: AreaProvince;
  municipalities: AreaMunicipality[];
  /** True when the provider serves every municipality of this province. */
  wholeProvince: boolean;
}

/** A working area grouped by province, in the order of `provinces`. */
export interface GroupedWorkingArea {
  groups: WorkingAreaGroup[];
  /** True when all 285 Flemish municipalities are served ("heel Vlaanderen"). */
  allFlanders: boolean;
  municipalityCount: number;
}

// Made once: making a collator costs more than sorting a provider's working area with it.
const collator = new Intl.Collator('nl-BE');

/**
 * Groups the NIS codes of a working area by province, municipalities sorted by Dutch name.
 * Unknown codes are ignored (reference data is the authority); duplicates count once.
 */
export function groupWorkingArea(
  nisCodes: Iterable<string>,
  municipalities: ReadonlyMap<string, AreaMunicipality>,
  provinces: readonly AreaProvince[],
): GroupedWorkingArea {
  const served = new Set<string>();
  for (const code of nisCodes) if (municipalities.has(code)) served.add(code);

  const perArea = new Map<string, AreaMunicipality[]>();
  const totalPerArea = new Map<string, number>();
  let flemishTotal = 0;
  let flemishServed = 0;
  for (const municipality of municipalities.values()) {
    const area = areaCodeOf(municipality);
    totalPerArea.set(area, (totalPerArea.get(area) ?? 0) + 1);
    if (municipality.region === 'VLG') flemishTotal++;
    if (!served.has(municipality.nisCode)) continue;
    if (municipality.region === 'VLG') flemishServed++;
    const list = perArea.get(area) ?? [];
    list.push(municipality);
    perArea.set(area, list);
  }

  const groups: WorkingAreaGroup[] = [];
  for (const province of provinces) {
    const list = perArea.get(province.code);
    if (!list) continue;
    list.sort((a, b) => collator.compare(a.nameNl, b.nameNl));
    groups.push({ province, municipalities: list, wholeProvince: list.length === totalPerArea.get(province.code) });
  }
  return {
    groups,
    allFlanders: flemishTotal > 0 && flemishServed === flemishTotal,
    municipalityCount: served.size,
  };
}
