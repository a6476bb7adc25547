import {
  APPROVAL_STATUS_LABELS,
  ApprovalStatus,
  BOND_KIND_LABELS,
  BondKind,
  CATEGORIES,
  CONTRACT_STATUS_LABELS,
  ContractStatus,
  INSPECTION_KIND_LABELS,
  INSPECTION_RESULT_LABELS,
  InspectionKind,
  InspectionResult,
  PAYMENT_KIND_LABELS,
  PaymentKind,
  SMALL_CONTRACT_KINDS,
  TENDER_METHOD_LABELS,
  TenderMethod,
} from '@keiyaku/domain';
import type { BadgeTone } from '@keiyaku/web/ui';

export type ContractCategory = 'construction' | 'survey' | 'goods';
export type ApprovalSubject = 'contract' | 'change' | 'inspection';

/** One row of GET /api/contracts. */
export interface ContractRow {
  id: number;
  contractNumber: string | null;
  fiscalYear: number | null;
  title: string;
  vendorId: number;
  vendorName: string | null;
  departmentName: string | null;
  category: ContractCategory;
  method: TenderMethod;
  amount: number;
  originalAmount: number | null;
  changeRate: number | null;
  contractDate: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  status: ContractStatus;
  approvalStatus: ApprovalStatus;
  tenderId: number | null;
  version: number;
  updatedAt: string;
}

/** One entry of the approvals history (newest last). */
export interface ApprovalRow {
  id: number;
  subject: ApprovalSubject;
  subjectId: number;
  action: 'submit' | 'approve' | 'return';
  comment: string | null;
  loginId: string | null;
  actedAt: string;
}

export interface ContractChange {
  id: number;
  contractId: number;
  changeNo: number;
  changeDate: string;
  amount: number;
  taxAmount: number;
  periodTo: string | null;
  reason: string;
  approvalStatus: ApprovalStatus;
  changeRate: number | null;
  approvals: ApprovalRow[];
  version: number;
}

export interface ContractPayment {
  id: number;
  contractId: number;
  kind: PaymentKind;
  dueDate: string | null;
  paidDate: string | null;
  amount: number;
  notes: string | null;
  version: number;
}

export interface Inspection {
  id: number;
  contractId: number;
  kind: InspectionKind;
  kindLabel?: string;
  scheduledDate: string;
  inspectedDate: string | null;
  inspectorIds: number[];
  inspectorNames: string[];
  attendees: string | null;
  result: InspectionResult | null;
  reworkDeadline: string | null;
  reinspectionOf: number | null;
  remarks: string | null;
  approvalStatus: ApprovalStatus;
  approvals: ApprovalRow[];
  version: number;
}

/** GET /api/contracts/:id (docs/contracts.md, ContractDetail). */
export interface ContractDetail {
  id: number;
  contractNumber: string | null;
  fiscalYear: number | null;
  tenderId: number | null;
  vendorId: number;
  title: string;
  location: string | null;
  departmentId: number | null;
  category: ContractCategory;
  tradeCode: string | null;
  method: TenderMethod;
  negotiatedReason: string | null;
  smallContractKind: string | null;
  budgetLineCode: string | null;
  amount: number;
  taxAmount: number;
  taxRate: number;
  originalAmount: number | null;
  contractDate: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  originalPeriodTo: string | null;
  bondKind: BondKind | null;
  bondAmount: number | null;
  advanceRate: number | null;
  supervisorId: number | null;
  completedOn: string | null;
  inspectedOn: string | null;
  paidOn: string | null;
  cancelledOn: string | null;
  cancelReason: string | null;
  approvalStatus: ApprovalStatus;
  notes: string | null;
  status: ContractStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  vendorName: string | null;
  vendorCode: string | null;
  departmentName: string | null;
  tenderNumber: string | null;
  tradeName: string | null;
  supervisorName: string | null;
  changeRate: number | null;
  changeWarning: boolean;
  changeWarningPercent?: number;
  allowedTransitions: ContractStatus[];
  smallContractLimit: number | null;
  advanceLimit?: number;
  changes: ContractChange[];
  payments: ContractPayment[];
  paidTotal: number;
  advanceTotal: number;
  inspections: Inspection[];
  approvals: ApprovalRow[];
}

