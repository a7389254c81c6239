import { describe, expect, it } from 'vitest';
import { CHANGE_REPORT_REVIEW_DAYS, changeReportReviewExpectedBy, changeReportReviewOverdue } from '#domain/rules/index.ts';

describe('the expected review of a change report', () => {
  it('is 14 calendar days after the day of receipt, across months and years', () => {
    expect(CHANGE_REPORT_REVIEW_DAYS).toBe(14);
    expect(changeReportReviewExpectedBy('2026-11-28')).toBe('2026-12-12');
    expect(changeReportReviewExpectedBy('2026-12-25')).toBe('2027-01-08');
    expect(changeReportReviewExpectedBy('2028-02-20')).toBe('2028-03-05');
  });

  it('is overdue only from the day after the expected day', () => {
    expect(changeReportReviewOverdue('2026-11-28', '2026-12-12')).toBe(false);
    expect(changeReportReviewOverdue('2026-11-28', '2026-12-13')).toBe(true);
    expect(changeReportReviewOverdue('2026-11-28', '2026-11-28')).toBe(false);
  });
});
