/** Receipt of a change report, with its reference. */
import { CHANGE_REPORT_KIND_LABELS, type ChangeReportRequest } from '#domain/change-reports.ts';
import { formatDutchDateTime } from './format.ts';
import { calendarDateAt, CHANGE_REPORT_REVIEW_DAYS, changeReportReviewExpectedBy, formatDutchDate } from '#domain/rules/index.ts';
import type { Template } from './types.ts';

/** What the receipt says. */
export interface ChangeReportReceivedData {
  reference: string;
  kind: ChangeReportRequest['kind'];
  /** `applied` for a change that applies at once (free places), else `pending_review`. */
  status: 'applied' | 'pending_review';
  receivedAt: string;
}

/** Ontvangstbevestiging van een melding. */
export const changeReportReceived: Template<ChangeReportReceivedData> = (data) => ({
  subject: `Ontvangstbevestiging van uw melding ${data.reference}`,
  reference: data.reference,
  blocks: [
    { paragraph: 'We hebben uw melding van een wijziging goed ontvangen.' },
    { facts: [['Referentie', data.reference], ['Soort wijziging', CHANGE_REPORT_KIND_LABELS[data.kind]], ['Ontvangen op', formatDutchDateTime(data.receivedAt)]] },
    {
      paragraph:
        data.status === 'applied'
          ? 'Deze wijziging is meteen verwerkt in het register. Ze staat op de publieke website na de volgende publicatie, meestal binnen enkele minuten.'
          : `Het departement beoordeelt uw melding normaal binnen ${CHANGE_REPORT_REVIEW_DAYS} dagen, dus uiterlijk op ${formatDutchDate(changeReportReviewExpectedBy(calendarDateAt(new Date(data.receivedAt))))}. U krijgt een e-mail zodra ze aanvaard of afgewezen is. Zolang ze wacht, kunt u ze intrekken in het portaal.`,
    },
  ],
});
