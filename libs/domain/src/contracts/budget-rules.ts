/** 予算の執行状況: how much of a budget line its contracts commit, and the warning level. */
export type BudgetLevel = 'ok' | 'near' | 'over';

export const BUDGET_LEVEL_LABELS: Record<BudgetLevel, string> = {
  ok: '余裕あり',
  near: '残額わずか',
  over: '予算超過',
};

export interface BudgetCommitment {
  amount: number;
  committed: number;
  remaining: number;
  /** Committed share of the amount in percent, truncated to one decimal (null when the amount is 0). */
  percent: number | null;
  level: BudgetLevel;
}

/**
 * Commitments against a line: `over` when the contracts exceed the amount, `near` when they reach
 * `warningPercent` of it. A zero-amount line with any commitment is over.
 */
export function budgetCommitment(amount: number, committed: number, warningPercent: number): BudgetCommitment {
  const remaining = amount - committed;
  const percent = amount > 0 ? Math.trunc((committed * 1000) / amount) / 10 : null;
  let level: BudgetLevel = 'ok';
  if (committed > amount) level = 'over';
  else if (amount > 0 ? committed * 100 >= amount * warningPercent : false) level = 'near';
  return { amount, committed, remaining, percent, level };
}
