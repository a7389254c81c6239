/** The application is not admissible: the procedure ends here. */
import type { CalendarDate } from '#domain/rules/index.ts';
import { formatDutchDate } from './format.ts';
import type { Template } from './types.ts';

/** What the mail says. */
export interface ApplicationInadmissibleData {
  reference: string;
  organisationName: string;
  declaredOn: CalendarDate;
  /** Why, as the administrator wrote it. */
  reason: string | null;
}

/** Aanvraag niet ontvankelijk. */
export const applicationInadmissible: Template<ApplicationInadmissibleData> = (data) => ({
  subject: `Uw erkenningsaanvraag ${data.reference} is niet ontvankelijk`,
  reference: data.reference,
  blocks: [
    { paragraph: `De aanvraag van ${data.organisationName} is niet ontvankelijk verklaard. Ze wordt daarom niet verder onderzocht.` },
    { facts: [['Referentie', data.reference], ['Niet ontvankelijk verklaard op', formatDutchDate(data.declaredOn)], ...(data.reason ? [['Reden', data.reason] as [string, string]] : [])] },
    { paragraph: 'U kunt een nieuwe, volledige aanvraag indienen.' },
  ],
});
