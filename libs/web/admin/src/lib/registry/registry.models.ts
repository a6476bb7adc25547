import type { CategoryCode, RankThreshold } from '@keiyaku/domain';

/** The registry's master tables as /api/registry/:master names them. */
export type MasterName = 'trades' | 'terms' | 'subjective-items' | 'ranking-rules';

interface MasterRow {
  id: number;
  category: CategoryCode;
  version: number;
}

/** 業種 (construction trades) or 業務の種類 (survey, goods). */
export interface TradeRow extends MasterRow {
  code: string;
  name: string;
  shortName: string;
  ranked: boolean;
  sortOrder: number;
  active: boolean;
}

/** 有効期間 of qualifications. */
export interface TermRow extends MasterRow {
  code: string;
  name: string;
  validFrom: string;
  validTo: string;
}

/** 主観点項目. */
export interface SubjectiveItemRow extends MasterRow {
  code: string;
  name: string;
  points: number;
  /** 工事成績の平均点 range [ratingMin, ratingMax) this item is offered for. */
  ratingMin: number | null;
  ratingMax: number | null;
  sortOrder: number;
  active: boolean;
}

export interface PriceBand {
  rank: string;
  minPrice: number;
}

/** One dated version of a trade's 格付基準. */
export interface RankingRuleRow extends MasterRow {
  tradeCode: string;
  effectiveFrom: string;
  /** Highest rank first; the last is the floor. */
  thresholds: RankThreshold[];
  /** 発注標準金額, highest rank first; null when the trade has none. */
  priceBands: PriceBand[] | null;
  maxStepUp: number | null;
  localOnly: boolean;
  newApplicantsStartLowest: boolean;
}

/** The rows the simple master tables hold (格付基準 has its own screen). */
export type SimpleMasterRow = TradeRow | TermRow | SubjectiveItemRow;

/** Today in Japan as YYYY-MM-DD (business dates are Japanese calendar days). */
export function todayInJapan(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

export const yen = (value: number | null | undefined): string => (value == null ? '' : `${value.toLocaleString('ja-JP')}円`);
