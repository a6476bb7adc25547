/** The tender register's codes and its status machine: only these transitions are allowed. */
export const TENDER_STATUSES = ['draft', 'announced', 'designated', 'bidding', 'opened', 'awarded', 'unsuccessful', 'cancelled'] as const;
export type TenderStatus = (typeof TENDER_STATUSES)[number];

export const TENDER_STATUS_LABELS: Record<TenderStatus, string> = {
  draft: '起案中',
  announced: '公告済',
  designated: '指名済',
  bidding: '入札中',
  opened: '開札済',
  awarded: '落札決定',
  unsuccessful: '不調',
  cancelled: '中止',
};

export const TENDER_METHODS = ['general', 'designated', 'negotiated', 'quotation'] as const;
export type TenderMethod = (typeof TENDER_METHODS)[number];

export const TENDER_METHOD_LABELS: Record<TenderMethod, string> = {
  general: '一般競争入札',
  designated: '指名競争入札',
  negotiated: '随意契約',
  quotation: '見積合せ',
};

/** 一般競争 is announced (公告); the others go to designated (or invited) vendors (指名). */
export const usesDesignation = (method: TenderMethod): boolean => method !== 'general';

const TRANSITIONS: Record<TenderStatus, TenderStatus[]> = {
  draft: ['announced', 'designated', 'cancelled'],
  announced: ['bidding', 'cancelled'],
  designated: ['bidding', 'cancelled'],
  bidding: ['opened', 'cancelled'],
  // opened → bidding is the next round (再度入札).
  opened: ['awarded', 'unsuccessful', 'bidding', 'cancelled'],
  awarded: [],
  unsuccessful: [],
  cancelled: [],
};

export function allowedTransitions(status: TenderStatus, method: TenderMethod): TenderStatus[] {
  return TRANSITIONS[status].filter((to) => status !== 'draft' || to === 'cancelled' || to === (usesDesignation(method) ? 'designated' : 'announced'));
}

/** Why a transition is refused, in Japanese; null when it is allowed. */
export function transitionProblem(status: TenderStatus, to: TenderStatus, method: TenderMethod): string | null {
  if (allowedTransitions(status, method).includes(to)) return null;
  return `「${TENDER_STATUS_LABELS[status]}」の案件を「${TENDER_STATUS_LABELS[to]}」にすることはできません。`;
}

/** Formats a tender number: {fy} 年度 (2026), {era} 令和年 (R8), {seq:N} zero-padded sequence. */
export function formatTenderNumber(format: string, fiscalYear: number, seq: number): string {
  const reiwa = fiscalYear - 2018;
  return format
    .replace(/\{fy\}/g, String(fiscalYear))
    .replace(/\{era\}/g, reiwa >= 1 ? `R${reiwa}` : `H${fiscalYear - 1988}`)
    .replace(/\{seq(?::(\d+))?\}/g, (_m, n) => String(seq).padStart(Number(n ?? 1), '0'));
}
