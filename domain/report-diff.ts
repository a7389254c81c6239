/**
 * What a change report would change, computed before anyone decides: the provider sees it before
 * sending, the administrator before accepting. Pure: the provider's data now and the reference
 * data are passed in. Municipalities added and removed are counted and named the way the public
 * page names a working area ("heel Limburg", "heel Vlaanderen"); every other field is shown with
 * its old and its new value. Two changes ask for an explicit confirmation: an area that loses
 * municipalities and a capacity that drops.
 */
import type { ChangeReportRequest } from './change-reports.ts';
import { formatEnterpriseNumber } from './enterprise-number.ts';
import { slugify } from './slug.ts';
import { BRUSSELS_AREA_CODE, BRUSSELS_AREA_NAME, groupWorkingArea, type AreaMunicipality, type AreaProvince } from './working-area.ts';

/** A provider's reportable data now (db/queries/provider-current.ts reads it). */
export interface ReportableData {
  /** NIS codes. */
  workingArea: readonly string[];
  capacity: { totalPlaces: number; freePlaces: number } | null;
  coaches: readonly { fullName: string; qualification: string }[];
  /** Enterprise numbers. */
  subcontractors: readonly string[];
  qualityRegistration: string | null;
  contact: { street: string; postcode: string; email: string | null; phone: string | null; website: string | null };
  /** The yearly activity figures reported so far. */
  activity: readonly { year: number; employeesCoached: number }[];
}

/** The reference data a difference is named with. */
export interface DiffReference {
  municipalities: ReadonlyMap<string, AreaMunicipality>;
  /** Provinces and the Brussels region, in the order they are listed. */
  provinces: readonly AreaProvince[];
  /** Provider names by enterprise number (for subcontractors). */
  providerNames: ReadonlyMap<string, string>;
}

/** One field with its value now and after the report; null is "nothing" (not reported, empty). */
export interface FieldChange {
  label: string;
  before: string | null;
  after: string | null;
  changed: boolean;
}

/** Part of a working area: how many municipalities, and their names with whole provinces named as such. */
export interface AreaPart {
  count: number;
  /** "heel Vlaanderen", whole provinces ("heel Limburg") in the public page's order, then single municipalities in Dutch alphabetical order. */
  names: string[];
  /** NIS codes, sorted. */
  codes: string[];
}

/** What a working-area report does to the area. */
export interface AreaDiff {
  before: AreaPart;
  after: AreaPart;
  added: AreaPart;
  removed: AreaPart;
}

/** Items that join and leave a list (coaches, subcontractors). */
export interface ListDiff {
  label: string;
  beforeCount: number;
  afterCount: number;
  added: string[];
  removed: string[];
}

/** Everything a report would change. */
export interface ReportDiff {
  kind: ChangeReportRequest['kind'];
  fields: FieldChange[];
  area: AreaDiff | null;
  list: ListDiff | null;
  /** The working area loses at least one municipality. */
  areaShrinks: boolean;
  /** The total number of places goes down. */
  capacityDrops: boolean;
  /** Nothing in the register would be different. */
  unchanged: boolean;
}

const collator = new Intl.Collator('nl-BE');
const sorted = (names: Iterable<string>) => [...names].sort(collator.compare);
const CONTACT_LABELS = { street: 'Straat en nummer', postcode: 'Postcode', email: 'E-mail', phone: 'Telefoon', website: 'Website' } as const;

/** The NIS codes a whole province (or Brussels) named in a report stands for: by code, by name, or "Brussel". */
export function provinceMembers(wanted: string, reference: Pick<DiffReference, 'municipalities' | 'provinces'>): string[] | null {
  const key = slugify(wanted);
  const brussels = wanted === BRUSSELS_AREA_CODE || key === slugify(BRUSSELS_AREA_NAME) || key === 'brussel';
  const province = brussels ? null : reference.provinces.find((p) => p.code === wanted || slugify(p.nameNl) === key);
  if (!brussels && !province) return null;
  const code = brussels ? BRUSSELS_AREA_CODE : province!.code;
  return [...reference.municipalities.values()].filter((m) => (m.provinceNis ?? BRUSSELS_AREA_CODE) === code).map((m) => m.nisCode);
}

/** The NIS codes a working-area payload stands for (unknown codes and provinces are left out: the command refuses them). */
export function resolveAreaPayload(payload: { municipalities?: readonly string[]; provinces?: readonly string[] }, reference: Pick<DiffReference, 'municipalities' | 'provinces'>): string[] {
  const codes = new Set((payload.municipalities ?? []).filter((code) => reference.municipalities.has(code)));
  for (const name of payload.provinces ?? []) for (const code of provinceMembers(name, reference) ?? []) codes.add(code);
  return [...codes].sort();
}