/** One row of GET /api/inspections. */
export interface InspectionRow {
  id: number;
  contractId: number;
  contractNumber: string | null;
  title: string | null;
  vendorName: string | null;
  departmentName: string | null;
  kind: InspectionKind;
  kindLabel: string;
  scheduledDate: string;
  inspectedDate: string | null;
  inspectorIds: number[];
  inspectorNames: string[];
  result: InspectionResult | null;
  approvalStatus: ApprovalStatus;
  version: number;
}

export interface DeadlineItem {
  contractId: number;
  contractNumber: string | null;
  title: string;
  vendorName: string | null;
  date: string | null;
  kind?: string;
}

export interface HistoryRow {
  at: string;
  loginId: string | null;
  action: string;
  entity?: string;
  summary: string | null;
}

export interface InspectorCandidate {
  id: number;
  name: string;
  departmentName: string | null;
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

export interface Trade {
  category: string;
  code: string;
  name: string;
  active?: boolean;
}

// ---- labels ----

export { APPROVAL_STATUS_LABELS, BOND_KIND_LABELS, CONTRACT_STATUS_LABELS, INSPECTION_KIND_LABELS, INSPECTION_RESULT_LABELS, PAYMENT_KIND_LABELS, TENDER_METHOD_LABELS };

export const CATEGORY_LABELS: Record<string, string> = Object.fromEntries(CATEGORIES.map((c) => [c.code, c.name]));
export const CATEGORY_OPTIONS = CATEGORIES.map((c) => ({ value: c.code as ContractCategory, label: c.name }));
const options = <K extends string>(labels: Record<K, string>) => (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
export const STATUS_OPTIONS = options(CONTRACT_STATUS_LABELS);
export const BOND_OPTIONS = options(BOND_KIND_LABELS);
export const PAYMENT_OPTIONS = options(PAYMENT_KIND_LABELS);
export const INSPECTION_KIND_OPTIONS = options(INSPECTION_KIND_LABELS);
export const INSPECTION_RESULT_OPTIONS = options(INSPECTION_RESULT_LABELS);
/** A contract entered directly (not from an award) is a 随意契約 or a 見積合せ. */
export const DIRECT_METHOD_OPTIONS = (['negotiated', 'quotation'] as TenderMethod[]).map((value) => ({ value, label: TENDER_METHOD_LABELS[value] }));
export const SMALL_KIND_OPTIONS = SMALL_CONTRACT_KINDS.map((k) => ({ value: k.code as string, label: k.label }));
export const SMALL_KIND_LABELS: Record<string, string> = Object.fromEntries(SMALL_CONTRACT_KINDS.map((k) => [k.code, k.label]));

export const STATUS_TONES: Record<ContractStatus, BadgeTone> = {
  draft: 'neutral',
  concluded: 'info',
  inProgress: 'warn',
  completed: 'info',
  inspected: 'ok',
  paid: 'ok',
  cancelled: 'error',
};

export const APPROVAL_TONES: Record<ApprovalStatus, BadgeTone> = {
  draft: 'neutral',
  pending: 'warn',
  approved: 'ok',
  returned: 'error',
};

export const RESULT_TONES: Record<InspectionResult, BadgeTone> = { passed: 'ok', rework: 'warn', failed: 'error' };

export const APPROVAL_ACTION_LABELS: Record<ApprovalRow['action'], string> = { submit: '起案', approve: '決裁', return: '差戻し' };

export const label = (labels: Record<string, string>, code: string | null | undefined): string => (code ? (labels[code] ?? code) : '');

export function formatYen(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : `${Math.round(value).toLocaleString('ja-JP')}円`;
}

/** 変更率 with its sign (+12.3% / −4.0%). */
export function formatChangeRate(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(1)}%`;
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

/** How every screen explains a lost race (the vendor dialogs' wording). */
export const conflictMessage = (message: string) => `${message}（最新の内容を読み込みました。確認して、もう一度保存してください。）`;

/** 令和8年度 etc. for a fiscal year. */
export function fiscalYearLabel(y: number): string {
  return `${y}年度（${y >= 2019 ? (y === 2019 ? '令和元' : `令和${y - 2018}`) : `平成${y - 1988}`}年度）`;
}

/** A budget line with what the contracts of its fiscal year commit (GET /api/budget-lines). */
export interface BudgetLineStatus {
  id: number;
  fiscalYear: number;
  budgetCode: string;
  budgetName: string;
  projectName: string | null;
  amount: number;
  committed: number;
  remaining: number;
  percent: number | null;
  level: 'ok' | 'near' | 'over';
  contracts: number;
}
