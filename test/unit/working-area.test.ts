import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '#db/reference-data.ts';
import { BRUSSELS_AREA_CODE, BRUSSELS_AREA_NAME, FLEMISH_MUNICIPALITY_COUNT, groupWorkingArea } from '#domain/working-area.ts';

const reference = loadReferenceData();
const municipalities = new Map(reference.municipalities.map((m) => [m.nisCode, m]));
const provinces = [...reference.provinces.map((p) => ({ code: p.nisCode, nameNl: p.nameNl })), { code: BRUSSELS_AREA_CODE, nameNl: BRUSSELS_AREA_NAME }];
const nisOf = (name: string) => reference.municipalities.find((m) => m.nameNl === name)!.nisCode;

describe('reference data', () => {
  it('holds the 285 Flemish and 19 Brussels municipalities with unique page slugs', () => {
    expect(reference.municipalities.filter((m) => m.region === 'VLG')).toHaveLength(FLEMISH_MUNICIPALITY_COUNT);
    expect(reference.municipalities.filter((m) => m.region === 'BRU')).toHaveLength(19);
    expect(new Set(reference.municipalities.map((m) => m.slug)).size).toBe(304);
    expect(reference.provinces.map((p) => p.nameNl)).toEqual(['Antwerpen', 'Vlaams-Brabant', 'West-Vlaanderen', 'Oost-Vlaanderen', 'Limburg']);
  });

  it('maps postcodes to their municipality', () => {
    expect(reference.municipalities.find((m) => m.postcodes.includes('9000'))?.nameNl).toBe('Gent');
    expect(reference.municipalities.find((m) => m.postcodes.includes('2070'))?.nameNl).toBe('Beveren-Kruibeke-Zwijndrecht');
  });
});

describe('grouping a working area by province', () => {
  it('groups by province in the usual order, municipalities by Dutch name', () => {
    const grouped = groupWorkingArea([nisOf('Gent'), nisOf('Aalst'), nisOf('Hasselt'), nisOf('Antwerpen'), nisOf('Elsene')], municipalities, provinces);
    expect(grouped.groups.map((g) => g.province.nameNl)).toEqual(['Antwerpen', 'Oost-Vlaanderen', 'Limburg', BRUSSELS_AREA_NAME]);
    expect(grouped.groups[1].municipalities.map((m) => m.nameNl)).toEqual(['Aalst', 'Gent']);
    expect(grouped.municipalityCount).toBe(5);
    expect(grouped.allFlanders).toBe(false);
  });

  it('says "whole province" when every municipality of a province is served', () => {
    const limburg = reference.municipalities.filter((m) => m.provinceNis === '70000').map((m) => m.nisCode);
    const grouped = groupWorkingArea([...limburg, nisOf('Gent')], municipalities, provinces);
    expect(grouped.groups.find((g) => g.province.nameNl === 'Limburg')?.wholeProvince).toBe(true);
    expect(grouped.groups.find((g) => g.province.nameNl === 'Oost-Vlaanderen')?.wholeProvince).toBe(false);
  });

  it('recognises "heel Vlaanderen" only when all 285 Flemish municipalities are served', () => {
    const flemish = reference.municipalities.filter((m) => m.region === 'VLG').map((m) => m.nisCode);
    expect(groupWorkingArea(flemish, municipalities, provinces).allFlanders).toBe(true);
    expect(groupWorkingArea(flemish.slice(1), municipalities, provinces).allFlanders).toBe(false);
  });

  it('ignores unknown codes and counts duplicates once', () => {
    const grouped = groupWorkingArea(['99999', nisOf('Gent'), nisOf('Gent')], municipalities, provinces);
    expect(grouped.municipalityCount).toBe(1);
  });
});
