/**
 * The maps, drawn when the site is built: inline SVG that draws the outlines of one shared file,
 * `/kaart/gemeenten.svg` (every municipality, province and the Brussels region as a path with an
 * id), with `<use href>`. A page holds only which shapes it shows and how, so a provider's map
 * costs a few hundred bytes to a dozen kilobytes, and the outlines are fetched once. No script,
 * no style attribute (the pages' Content-Security-Policy allows neither): colours come from the
 * stylesheet, patterns from presentation attributes. Every map has a text alternative, and what
 * it shows never rests on colour alone: served areas are hatched, markers are shapes.
 */
import type { PublicMap } from '#domain/public-map.ts';
import type { GroupedWorkingArea } from '#domain/working-area.ts';
import { escapeHtml } from './html.ts';
import { describeWorkingArea } from './format.ts';
import type { CoverageClassKey } from './coverage.ts';
import { BOUNDARIES_CREDIT } from '#domain/open-data.ts';

/** The credit of the boundaries, under every map. */
export const MAP_CREDIT = `<small class="credit">${escapeHtml(BOUNDARIES_CREDIT)}</small>`;

/** The shared outlines. */
export const SPRITE_PATH = '/kaart/gemeenten.svg';

/** The id of a municipality's outline in the shared file. */
export const municipalityShape = (nisCode: string) => `g${nisCode}`;
/** The id of a province's (or the Brussels region's) outline in the shared file. */
export const areaShape = (code: string) => `a${code}`;

/** A point on the map, in its units. */
export interface MapPoint {
  x: number;
  y: number;
}

const use = (id: string, attributes = '') => `<use href="${SPRITE_PATH}#${id}"${attributes}/>`;

