/**
 * A deterministic generator of realistic sample providers: the same seed, size and reference day
 * give the same register. Names are invented; municipalities and postcodes are real. Pure: it
 * returns data and touches no database.
 */
import { addDays, addYears, compareDates, countedYears, daysBetween, formatDutchDate, recognitionStanding, scheduledEnd, yearOf, type ActivityFigure, type CalendarDate, type RecordedTermination } from '#domain/rules/index.ts';
import { enterpriseNumberCheckDigits } from '#domain/enterprise-number.ts';
import { slugify } from '#domain/slug.ts';
import { BRUSSELS_AREA_CODE } from '#domain/working-area.ts';
import type { SimplifiedCategory } from '#domain/public-register.ts';
import type { ReferenceMunicipality } from '#db/reference-data.ts';
import type { ProviderPatch } from '#domain/change-log.ts';
import { SeededRandom } from './random.ts';
import { FAMILY_NAMES, GIVEN_NAMES, LEGAL_FORMS, NAME_HEADS, PHONE_ZONES, QUALIFICATIONS, REGIONS, STREETS, samplePhone } from './word-lists.ts';

/** What to generate. */
export interface SampleOptions {
  providers: number;
  seed: number | string;
  /** The day the sample is made "as of": recognitions are spread over the six years before it. */
  asOf: CalendarDate;
  municipalities: readonly ReferenceMunicipality[];
}

/** A public change event in the sample history: a patch on the provider's public state (domain/change-log.ts). */
export interface SampleEvent {
  occurredAt: string;
  providerId: number;
  kind: string;
  summary: string;
  after: ProviderPatch;
}

/** One generated provider with everything the register keeps about it. */
export interface SampleProvider {
  id: number;
  enterpriseNumber: string;
  name: string;
  street: string;
  postcode: string;
  municipalityNis: string;
  email: string;
  phone: string;
  website: string;
  simplifiedCategory: SimplifiedCategory | null;
  qualityRegistration: string;
  createdAt: string;
  contactPerson: { fullName: string; email: string; phone: string; nationalRegisterNumber: string };
  workingArea: string[];
  capacity: { totalPlaces: number; freePlaces: number; updatedAt: string };
  coaches: { fullName: string; qualification: string }[];
  recognitions: {
    recognitionNumber: string;
    decisionDate: CalendarDate;
    validFrom: CalendarDate;
    termination: RecordedTermination | null;
  }[];
  activity: ActivityFigure[];
  subcontractorIds: number[];
  events: SampleEvent[];
}

type Profile = 'active' | 'renewed' | 'expired' | 'lapsed' | 'at-risk' | 'withdrawn' | 'renounced' | 'pending' | 'expiring';

const PROFILES: [Profile, number][] = [
  ['active', 50],
  ['renewed', 12],
  ['expired', 9],
  ['lapsed', 7],
  ['at-risk', 5],
  ['expiring', 7],
  ['withdrawn', 4],
  ['renounced', 3],
  ['pending', 3],
];

const CATEGORIES: [SimplifiedCategory | null, number][] = [
  [null, 70],
  ['GTB', 8],
  ['GOB', 6],
  ['MAATWERKBEDRIJF', 11],
  ['LDE', 5],
];

const CATEGORY_NAME_HEADS: Partial<Record<SimplifiedCategory, string>> = {
  GTB: 'GTB',
  MAATWERKBEDRIJF: 'Maatwerkbedrijf',
  LDE: 'Buurtwerk',
};

/** Builds the pools the working areas are drawn from: per province (or Brussels) and per arrondissement. */
function indexMunicipalities(municipalities: readonly ReferenceMunicipality[]) {
  const byArea = new Map<string, ReferenceMunicipality[]>();
  const byArrondissement = new Map<string, ReferenceMunicipality[]>();
  for (const m of municipalities) {
    const area = m.provinceNis ?? BRUSSELS_AREA_CODE;
    byArea.set(area, [...(byArea.get(area) ?? []), m]);
    const arrondissement = m.nisCode.slice(0, 2);
    byArrondissement.set(arrondissement, [...(byArrondissement.get(arrondissement) ?? []), m]);
  }
  // Larger municipalities have more postcodes; that makes them likelier homes, as real providers are.
  const homeWeights = municipalities.map((m) => [m, m.postcodes.length] as const);
  const flemish = municipalities.filter((m) => m.region === 'VLG').map((m) => m.nisCode);
  return { byArea, byArrondissement, homeWeights, flemish };
}

