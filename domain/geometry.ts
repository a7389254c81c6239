/**
 * The boundaries of the 304 municipalities (db/reference-data/municipalities.topo.json, TopoJSON)
 * made into what the site draws and the open data carries: SVG paths of one projection of
 * Flanders and Brussels for the maps, and GeoJSON geometries for the downloads. Pure, with
 * topojson-client (TopoJSON to GeoJSON, merged outlines, shared borders), topojson-simplify
 * (fewer points where a map or a download needs no more) and d3-geo (projection and SVG paths).
 * Every result is made once per boundaries object.
 */
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import { feature, merge, mesh } from 'topojson-client';
import { presimplify, quantile, simplify } from 'topojson-simplify';
import { geoConicConformal, geoPath } from 'd3-geo';
import { z } from 'zod';
import type { PublicMap } from './public-map.ts';
import { areaCodeOfNis, BRUSSELS_AREA_CODE } from './working-area.ts';

type MunicipalityProperties = { nis_code: string; name_nl: string };
type ProvinceProperties = { province_nis: string; name_nl: string };
type RegionProperties = { region: 'VLG' | 'BRU'; name_nl: string };

/** The boundaries as TopoJSON: municipalities, provinces and regions sharing their arcs. */
export type Boundaries = Topology<{
  municipalities: GeometryCollection<MunicipalityProperties>;
  provinces: GeometryCollection<ProvinceProperties>;
  regions: GeometryCollection<RegionProperties>;
}>;

const collection = z.looseObject({ type: z.literal('GeometryCollection'), geometries: z.array(z.looseObject({ type: z.string() })) });
/** A check of the boundaries' shape (the TopoJSON itself is checked when it is built: SOURCE.md). */
export const BoundariesSchema = z
  .looseObject({
    type: z.literal('Topology'),
    arcs: z.array(z.array(z.array(z.number()))),
    objects: z.looseObject({ municipalities: collection, provinces: collection, regions: collection }),
  })
  .transform((value) => value as unknown as Boundaries);


/** How many of the boundary points each use keeps (topojson-simplify's quantile). */
const KEEP_FOR_MAPS = 0.2;
const KEEP_FOR_DOWNLOADS = 0.05;
/** The width of the map in SVG units; its height follows from the projection. */
export const MAP_WIDTH = 1000;

const memo = <T>() => new WeakMap<Boundaries, T>();
const simplifiedCache = new Map<number, WeakMap<Boundaries, Boundaries>>();

function simplified(boundaries: Boundaries, keep: number): Boundaries {
  let cache = simplifiedCache.get(keep);
  if (!cache) simplifiedCache.set(keep, (cache = new WeakMap()));
  let result = cache.get(boundaries);
  if (!result) {
    const weighted = presimplify(boundaries as never) as unknown as Boundaries;
    keepSmallRings(weighted);
    result = simplify(weighted as never, quantile(weighted as never, keep)) as unknown as Boundaries;
    cache.set(boundaries, result);
  }
  return result;
}

/** A ring smaller than this (in degrees, about a kilometre) is never simplified: it would vanish. */
const SMALL_RING = 0.012;

/**
 * Gives every point of the arcs of small rings (the enclaves of Baarle-Hertog, small islands of a
 * municipality) the greatest weight, so that simplifying keeps them as they are.
 */
function keepSmallRings(weighted: Boundaries): void {
  const arcs = weighted.arcs as unknown as number[][][];
  const ringsOf = (geometry: { type: string; arcs?: unknown }): number[][] =>
    geometry.type === 'Polygon' ? (geometry.arcs as number[][]) : geometry.type === 'MultiPolygon' ? (geometry.arcs as number[][][]).flat() : [];
  for (const geometry of weighted.objects.municipalities.geometries) {
    for (const ring of ringsOf(geometry as { type: string; arcs?: unknown })) {
      const points = ring.flatMap((index) => arcs[index < 0 ? ~index : index]);
      const xs = points.map((p) => p[0]);
      const ys = points.map((p) => p[1]);
      if (Math.max(...xs) - Math.min(...xs) > SMALL_RING || Math.max(...ys) - Math.min(...ys) > SMALL_RING) continue;
      for (const index of ring) for (const point of arcs[index < 0 ? ~index : index]) point[2] = Infinity;
    }
  }
}

/** What the maps are drawn from: one projection, and a path for every shape in it. */
export interface MapDrawing {
  width: number;
  height: number;
  /** A WGS84 point on the map, in SVG units (one decimal). */
  project(point: { lat: number; lon: number }): [number, number];
  /** The outline of each municipality, by NIS code. */
  municipalities: Map<string, string>;
  /** The outline of each province, and of the Brussels region under "04000". */
  areas: Map<string, string>;
  /** Every municipality as one shape: the land the maps show. */
  land: string;
  /** The borders between municipalities, each drawn once. */
  borders: string;
  /** The borders of the provinces and of Brussels, each drawn once. */
  areaBorders: string;
  /** The box around some municipalities, in SVG units: [x, y, width, height]. */
  boundsOf(nisCodes: readonly string[]): [number, number, number, number];
}

const drawings = memo<MapDrawing>();

/**
 * The map of Flanders and Brussels: a conformal conic projection with the standard parallels of
 * Belgian Lambert 72 (shapes as on Belgian maps), {@link MAP_WIDTH} units wide.
 */
