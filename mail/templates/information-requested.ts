/** More information is needed: the examination clock stands still until it arrives. */
import type { CalendarDate } from '#domain/rules/index.ts';
import { formatDutchDate } from './format.ts';
import type { Template } from './types.ts';

/** What the request says. */
export interface InformationRequestedData {
  reference: string;
  organisationName: string;
  requestedOn: CalendarDate;
  /** What is asked, as the administrator wrote it. */
  question: string | null;
}

/** Aanvullende informatie gevraagd. */
export const informationRequested: Template<InformationRequestedData> = (data) => ({
  subject: `Aanvullende informatie gevraagd voor uw erkenningsaanvraag ${data.reference}`,
  reference: data.reference,
  blocks: [
    { paragraph: `Om de aanvraag van ${data.organisationName} verder te onderzoeken, hebben we meer informatie nodig.` },
    { facts: [['Referentie', data.reference], ['Gevraagd op', formatDutchDate(data.requestedOn)], ...(data.question ? [['Wat we nodig hebben', data.question] as [string, string]] : [])] },
    { paragraph: `Vanaf ${formatDutchDate(data.requestedOn)} staat de termijn voor het onderzoek stil, tot we uw antwoord ontvangen. U kunt online antwoorden: meld u aan bij het register en open uw aanvraag onder “Aanvragen”. Antwoordt u per brief of e-mail, vermeld dan de referentie.` },
  ],
});
