/** Every mail the register sends, one template each, by name. */
import type { MailDocument, RenderedMail } from '#mail/layout.ts';
import { renderHtml, renderText } from '#mail/layout.ts';
import { applicationAdmissible } from './application-admissible.ts';
import { applicationInadmissible } from './application-inadmissible.ts';
import { applicationReceived } from './application-received.ts';
import { changeReportReceived } from './change-report-received.ts';
import { changeReportReviewed } from './change-report-reviewed.ts';
import { deadlineDigest } from './deadline-digest.ts';
import { decision } from './decision.ts';
import { expiryWarning } from './expiry-warning.ts';
import { finalDecision } from './final-decision.ts';
import { hearingInvitation } from './hearing-invitation.ts';
import { informationReceived } from './information-received.ts';
import { informationRequested } from './information-requested.ts';
import { noCoachingWarning } from './no-coaching-warning.ts';
import { reconsiderationReceived } from './reconsideration-received.ts';
import { subcontractorNotRecognised } from './subcontractor-not-recognised.ts';
import type { MailContext } from './types.ts';

/** The templates by the name stored in the outbox. */
export const TEMPLATES = {
  change_report_received: changeReportReceived,
  change_report_reviewed: changeReportReviewed,
  application_received: applicationReceived,
  application_admissible: applicationAdmissible,
  application_inadmissible: applicationInadmissible,
  information_requested: informationRequested,
  information_received: informationReceived,
  decision,
  reconsideration_received: reconsiderationReceived,
  hearing_invitation: hearingInvitation,
  final_decision: finalDecision,
  expiry_warning: expiryWarning,
  no_coaching_warning: noCoachingWarning,
  deadline_digest: deadlineDigest,
  subcontractor_not_recognised: subcontractorNotRecognised,
} as const;

/** The name of a template. */
export type TemplateName = keyof typeof TEMPLATES;
/** The data a template takes. */
export type TemplateData<N extends TemplateName> = Parameters<(typeof TEMPLATES)[N]>[0];

/** True when `name` is a known template. */
export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATES, name);
}

/** The document of a mail. */
export function composeMail<N extends TemplateName>(name: N, data: TemplateData<N>, context: MailContext): MailDocument {
  return (TEMPLATES[name] as (data: TemplateData<N>, context: MailContext) => MailDocument)(data, context);
}

/** Subject, plain text and HTML of a stored mail, for the moment it is sent. */
export function renderMail(name: string, data: unknown, context: MailContext): RenderedMail {
  if (!isTemplateName(name)) throw new Error(`There is no mail template '${name}'.`);
  const doc = composeMail(name, data as never, context);
  return { subject: doc.subject, text: renderText(doc, context.contact), html: renderHtml(doc, context.contact) };
}

export type { MailContext } from './types.ts';