/** A set of municipalities named as the public page names a working area: whole provinces, then the rest. */
export function areaPart(codes: Iterable<string>, reference: Pick<DiffReference, 'municipalities' | 'provinces'>): AreaPart {
  const grouped = groupWorkingArea(codes, reference.municipalities, reference.provinces);
  const whole: string[] = [];
  const single: string[] = [];
  for (const group of grouped.groups) {
    const flemish = group.province.code !== BRUSSELS_AREA_CODE;
    if (grouped.allFlanders && flemish) continue;
    if (group.wholeProvince) whole.push(`heel ${group.province.nameNl}`);
    else single.push(...group.municipalities.map((m) => m.nameNl));
  }
  const codesIn = grouped.groups.flatMap((g) => g.municipalities.map((m) => m.nisCode)).sort();
  return { count: grouped.municipalityCount, names: [...(grouped.allFlanders ? ['heel Vlaanderen'] : []), ...whole, ...sorted(single)], codes: codesIn };
}

const field = (label: string, before: string | null, after: string | null): FieldChange => ({ label, before, after, changed: before !== after });
const listDiff = (label: string, before: readonly string[], after: readonly string[]): ListDiff => ({
  label,
  beforeCount: before.length,
  afterCount: after.length,
  added: sorted(after.filter((a) => !before.includes(a))),
  removed: sorted(before.filter((b) => !after.includes(b))),
});
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What `request` would change in `now`, the provider's data as the register holds it. */
export function diffChangeReport(request: ChangeReportRequest, now: ReportableData, reference: DiffReference): ReportDiff {
  let fields: FieldChange[] = [];
  let area: AreaDiff | null = null;
  let list: ListDiff | null = null;
  let capacityDrops = false;
  switch (request.kind) {
    case 'working_area': {
      const before = new Set(now.workingArea.filter((code) => reference.municipalities.has(code)));
      const after = new Set(resolveAreaPayload(request.payload, reference));
      area = {
        before: areaPart(before, reference),
        after: areaPart(after, reference),
        added: areaPart([...after].filter((c) => !before.has(c)), reference),
        removed: areaPart([...before].filter((c) => !after.has(c)), reference),
      };
      fields = [field('Aantal gemeenten', count(before.size, 'gemeente', 'gemeenten'), count(after.size, 'gemeente', 'gemeenten'))];
      break;
    }
    case 'capacity': {
      const total = request.payload.totalPlaces;
      const c = now.capacity;
      capacityDrops = c !== null && total < c.totalPlaces;
      fields = [field('Plaatsen in totaal', c ? String(c.totalPlaces) : null, String(total))];
      // The command caps free places at the new total: show that too.
      if (c && c.freePlaces > total) fields.push(field('Vrije plaatsen', String(c.freePlaces), String(total)));
      break;
    }
    case 'free_places':
      fields = [field('Vrije plaatsen', now.capacity ? String(now.capacity.freePlaces) : null, String(request.payload.freePlaces))];
      break;
    case 'coaches': {
      const asText = (c: { fullName: string; qualification: string }) => `${c.fullName} (${c.qualification})`;
      list = listDiff('Begeleiders', now.coaches.map(asText), request.payload.coaches.map(asText));
      fields = [field('Aantal begeleiders', String(now.coaches.length), String(request.payload.coaches.length))];
      break;
    }
    case 'subcontractors': {
      const name = (n: string) => `${reference.providerNames.get(n) ?? 'Onbekende organisatie'} (${formatEnterpriseNumber(n)})`;
      list = listDiff('Onderaannemers', now.subcontractors.map(name), request.payload.enterpriseNumbers.map(name));
      fields = [field('Aantal onderaannemers', String(now.subcontractors.length), String(request.payload.enterpriseNumbers.length))];
      break;
    }
    case 'quality_registration':
      fields = [field('Kwaliteitsregistratie', now.qualityRegistration, request.payload.reference)];
      break;
    case 'yearly_activity': {
      const { year, employeesCoached } = request.payload;
      const known = now.activity.find((a) => a.year === year);
      fields = [field(`Begeleide werknemers in ${year}`, known ? String(known.employeesCoached) : null, String(employeesCoached))];
      break;
    }
    case 'contact_details':
      fields = (Object.keys(CONTACT_LABELS) as (keyof typeof CONTACT_LABELS)[])
        .filter((key) => request.payload[key] !== undefined)
        .map((key) => field(CONTACT_LABELS[key], now.contact[key] || null, request.payload[key]!));
      break;
    case 'other':
      // A free text changes nothing by itself: the department reads it.
      fields = [{ label: 'Melding', before: null, after: request.payload.text, changed: true }];
      break;
  }
  const areaShrinks = area !== null && area.removed.count > 0;
  const unchanged = fields.every((f) => !f.changed) && (list === null || (list.added.length === 0 && list.removed.length === 0)) && (area === null || (area.added.count === 0 && area.removed.count === 0));
  return { kind: request.kind, fields, area, list, areaShrinks, capacityDrops, unchanged };
}
