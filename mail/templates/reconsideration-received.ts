/** Receipt of a request for reconsideration. */
import { COMMITTEE_ADVICE_DAYS, type CalendarDate } from '#domain/rules/index.ts';
import { formatDutchDate } from './format.ts';
import type { Template } from './types.ts';

/** What the receipt says. */
export interface ReconsiderationReceivedData {
  reference: string;
  organisationName: string;
  requestedOn: CalendarDate;
}

/** Verzoek tot heroverweging ontvangen. */
export const reconsiderationReceived: Template<ReconsiderationReceivedData> = (data) => ({
  subject: `Verzoek tot heroverweging ontvangen voor uw erkenningsaanvraag ${data.reference}`,
  reference: data.reference,
  blocks: [
    { paragraph: `We hebben het verzoek van ${data.organisationName} om de beslissing over de erkenningsaanvraag te heroverwegen goed ontvangen.` },
    { facts: [['Referentie', data.reference], ['Verzoek ontvangen op', formatDutchDate(data.requestedOn)]] },
    { paragraph: `U wordt uitgenodigd voor een hoorzitting. Daarna geeft de heroverwegingscommissie binnen ${COMMITTEE_ADVICE_DAYS} dagen advies aan de minister, die opnieuw beslist.` },
  ],
});
