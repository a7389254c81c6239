/**
 * What a change report would change, checked against differences worked out by hand: a small
 * made-up map (two provinces and Brussels) where every count can be followed, and the real one
 * for the words the public page uses ("heel Limburg", "heel Vlaanderen").
 */
import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '#db/reference-data.ts';
import { diffChangeReport, type DiffReference, type ReportableData } from '#domain/report-diff.ts';
import { BRUSSELS_AREA_CODE, BRUSSELS_AREA_NAME, type AreaMunicipality } from '#domain/working-area.ts';

const town = (nisCode: string, nameNl: string, provinceNis: string | null): AreaMunicipality => ({ nisCode, nameNl, provinceNis, region: provinceNis ? 'VLG' : 'BRU' });
// Province Noord: Aa, Bee, Cee. Province Zuid: Dee, Eeklo-Zuid. Brussels: Elsene.
const small: DiffReference = {
  municipalities: new Map(
    [town('10001', 'Bee', '10000'), town('10002', 'Aa', '10000'), town('10003', 'Cee', '10000'), town('20001', 'Eeklo-Zuid', '20000'), town('20002', 'Dee', '20000'), town('21001', 'Elsene', null)].map((m) => [m.nisCode, m]),
  ),
  provinces: [{ code: '10000', nameNl: 'Noord' }, { code: '20000', nameNl: 'Zuid' }, { code: BRUSSELS_AREA_CODE, nameNl: BRUSSELS_AREA_NAME }],
  providerNames: new Map([['0403170701', 'Werkpunt vzw'], ['0202239951', 'Jobstap vzw']]),
};

const now: ReportableData = {
  workingArea: ['10001', '10002', '10003', '20002'],
  capacity: { totalPlaces: 12, freePlaces: 5 },
  coaches: [{ fullName: 'Sara Peeters', qualification: 'Bachelor sociaal werk' }, { fullName: 'Tom Wouters', qualification: 'Master psychologie' }],
  subcontractors: ['0403170701'],
  qualityRegistration: 'KRM-2025-0001',
  contact: { street: 'Dok Noord 4', postcode: '9000', email: 'info@werkkracht.example', phone: null, website: null },
  activity: [{ year: 2025, employeesCoached: 7 }],
};

describe('a working-area report', () => {
  it('counts and names what joins and what leaves, a whole province as such', () => {
    // Now: all of Noord (Aa, Bee, Cee) and Dee. Asked: Aa, Dee, Eeklo-Zuid, Elsene.
    const diff = diffChangeReport({ kind: 'working_area', payload: { municipalities: ['10002', '20002', '20001', '21001'], provinces: [] } }, now, small);
    expect(diff.area!.before).toEqual({ count: 4, names: ['heel Noord', 'Dee'], codes: ['10001', '10002', '10003', '20002'] });
    expect(diff.area!.after).toEqual({ count: 4, names: ['heel Zuid', 'heel Brussels Hoofdstedelijk Gewest', 'Aa'], codes: ['10002', '20001', '20002', '21001'] });
    expect(diff.area!.added).toEqual({ count: 2, names: ['heel Brussels Hoofdstedelijk Gewest', 'Eeklo-Zuid'], codes: ['20001', '21001'] });
    expect(diff.area!.removed).toEqual({ count: 2, names: ['Bee', 'Cee'], codes: ['10001', '10003'] });
    expect(diff.fields).toEqual([{ label: 'Aantal gemeenten', before: '4 gemeenten', after: '4 gemeenten', changed: false }]);
    expect(diff.areaShrinks).toBe(true);
    expect(diff.capacityDrops).toBe(false);
    expect(diff.unchanged).toBe(false);
  });

  it('resolves whole provinces asked by name or code, and does not call a growing area shrinking', () => {
    const diff = diffChangeReport({ kind: 'working_area', payload: { municipalities: ['20002'], provinces: ['noord', '04000'] } }, now, small);
    expect(diff.area!.added).toEqual({ count: 1, names: ['heel Brussels Hoofdstedelijk Gewest'], codes: ['21001'] });
    expect(diff.area!.removed.count).toBe(0);
    expect(diff.fields[0]).toEqual({ label: 'Aantal gemeenten', before: '4 gemeenten', after: '5 gemeenten', changed: true });
    expect(diff.areaShrinks).toBe(false);
  });

  it('says so when the same area is asked again', () => {
    const diff = diffChangeReport({ kind: 'working_area', payload: { municipalities: ['20002', '10003'], provinces: ['Noord'] } }, now, small);
    expect(diff.area!.added.count + diff.area!.removed.count).toBe(0);
    expect(diff.unchanged).toBe(true);
  });

  it('names a whole real province and all of Flanders as the public page does', () => {
    const reference = loadReferenceData();
    const real: DiffReference = {
      municipalities: new Map(reference.municipalities.map((m) => [m.nisCode, m])),
      provinces: [...reference.provinces.map((p) => ({ code: p.nisCode, nameNl: p.nameNl })), { code: BRUSSELS_AREA_CODE, nameNl: BRUSSELS_AREA_NAME }],
      providerNames: new Map(),
    };
    const flemish = reference.municipalities.filter((m) => m.region === 'VLG').map((m) => m.nisCode);
    // From all 285 Flemish municipalities to all of them but Limburg's 38 plus Genk again.
    const diff = diffChangeReport({ kind: 'working_area', payload: { municipalities: ['71016'], provinces: ['Antwerpen', 'Vlaams-Brabant', 'West-Vlaanderen', 'Oost-Vlaanderen'] } }, { ...now, workingArea: flemish }, real);
    expect(diff.area!.before.names).toEqual(['heel Vlaanderen']);
    expect(diff.area!.before.count).toBe(285);
    expect(diff.area!.after.count).toBe(285 - 38 + 1);
    expect(diff.area!.after.names).toEqual(['heel Antwerpen', 'heel Vlaams-Brabant', 'heel West-Vlaanderen', 'heel Oost-Vlaanderen', 'Genk']);
    expect(diff.area!.removed.count).toBe(37);
    expect(diff.area!.removed.names).toContain('Hasselt');
    expect(diff.area!.removed.names).not.toContain('Genk');
    expect(diff.area!.removed.names.slice(0, 3)).toEqual(['Alken', 'As', 'Beringen']);

    const back = diffChangeReport({ kind: 'working_area', payload: { municipalities: flemish, provinces: [] } }, { ...now, workingArea: diff.area!.after.codes }, real);
    expect(back.area!.added.count).toBe(37);
    expect(back.area!.after.names).toEqual(['heel Vlaanderen']);
    expect(back.areaShrinks).toBe(false);
  });
});

