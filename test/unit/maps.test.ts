/**
 * The maps as the pages draw them: what is drawn as served is the working area, the largest
 * possible working-area map stays within 15 KB, and the coverage classes say what they mean.
 */
import { describe, expect, it } from 'vitest';
import { loadBoundaries, loadReferenceData } from '#db/reference-data.ts';
import { mapDrawing, publicMap } from '#domain/geometry.ts';
import { groupWorkingArea, BRUSSELS_AREA_CODE, BRUSSELS_AREA_NAME } from '#domain/working-area.ts';
import { areaChangeMap, workingAreaMap, spriteSvg } from '#site/lib/maps.ts';
import { coverageClasses, coverageClassOf, coverageLegend } from '#site/lib/coverage.ts';

const reference = loadReferenceData();
const projection = mapDrawing(loadBoundaries());
const drawing = publicMap(loadBoundaries(), (nis) => {
  const m = reference.municipalities.find((r) => r.nisCode === nis);
  return m ? (m.provinceNis ?? BRUSSELS_AREA_CODE) : undefined;
});
const [seatX, seatY] = projection.project({ lat: 50.88, lon: 4.7 });
const municipalities = reference.municipalities.map((m) => ({ nisCode: m.nisCode, nameNl: m.nameNl, provinceNis: m.provinceNis, region: m.region }));
const areas = [...reference.provinces.map((p) => ({ code: p.nisCode, nameNl: p.nameNl })), { code: BRUSSELS_AREA_CODE, nameNl: BRUSSELS_AREA_NAME }];
const byNis = new Map(municipalities.map((m) => [m.nisCode, m]));
const mapOf = (codes: string[]) =>
  workingAreaMap({ drawing, area: groupWorkingArea(codes, byNis, areas), seat: { x: seatX, y: seatY }, providerName: 'Een dienstverlener met een lange naam vzw', seatName: 'Leuven' });

describe('a provider map', () => {
  it('stays within 15 KB for the largest working area there can be: every municipality but one of each province, each drawn on its own', () => {
    const almostEverywhere = reference.municipalities.filter((m, i, all) => all.findIndex((o) => o.provinceNis === m.provinceNis) !== i).map((m) => m.nisCode);
    expect(almostEverywhere).toHaveLength(298);
    const { svg, legend } = mapOf(almostEverywhere);
    expect((svg.match(/<use href="\/kaart\/gemeenten\.svg#g\d{5}"\/>/g) ?? []).length).toBe(298);
    const bytes = Buffer.byteLength(`<figure class="map-figure">${svg}<figcaption>${legend}</figcaption></figure>`);
    expect(bytes).toBeLessThan(15 * 1024);
  });

  it('draws all of Flanders and Brussels as six shapes', () => {
    const { svg } = mapOf(reference.municipalities.map((m) => m.nisCode));
    expect(svg.match(/<use href="\/kaart\/gemeenten\.svg#a\d{5}"\/>/g)).toHaveLength(6);
  });

  it('puts the seat inside the map', () => {
    expect(seatX).toBeGreaterThan(0);
    expect(seatX).toBeLessThan(drawing.width);
    expect(seatY).toBeGreaterThan(0);
    expect(seatY).toBeLessThan(drawing.height);
    // Inside the box of Vlaams-Brabant, where Leuven is.
    const [x, y, width, height] = drawing.areaBounds['20001'];
    expect(seatX > x && seatX < x + width && seatY > y && seatY < y + height).toBe(true);
  });

  it('shares its outlines in one file of about 150 KB', () => {
    expect(Buffer.byteLength(spriteSvg(drawing))).toBeLessThan(200 * 1024);
  });
});

describe('the coverage classes', () => {
  it('tell apart no provider, no free place, and three classes of about equal size', () => {
    const figures = new Map<string, { providers: number; withFreePlaces: number }>([
      ['a', { providers: 0, withFreePlaces: 0 }],
      ['b', { providers: 3, withFreePlaces: 0 }],
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => [`c${n}`, { providers: 10, withFreePlaces: n }] as const),
    ]);
    const classes = coverageClasses(figures);
    expect(classes).toEqual({ low: 3, mid: 6 });
    expect(['a', 'b', 'c1', 'c3', 'c4', 'c6', 'c7', 'c9'].map((k) => coverageClassOf(figures.get(k), classes))).toEqual(['none', 'full', 'low', 'low', 'mid', 'mid', 'high', 'high']);
    expect(coverageLegend(classes).map((e) => e.label)).toEqual([
      'geen erkende dienstverlener',
      'wel dienstverleners, maar geen enkele met vrije plaatsen',
      '1 tot 3 dienstverleners met vrije plaatsen',
      '4 tot 6 dienstverleners met vrije plaatsen',
      'meer dan 6 dienstverleners met vrije plaatsen',
    ]);
  });
});

describe('the map of what a working-area report changes', () => {
  const nisOf = (name: string) => reference.municipalities.find((m) => m.nameNl === name)!.nisCode;
  const kept = [nisOf('Gent')];
  const added = [nisOf('Lochristi'), nisOf('Destelbergen')];
  const removed = [nisOf('Merelbeke-Melle')];
  const { svg, legend } = areaChangeMap({ size: drawing, bounds: projection.boundsOf([...kept, ...added, ...removed]), id: 'k', title: 'Wat verandert', kept, added, removed });
  const shapesIn = (group: string) => [...(new RegExp(`<g class="${group}"[^>]*>(.*?)</g>`).exec(svg)?.[1] ?? '').matchAll(/#g(\d{5})/g)].map((m) => m[1]);

  it('draws the municipalities that stay, join and leave each in a group of their own, with a pattern for those that join and leave', () => {
    expect(shapesIn('change-kept')).toEqual(kept);
    expect(shapesIn('change-added')).toEqual(added);
    expect(shapesIn('change-removed')).toEqual(removed);
    expect(svg).toContain('<g class="change-added" fill="url(#k-added)">');
    expect(svg).toContain('<g class="change-removed" fill="url(#k-removed)">');
  });

  it('says in words what each look means, and that the list beside it names them', () => {
    expect(svg).toContain('Groen gearceerd met een volle rand: 2 gemeenten erbij. Oranje geruit met een streepjesrand: 1 gemeente eraf.');
    expect(svg).toContain('De namen staan in de lijst naast de kaart.');
    expect(legend).toContain('erbij (gearceerd, volle rand)');
    expect(legend).toContain('eraf (geruit, streepjesrand)');
  });
});
