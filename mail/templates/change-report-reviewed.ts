/** The outcome of a change report: accepted (and applied) or rejected, with the reason; or withdrawn by the provider. */
import { CHANGE_REPORT_KIND_LABELS, type ChangeReportRequest } from '#domain/change-reports.ts';
import { formatDutchDateTime, formatDutchDay } from './format.ts';
import type { Template } from './types.ts';

/** What the outcome mail says. */
export interface ChangeReportReviewedData {
  reference: string;
  kind: ChangeReportRequest['kind'];
  outcome: 'accepted' | 'rejected' | 'withdrawn';
  receivedAt: string;
  reviewedAt: string;
  reason: string | null;
}

/** Uitkomst van een melding. */
export const changeReportReviewed: Template<ChangeReportReviewedData> = (data) => {
  const accepted = data.outcome === 'accepted';
  if (data.outcome === 'withdrawn') {
    return {
      subject: `Uw melding ${data.reference} is ingetrokken`,
      reference: data.reference,
      blocks: [
        { paragraph: `Uw organisatie heeft haar melding van ${formatDutchDay(data.receivedAt)} ingetrokken. Het departement beoordeelt ze niet meer.` },
        {
          facts: [
            ['Referentie', data.reference],
            ['Soort wijziging', CHANGE_REPORT_KIND_LABELS[data.kind]],
            ['Ingetrokken op', formatDutchDateTime(data.reviewedAt)],
          ],
        },
        { paragraph: 'Er is niets gewijzigd in het register. Wilt u toch iets wijzigen? Dien dan een nieuwe melding in.' },
      ],
    };
  }
  return {
    subject: `Uw melding ${data.reference} is ${accepted ? 'aanvaard' : 'afgewezen'}`,
    reference: data.reference,
    blocks: [
      { paragraph: `Het departement heeft uw melding van ${formatDutchDay(data.receivedAt)} beoordeeld: ze is ${accepted ? 'aanvaard' : 'afgewezen'}.` },
      {
        facts: [
          ['Referentie', data.reference],
          ['Soort wijziging', CHANGE_REPORT_KIND_LABELS[data.kind]],
          ['Beoordeeld op', formatDutchDateTime(data.reviewedAt)],
          ...(data.reason ? [[accepted ? 'Opmerking' : 'Reden', data.reason] as [string, string]] : []),
        ],
      },
      {
        paragraph: accepted
          ? 'De wijziging is verwerkt in het register. Wat publiek is, staat op de website na de volgende publicatie.'
          : 'Er is niets gewijzigd in het register. U kunt een nieuwe melding indienen met de juiste gegevens.',
      },
    ],
  };
};
