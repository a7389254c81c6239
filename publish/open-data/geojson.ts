/**
 * werkingsgebieden.geojson: every municipality as a GeoJSON feature (RFC 7946, WGS84) with its
 * boundary and the recognised providers that serve it, by enterprise number. One feature per
 * municipality, not per provider: a provider's working area is the features that list it, and
 * the boundaries are written once (about 7 MB at 10,000 providers, where a feature per provider
 * with its own outline would be well over 100 MB). The HSDS export gives each provider's service
 * areas with their outlines too.
 */
import type { PublicRegister } from '#domain/public-register.ts';
import { downloadGeometries } from '#domain/geometry.ts';
import { loadBoundaries } from '#db/boundaries.ts';

/** The GeoJSON download's text. */
export function coverageGeojson(register: PublicRegister): string {
  const geometries = downloadGeometries(loadBoundaries());
  const area = new Map(register.areas.map((a) => [a.code, a.nameNl]));
  const serving = new Map(register.municipalities.map((m) => [m.nisCode, [] as string[]]));
  for (const provider of register.providers) {
    if (!provider.listed) continue;
    for (const nis of provider.workingArea) serving.get(nis)?.push(provider.enterpriseNumber);
  }
  // One feature per line: a large file stays readable, and diffs between publications stay small.
  const features = register.municipalities.map((m) => {
    const providers = serving.get(m.nisCode)!.sort();
    return JSON.stringify({
      type: 'Feature',
      id: m.nisCode,
      geometry: geometries.get(m.nisCode) ?? null,
      properties: { nisCode: m.nisCode, municipality: m.nameNl, province: area.get(m.areaCode) ?? null, providerCount: providers.length, providers },
    });
  });
  return `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`;
}