function instantOn(date: CalendarDate, random: SeededRandom): string {
  const hour = random.int(8, 16);
  const minute = random.int(0, 59);
  return `${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;
}

/** A fictitious but well-formed national register number (YYMMDD + serial + check). */
function nationalRegisterNumber(random: SeededRandom): string {
  const year = random.int(1960, 1999);
  const birth = `${String(year % 100).padStart(2, '0')}${String(random.int(1, 12)).padStart(2, '0')}${String(random.int(1, 28)).padStart(2, '0')}`;
  const serial = String(random.int(1, 997)).padStart(3, '0');
  const check = String(97 - (Number(birth + serial) % 97)).padStart(2, '0');
  return `${birth.slice(0, 2)}.${birth.slice(2, 4)}.${birth.slice(4)}-${serial}.${check}`;
}

/** Generates sample providers one by one, so that even 100,000 never sit in memory at once. */
export function* generateSampleProviders(options: SampleOptions): Generator<SampleProvider> {
  const random = new SeededRandom(`${options.seed}`);
  const pools = indexMunicipalities(options.municipalities);
  const usedNumbers = new Set<string>();
  const usedNames = new Set<string>();
  const recognitionCounters = new Map<number, number>();
  const numbersById: string[] = [];
  const asOf = options.asOf;

  const nextRecognitionNumber = (decisionDate: CalendarDate) => {
    const year = yearOf(decisionDate);
    const n = (recognitionCounters.get(year) ?? 0) + 1;
    recognitionCounters.set(year, n);
    return `ED-${year}-${String(n).padStart(n > 9999 ? 6 : 4, '0')}`;
  };

  for (let id = 1; id <= options.providers; id++) {
    const home = random.weighted(pools.homeWeights);
    const area = home.provinceNis ?? BRUSSELS_AREA_CODE;
    const category = random.weighted(CATEGORIES);
    const profile = random.weighted(PROFILES);

    // Name: a head word and a region or town, made unique the way real registers show it.
    const head = (category && CATEGORY_NAME_HEADS[category] && random.chance(0.6) ? CATEGORY_NAME_HEADS[category] : undefined) ?? random.pick(NAME_HEADS);
    const place = random.chance(0.55) ? random.pick(REGIONS[area]) : home.nameNl;
    let base = `${head} ${place}`;
    if (usedNames.has(base)) base = `${head} ${home.nameNl}`;
    let name = base;
    for (let n = 2; usedNames.has(name); n++) name = `${base} ${n}`;
    usedNames.add(name);
    const legalForm = category === 'MAATWERKBEDRIJF' || category === 'LDE' ? 'vzw' : random.pick(LEGAL_FORMS);
    const fullName = `${name} ${legalForm}`;
    const domain = `${slugify(name)}.example`;

    let enterpriseNumber: string;
    do {
      const firstEight = `0${random.int(2, 8)}${String(random.int(0, 999_999)).padStart(6, '0')}`;
      enterpriseNumber = firstEight + enterpriseNumberCheckDigits(firstEight);
    } while (usedNumbers.has(enterpriseNumber));
    usedNumbers.add(enterpriseNumber);
    numbersById[id] = enterpriseNumber;

    // Working area: mostly the home region, sometimes a whole province, a few all of Flanders.
    const shape = random.weighted([
      ['arrondissement', 38],
      ['province', 27],
      ['selection', 18],
      ['provinces', 9],
      ['flanders', 5],
      ['brussels-rand', 3],
    ] as const);
    const served = new Set<string>([home.nisCode]);
    const addAll = (list: readonly ReferenceMunicipality[] | undefined) => list?.forEach((m) => served.add(m.nisCode));
    if (shape === 'arrondissement') {
      addAll(pools.byArrondissement.get(home.nisCode.slice(0, 2)));
      if (random.chance(0.3)) {
        const neighbours = [...pools.byArrondissement.keys()].filter((k) => pools.byArrondissement.get(k)![0].provinceNis === home.provinceNis);
        addAll(pools.byArrondissement.get(random.pick(neighbours)));
      }
    } else if (shape === 'province') {
      addAll(pools.byArea.get(area));
    } else if (shape === 'selection') {
      const candidates = pools.byArea.get(area)!;
      addAll(random.sample(candidates, random.int(3, Math.min(20, candidates.length))));
    } else if (shape === 'provinces') {
      addAll(pools.byArea.get(area));
      const others = [...pools.byArea.keys()].filter((k) => k !== area && k !== BRUSSELS_AREA_CODE);
      for (const other of random.sample(others, random.int(1, 2))) addAll(pools.byArea.get(other));
    } else if (shape === 'flanders') {
      pools.flemish.forEach((nis) => served.add(nis));
      if (random.chance(0.5)) addAll(pools.byArea.get(BRUSSELS_AREA_CODE));
    } else {
      addAll(pools.byArea.get(BRUSSELS_AREA_CODE));
      addAll(random.sample(pools.byArea.get('20001')!, random.int(5, 15)));
    }
    const workingArea = [...served].sort();

    // Capacity: places for employees, a share of them free, updated in the last three months.
    const totalPlaces = random.weighted([
      [random.int(4, 15), 40],
      [random.int(16, 60), 40],
      [random.int(61, 250), 20],
    ] as const);
    const freePlaces = random.chance(0.3) ? 0 : random.int(0, totalPlaces);
    const capacityDate = addDays(asOf, -random.int(0, 90));

    // Recognitions, shaped by the profile; the rules module decides what status that gives.
    const recentStart = () => addDays(asOf, -random.int(30, 5 * 365 - 200));
    let validFrom: CalendarDate;
    switch (profile) {
      case 'renewed':
      case 'expired':
        validFrom = addDays(addYears(asOf, -5), -random.int(1, 400));
        break;
      case 'expiring':
        validFrom = addDays(addYears(asOf, -5), random.int(1, 175));
        break;
      case 'pending':
        validFrom = addDays(asOf, random.int(1, 45));
        break;
      case 'lapsed':
      case 'at-risk':
        validFrom = addDays(asOf, -random.int(3 * 365, 5 * 365 - 60));
        break;
      default:
        validFrom = recentStart();
    }
    const recognitions: SampleProvider['recognitions'] = [];
    const addRecognition = (from: CalendarDate, termination: RecordedTermination | null = null) => {
      // A decision is taken before its start date, and never after the day the sample is made.
      const proposed = addDays(from, -random.int(0, 21));
      const decisionDate = compareDates(proposed, asOf) > 0 ? addDays(asOf, -random.int(0, 10)) : proposed;
      recognitions.push({ recognitionNumber: nextRecognitionNumber(decisionDate), decisionDate, validFrom: from, termination });
    };
    if (profile === 'withdrawn' || profile === 'renounced') {
      const effectiveFrom = addDays(asOf, -random.int(10, Math.max(11, daysBetween(validFrom, asOf) - 1)));
      addRecognition(validFrom, {
        kind: profile,
        effectiveFrom,
        reason:
          profile === 'withdrawn'
            ? random.pick(['de kwaliteitsregistratie is niet meer geldig', 'er zijn geen gekwalificeerde begeleiders meer', 'wijzigingen werden niet gemeld'])
            : random.pick(['de organisatie stopt met begeleiding op de werkvloer', 'de activiteit is overgedragen aan een andere organisatie']),
      });
    } else {
      addRecognition(validFrom);
      if (profile === 'renewed') addRecognition(addDays(scheduledEnd(validFrom), 1));
    }

    // Yearly activity: reported for every finished year of validity, with the gaps the profile needs.
    const firstFrom = recognitions[0].validFrom;
    const lastUntil = scheduledEnd(recognitions[recognitions.length - 1].validFrom);
    const years = countedYears(firstFrom, lastUntil).filter((year) => year < yearOf(asOf));
    const zeroYears = new Set<number>();
    if (profile === 'lapsed' && years.length >= 2) {
      const start = random.int(0, years.length - 2);
      zeroYears.add(years[start]).add(years[start + 1]);
    } else if (profile === 'at-risk' && years.length >= 1) {
      zeroYears.add(years[years.length - 1]);
    }
    const activity: ActivityFigure[] = [];
    for (const year of years) {
      if (zeroYears.has(year)) {
        if (random.chance(0.5)) activity.push({ year, employeesCoached: 0 });
      } else {
        activity.push({ year, employeesCoached: random.int(1, Math.max(2, Math.round(totalPlaces * 1.5))) });
      }
    }

    // Subcontractors: a few providers call on one or two earlier ones.
    const subcontractorIds = id > 10 && random.chance(0.06) ? [...new Set([random.int(1, id - 1), random.int(1, id - 1)])].slice(0, random.int(1, 2)) : [];

    const coachCount = Math.max(1, Math.round(totalPlaces / random.int(6, 12)) - (category ? 1 : 0));
    const coaches = Array.from({ length: coachCount }, () => ({
      fullName: `${random.pick(GIVEN_NAMES)} ${random.pick(FAMILY_NAMES)}`,
      qualification: random.pick(QUALIFICATIONS),
    }));

    const contactGiven = random.pick(GIVEN_NAMES);
    const contactFamily = random.pick(FAMILY_NAMES);
    const zone = random.pick(PHONE_ZONES[area]);
    const localDigits = 8 - zone.length;
    const localNumber = String(random.int(10 ** (localDigits - 1) * 2, 10 ** localDigits - 1));
    const phone = samplePhone(`+32 ${zone} ${localNumber}`);
    const createdAt = instantOn(addDays(recognitions[0].decisionDate, -random.int(20, 60)), random);

    const street = `${random.pick(STREETS)} ${random.int(1, 180)}`;
    const postcode = random.pick(home.postcodes);
    const capacityAt = instantOn(capacityDate, random);
    const capacity = { totalPlaces, freePlaces, updatedAt: capacityAt };

    // The provider's public contact data, as the register stores it and as its first log entry states it.
    const published = {
      name: fullName,
      street,
      postcode,
      municipalityNis: home.nisCode,
      email: `info@${domain}`,
      phone,
      website: `https://www.${domain}`,
      simplifiedCategory: category,
    };

    // The sample history replays to the sample register (see domain/change-log.ts): the provider
    // enters with its whole public state, then each later change is a patch on it.
    const events: SampleEvent[] = [];
    const capacityLater = capacityAt > createdAt;
    events.push({
      occurredAt: createdAt,
      providerId: id,
      kind: 'provider.registered',
      summary: 'Opgenomen in het register.',
      after: {
        ...published,
        workingArea,
        capacity: capacityLater ? { totalPlaces, freePlaces: totalPlaces, updatedAt: createdAt } : capacity,
        coachCount: coaches.length,
        subcontractors: subcontractorIds.map((sub) => numbersById[sub]).sort(),
      },
    });
    for (const recognition of recognitions) {
      const number = recognition.recognitionNumber;
      const inForceAtDecision = compareDates(recognition.validFrom, recognition.decisionDate) <= 0;
      events.push({
        occurredAt: instantOn(recognition.decisionDate, random),
        providerId: id,
        kind: 'recognition.granted',
        summary: `Erkend als externe dienstverlener (${number}), geldig vanaf ${formatDutchDate(recognition.validFrom)}.`,
        after: {
          recognitions: {
            [number]: { decisionDate: recognition.decisionDate, validFrom: recognition.validFrom, validUntil: scheduledEnd(recognition.validFrom), status: inForceAtDecision ? 'active' : 'pending' },
          },
        },
      });
      if (!inForceAtDecision && compareDates(recognition.validFrom, asOf) <= 0) {
        events.push({
          occurredAt: `${recognition.validFrom}T00:05:00.000Z`,
          providerId: id,
          kind: 'recognition.active',
          summary: `Erkenning ${number} is van kracht sinds ${formatDutchDate(recognition.validFrom)}.`,
          after: { recognitions: { [number]: { status: 'active' } } },
        });
      }
      const standing = recognitionStanding(recognition, activity, asOf);
      if ('endedOn' in standing) {
        events.push({
          occurredAt: `${addDays(standing.endedOn, 1)}T00:05:00.000Z`,
          providerId: id,
          kind: `recognition.${standing.status}`,
          summary: `Erkenning ${number}: ${standing.reason}`,
          after: { recognitions: { [number]: { status: standing.status, validUntil: standing.validUntil, endedOn: standing.endedOn } } },
        });
      }
    }
    if (capacityLater) {
      events.push({
        occurredAt: capacityAt,
        providerId: id,
        kind: 'capacity.updated',
        summary: `Vrije plaatsen bijgewerkt: ${freePlaces} van ${totalPlaces}.`,
        after: { capacity: { freePlaces, updatedAt: capacityAt } },
      });
    }

    yield {
      id,
      enterpriseNumber,
      ...published,
      qualityRegistration: `KRM-${random.int(10000, 99999)}`,
      createdAt,
      contactPerson: {
        fullName: `${contactGiven} ${contactFamily}`,
        email: `${slugify(contactGiven)}.${slugify(contactFamily)}@${domain}`,
        phone: samplePhone(`+32 4${random.int(70, 99)} ${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)}`),
        nationalRegisterNumber: nationalRegisterNumber(random),
      },
      workingArea,
      capacity,
      coaches,
      recognitions,
      activity,
      subcontractorIds,
      events,
    };
  }
}
