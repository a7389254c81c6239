/**
 * Sample applications in every state of the procedure, some near or past a deadline, some with
 * the examination suspended while information is awaited. Deterministic, like the providers.
 * Granted applications belong to sample providers whose recognition they produced.
 */
import { enterpriseNumberCheckDigits } from '#domain/enterprise-number.ts';
import { slugify } from '#domain/slug.ts';
import { addDays, compareDates, replayProcedure, type CalendarDate, type ProcedureEvent, type ProcedureState } from '#domain/rules/index.ts';
import type { ReferenceMunicipality } from '#db/reference-data.ts';
import type { SimplifiedCategory } from '#domain/public-register.ts';
import type { ApplicationDeclaration, ApplicationExperience, ApplicationOrganisation, ApplicationServiceArea } from '#db/schema/applications.ts';
import { SeededRandom } from './random.ts';
import { BRUSSELS_AREA_CODE } from '#domain/working-area.ts';
import { FAMILY_NAMES, GIVEN_NAMES, NAME_HEADS, QUALIFICATIONS, REGIONS, samplePhone } from './word-lists.ts';

/** A recognition decided recently enough to show its application in the sample. */
export interface RecentGrant {
  providerId: number;
  name: string;
  enterpriseNumber: string;
  municipalityNis: string;
  postcode: string;
  decisionDate: CalendarDate;
  validFrom: CalendarDate;
}

/** A generated application with its recorded steps. */
export interface SampleApplication {
  reference: string;
  providerId: number | null;
  submittedOn: CalendarDate;
  organisation: ApplicationOrganisation;
  simplifiedCategory: SimplifiedCategory | null;
  experience: ApplicationExperience | null;
  serviceArea: ApplicationServiceArea;
  declaration: ApplicationDeclaration;
  events: ProcedureEvent[];
  state: ProcedureState;
}

/** The states sample applications are spread over (granted ones need a recent grant to belong to). */
const TARGETS: ProcedureState[] = [
  'submitted', 'inadmissible', 'admissible', 'under_examination', 'waiting_for_information', 'advised',
  'refused', 'reconsideration_requested', 'hearing_held', 'committee_advised', 'finally_refused', 'granted', 'finally_granted',
];

/** Steps that lead to `target`, ending on or before `asOf`; the first event's day is the submission. */
function pathTo(target: ProcedureState, asOf: CalendarDate, random: SeededRandom, grant?: RecentGrant): { submittedOn: CalendarDate; events: ProcedureEvent[] } {
  const late = random.chance(0.3); // some applications are near or past their deadline
  if (target === 'submitted') return { submittedOn: addDays(asOf, -random.int(0, late ? 12 : 5)), events: [] };
  // Work backwards from a decision day that lies before asOf.
  const steps: ProcedureEvent[] = [];
  let day: CalendarDate;
  const submittedOn = (() => {
    switch (target) {
      case 'inadmissible':
      case 'admissible':
        return addDays(asOf, -random.int(8, late ? 60 : 30));
      case 'under_examination':
      case 'waiting_for_information':
        return addDays(asOf, -random.int(20, late ? 80 : 45));
      case 'granted':
      case 'finally_granted':
        // Long enough before the decision for every step on the way (at most 87 days to a first
        // decision, 202 to a final one), so the decision day is the recognition's own.
        return addDays(grant!.decisionDate, -random.int(90, 120) - (target === 'finally_granted' ? 120 : 0));
      default:
        return addDays(asOf, -random.int(70, 200));
    }
  })();
  day = addDays(submittedOn, random.int(2, late ? 9 : 6));
  if (target === 'inadmissible') return { submittedOn, events: [{ step: 'declare_inadmissible', on: day }] };
  // The sample's admissibility e-mails went out on the day of the step.
  steps.push({ step: 'declare_admissible', on: day, mailSentOn: day });
  if (target === 'admissible') return { submittedOn, events: steps };
  day = addDays(day, random.int(1, 3));
  steps.push({ step: 'start_examination', on: day });
  if (random.chance(0.5) || target === 'waiting_for_information') {
    day = addDays(day, random.int(5, 15));
    steps.push({ step: 'request_information', on: day });
    if (target === 'waiting_for_information') return { submittedOn, events: steps };
    day = addDays(day, random.int(3, 20));
    steps.push({ step: 'receive_information', on: day });
  }
  if (target === 'under_examination') return { submittedOn, events: steps };
  day = addDays(day, random.int(5, 20));
  steps.push({ step: 'give_advice', on: day });
  if (target === 'advised') return { submittedOn, events: steps };
  const granted = target === 'granted';
  const decisionDay = granted ? grant!.decisionDate : addDays(day, random.int(5, 20));
  day = compareDates(decisionDay, day) < 0 ? day : decisionDay;
  const notifiedOn = addDays(day, random.int(0, 2));
  steps.push(
    granted
      ? { step: 'decide', on: day, outcome: 'granted', notifiedOn, validFrom: grant!.validFrom }
      : { step: 'decide', on: day, outcome: 'refused', notifiedOn },
  );
  if (target === 'granted' || target === 'refused') return { submittedOn, events: steps };
  day = addDays(notifiedOn, random.int(5, 28));
  steps.push({ step: 'request_reconsideration', on: day });
  if (target === 'reconsideration_requested') return { submittedOn, events: steps };
  day = addDays(day, random.int(10, 25));
  steps.push({ step: 'hold_hearing', on: day });
  if (target === 'hearing_held') return { submittedOn, events: steps };
  day = addDays(day, random.int(10, late ? 60 : 40));
  steps.push({ step: 'give_committee_advice', on: day });
  if (target === 'committee_advised') return { submittedOn, events: steps };
  const finalDay = target === 'finally_granted' ? grant!.decisionDate : addDays(day, random.int(5, 20));
  day = compareDates(finalDay, day) < 0 ? day : finalDay;
  steps.push(
    target === 'finally_granted'
      ? { step: 'decide_finally', on: day, outcome: 'granted', notifiedOn: day, validFrom: grant!.validFrom }
      : { step: 'decide_finally', on: day, outcome: 'refused', notifiedOn: addDays(day, 1) },
  );
  return { submittedOn, events: steps };
}

