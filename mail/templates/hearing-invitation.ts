/** Invitation to the hearing of a reconsideration. */
import type { CalendarDate } from '#domain/rules/index.ts';
import { formatDutchDateWithWeekday } from './format.ts';
import type { Template } from './types.ts';

/** When and where the hearing is. */
export interface HearingInvitationData {
  reference: string;
  organisationName: string;
  hearingOn: CalendarDate;
  /** Local time in Brussels, HH:MM. */
  time: string;
  place: string;
}

/** Uitnodiging voor de hoorzitting. */
export const hearingInvitation: Template<HearingInvitationData> = (data) => ({
  subject: `Uitnodiging voor de hoorzitting over uw erkenningsaanvraag ${data.reference}`,
  reference: data.reference,
  blocks: [
    { paragraph: `Naar aanleiding van het verzoek tot heroverweging van ${data.organisationName} nodigen we u uit op een hoorzitting. U kunt er uw standpunt toelichten.` },
    { facts: [['Referentie', data.reference], ['Datum', formatDutchDateWithWeekday(data.hearingOn)], ['Uur', data.time.replace(':', '.') + ' uur'], ['Plaats', data.place]] },
    { paragraph: 'Kunt u niet aanwezig zijn, laat het ons dan zo snel mogelijk weten en vermeld de referentie.' },
  ],
});