describe('the other kinds', () => {
  it('flags a capacity drop and shows the free places it cuts', () => {
    const diff = diffChangeReport({ kind: 'capacity', payload: { totalPlaces: 4 } }, now, small);
    expect(diff.fields).toEqual([
      { label: 'Plaatsen in totaal', before: '12', after: '4', changed: true },
      { label: 'Vrije plaatsen', before: '5', after: '4', changed: true },
    ]);
    expect(diff.capacityDrops).toBe(true);
    expect(diff.areaShrinks).toBe(false);
    const up = diffChangeReport({ kind: 'capacity', payload: { totalPlaces: 15 } }, now, small);
    expect(up.fields).toEqual([{ label: 'Plaatsen in totaal', before: '12', after: '15', changed: true }]);
    expect(up.capacityDrops).toBe(false);
    const first = diffChangeReport({ kind: 'capacity', payload: { totalPlaces: 3 } }, { ...now, capacity: null }, small);
    expect(first.fields).toEqual([{ label: 'Plaatsen in totaal', before: null, after: '3', changed: true }]);
    expect(first.capacityDrops).toBe(false);
  });

  it('lists the coaches who join and leave', () => {
    const diff = diffChangeReport({ kind: 'coaches', payload: { coaches: [{ fullName: 'Tom Wouters', qualification: 'Master psychologie' }, { fullName: 'An Claes', qualification: 'Bachelor ergotherapie' }, { fullName: 'Bart Maes', qualification: 'Jobcoach' }] } }, now, small);
    expect(diff.list).toEqual({ label: 'Begeleiders', beforeCount: 2, afterCount: 3, added: ['An Claes (Bachelor ergotherapie)', 'Bart Maes (Jobcoach)'], removed: ['Sara Peeters (Bachelor sociaal werk)'] });
    expect(diff.fields).toEqual([{ label: 'Aantal begeleiders', before: '2', after: '3', changed: true }]);
  });

  it('names subcontractors by name and formatted enterprise number', () => {
    const diff = diffChangeReport({ kind: 'subcontractors', payload: { enterpriseNumbers: ['0202239951'] } }, now, small);
    expect(diff.list!.added).toEqual(['Jobstap vzw (0202.239.951)']);
    expect(diff.list!.removed).toEqual(['Werkpunt vzw (0403.170.701)']);
  });

  it('shows old and new contact details, only for the fields reported', () => {
    const diff = diffChangeReport({ kind: 'contact_details', payload: { email: 'hallo@werkkracht.example', phone: '+32 9 123 45 67' } }, now, small);
    expect(diff.fields).toEqual([
      { label: 'E-mail', before: 'info@werkkracht.example', after: 'hallo@werkkracht.example', changed: true },
      { label: 'Telefoon', before: null, after: '+32 9 123 45 67', changed: true },
    ]);
  });

  it('shows the figure of the same year, the quality registration and the free places before and after', () => {
    expect(diffChangeReport({ kind: 'yearly_activity', payload: { year: 2025, employeesCoached: 9 } }, now, small).fields).toEqual([{ label: 'Begeleide werknemers in 2025', before: '7', after: '9', changed: true }]);
    expect(diffChangeReport({ kind: 'yearly_activity', payload: { year: 2024, employeesCoached: 0 } }, now, small).fields).toEqual([{ label: 'Begeleide werknemers in 2024', before: null, after: '0', changed: true }]);
    const same = diffChangeReport({ kind: 'quality_registration', payload: { reference: 'KRM-2025-0001' } }, now, small);
    expect(same.fields).toEqual([{ label: 'Kwaliteitsregistratie', before: 'KRM-2025-0001', after: 'KRM-2025-0001', changed: false }]);
    expect(same.unchanged).toBe(true);
    expect(diffChangeReport({ kind: 'free_places', payload: { freePlaces: 2 } }, now, small).fields).toEqual([{ label: 'Vrije plaatsen', before: '5', after: '2', changed: true }]);
  });
});
