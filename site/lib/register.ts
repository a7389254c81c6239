/**
 * The register snapshot this build publishes, read once, with the look-ups the pages need.
 * The build pipeline writes the snapshot and names it in REGISTER_SNAPSHOT.
 */
import { readFileSync } from 'node:fs';
import { PublicRegisterSchema, type PublicArea, type PublicMunicipality, type PublicProvider } from '../../domain/public-register.ts';
import { groupWorkingArea, type GroupedWorkingArea } from '../../domain/working-area.ts';

function load() {
  const path = process.env.REGISTER_SNAPSHOT;
  if (!path) throw new Error('REGISTER_SNAPSHOT is not set: build the site with `npm run register -- build`, not with astro directly.');
  return PublicRegisterSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** The whole public register of this publication. */
export const register = load();

const collator = new Intl.Collator('nl-BE');
/** Sorts by Dutch name. */
export const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name);

/** Providers by enterprise number. */
export const providerByNumber = new Map(register.providers.map((p) => [p.enterpriseNumber, p]));
/** Municipalities by NIS code. */
export const municipalityByNis = new Map(register.municipalities.map((m) => [m.nisCode, m]));
/** Provinces and the Brussels region by code. */
export const areaByCode = new Map(register.areas.map((a) => [a.code, a]));

/** Providers with an active recognition, by name: the only ones that appear in lists. */
export const listedProviders = register.providers.filter((p) => p.listed).sort(byName);
/** Providers without an active recognition (ended, or not yet in force), by name. */
export const unlistedProviders = register.providers.filter((p) => !p.listed).sort(byName);

const listedByMunicipality = new Map<string, PublicProvider[]>();
for (const provider of listedProviders) {
  for (const nis of provider.workingArea) {
    const list = listedByMunicipality.get(nis);
    if (list) list.push(provider);
    else listedByMunicipality.set(nis, [provider]);
  }
}

/** Listed providers that serve a municipality, by name. */
export function providersServing(municipality: PublicMunicipality): PublicProvider[] {
  return listedByMunicipality.get(municipality.nisCode) ?? [];
}

/** Municipalities of a province (or of Brussels), by name. */
export function municipalitiesOf(area: PublicArea): PublicMunicipality[] {
  return register.municipalities.filter((m) => m.areaCode === area.code).sort((a, b) => collator.compare(a.nameNl, b.nameNl));
}

/** Listed providers that serve at least one municipality of a province, with how many they serve there. */
export function providersInArea(area: PublicArea): { provider: PublicProvider; served: number; total: number }[] {
  const inArea = new Set(municipalitiesOf(area).map((m) => m.nisCode));
  return listedProviders
    .map((provider) => ({ provider, served: provider.workingArea.filter((nis) => inArea.has(nis)).length, total: inArea.size }))
    .filter((entry) => entry.served > 0);
}

const areaList = register.areas.map((a) => ({ code: a.code, nameNl: a.nameNl }));
const areaMunicipalities = new Map(
  register.municipalities.map((m) => [m.nisCode, { nisCode: m.nisCode, nameNl: m.nameNl, provinceNis: m.provinceNis, region: m.region }]),
);

/** A provider's working area grouped by province. */
export function workingAreaOf(provider: PublicProvider): GroupedWorkingArea {
  return groupWorkingArea(provider.workingArea, areaMunicipalities, areaList);
}

/** The municipality of a provider's address. */
export function homeMunicipality(provider: PublicProvider): PublicMunicipality | undefined {
  return municipalityByNis.get(provider.municipalityNis);
}

/** The path of a provider's page. */
export const providerPath = (p: { enterpriseNumber: string }) => `/dienstverleners/${p.enterpriseNumber}/`;
/** The path of a municipality's page. */
export const municipalityPath = (m: { slug: string }) => `/gemeenten/${m.slug}/`;
/** The path of a province's page. */
export const areaPath = (a: { slug: string }) => `/provincies/${a.slug}/`;

/** A province or region name as it reads after "in": "de provincie Limburg", "het Brussels Hoofdstedelijk Gewest". */
export function inArea(area: { code: string; nameNl: string }): string {
  return area.code === '04000' ? `het ${area.nameNl}` : `de provincie ${area.nameNl}`;
}
