/**
 * Change reports in Dutch words: their status, a one-line summary, and what a report asks. What
 * a report would change (before and after) is domain/report-diff.ts. Only presentation: what a
 * report does is decided in db/commands.
 */
import type { ChangeReportRequest } from '#domain/change-reports.ts';
import type { ChangeReportStatus } from '#db/schema/index.ts';
import type { Place } from '#db/queries/places.ts';
import { formatEnterpriseNumber } from '#domain/enterprise-number.ts';
import { formatPhoneNumber } from '#domain/phone-number.ts';
import { placeNames } from './places.ts';

/** Dutch names of the statuses of a report. */
export const REPORT_STATUS_LABELS: Record<ChangeReportStatus, string> = {
  applied: 'Meteen verwerkt',
  pending_review: 'Wacht op beoordeling',
  accepted: 'Aanvaard',
  rejected: 'Geweigerd',
  withdrawn: 'Ingetrokken',
};

/** The look of each status. */
export const REPORT_STATUS_TONE: Record<ChangeReportStatus, 'ok' | 'bad' | 'wait' | 'neutral'> = {
  applied: 'ok',
  pending_review: 'wait',
  accepted: 'ok',
  rejected: 'bad',
  withdrawn: 'neutral',
};

/** What the words need: municipality names and provider names. */
export interface ReportContext {
  places: readonly Place[];
  providerNames: ReadonlyMap<string, string>;
}

type Payload<K extends ChangeReportRequest['kind']> = Extract<ChangeReportRequest, { kind: K }>['payload'];
type Any = Record<string, unknown> | null;

const CONTACT_LABELS: Record<string, string> = { street: 'Straat en nummer', postcode: 'Postcode', email: 'E-mail', phone: 'Telefoon', website: 'Website' };
const providerName = (ctx: ReportContext, number: string) => `${ctx.providerNames.get(number) ?? 'Onbekende organisatie'} (${formatEnterpriseNumber(number)})`;
/** A contact field as people read it: a phone number in the Belgian format. */
const contactValue = (key: string, value: string | null | undefined) => (value && key === 'phone' ? formatPhoneNumber(value) : value);
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A short Dutch summary of what a report asks. */
export function summarizeReport(kind: ChangeReportRequest['kind'], payload: unknown, ctx: ReportContext): string {
  const p = payload as Any;
  switch (kind) {
    case 'working_area': {
      const area = p as Payload<'working_area'>;
      const parts = [...(area.provinces ?? []).map((name) => `provincie ${name}`), ...placeNames(area.municipalities ?? [], ctx.places)];
      return parts.length > 6 ? `${parts.slice(0, 6).join(', ')} en ${parts.length - 6} meer` : parts.join(', ');
    }
    case 'capacity':
      return count((p as Payload<'capacity'>).totalPlaces, 'plaats', 'plaatsen');
    case 'free_places':
      return count((p as Payload<'free_places'>).freePlaces, 'vrije plaats', 'vrije plaatsen');
    case 'coaches':
      return count((p as Payload<'coaches'>).coaches.length, 'begeleider', 'begeleiders');
    case 'subcontractors': {
      const numbers = (p as Payload<'subcontractors'>).enterpriseNumbers;
      return numbers.length === 0 ? 'geen onderaannemers meer' : numbers.map((n) => providerName(ctx, n)).join(', ');
    }
    case 'quality_registration':
      return (p as Payload<'quality_registration'>).reference;
    case 'yearly_activity': {
      const a = p as Payload<'yearly_activity'>;
      return `${a.year}: ${count(a.employeesCoached, 'werknemer', 'werknemers')} begeleid`;
    }
    case 'contact_details':
      return Object.keys(p ?? {}).map((k) => CONTACT_LABELS[k] ?? k).join(', ');
    case 'other': {
      const text = (p as Payload<'other'>).text;
      return text.length > 80 ? `${text.slice(0, 80)}…` : text;
    }
  }
}

/** What a report asks, field by field (the provider's own view of it). */
export function reportDetails(kind: ChangeReportRequest['kind'], payload: unknown, ctx: ReportContext): { label: string; value: string | string[] }[] {
  switch (kind) {
    case 'working_area': {
      const area = payload as Payload<'working_area'>;
      return [
        ...((area.provinces ?? []).length > 0 ? [{ label: 'Hele provincies', value: area.provinces }] : []),
        { label: 'Gemeenten', value: placeNames(area.municipalities ?? [], ctx.places) },
      ];
    }
    case 'capacity':
      return [{ label: 'Plaatsen in totaal', value: String((payload as Payload<'capacity'>).totalPlaces) }];
    case 'free_places':
      return [{ label: 'Vrije plaatsen', value: String((payload as Payload<'free_places'>).freePlaces) }];
    case 'coaches':
      return [{ label: 'Gekwalificeerde begeleiders', value: (payload as Payload<'coaches'>).coaches.map((c) => `${c.fullName} (${c.qualification})`) }];
    case 'subcontractors':
      return [{ label: 'Onderaannemers', value: (payload as Payload<'subcontractors'>).enterpriseNumbers.map((n) => providerName(ctx, n)) }];
    case 'quality_registration':
      return [{ label: 'Kwaliteitsregistratie', value: (payload as Payload<'quality_registration'>).reference }];
    case 'yearly_activity': {
      const a = payload as Payload<'yearly_activity'>;
      return [{ label: 'Jaar', value: String(a.year) }, { label: 'Begeleide werknemers', value: String(a.employeesCoached) }];
    }
    case 'contact_details':
      return Object.entries(payload as Record<string, string>).map(([key, value]) => ({ label: CONTACT_LABELS[key] ?? key, value: contactValue(key, value)! }));
    case 'other':
      return [{ label: 'Melding', value: (payload as Payload<'other'>).text }];
  }
}