export function mapDrawing(boundaries: Boundaries): MapDrawing {
  let drawing = drawings.get(boundaries);
  if (drawing) return drawing;
  const topology = simplified(boundaries, KEEP_FOR_MAPS);
  const { municipalities, provinces, regions } = topology.objects;
  const shapes = feature(topology, municipalities) as FeatureCollection<Polygon | MultiPolygon, MunicipalityProperties>;
  const projection = geoConicConformal().parallels([49.8333, 51.1667]).rotate([-4.3674, 0]).fitWidth(MAP_WIDTH, shapes);
  const path = geoPath(projection).digits(1);
  const bounds = path.bounds(shapes);
  const height = Math.ceil(bounds[1][1]);
  const byCode = new Map(shapes.features.map((f) => [f.properties.nis_code, f]));
  const areas = new Map<string, string>();
  for (const province of provinces.geometries) areas.set((province.properties as ProvinceProperties).province_nis, path(feature(topology, province) as Feature)!);
  const brussels = regions.geometries.find((r) => (r.properties as RegionProperties).region === 'BRU')!;
  areas.set(BRUSSELS_AREA_CODE, path(feature(topology, brussels) as Feature)!);
  const round = (n: number) => Math.round(n * 10) / 10;
  drawing = {
    width: MAP_WIDTH,
    height,
    project(point) {
      const [x, y] = projection([point.lon, point.lat])!;
      return [round(x), round(y)];
    },
    municipalities: new Map(shapes.features.map((f) => [f.properties.nis_code, path(f)!])),
    areas,
    land: path(merge(topology, municipalities.geometries as never))!,
    borders: path(mesh(topology, municipalities, (a, b) => a !== b))!,
    areaBorders: path(
      mesh(topology, municipalities, (a, b) => {
        const areaOf = (g: typeof a) => areaCodeOfNis((g.properties as MunicipalityProperties).nis_code);
        return a !== b && areaOf(a) !== areaOf(b);
      }),
    )!,
    boundsOf(nisCodes) {
      const chosen = nisCodes.map((code) => byCode.get(code)).filter((f): f is NonNullable<typeof f> => f !== undefined);
      const [[x0, y0], [x1, y1]] = path.bounds({ type: 'FeatureCollection', features: chosen });
      return [round(x0), round(y0), round(x1 - x0), round(y1 - y0)];
    },
  };
  drawings.set(boundaries, drawing);
  return drawing;
}

const publicMaps = memo<PublicMap>();

/** The map of `boundaries` as a snapshot carries it; `areaOf` gives a municipality's province or region code. */
export function publicMap(boundaries: Boundaries, areaOf: (nisCode: string) => string | undefined): PublicMap {
  let result = publicMaps.get(boundaries);
  if (result) return result;
  const drawing = mapDrawing(boundaries);
  const byArea = new Map<string, string[]>();
  for (const nis of drawing.municipalities.keys()) {
    const area = areaOf(nis);
    if (area) byArea.set(area, [...(byArea.get(area) ?? []), nis]);
  }
  result = {
    width: drawing.width,
    height: drawing.height,
    land: drawing.land,
    borders: drawing.borders,
    areaBorders: drawing.areaBorders,
    areas: Object.fromEntries(drawing.areas),
    municipalities: Object.fromEntries(drawing.municipalities),
    areaBounds: Object.fromEntries([...byArea].map(([area, codes]) => [area, drawing.boundsOf(codes)])),
  };
  publicMaps.set(boundaries, result);
  return result;
}

const downloads = memo<Map<string, Geometry>>();

/**
 * GeoJSON geometries for the downloads, by code: each municipality (NIS code), each province and
 * the Brussels region ("04000"). Simplified more than the maps and rounded to 4 decimals (about
 * 10 m): the boundaries are already simplified (SOURCE.md), and a download a hundred times the
 * size would say no more about who serves where.
 */
export function downloadGeometries(boundaries: Boundaries): Map<string, Geometry> {
  let result = downloads.get(boundaries);
  if (result) return result;
  const topology = simplified(boundaries, KEEP_FOR_DOWNLOADS);
  const { municipalities, provinces, regions } = topology.objects;
  result = new Map<string, Geometry>();
  for (const g of municipalities.geometries) result.set((g.properties as MunicipalityProperties).nis_code, rounded((feature(topology, g) as Feature).geometry));
  for (const g of provinces.geometries) result.set((g.properties as ProvinceProperties).province_nis, rounded((feature(topology, g) as Feature).geometry));
  const brussels = regions.geometries.find((r) => (r.properties as RegionProperties).region === 'BRU')!;
  result.set(BRUSSELS_AREA_CODE, rounded((feature(topology, brussels) as Feature).geometry));
  downloads.set(boundaries, result);
  return result;
}

/** A geometry with its coordinates rounded to 4 decimals, and consecutive equal points dropped. */
function rounded(geometry: Geometry): Geometry {
  const ring = (points: number[][]) => {
    const out: number[][] = [];
    for (const [x, y] of points) {
      const p = [Math.round(x * 1e4) / 1e4, Math.round(y * 1e4) / 1e4];
      const last = out.at(-1);
      if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
    }
    return out;
  };
  // A ring that rounding made degenerate (fewer than four points) is dropped, and a polygon whose outer ring went with it.
  const polygon = (rings: number[][][]) => {
    const kept = rings.map(ring);
    return kept[0].length >= 4 ? kept.filter((r) => r.length >= 4) : null;
  };
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: polygon(geometry.coordinates) ?? [] };
  if (geometry.type === 'MultiPolygon') {
    const polygons = geometry.coordinates.map(polygon).filter((p): p is number[][][] => p !== null);
    return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
  }
  return geometry;
}
