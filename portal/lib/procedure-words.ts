/** The procedure in Dutch words for the administration pages (labels come from the rules module). */
import { formatDutchDate, type Deadline } from '#domain/rules/index.ts';

/** Whose move it is. */
export const WAITING_FOR_LABELS: Record<Deadline['waitingFor'], string> = {
  department: 'het departement',
  provider: 'de dienstverlener',
  committee: 'de heroverwegingscommissie',
};

/** "nog 5 dagen", "vandaag", "3 dagen te laat", or that the clock stands still. */
export function daysLeftText(deadline: Deadline): string {
  if (!deadline.started || deadline.daysLeft === null) return 'nog niet begonnen: de ontvankelijkheidsmail is nog niet verstuurd';
  if (deadline.suspended) return 'opgeschort: de termijn schuift elke dag op';
  if (deadline.daysLeft < 0) return `${-deadline.daysLeft} ${deadline.daysLeft === -1 ? 'dag' : 'dagen'} te laat`;
  if (deadline.daysLeft === 0) return 'vandaag';
  return `nog ${deadline.daysLeft} ${deadline.daysLeft === 1 ? 'dag' : 'dagen'}`;
}

/** "uiterlijk 12 januari 2027". */
export function dueText(deadline: Deadline): string {
  // The examination clock starts when the admissibility e-mail is sent (see mail/).
  if (deadline.dueOn === null) return 'na verzending van de ontvankelijkheidsmail';
  return `uiterlijk ${formatDutchDate(deadline.dueOn)}`;
}

/** What happened, in the words an applicant reads in its own timeline. */
export const APPLICANT_STEP_WORDS: Record<import('#domain/rules/index.ts').ProcedureStepName, string> = {
  declare_admissible: 'Uw aanvraag is ontvankelijk',
  declare_inadmissible: 'Uw aanvraag is niet ontvankelijk',
  start_examination: 'Het departement begon het onderzoek van de voorwaarden',
  request_information: 'Het departement vroeg aanvullende informatie',
  receive_information: 'Aanvullende informatie ontvangen',
  give_advice: 'Het departement gaf advies aan de minister',
  decide: 'Beslissing van de minister',
  request_reconsideration: 'U vroeg heroverweging',
  hold_hearing: 'Hoorzitting bij de heroverwegingscommissie',
  give_committee_advice: 'De heroverwegingscommissie gaf advies',
  decide_finally: 'Beslissing van de minister na heroverweging',
};
