/** The minister's decision on an application, with the window to ask for reconsideration. */
import { RECONSIDERATION_DAYS, type CalendarDate } from '#domain/rules/index.ts';
import type { Block } from '#mail/layout.ts';
import { formatDutchDate } from './format.ts';
import type { Template } from './types.ts';

/** A decision as the mails tell it. */
export interface DecisionData {
  reference: string;
  organisationName: string;
  outcome: 'granted' | 'refused';
  decidedOn: CalendarDate;
  notifiedOn: CalendarDate;
  /** For a grant: the recognition it made. */
  recognition: { number: string; validFrom: CalendarDate; validUntil: CalendarDate } | null;
  /** The last day to ask for reconsideration (first decision only). */
  reconsiderationUntil: CalendarDate | null;
  note: string | null;
}

/** The facts and consequences of a decision, shared by the first and the final decision. */
export function decisionBlocks(data: DecisionData): Block[] {
  const granted = data.outcome === 'granted';
  const blocks: Block[] = [
    {
      paragraph: granted
        ? `De minister heeft beslist ${data.organisationName} te erkennen als externe dienstverlener voor begeleiding op de werkvloer.`
        : `De minister heeft beslist ${data.organisationName} niet te erkennen als externe dienstverlener voor begeleiding op de werkvloer.`,
    },
    {
      facts: [
        ['Referentie', data.reference],
        ['Beslissing van', formatDutchDate(data.decidedOn)],
        ['Beslissing', granted ? 'erkend' : 'geweigerd'],
        ...(data.recognition
          ? ([
              ['Erkenningsnummer', data.recognition.number],
              ['Geldig vanaf', formatDutchDate(data.recognition.validFrom)],
              ['Geldig tot en met', formatDutchDate(data.recognition.validUntil)],
            ] as [string, string][])
          : []),
        ...(data.note ? [['Toelichting', data.note] as [string, string]] : []),
      ],
    },
  ];
  if (data.recognition) {
    blocks.push({ paragraph: `Uw organisatie staat vanaf ${formatDutchDate(data.recognition.validFrom)} in het publieke register, met uw werkingsgebied en capaciteit. Meld elke wijziging via het register.` });
  }
  return blocks;
}

/** Beslissing over de aanvraag. */
export const decision: Template<DecisionData> = (data) => ({
  subject: `Beslissing over uw erkenningsaanvraag ${data.reference}: ${data.outcome === 'granted' ? 'erkend' : 'geweigerd'}`,
  reference: data.reference,
  blocks: [
    ...decisionBlocks(data),
    ...(data.reconsiderationUntil
      ? [
          {
            paragraph: `Bent u het niet eens met deze beslissing, dan kunt u tot en met ${formatDutchDate(data.reconsiderationUntil)} een verzoek tot heroverweging indienen (${RECONSIDERATION_DAYS} dagen nadat u op de hoogte werd gebracht op ${formatDutchDate(data.notifiedOn)}), met uw motivering: meld u aan bij het register en open uw aanvraag onder “Aanvragen”.`,
          },
        ]
      : []),
  ],
});
