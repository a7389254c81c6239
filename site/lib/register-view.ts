/**
 * The look-ups the pages need, derived from one register snapshot. Pure: the site derives it from
 * the snapshot it renders, and the publisher from the snapshot it publishes, so both agree on
 * which providers each page shows.
 */
import type { PublicArea, PublicMunicipality, PublicProvider, PublicRegister } from '#domain/public-register.ts';
import { groupWorkingArea, type GroupedWorkingArea } from '#domain/working-area.ts';
import { distanceKm, roundKm } from '#domain/places.ts';
import { compareProviders } from '#domain/provider-order.ts';
import { capacityIsPublic } from '#domain/rules/index.ts';

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
  /** Providers without an active recognition: first those not yet in force, then the ended ones, each by name. */
  unlistedProviders: PublicProvider[];
  /** Listed providers that serve a municipality, by name. */
  providersServing(municipality: PublicMunicipality): PublicProvider[];
  /** Municipalities of a province (or of Brussels), by name. */
  municipalitiesOf(area: PublicArea): PublicMunicipality[];
  /** Listed providers that serve at least one municipality of a province, with how many they serve there: free places first, then by name. */
  providersInArea(area: PublicArea): { provider: PublicProvider; served: number; total: number }[];
  /** A provider's working area grouped by province. */
  workingAreaOf(provider: PublicProvider): GroupedWorkingArea;
  /** The municipality of a provider's address. */
  homeMunicipality(provider: PublicProvider): PublicMunicipality | undefined;
  /** Where a provider's seat is on the map: the point of its address's postcode. */
  seatPoint(provider: PublicProvider): PublicMunicipality['point'] | undefined;
  /**
   * Listed providers that serve a municipality, in the order of the search results: those with
   * free places first, then the nearest (their seat to the municipality's point), then by name.
   */
  municipalityEntries(municipality: PublicMunicipality): MunicipalityEntry[];
  /** How many listed providers serve each municipality, and how many of those have free places. */
  coverage(): ReadonlyMap<string, Coverage>;
}

/** A provider on a municipality's page, with its distance from the municipality. */
export interface MunicipalityEntry {
  provider: PublicProvider;
  /** Kilometres (one decimal) from the municipality's point to the seat, or null when unknown. */
  distanceKm: number | null;
}

/** The recognised providers serving a municipality, and those of them with free places. */
export interface Coverage {
  providers: number;
  withFreePlaces: number;
}

/**
 * The register as the pages show it: a provider's places (in total and free) only while its
 * recognition is active, as the rules say (capacityIsPublic). An ended or future recognition
 * shows none on any page, list or structured data; the open data keeps them, as the log does.
 */
export function asShown(register: PublicRegister): PublicRegister {
  return {
    ...register,
    providers: register.providers.map((p) => (p.capacity === null || capacityIsPublic(p.recognition?.status) ? p : { ...p, capacity: null })),
  };
}

/** Derives the look-ups of a register snapshot, as the pages show it ({@link asShown}). */
export function createRegisterView(snapshot: PublicRegister): RegisterView {
  const register = asShown(snapshot);
  const providerByNumber = new Map(register.providers.map((p) => [p.enterpriseNumber, p]));
  const municipalityByNis = new Map(register.municipalities.map((m) => [m.nisCode, m]));
  const areaByCode = new Map(register.areas.map((a) => [a.code, a]));
  const listedProviders = register.providers.filter((p) => p.listed).sort(byName);
  // Those recognised from a later date first (they have a heading of their own), then the ended ones; each by name.
  const pendingFirst = (p: PublicProvider) => (p.recognition?.status === 'pending' ? 0 : 1);
  const unlistedProviders = register.providers.filter((p) => !p.listed).sort((a, b) => pendingFirst(a) - pendingFirst(b) || byName(a, b));

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

  const homeMunicipality = (provider: PublicProvider) => municipalityByNis.get(provider.municipalityNis);
  const seatPoint = (provider: PublicProvider) => {
    const home = homeMunicipality(provider);
    return home ? (home.postcodePoints[provider.postcode] ?? home.point) : undefined;
  };
  const freePlacesOf = (p: PublicProvider) => p.capacity?.freePlaces ?? null;
  // The order of domain/provider-order.ts, made fast for lists of thousands: each provider's
  // place in the order by name once, then numbers compared.
  const inNameOrder = compareProviders('name');
  const nameRank = new Map(
    listedProviders
      .map((p) => ({ enterpriseNumber: p.enterpriseNumber, name: p.name, freePlaces: null, distanceKm: null }))
      .sort(inNameOrder)
      .map((p, i) => [p.enterpriseNumber, i]),
  );
  const free = (p: PublicProvider) => ((freePlacesOf(p) ?? 0) > 0 ? 0 : 1);
  const byFreeThenNearest = (a: { provider: PublicProvider; distanceKm: number | null }, b: { provider: PublicProvider; distanceKm: number | null }) =>
    free(a.provider) - free(b.provider) || (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || nameRank.get(a.provider.enterpriseNumber)! - nameRank.get(b.provider.enterpriseNumber)!;
  const entries = new Map<string, MunicipalityEntry[]>();
  const inAreaCache = new Map<string, { provider: PublicProvider; served: number; total: number }[]>();
  let coverage: Map<string, Coverage> | undefined;

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
      const known = inAreaCache.get(area.code);
      if (known) return known;
      const inArea = new Set(municipalitiesOf(area).map((m) => m.nisCode));
      const list = listedProviders
        .map((provider) => ({ provider, served: provider.workingArea.filter((nis) => inArea.has(nis)).length, total: inArea.size }))
        .filter((entry) => entry.served > 0)
        .sort((a, b) => byFreeThenNearest({ provider: a.provider, distanceKm: null }, { provider: b.provider, distanceKm: null }));
      inAreaCache.set(area.code, list);
      return list;
    },
    workingAreaOf: (provider) => groupWorkingArea(provider.workingArea, areaMunicipalities, areaList),
    homeMunicipality,
    seatPoint,
    municipalityEntries(municipality) {
      let list = entries.get(municipality.nisCode);
      if (!list) {
        list = (listedByMunicipality.get(municipality.nisCode) ?? []).map((provider) => {
          const seat = seatPoint(provider);
          return { provider, distanceKm: seat ? roundKm(distanceKm(municipality.point, seat)) : null };
        });
        list.sort(byFreeThenNearest);
        entries.set(municipality.nisCode, list);
      }
      return list;
    },
    coverage() {
      if (!coverage) {
        coverage = new Map(register.municipalities.map((m) => [m.nisCode, { providers: 0, withFreePlaces: 0 }]));
        for (const provider of listedProviders) {
          const free = (freePlacesOf(provider) ?? 0) > 0;
          for (const nis of provider.workingArea) {
            const entry = coverage.get(nis);
            if (!entry) continue;
            entry.providers++;
            if (free) entry.withFreePlaces++;
          }
        }
      }
      return coverage;
    },
  };
}
