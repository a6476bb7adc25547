/**
 * 契約・検査: statuses, the 少額随意契約 limits (地方自治法施行令 別表第五), change rates and the
 * vocabularies of bonds, payments, inspections and approvals. Pure, shared by server and screens.
 */
export const CONTRACT_STATUSES = ['draft', 'concluded', 'inProgress', 'completed', 'inspected', 'paid', 'cancelled'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CONTRACT_STATUS_LABELS: Record<ContractStatus, string> = {
  draft: '起案中',
  concluded: '締結',
  inProgress: '施工中',
  completed: '完成',
  inspected: '検査済',
  paid: '支払済',
  cancelled: '解除',
};

const TRANSITIONS: Record<ContractStatus, ContractStatus[]> = {
  draft: ['concluded'],
  concluded: ['inProgress', 'cancelled'],
  inProgress: ['completed', 'cancelled'],
  // 検査済 only through a passed completion inspection; 支払済 once the final payment is paid.
  completed: ['inspected', 'cancelled'],
  inspected: ['paid'],
  paid: [],
  cancelled: [],
};

export function contractTransitions(status: ContractStatus): ContractStatus[] {
  return TRANSITIONS[status];
}

/** Why a status change is refused, in Japanese; null when allowed. */
export function contractTransitionProblem(from: ContractStatus, to: ContractStatus): string | null {
  if (TRANSITIONS[from].includes(to)) return null;
  return `「${CONTRACT_STATUS_LABELS[from]}」の契約を「${CONTRACT_STATUS_LABELS[to]}」にすることはできません。`;
}

/** The six kinds of 別表第五 and their limits (tax-included yen) before and after the 2025 revision. */
export const SMALL_CONTRACT_KINDS = [
  { code: 'works', label: '工事又は製造の請負', before: 1_300_000, after: 2_000_000 },
  { code: 'purchase', label: '財産の買入れ', before: 800_000, after: 1_500_000 },
  { code: 'leaseIn', label: '物件の借入れ', before: 400_000, after: 800_000 },
  { code: 'sale', label: '財産の売払い', before: 300_000, after: 500_000 },
  { code: 'leaseOut', label: '物件の貸付け', before: 300_000, after: 300_000 },
  { code: 'other', label: 'その他（委託等）', before: 500_000, after: 1_000_000 },
] as const;
export type SmallContractKind = (typeof SMALL_CONTRACT_KINDS)[number]['code'];

/**
 * The 少額随意契約 limit in force on a contract date. Each city picks the day it adopts the new
 * limits (`newLimitsFrom`, 2025-04-01 at the earliest).
 */
export function smallContractLimit(kind: string, contractDate: string, newLimitsFrom = '2025-04-01'): number | null {
  const row = SMALL_CONTRACT_KINDS.find((k) => k.code === kind);
  if (!row) return null;
  return contractDate >= newLimitsFrom ? row.after : row.before;
}

/** 変更率: the change of the current amount against the original, in percent to 0.1 (towards zero). */
export function changeRatePercent(original: number, current: number): number | null {
  if (!original) return null;
  const permille = ((current - original) * 1000) / original;
  // `+ 0` turns −0 (a tiny decrease) into 0, which prints as "0".
  return Math.trunc(permille) / 10 + 0;
}

/** Whether the cumulative change exceeds the warning threshold (either way: increase or decrease). */
export function changeExceedsWarning(original: number, current: number, warningPercent: number): boolean {
  const rate = changeRatePercent(original, current);
  return rate !== null && Math.abs(rate) > warningPercent;
}

export const BOND_KINDS = ['money', 'certificate', 'insurance', 'exempt'] as const;
export type BondKind = (typeof BOND_KINDS)[number];
export const BOND_KIND_LABELS: Record<BondKind, string> = { money: '金銭的保証', certificate: '保証証書', insurance: '履行保証保険', exempt: '免除' };

export const PAYMENT_KINDS = ['advance', 'interimAdvance', 'partial', 'final'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];
export const PAYMENT_KIND_LABELS: Record<PaymentKind, string> = { advance: '前払金', interimAdvance: '中間前払金', partial: '部分払', final: '完成払' };

export const INSPECTION_KINDS = ['completion', 'interim', 'partial'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];
export const INSPECTION_KIND_LABELS: Record<InspectionKind, string> = { completion: '完成検査', interim: '中間検査', partial: '既済部分検査' };

export const INSPECTION_RESULTS = ['passed', 'rework', 'failed'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];
export const INSPECTION_RESULT_LABELS: Record<InspectionResult, string> = { passed: '合格', rework: '手直し', failed: '不合格' };

export const APPROVAL_STATUSES = ['draft', 'pending', 'approved', 'returned'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const APPROVAL_STATUS_LABELS: Record<ApprovalStatus, string> = { draft: '起案中', pending: '決裁待ち', approved: '決裁済', returned: '差戻し' };

/** Advance payments (前払金) may not exceed the contract's rate of the current amount (floored to yen). */
export function advanceLimit(amount: number, advanceRatePercent: number | null): number {
  return advanceRatePercent ? Math.floor((amount * advanceRatePercent) / 100) : 0;
}
