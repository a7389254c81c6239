/**
 * What a provider can report, one zod schema per kind: the API validates with these, and the
 * provider's web forms will too. Unknown fields are refused everywhere (strict objects).
 */
import { z } from 'zod';
import { EmailAddress } from './email-address.ts';
import { EnterpriseNumberInput as enterpriseNumber, NisCodes, Postcode, Website } from './fields.ts';
import { PhoneNumber } from './phone-number.ts';
import { multiLineText, singleLineText } from './text.ts';

const line = (max: number) => singleLineText({ max });

/** New public contact data; only the fields given change. */
export const ContactDetailsPayload = z
  .strictObject({
    street: line(200).optional(),
    postcode: Postcode.optional(),
    email: EmailAddress.optional(),
    phone: PhoneNumber.optional(),
    website: Website.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'give at least one field to change');

/** The whole new working area: municipalities and/or whole provinces (by NIS code or name). */
export const WorkingAreaPayload = z
  .strictObject({
    municipalities: NisCodes.default([]).transform((codes) => [...new Set(codes)]),
    provinces: z.array(line(60)).max(6).default([]),
  })
  .refine((value) => value.municipalities.length + value.provinces.length > 0, 'a working area needs at least one municipality or province');

/** The total number of places. */
export const CapacityPayload = z.strictObject({ totalPlaces: z.int().min(0, 'cannot be negative').max(100_000) });

/** The number of places free now (applies at once). */
export const FreePlacesPayload = z.strictObject({ freePlaces: z.int().min(0, 'cannot be negative').max(100_000) });

/** The full list of qualified coaches (private: never published, only their number). */
export const CoachesPayload = z.strictObject({
  coaches: z.array(z.strictObject({ fullName: line(120), qualification: line(200) })).max(1000),
});

/** The full list of subcontractors, by enterprise number; each must hold an active recognition. */
export const SubcontractorsPayload = z.strictObject({
  // "0403.170.701" and "0403170701" are one subcontractor: counted once.
  enterpriseNumbers: z.array(enterpriseNumber).max(100).transform((numbers) => [...new Set(numbers)]),
});

/** The reference of the quality registration in the WSE quality and registration model. */
export const QualityRegistrationPayload = z.strictObject({ reference: line(60) });

/** Employees with a disability coached in one calendar year (drives the lapse rule). */
export const YearlyActivityPayload = z.strictObject({
  year: z.int().min(2000).max(2100),
  employeesCoached: z.int().min(0, 'cannot be negative').max(100_000),
});

/** Anything else that may affect the conditions, in the provider's words. */
export const OtherPayload = z.strictObject({ text: multiLineText({ max: 5000 }) });

/** A change report as posted: a kind and its payload. */
export const ChangeReportRequest = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('contact_details'), payload: ContactDetailsPayload }),
  z.strictObject({ kind: z.literal('working_area'), payload: WorkingAreaPayload }),
  z.strictObject({ kind: z.literal('capacity'), payload: CapacityPayload }),
  z.strictObject({ kind: z.literal('free_places'), payload: FreePlacesPayload }),
  z.strictObject({ kind: z.literal('coaches'), payload: CoachesPayload }),
  z.strictObject({ kind: z.literal('subcontractors'), payload: SubcontractorsPayload }),
  z.strictObject({ kind: z.literal('quality_registration'), payload: QualityRegistrationPayload }),
  z.strictObject({ kind: z.literal('yearly_activity'), payload: YearlyActivityPayload }),
  z.strictObject({ kind: z.literal('other'), payload: OtherPayload }),
]);
/** A validated change report request. */
export type ChangeReportRequest = z.infer<typeof ChangeReportRequest>;

/** The provider's version a decision was made on (see ReviewItem in db/commands/change-reports.ts). */
const ProviderVersion = z
  .number()
  .int()
  .min(0)
  .optional()
  .describe("The `providerVersion` of the review item the decision was made on: if the provider changed since, the decision is refused with 409 and nothing changes. Without it, the decision is taken on the register as it is.");

/** What an administrator may add when accepting a report: why, if anything (the provider reads it). */
export const AcceptReview = z.strictObject({ reason: multiLineText({ max: 2000, min: 0 }).optional(), providerVersion: ProviderVersion });

/** What an administrator must add when rejecting a report: the reason the provider will read. */
export const RejectReview = z.strictObject({ reason: multiLineText({ max: 2000 }), providerVersion: ProviderVersion });

/** Kinds that change nothing the recognition conditions depend on, so they apply without review. */
export const APPLIES_AT_ONCE: ReadonlySet<ChangeReportRequest['kind']> = new Set(['free_places']);

/** Dutch names of the kinds, for pages and the public history. */
export const CHANGE_REPORT_KIND_LABELS: Record<ChangeReportRequest['kind'], string> = {
  contact_details: 'Contactgegevens',
  working_area: 'Werkingsgebied',
  capacity: 'Begeleidingscapaciteit',
  free_places: 'Vrije plaatsen',
  coaches: 'Begeleiders',
  subcontractors: 'Onderaannemers',
  quality_registration: 'Kwaliteitsregistratie',
  yearly_activity: 'Jaarlijkse activiteit',
  other: 'Andere wijziging',
};
