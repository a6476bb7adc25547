import {
  BID_VERDICT_LABELS,
  BidVerdict,
  BuildingKind,
  CATEGORIES,
  OPENING_OUTCOME_LABELS,
  OpeningOutcome,
  PRICE_CONTROL_LABELS,
  PriceCategory,
  PriceControl,
  PriceResult,
  PriceRuleDefinition,
  TENDER_METHOD_LABELS,
  TENDER_STATUS_LABELS,
  TenderMethod,
  TenderStatus,
} from '@keiyaku/domain';
import type { BadgeTone } from '@keiyaku/web/ui';

export type TenderCategory = 'construction' | 'survey' | 'goods';
export type PricePublication = 'before' | 'after';

/** One row of GET /api/tenders. */
export interface TenderRow {
  id: number;
  tenderNumber: string;
  fiscalYear: number;
  title: string;
  category: TenderCategory;
  tradeCode: string;
  tradeName: string | null;
  method: TenderMethod;
  status: TenderStatus;
  departmentName: string | null;
  plannedPrice: number | null;
  minimumPrice: number | null;
  openingDate: string | null;
  awardVendorName: string | null;
  awardAmount: number | null;
  awardRate: number | null;
  updatedAt: string;
}

/** tender_designations as the detail sends them (vendor name and code when the server adds them). */
export interface Designation {
  id: number;
  tenderId: number;
  vendorId: number;
  vendorCode?: string | null;
  vendorName?: string | null;
  selected: boolean;
  reason: string | null;
  rank: string | null;
  locality: string;
  stats: {
    designationsThisYear: number;
    awardsThisYear: number;
    contractsInProgress: number;
    lastDesignatedOn: string | null;
    totalScore: number | null;
    reasons: string[];
  } | null;
  notifiedAt: string | null;
  version: number;
}

/** bids as the detail sends them (every round). */
export interface BidRow {
  id: number;
  tenderId: number;
  round: number;
  vendorId: number;
  vendorCode?: string | null;
  vendorName?: string | null;
  amount: number | null;
  declined: boolean;
  invalidReason: string | null;
  lotNumber: string | null;
  verdict: BidVerdict | null;
  verdictReason: string | null;
  investigation: 'accepted' | 'rejected' | null;
  investigationNote: string | null;
  version: number;
}

export interface LotRecord {
  round: number;
  winnerVendorId: number;
  tiedVendorIds: number[];
  drawnBy: string;
  note: string | null;
  recordedAt: string;
}

/** GET /api/tenders/:id (docs/tenders.md, TenderDetail). */
export interface TenderDetail {
  id: number;
  tenderNumber: string;
  fiscalYear: number;
  title: string;
  location: string | null;
  category: TenderCategory;
  tradeCode: string;
  departmentId: number | null;
  method: TenderMethod;
  comprehensiveEval: boolean;
  negotiatedReason: string | null;
  budgetLineCode: string | null;
  designPrice: number | null;
  plannedPrice: number | null;
  priceComponents: Record<string, number> | null;
  buildingKind: BuildingKind;
  priceControl: PriceControl;
  pricePublication: PricePublication;
  priceRuleSetId: number | null;
  priceCalc: PriceResult | null;
  minimumPrice: number | null;
  lowBidThreshold: number | null;
  disqualificationPrice: number | null;
  randomCoefficient: number | null;
  overridePrice: number | null;
  overrideReason: string | null;
  announcementDate: string | null;
  designationDate: string | null;
  questionDeadline: string | null;
  bidDeadline: string | null;
  openingDate: string | null;
  status: TenderStatus;
  currentRound: number;
  outcome: OpeningOutcome | null;
  awardVendorId: number | null;
  awardAmount: number | null;
  lotRecord: LotRecord | null;
  contractId: number | null;
  cancelReason: string | null;
  notes: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  departmentName: string | null;
  tradeName: string | null;
  ruleVersion: { id: number; code: string; name: string; effectiveFrom: string } | null;
  plannedPriceTaxIncluded: number | null;
  taxRate: number | null;
  awardVendorName: string | null;
  awardRate: number | null;
  allowedTransitions: TenderStatus[];
  pricesHidden: boolean;
  designations: Designation[];
  bids: BidRow[];
  contract: { id: number; status: string; contractNumber?: string | null; amount?: number | null } | null;
  /** The opening's message for the current round (sent beside the documented fields). */
  openingMessage?: string | null;
}

/** GET /api/tenders/:id/designation-candidates */
export interface DesignationCandidate {
  vendorId: number;
  vendorCode: string;
  name: string;
  locality: string;
  rank: string | null;
  totalScore: number | null;
  eligible: boolean;
  reasons: string[];
  designationsThisYear: number;
  awardsThisYear: number;
  contractsInProgress: number;
  lastDesignatedOn: string | null;
  selected: boolean;
  reason: string | null;
}

export interface DesignationCandidates {
  rows: DesignationCandidate[];
  rank: string | null;
  band: unknown;
}

export interface HistoryRow {
  at: string;
  loginId: string | null;
  action: string;
  summary: string | null;
}

/** GET /api/price-rules */
export interface PriceRuleSetRow {
  id: number;
  code: string;
  name: string;
  category: PriceCategory;
  serviceKind: string | null;
  effectiveFrom: string;
  definition: PriceRuleDefinition;
  notes: string | null;
  active: boolean;
  version: number;
}

