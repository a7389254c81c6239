/** The requested information arrived: the examination clock runs again, with its new due day. */
import { EXAMINATION_DAYS, type CalendarDate } from '#domain/rules/index.ts';
import { formatDutchDate } from './format.ts';
import type { Template } from './types.ts';

/** What the mail says. */
export interface InformationReceivedData {
  reference: string;
  organisationName: string;
  receivedOn: CalendarDate;
  /** The new due day of the examination; null when its clock has not started yet. */
  examinationDueOn: CalendarDate | null;
}

/** Aanvullende informatie ontvangen. */
export const informationReceived: Template<InformationReceivedData> = (data) => ({
  subject: `Aanvullende informatie ontvangen voor uw erkenningsaanvraag ${data.reference}`,
  reference: data.reference,
  blocks: [
    { paragraph: `We hebben de gevraagde informatie over de aanvraag van ${data.organisationName} ontvangen. Het onderzoek gaat verder.` },
    {
      facts: [
        ['Referentie', data.reference],
        ['Ontvangen op', formatDutchDate(data.receivedOn)],
        ...(data.examinationDueOn ? [['Onderzoek afgerond uiterlijk op', formatDutchDate(data.examinationDueOn)] as [string, string]] : []),
      ],
    },
    {
      paragraph: data.examinationDueOn
        ? `De termijn voor het onderzoek loopt weer vanaf ${formatDutchDate(data.receivedOn)}; de einddatum is opgeschoven met de dagen dat we op uw antwoord wachtten.`
        : `De termijn van ${EXAMINATION_DAYS} dagen voor het onderzoek begint op de dag dat we u de e-mail over de ontvankelijkheid sturen.`,
    },
  ],
});
