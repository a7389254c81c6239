/** The mails about a change report, as recorded in the outbox: its receipt, and the outcome of its review (rendered by mail/). */
import type { changeReports } from '#db/schema/index.ts';

type ReportRow = typeof changeReports.$inferSelect;

/** The receipt of a report just filed, to the provider's procedure contact. */
export function changeReportReceipt(row: Pick<ReportRow, 'providerId' | 'reference' | 'kind' | 'status' | 'receivedAt'>) {
  return {
    template: 'change_report_received' as const,
    to: { provider: row.providerId },
    reference: row.reference,
    data: { reference: row.reference, kind: row.kind, status: row.status === 'applied' ? ('applied' as const) : ('pending_review' as const), receivedAt: row.receivedAt },
  };
}

/** The outcome of a report (accepted, rejected, or withdrawn by the provider), to the provider's procedure contact. */
export function changeReportOutcome(row: ReportRow) {
  return {
    template: 'change_report_reviewed' as const,
    to: { provider: row.providerId },
    reference: row.reference,
    data: { reference: row.reference, kind: row.kind, outcome: row.status === 'rejected' ? ('rejected' as const) : row.status === 'withdrawn' ? ('withdrawn' as const) : ('accepted' as const), receivedAt: row.receivedAt, reviewedAt: row.reviewedAt!, reason: row.reviewReason },
  };
}
