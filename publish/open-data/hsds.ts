/**
 * An Open Referral HSDS 3.1 export (3.1 is the version that added service capacities, which it
 * uses): one service ("begeleiding op de werkvloer") per provider with a recognition, with its
 * organization, its service areas (whole provinces, or municipalities) and its capacity (places
 * for employees). Shaped as the HSDS 3 API's paginated list of full service
 * objects (`/services`), in one page, so directory software can read it as it reads an HSDS API.
 * Identifiers are UUIDs derived from the enterprise number (and NIS code): stable across publications.
 */
import type { PublicRegister } from '#domain/public-register.ts';
import { absolute, nameUuid } from './identifiers.ts';
import { downloadGeometries } from '#domain/geometry.ts';
import { loadBoundaries } from '#db/boundaries.ts';
import { providerPath } from '#domain/site-paths.ts';

/** The unit of capacity: one place for one employee. */
const PLACE_UNIT = { id: nameUuid('unit:place'), name: 'Plaats voor een werknemer' };

// HSDS service status: 'active' only while the recognition holds; a recognition not yet in
// force, or ended, makes the service 'inactive' (it may not be used for workplace coaching).
const statusOf = (listed: boolean) => (listed ? 'active' : 'inactive');

/**
 * One service area. A whole province is one area (named so, with the province's outline as its
 * extent), a municipality of a partly served province is one area (its outline as extent): this
 * keeps a provider serving all of Flanders at six areas instead of 285. The extent is GeoJSON
 * (RFC 7946, WGS84), as HSDS's `extent_type: "geojson"` says; the code stays in the area's id.
 */
function serviceArea(enterpriseNumber: string, serviceId: string, code: string, name: string, extent: string) {
  return { id: nameUuid(`service-area:${enterpriseNumber}:${code}`), service_id: serviceId, name, extent_type: 'geojson', extent };
}

/** services.json: the HSDS 3 page of services. */
export function hsdsServices(register: PublicRegister, siteUrl: string): Record<string, unknown> {
  const municipality = new Map(register.municipalities.map((m) => [m.nisCode, m]));
  // Each outline is written as text once, and that text used in every service area of it.
  const geometries = downloadGeometries(loadBoundaries());
  const extents = new Map<string, string>();
  const extentOf = (code: string) => {
    let text = extents.get(code);
    if (text === undefined) extents.set(code, (text = JSON.stringify(geometries.get(code) ?? null)));
    return text;
  };
  const size = new Map<string, number>();
  for (const m of register.municipalities) size.set(m.areaCode, (size.get(m.areaCode) ?? 0) + 1);
  /** A working area as whole provinces (in the register's order) and single municipalities (by NIS code). */
  const areasOf = (workingArea: readonly string[]) => {
    const served = new Map<string, string[]>();
    for (const nisCode of [...workingArea].sort()) {
      const areaCode = municipality.get(nisCode)?.areaCode;
      if (!areaCode) continue;
      const list = served.get(areaCode);
      if (list) list.push(nisCode);
      else served.set(areaCode, [nisCode]);
    }
    return register.areas.flatMap((a) => {
      const codes = served.get(a.code) ?? [];
      return codes.length === size.get(a.code) ? [{ code: a.code, name: `${a.nameNl} (alle gemeenten)` }] : codes.map((code) => ({ code, name: municipality.get(code)!.nameNl }));
    });
  };
  const services = register.providers
    .filter((p) => p.recognition !== null)
    .map((p) => {
      const organizationId = nameUuid(`organization:${p.enterpriseNumber}`);
      const serviceId = nameUuid(`service:${p.enterpriseNumber}`);
      const page = absolute(siteUrl, providerPath(p));
      const recognition = p.recognition!;
      return {
        id: serviceId,
        organization_id: organizationId,
        name: 'Begeleiding op de werkvloer',
        description: `Begeleiding op de werkvloer van werknemers met een arbeidsbeperking door ${p.name}, erkend externe dienstverlener.`,
        url: page,
        email: p.email ?? undefined,
        status: statusOf(p.listed),
        accreditations: `Erkenning ${recognition.recognitionNumber} als externe dienstverlener, geldig van ${recognition.validFrom} tot en met ${recognition.endedOn ?? recognition.validUntil}.`,
        last_modified: new Date(p.capacity?.updatedAt ?? register.generatedAt).toISOString(),
        organization: {
          id: organizationId,
          name: p.name,
          description: `Externe dienstverlener voor begeleiding op de werkvloer, ondernemingsnummer ${p.enterpriseNumber}.`,
          email: p.email ?? undefined,
          website: p.website ?? undefined,
          organization_identifiers: [
            {
              id: nameUuid(`organization-identifier:${p.enterpriseNumber}`),
              organization_id: organizationId,
              identifier_scheme: 'BE-BCE_KBO',
              identifier_type: 'Ondernemingsnummer (Kruispuntbank van Ondernemingen)',
              identifier: p.enterpriseNumber,
            },
          ],
          phones: p.phone ? [{ id: nameUuid(`phone:${p.enterpriseNumber}`), organization_id: organizationId, number: p.phone }] : [],
        },
        service_areas: areasOf(p.workingArea).map(({ code, name }) => serviceArea(p.enterpriseNumber, serviceId, code, name, extentOf(code))),
        capacities: p.capacity
          ? [
              {
                id: nameUuid(`capacity:${p.enterpriseNumber}`),
                service_id: serviceId,
                unit_id: PLACE_UNIT.id,
                unit: PLACE_UNIT,
                available: p.capacity.freePlaces,
                maximum: p.capacity.totalPlaces,
                description: 'Vrije plaatsen voor begeleiding op de werkvloer',
                updated: new Date(p.capacity.updatedAt).toISOString(),
              },
            ]
          : [],
      };
    });
  return { total_items: services.length, total_pages: 1, page_number: 1, size: services.length, first_page: true, last_page: true, empty: services.length === 0, contents: services };
}
