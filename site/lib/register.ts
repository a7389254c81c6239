/**
 * The register snapshot this build publishes, read once, with the look-ups the pages need.
 * The build pipeline writes the snapshot and names it in REGISTER_SNAPSHOT.
 */
import { readFileSync } from 'node:fs';
import { PublicRegisterSchema } from '#domain/public-register.ts';
import { byName, createRegisterView } from './register-view.ts';
import { BRUSSELS_AREA_CODE } from '#domain/working-area.ts';

function load() {
  const path = process.env.REGISTER_SNAPSHOT;
  if (!path) throw new Error('REGISTER_SNAPSHOT is not set: build the site with `npm run register -- build`, not with astro directly.');
  return PublicRegisterSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

const view = createRegisterView(load());

/** The whole public register of this publication. */
export const register = view.register;
export { byName };
/** Providers by enterprise number. */
export const providerByNumber = view.providerByNumber;
/** Municipalities by NIS code. */
export const municipalityByNis = view.municipalityByNis;
/** Provinces and the Brussels region by code. */
export const areaByCode = view.areaByCode;
/** Providers with an active recognition, by name: the only ones that appear in lists. */
export const listedProviders = view.listedProviders;
/** Providers without an active recognition: first those not yet in force, then the ended ones, each by name. */
export const unlistedProviders = view.unlistedProviders;
/** Listed providers that serve a municipality, by name. */
export const providersServing = view.providersServing;
/** Municipalities of a province (or of Brussels), by name. */
export const municipalitiesOf = view.municipalitiesOf;
/** Listed providers that serve at least one municipality of a province, with how many they serve there. */
export const providersInArea = view.providersInArea;
/** A provider's working area grouped by province. */
export const workingAreaOf = view.workingAreaOf;
/** The municipality of a provider's address. */
export const homeMunicipality = view.homeMunicipality;
/** Where a provider's seat is on the map. */
export const seatPoint = view.seatPoint;
/** Listed providers serving a municipality, free places first, then the nearest, then by name. */
export const municipalityEntries = view.municipalityEntries;
/** How many listed providers serve each municipality, and how many of those have free places. */
export const coverage = view.coverage;
/** The view itself, for code shared with the publisher. */
export const registerView = view;

/** The paths of the pages with parameters (defined in domain/site-paths.ts). */
export { areaPath, municipalityPath, providerPath } from '#domain/site-paths.ts';

/** A province or region name as it reads after "in": "de provincie Limburg", "het Brussels Hoofdstedelijk Gewest". */
export function inArea(area: { code: string; nameNl: string }): string {
  return area.code === BRUSSELS_AREA_CODE ? `het ${area.nameNl}` : `de provincie ${area.nameNl}`;
}