/** The shared file: every outline as a path in `<defs>`, and the land drawn once so it shows something when opened. */
export function spriteSvg(drawing: PublicMap): string {
  const paths = [
    `<path id="land" d="${drawing.land}"/>`,
    `<path id="grenzen" d="${drawing.borders}"/>`,
    `<path id="gebiedsgrenzen" d="${drawing.areaBorders}"/>`,
    ...Object.entries(drawing.areas).map(([code, d]) => `<path id="${areaShape(code)}" d="${d}"/>`),
    ...Object.entries(drawing.municipalities).map(([nis, d]) => `<path id="${municipalityShape(nis)}" d="${d}"/>`),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${drawing.width} ${drawing.height}">\n<defs>\n${paths.join('\n')}\n</defs>\n<use href="#land" fill="#e4e7eb"/>\n</svg>\n`;
}

/** The hatching patterns of one map (ids prefixed, as a page may hold several maps). */
function patterns(prefix: string, which: readonly ('served' | 'none' | 'full')[]): string {
  const defs: Record<string, string> = {
    served: `<pattern id="${prefix}-served" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#b9d2ec"/><rect width="3" height="6" fill="#05407a"/></pattern>`,
    full: `<pattern id="${prefix}-full" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="6" height="6" fill="#fbe3d0"/><rect width="2" height="6" fill="#9a3412"/></pattern>`,
    none: `<pattern id="${prefix}-none" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#f3f5f7"/><path d="M0 0L8 8M8 0L0 8" stroke="#6b7580" stroke-width="1"/></pattern>`,
  };
  return `<defs>${which.map((key) => defs[key]).join('')}</defs>`;
}

/** The frame of a map: an image with its title and description, the land and the borders around what it shows. */
function frame(options: { id: string; title: string; description: string; viewBox: string; defs?: string; content: string; borders?: boolean }): string {
  const { id } = options;
  return (
    `<svg class="map" viewBox="${options.viewBox}" role="img" aria-labelledby="${id}-titel ${id}-uitleg">` +
    `<title id="${id}-titel">${escapeHtml(options.title)}</title><desc id="${id}-uitleg">${escapeHtml(options.description)}</desc>` +
    (options.defs ?? '') +
    use('land', ' class="land"') +
    options.content +
    use('grenzen', ' class="borders"') +
    use('gebiedsgrenzen', ' class="area-borders"') +
    '</svg>'
  );
}

/** A legend entry: a swatch drawn as the map draws it, and its words. */
export interface LegendEntry {
  swatch: string;
  label: string;
}

/** A legend as an HTML list, with the credit of the boundaries. */
export function legendHtml(entries: readonly LegendEntry[]): string {
  return `<ul class="legend">${entries.map((e) => `<li><svg class="swatch" viewBox="0 0 24 16" aria-hidden="true" focusable="false">${e.swatch}</svg> ${escapeHtml(e.label)}</li>`).join('')}</ul>${MAP_CREDIT}`;
}

const seatMarker = (x: number, y: number, r = 7) => `<circle class="seat" cx="${x}" cy="${y}" r="${r}"/>`;

/**
 * A provider's working area on the map of Flanders and Brussels: every municipality it serves
 * hatched (a whole province as the province's outline), and its seat as a circle.
 */
export function workingAreaMap(options: { drawing: PublicMap; area: GroupedWorkingArea; seat: MapPoint | undefined; providerName: string; seatName: string | undefined }): { svg: string; legend: string } {
  const { drawing, area } = options;
  const id = 'kaart-werkingsgebied';
  const shapes = area.groups.flatMap((group) => (group.wholeProvince ? [areaShape(group.province.code)] : group.municipalities.map((m) => municipalityShape(m.nisCode))));
  const seat = options.seat ? [options.seat.x, options.seat.y] : null;
  const where = describeWorkingArea(area);
  const description =
    area.municipalityCount === 0
      ? 'Geen werkingsgebied gemeld.'
      : `Gearceerd: het werkingsgebied, ${where}.${seat && options.seatName ? ` Het rondje is de zetel in ${options.seatName}.` : ''} De gemeenten staan ook in de lijst onder de kaart.`;
  const svg = frame({
    id,
    title: `Kaart van het werkingsgebied van ${options.providerName}`,
    description,
    viewBox: `0 0 ${drawing.width} ${drawing.height}`,
    defs: patterns(id, ['served']),
    content: `<g class="served" fill="url(#${id}-served)">${shapes.map((shape) => use(shape)).join('')}</g>${seat ? seatMarker(seat[0], seat[1]) : ''}`,
  });
  const legend = legendHtml([
    { swatch: `<rect class="served-swatch" width="24" height="16" fill="url(#${id}-served)"/>`, label: 'werkingsgebied (gearceerd)' },
    { swatch: '<rect class="land" width="24" height="16"/>', label: 'geen werkingsgebied' },
    ...(seat ? [{ swatch: '<circle class="seat" cx="12" cy="8" r="6"/>', label: `zetel${options.seatName ? ` in ${options.seatName}` : ''}` }] : []),
  ]);
  return { svg, legend };
}

/** Where a municipality lies: the map of Flanders and Brussels with the municipality filled and a circle on it. */
export function locatorMap(options: { drawing: PublicMap; nisCode: string; name: string; areaName: string; point: MapPoint }): string {
  const { drawing } = options;
  const { x, y } = options.point;
  return frame({
    id: 'kaart-ligging',
    title: `Waar ${options.name} ligt`,
    description: `Kaart van Vlaanderen en Brussel. ${options.name} (${options.areaName}) is donker gekleurd en met een rondje aangeduid.`,
    viewBox: `0 0 ${drawing.width} ${drawing.height}`,
    content: use(municipalityShape(options.nisCode), ' class="here"') + seatMarker(x, y, 9),
  });
}

/** How the coverage map fills a class: hatched when no provider has free places, else a shade of blue. */
function classFill(prefix: string, key: CoverageClassKey): string {
  return key === 'none' ? `url(#${prefix}-none)` : key === 'full' ? `url(#${prefix}-full)` : '';
}

/**
 * The coverage map: each municipality in `codes` filled by its class, with its figures as a
 * tooltip; `viewBox` zooms to part of the map (a province).
 */
export function coverageMap(options: {
  drawing: PublicMap;
  id: string;
  title: string;
  description: string;
  codes: readonly string[];
  classOf: (nisCode: string) => CoverageClassKey;
  tooltip: (nisCode: string) => string;
  legendLabels: readonly { key: CoverageClassKey; label: string }[];
  viewBox?: [number, number, number, number];
}): { svg: string; legend: string } {
  const { drawing, id } = options;
  const margin = 8;
  const viewBox = options.viewBox
    ? `${options.viewBox[0] - margin} ${options.viewBox[1] - margin} ${options.viewBox[2] + 2 * margin} ${options.viewBox[3] + 2 * margin}`
    : `0 0 ${drawing.width} ${drawing.height}`;
  const shapes = options.codes
    .map((nis) => {
      const key = options.classOf(nis);
      const fill = classFill(id, key);
      return `<use href="${SPRITE_PATH}#${municipalityShape(nis)}" class="c-${key}"${fill ? ` fill="${fill}"` : ''}><title>${escapeHtml(options.tooltip(nis))}</title></use>`;
    })
    .join('');
  const svg = frame({ id, title: options.title, description: options.description, viewBox, defs: patterns(id, ['none', 'full']), content: `<g class="coverage">${shapes}</g>` });
  const legend = legendHtml(
    options.legendLabels.map(({ key, label }) => {
      const fill = classFill(id, key);
      return { swatch: `<rect class="c-${key}" width="24" height="16"${fill ? ` fill="${fill}"` : ''}/>`, label };
    }),
  );
  return { svg, legend };
}

/**
 * What a working-area report changes, on the map (the provider's check before sending and the
 * administrator's review): municipalities that stay filled plainly, those that join hatched with a
 * solid outline, those that leave cross-hatched with a dashed outline — told apart by pattern and
 * outline as well as colour. The list beside the map says the same in words.
 */
export function areaChangeMap(options: {
  size: { width: number; height: number };
  /** The part of the map to show: [x, y, width, height]; the whole map when absent. */
  bounds?: [number, number, number, number];
  id: string;
  title: string;
  kept: readonly string[];
  added: readonly string[];
  removed: readonly string[];
}): { svg: string; legend: string } {
  const { id } = options;
  // Room around the area, so the neighbouring municipalities show where it lies.
  const margin = options.bounds ? Math.round(Math.max(12, 0.12 * Math.max(options.bounds[2], options.bounds[3]))) : 0;
  const viewBox = options.bounds
    ? `${options.bounds[0] - margin} ${options.bounds[1] - margin} ${options.bounds[2] + 2 * margin} ${options.bounds[3] + 2 * margin}`
    : `0 0 ${options.size.width} ${options.size.height}`;
  const defs =
    `<defs>` +
    `<pattern id="${id}-added" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#d3ecd9"/><rect width="3" height="6" fill="#1b6b34"/></pattern>` +
    `<pattern id="${id}-removed" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#fbe3d0"/><path d="M0 0L8 8M8 0L0 8" stroke="#9a3412" stroke-width="1.5"/></pattern>` +
    `</defs>`;
  const group = (codes: readonly string[], attributes: string) => (codes.length === 0 ? '' : `<g${attributes}>${codes.map((code) => use(municipalityShape(code))).join('')}</g>`);
  const plural = (n: number) => `${n} ${n === 1 ? 'gemeente' : 'gemeenten'}`;
  const description = `Effen blauw: ${plural(options.kept.length)} die blijven. Groen gearceerd met een volle rand: ${plural(options.added.length)} erbij. Oranje geruit met een streepjesrand: ${plural(options.removed.length)} eraf. De namen staan in de lijst naast de kaart.`;
  const svg = frame({
    id,
    title: options.title,
    description,
    viewBox,
    defs,
    content:
      // Outlines from the stylesheet (.change-*): they keep their width at any zoom.
      group(options.kept, ' class="change-kept" fill="#7fa7cf"') +
      group(options.added, ` class="change-added" fill="url(#${id}-added)"`) +
      group(options.removed, ` class="change-removed" fill="url(#${id}-removed)"`),
  });
  const legend = legendHtml([
    { swatch: '<rect width="24" height="16" fill="#7fa7cf"/>', label: 'blijft' },
    { swatch: `<rect width="24" height="16" fill="url(#${id}-added)" stroke="#1b6b34" stroke-width="3"/>`, label: 'erbij (gearceerd, volle rand)' },
    { swatch: `<rect width="24" height="16" fill="url(#${id}-removed)" stroke="#9a3412" stroke-width="3" stroke-dasharray="4 3"/>`, label: 'eraf (geruit, streepjesrand)' },
    { swatch: '<rect class="land" width="24" height="16"/>', label: 'geen werkingsgebied' },
  ]);
  return { svg, legend };
}
