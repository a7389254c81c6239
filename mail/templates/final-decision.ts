/** The minister's final decision after reconsideration. */
import { decisionBlocks, type DecisionData } from './decision.ts';
import type { Template } from './types.ts';

/** Beslissing na heroverweging. */
export const finalDecision: Template<DecisionData> = (data) => ({
  subject: `Beslissing na heroverweging over uw erkenningsaanvraag ${data.reference}: ${data.outcome === 'granted' ? 'erkend' : 'geweigerd'}`,
  reference: data.reference,
  blocks: [
    { paragraph: 'Na uw verzoek tot heroverweging, de hoorzitting en het advies van de heroverwegingscommissie heeft de minister een definitieve beslissing genomen.' },
    ...decisionBlocks(data),
    { paragraph: 'Dit is de definitieve beslissing in de erkenningsprocedure.' },
  ],
});