/** Generates `count` applications spread over every state (at least one each when `count` allows). */
export function generateSampleApplications(options: {
  count: number;
  seed: number | string;
  asOf: CalendarDate;
  municipalities: readonly ReferenceMunicipality[];
  recentGrants: readonly RecentGrant[];
}): SampleApplication[] {
  const random = new SeededRandom(`${options.seed}/applications`);
  const grants = [...options.recentGrants];
  const result: SampleApplication[] = [];
  const perYear = new Map<number, number>();
  for (let i = 0; i < options.count; i++) {
    let target = TARGETS[i % TARGETS.length];
    const grant = target === 'granted' || target === 'finally_granted' ? grants.shift() : undefined;
    if ((target === 'granted' || target === 'finally_granted') && !grant) target = 'under_examination';
    let path = pathTo(target, options.asOf, random, grant);
    // A generated path that would run past the sample day is pulled back whole.
    const last = path.events.at(-1)?.on ?? path.submittedOn;
    if (compareDates(last, options.asOf) > 0 && !grant) {
      const shift = -Math.abs(Math.round((Date.parse(last) - Date.parse(options.asOf)) / 86_400_000));
      path = {
        submittedOn: addDays(path.submittedOn, shift),
        events: path.events.map((e) => ({
          ...e,
          on: addDays(e.on, shift),
          ...('notifiedOn' in e ? { notifiedOn: addDays(e.notifiedOn, shift) } : {}),
          ...('mailSentOn' in e && e.mailSentOn ? { mailSentOn: addDays(e.mailSentOn, shift) } : {}),
        })),
      };
    }
    const state = replayProcedure(path).state;
    const home = random.pick(options.municipalities.filter((m) => m.region === 'VLG'));
    const category: SimplifiedCategory | null = random.weighted([[null, 75], ['GTB', 6], ['GOB', 6], ['MAATWERKBEDRIJF', 9], ['LDE', 4]] as const);
    const name = grant?.name ?? `${random.pick(NAME_HEADS)} ${random.pick(REGIONS[home.provinceNis ?? BRUSSELS_AREA_CODE])} vzw`;
    const domain = `${slugify(name)}.example`;
    const firstEight = `09${String(random.int(0, 999_999)).padStart(6, '0')}`;
    const contact = `${random.pick(GIVEN_NAMES)} ${random.pick(FAMILY_NAMES)}`;
    const year = Number(path.submittedOn.slice(0, 4));
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    const nearby = options.municipalities.filter((m) => m.provinceNis === home.provinceNis);
    result.push({
      reference: `AV-${year}-${String(n).padStart(6, '0')}`,
      providerId: grant?.providerId ?? null,
      submittedOn: path.submittedOn,
      organisation: {
        name,
        enterpriseNumber: grant?.enterpriseNumber ?? firstEight + enterpriseNumberCheckDigits(firstEight),
        street: `Kerkstraat ${random.int(1, 120)}`,
        postcode: grant?.postcode ?? random.pick(home.postcodes),
        municipalityNis: grant?.municipalityNis ?? home.nisCode,
        email: `info@${domain}`,
        phone: samplePhone(`+32 9 ${random.int(200, 399)} ${random.int(10, 99)} ${random.int(10, 99)}`),
        website: `https://www.${domain}`,
        contactPerson: { fullName: contact, email: `${slugify(contact).replace('-', '.')}@${domain}`, phone: samplePhone(`+32 4${random.int(70, 99)} ${random.int(100000, 999999)}`) },
      },
      simplifiedCategory: category,
      experience: category
        ? null
        : {
            motivation: 'Wij begeleiden sinds jaren werknemers met een arbeidsbeperking op de werkvloer, in samenwerking met werkgevers uit de regio.',
            coaches: Array.from({ length: random.int(1, 4) }, () => ({ fullName: `${random.pick(GIVEN_NAMES)} ${random.pick(FAMILY_NAMES)}`, qualification: random.pick(QUALIFICATIONS) })),
          },
      serviceArea: {
        municipalities: random.sample(nearby, random.int(3, Math.min(15, nearby.length))).map((m) => m.nisCode),
        totalPlaces: random.int(5, 60),
        motivation: 'Het werkingsgebied volgt de regio waar onze begeleiders wonen en werken.',
      },
      declaration: { signedOn: path.submittedOn, signatory: contact },
      events: path.events,
      state,
    });
  }
  return result;
}
