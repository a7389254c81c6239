/** The mails about a change report: its receipt, and the outcome of its review. */
import type { changeReports } from '../db/schema/index.ts';
import type { MailRequest } from './outbox.ts';

type ReportRow = typeof changeReports.$inferSelect;

/** The receipt of a report just filed, to the provider's procedure contact. */
export function changeReportReceipt(row: Pick<ReportRow, 'providerId' | 'reference' | 'kind' | 'status' | 'receivedAt'>): MailRequest {
  return {
    template: 'change_report_received',
    to: { provider: row.providerId },
    reference: row.reference,
    data: { reference: row.reference, kind: row.kind, status: row.status === 'applied' ? 'applied' : 'pending_review', receivedAt: row.receivedAt },
  };
}

/** The outcome of a report (accepted, rejected, or withdrawn by the provider), to the provider's procedure contact. */
export function changeReportOutcome(row: ReportRow): MailRequest {
  return {
    template: 'change_report_reviewed',
    to: { provider: row.providerId },
    reference: row.reference,
    data: { reference: row.reference, kind: row.kind, outcome: row.status === 'rejected' ? 'rejected' : row.status === 'withdrawn' ? 'withdrawn' : 'accepted', receivedAt: row.receivedAt, reviewedAt: row.reviewedAt!, reason: row.reviewReason },
  };
}