export interface WhatIfRow {
  tenderId: number;
  tenderNumber: string;
  title: string;
  plannedPrice: number;
  actualRule: string | null;
  actualMinimum: number | null;
  whatIfMinimum: number | null;
  difference: number | null;
  bidsDisqualifiedActual: number;
  bidsDisqualifiedWhatIf: number;
  changedVendors: Array<{ vendorName: string; amount: number | null; actual: string | null; whatIf: string | null }>;
  winnerActual: string | null;
  winnerWhatIf: string | null;
}

export interface WhatIfResult {
  rule: { id?: number; code: string; name: string; effectiveFrom?: string } | null;
  rows: WhatIfRow[];
  summary: { tenders: number; changedMinimum: number; moreDisqualified: number; fewerDisqualified: number; winnerChanged: number };
}

export interface Trade {
  id?: number;
  category: string;
  code: string;
  name: string;
  shortName?: string;
  active?: boolean;
}

export interface Department {
  id: number;
  code: string;
  name: string;
}

export interface VendorPick {
  id: number;
  vendorCode: string;
  name: string;
}

// ---- labels ----

export const CATEGORY_LABELS: Record<string, string> = Object.fromEntries(CATEGORIES.map((c) => [c.code, c.name]));
export const CATEGORY_OPTIONS = CATEGORIES.map((c) => ({ value: c.code as TenderCategory, label: c.name }));
export const METHOD_OPTIONS = (Object.keys(TENDER_METHOD_LABELS) as TenderMethod[]).map((value) => ({ value, label: TENDER_METHOD_LABELS[value] }));
export const STATUS_OPTIONS = (Object.keys(TENDER_STATUS_LABELS) as TenderStatus[]).map((value) => ({ value, label: TENDER_STATUS_LABELS[value] }));
export const PRICE_CONTROL_OPTIONS = (Object.keys(PRICE_CONTROL_LABELS) as PriceControl[]).map((value) => ({ value, label: PRICE_CONTROL_LABELS[value] }));
export const BUILDING_LABELS: Record<BuildingKind, string> = { none: '建築工事以外', building: '建築工事', lift: '昇降機設備工事' };
export const BUILDING_OPTIONS = (Object.keys(BUILDING_LABELS) as BuildingKind[]).map((value) => ({ value, label: BUILDING_LABELS[value] }));
export const PUBLICATION_LABELS: Record<PricePublication, string> = { before: '事前公表', after: '事後公表' };
export const INVESTIGATION_LABELS: Record<'accepted' | 'rejected', string> = { accepted: '履行可能（落札候補）', rejected: '履行不可（失格）' };
export const LOCALITY_LABELS: Record<string, string> = { local: '市内', semiLocal: '準市内', outside: '市外' };
export const SERVICE_KIND_LABELS: Record<string, string> = { S10: '測量', S20: '建築関係建設コンサルタント', S30: '土木関係建設コンサルタント', S40: '地質調査', S50: '補償関係コンサルタント' };

export { BID_VERDICT_LABELS, OPENING_OUTCOME_LABELS, TENDER_METHOD_LABELS, TENDER_STATUS_LABELS, PRICE_CONTROL_LABELS };

export const STATUS_TONES: Record<TenderStatus, BadgeTone> = {
  draft: 'neutral',
  announced: 'info',
  designated: 'info',
  bidding: 'warn',
  opened: 'warn',
  awarded: 'ok',
  unsuccessful: 'error',
  cancelled: 'error',
};

export const VERDICT_TONES: Record<BidVerdict, BadgeTone> = {
  winner: 'ok',
  valid: 'info',
  lotLost: 'neutral',
  lotPending: 'warn',
  overCeiling: 'error',
  belowMinimum: 'error',
  underInvestigation: 'warn',
  disqualified: 'error',
  suspended: 'error',
  declined: 'neutral',
  invalid: 'error',
};

export const label = (labels: Record<string, string>, code: string | null | undefined): string => (code ? (labels[code] ?? code) : '');

export function formatYen(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : `${Math.round(value).toLocaleString('ja-JP')}円`;
}

/** Figures of a price step may carry fractions of a yen (no rounding rule). */
export function formatYenExact(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : `${value.toLocaleString('ja-JP', { maximumFractionDigits: 4 })}円`;
}

export function formatRate(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : `${value.toFixed(1)}%`;
}

/** Today in Japan, as YYYY-MM-DD. */
export function todayInJapan(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

/** The fiscal year (年度, April to March) of a date. */
export function fiscalYearOf(date: string): number {
  const [y, m] = date.split('-').map(Number);
  return m >= 4 ? y : y - 1;
}

/** Tax-included yen at a percent rate (rounded down). */
export function withTax(amount: number, ratePercent: number): number {
  return Math.floor((amount * (100 + ratePercent)) / 100);
}

/** '' / null → null, else the number (inputs of type number may give strings). */
export function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export function textOrNull(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}

/** The statuses in which the price may still change (the server freezes it once opened). */
export const PRICE_EDITABLE: TenderStatus[] = ['draft', 'announced', 'designated', 'bidding'];

/** How every screen explains a lost race (the vendor dialogs' wording). */
export const conflictMessage = (message: string) => `${message}（最新の内容を読み込みました。確認して、もう一度保存してください。）`;
