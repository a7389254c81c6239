/** Receipt of an application for recognition, with the day the admissibility decision is due. */
import { ADMISSIBILITY_DAYS, type CalendarDate } from '#domain/rules/index.ts';
import { formatDutchDate } from './format.ts';
import type { Template } from './types.ts';

/** What the receipt says. */
export interface ApplicationReceivedData {
  reference: string;
  organisationName: string;
  submittedOn: CalendarDate;
  admissibilityDueOn: CalendarDate;
}

/** Ontvangstbevestiging van een erkenningsaanvraag. */
export const applicationReceived: Template<ApplicationReceivedData> = (data) => ({
  subject: `Ontvangstbevestiging van uw erkenningsaanvraag ${data.reference}`,
  reference: data.reference,
  blocks: [
    { paragraph: `We hebben de aanvraag van ${data.organisationName} om erkend te worden als externe dienstverlener voor begeleiding op de werkvloer goed ontvangen.` },
    { facts: [['Referentie', data.reference], ['Ingediend op', formatDutchDate(data.submittedOn)], ['Beslissing over de ontvankelijkheid uiterlijk op', formatDutchDate(data.admissibilityDueOn)]] },
    { paragraph: `Binnen ${ADMISSIBILITY_DAYS} dagen na de indiening laten we u weten of uw aanvraag ontvankelijk is. Vanaf die e-mail loopt de termijn voor het onderzoek van de erkenningsvoorwaarden.` },
  ],
});
