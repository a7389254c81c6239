/**
 * A subcontractor of a provider is no longer recognised: the provider may not call on it any
 * more. Told once per broken link, to the provider and to the administrators.
 */
import { RECOGNITION_STATUS_LABELS, type CalendarDate, type RecognitionStatusName } from '#domain/rules/index.ts';
import { formatEnterpriseNumber } from '#domain/enterprise-number.ts';
import { formatDutchDate } from './format.ts';
import type { Template } from './types.ts';

/** What the mail says. */
export interface SubcontractorNotRecognisedData {
  /** The provider that calls on the subcontractor, or the department. */
  audience: 'provider' | 'department';
  contractorName: string;
  contractorEnterpriseNumber: string;
  /** The contractor's own recognition, whose condition is at stake. */
  recognitionNumber: string | null;
  subcontractorName: string;
  subcontractorEnterpriseNumber: string;
  /** The status of the subcontractor's recognition (null: it has none). */
  status: RecognitionStatusName | null;
  /** Why its recognition ended, as the public register says it. */
  reason: string | null;
  /** The first day it was no longer recognised (null: it never was). */
  brokenSince: CalendarDate | null;
}

/** Onderaannemer niet meer erkend. */
export const subcontractorNotRecognised: Template<SubcontractorNotRecognisedData> = (data) => {
  const sub = `${data.subcontractorName} (${formatEnterpriseNumber(data.subcontractorEnterpriseNumber)})`;
  const since = data.brokenSince ? ` sinds ${formatDutchDate(data.brokenSince)}` : '';
  const facts: [string, string][] = [
    ['Dienstverlener', `${data.contractorName} (${formatEnterpriseNumber(data.contractorEnterpriseNumber)})`],
    ...(data.recognitionNumber ? [['Erkenningsnummer', data.recognitionNumber] as [string, string]] : []),
    ['Onderaannemer', sub],
    ['Status van de onderaannemer', data.status ? RECOGNITION_STATUS_LABELS[data.status] : 'niet erkend'],
    ...(data.brokenSince ? [['Niet erkend sinds', formatDutchDate(data.brokenSince)] as [string, string]] : []),
    ...(data.reason ? [['Reden', data.reason] as [string, string]] : []),
  ];
  const rule = 'Een erkende dienstverlener mag voor begeleiding op de werkvloer alleen werken met onderaannemers die zelf erkend zijn.';
  if (data.audience === 'provider') {
    return {
      subject: `Uw onderaannemer ${data.subcontractorName} is niet meer erkend`,
      reference: data.recognitionNumber,
      blocks: [
        { paragraph: `${data.contractorName} werkt volgens het register met ${sub} als onderaannemer. Die organisatie is${since} niet erkend als externe dienstverlener.` },
        { facts },
        { paragraph: `${rule} Schakel deze onderaannemer niet meer in, en meld in het register welke onderaannemers u nu inschakelt (een melding van uw onderaannemers).` },
        { paragraph: 'Tot dan staat op uw pagina in het publieke register dat deze onderaannemer niet erkend is.' },
      ],
    };
  }
  return {
    subject: `Onderaannemer niet meer erkend: ${data.contractorName} werkt met ${data.subcontractorName}`,
    reference: data.recognitionNumber,
    blocks: [
      { paragraph: `${data.contractorName} werkt volgens het register met ${sub} als onderaannemer. Die organisatie is${since} niet erkend als externe dienstverlener.` },
      { facts },
      { paragraph: `${rule} De dienstverlener kreeg hierover een e-mail. De lijst van onderaannemers zonder erkenning staat in het beheer, op de pagina Termijnen.` },
    ],
  };
};
