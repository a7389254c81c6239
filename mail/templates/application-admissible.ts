/**
 * The admissibility e-mail. Sending it starts the examination clock: the day it is sent is day 0
 * of the examination's term (the rules say how long), so the dates are filled in when it is sent.
 */
import { calendarDateAt, EXAMINATION_DAYS, examinationDueOn, type CalendarDate } from '#domain/rules/index.ts';
import { formatDutchDate } from './format.ts';
import type { Template } from './types.ts';

/** What the admissibility mail says (the dates of the clock come from the moment of sending). */
export interface ApplicationAdmissibleData {
  reference: string;
  organisationName: string;
  declaredOn: CalendarDate;
}

/** Aanvraag ontvankelijk: de onderzoekstermijn start. */
export const applicationAdmissible: Template<ApplicationAdmissibleData> = (data, { sentAt }) => {
  const sentOn = calendarDateAt(sentAt);
  return {
    subject: `Uw erkenningsaanvraag ${data.reference} is ontvankelijk`,
    reference: data.reference,
    blocks: [
      { paragraph: `De aanvraag van ${data.organisationName} is ontvankelijk verklaard. Het departement onderzoekt nu of uw organisatie aan de erkenningsvoorwaarden voldoet.` },
      {
        facts: [
          ['Referentie', data.reference],
          ['Ontvankelijk verklaard op', formatDutchDate(data.declaredOn)],
          ['Deze e-mail verzonden op', formatDutchDate(sentOn)],
          ['Onderzoek afgerond uiterlijk op', formatDutchDate(examinationDueOn(sentOn))],
        ],
      },
      { paragraph: `De termijn van ${EXAMINATION_DAYS} dagen voor het onderzoek begint op de dag dat deze e-mail verzonden is.` },
      { paragraph: 'Vragen we u om aanvullende informatie, dan staat de termijn stil tot we uw antwoord ontvangen, en schuift de einddatum evenveel dagen op.' },
    ],
  };
};
