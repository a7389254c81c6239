/**
 * The look-ups the pages need, derived from one register snapshot. Pure: the site derives it from
 * the snapshot it renders, and the publisher from the snapshot it publishes, so both agree on
 * which providers each page shows.
 */
import type { PublicArea, PublicMunicipality, PublicProvider, PublicRegister } from '../../domain/public-register.ts';
import { groupWorkingArea, type GroupedWorkingArea } from '../../domain/working-area.ts';

const collator = new Intl.Collator('nl-BE');
/** Sorts by Dutch name. */
export const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name);

/** A register snapshot with its look-ups. */
export interface RegisterView {
  register: PublicRegister;
  providerByNumber: Map<string, PublicProvider>;
  municipalityByNis: Map<string, PublicMunicipality>;
  areaByCode: Map<string, PublicArea>;
  /** Providers with an active recognition, by name: the only ones that appear in lists. */
  listedProviders: PublicProvider[];
  /** Providers without an active recognition (ended, or not yet in force), by name. */
  unlistedProviders: PublicProvider[];
  /** Listed providers that serve a municipality, by name. */
  providersServing(municipality: PublicMunicipality): PublicProvider[];
  /** Municipalities of a province (or of Brussels), by name. */
  municipalitiesOf(area: PublicArea): PublicMunicipality[];
  /** Listed providers that serve at least one municipality of a province, with how many they serve there. */
  providersInArea(area: PublicArea): { provider: PublicProvider; served: number; total: number }[];
  /** A provider's working area grouped by province. */
  workingAreaOf(provider: PublicProvider): GroupedWorkingArea;
  /** The municipality of a provider's address. */
  homeMunicipality(provider: PublicProvider): PublicMunicipality | undefined;
}

/** Derives the look-ups of a register snapshot. */
export function createRegisterView(register: PublicRegister): RegisterView {
  const providerByNumber = new Map(register.providers.map((p) => [p.enterpriseNumber, p]));
  const municipalityByNis = new Map(register.municipalities.map((m) => [m.nisCode, m]));
  const areaByCode = new Map(register.areas.map((a) => [a.code, a]));
  const listedProviders = register.providers.filter((p) => p.listed).sort(byName);
  const unlistedProviders = register.providers.filter((p) => !p.listed).sort(byName);

  const listedByMunicipality = new Map<string, PublicProvider[]>();
  for (const provider of listedProviders) {
    for (const nis of provider.workingArea) {
      const list = listedByMunicipality.get(nis);
      if (list) list.push(provider);
      else listedByMunicipality.set(nis, [provider]);
    }
  }
  const municipalitiesOf = (area: PublicArea) =>
    register.municipalities.filter((m) => m.areaCode === area.code).sort((a, b) => collator.compare(a.nameNl, b.nameNl));

  const areaList = register.areas.map((a) => ({ code: a.code, nameNl: a.nameNl }));
  const areaMunicipalities = new Map(
    register.municipalities.map((m) => [m.nisCode, { nisCode: m.nisCode, nameNl: m.nameNl, provinceNis: m.provinceNis, region: m.region }]),
  );

  return {
    register,
    providerByNumber,
    municipalityByNis,
    areaByCode,
    listedProviders,
    unlistedProviders,
    providersServing: (municipality) => listedByMunicipality.get(municipality.nisCode) ?? [],
    municipalitiesOf,
    providersInArea(area) {
      const inArea = new Set(municipalitiesOf(area).map((m) => m.nisCode));
      return listedProviders
        .map((provider) => ({ provider, served: provider.workingArea.filter((nis) => inArea.has(nis)).length, total: inArea.size }))
        .filter((entry) => entry.served > 0);
    },
    workingAreaOf: (provider) => groupWorkingArea(provider.workingArea, areaMunicipalities, areaList),
    homeMunicipality: (provider) => municipalityByNis.get(provider.municipalityNis),
  };
}
