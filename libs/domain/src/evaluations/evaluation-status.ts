/** The life of a rating sheet and of an explanation request (evaluation.md "After the score"). */
export const EVALUATION_STATUSES = ['rating', 'submitted', 'approved', 'superseded'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];
export const EVALUATION_STATUS_LABELS: Record<EvaluationStatus, string> = {
  rating: '採点中',
  submitted: '採点完了（承認待ち）',
  approved: '承認済',
  superseded: '訂正済（旧版）',
};

/** One rater's part of a sheet. */
export const RATER_PART_STATUSES = ['draft', 'submitted'] as const;
export type RaterPartStatus = (typeof RATER_PART_STATUSES)[number];
export const RATER_PART_STATUS_LABELS: Record<RaterPartStatus, string> = { draft: '下書き', submitted: '提出済' };

export const EXPLANATION_KINDS = ['explanation', 'reexplanation'] as const;
export type ExplanationKind = (typeof EXPLANATION_KINDS)[number];
export const EXPLANATION_KIND_LABELS: Record<ExplanationKind, string> = { explanation: '説明請求', reexplanation: '再説明請求' };

/** Adds calendar days to a YYYY-MM-DD date (no time zone involved). */
export function addCalendarDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10);
}

/** 説明請求の期限: `days` calendar days after the notice date (14 by default, a setting). */
export function explanationDeadline(noticeDate: string, days: number): string {
  return addCalendarDays(noticeDate, days);
}
