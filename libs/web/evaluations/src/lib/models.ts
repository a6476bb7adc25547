import type {
  EvaluationCategory,
  EvaluationResult,
  EvaluationRuleDefinition,
  EvaluationStatus,
  ExplanationKind,
  RaterEntries,
  RaterPartStatus,
  RaterSlot,
  RuleProblem,
} from '@keiyaku/domain';
import type { BadgeTone } from '@keiyaku/web/ui';

/** Shapes of docs/evaluations.md (the server's answers), as the screens use them. */
export interface EvaluationListRow {
  id: number;
  contractId: number;
  contractNumber: string | null;
  title: string;
  vendorId: number;
  vendorName: string | null;
  departmentId: number | null;
  departmentName: string | null;
  category: EvaluationCategory;
  tradeCode: string | null;
  tradeName?: string | null;
  fiscalYear: number;
  evaluatedOn: string;
  ruleSetId: number;
  ruleCode: string;
  revision: number;
  status: EvaluationStatus;
  chiefScore: number | null;
  generalScore: number | null;
  inspectorScore: number | null;
  interimScore: number | null;
  total: number | null;
  deduction: number | null;
  finalScore: number | null;
  band: string | null;
  noticeDate: string | null;
  explanationDeadline: string | null;
  approvedAt: string | null;
  version: number;
  updatedAt: string;
}

export interface EvaluationPart {
  id: number;
  rater: RaterSlot;
  raterLabel: string;
  seq: number;
  inspectionId: number | null;
  userId: number | null;
  userName: string | null;
  status: RaterPartStatus;
  submittedAt: string | null;
  returnComment: string | null;
  entries: RaterEntries | null;
  score: number | null;
  points: number | null;
  missing: string[] | null;
  version: number;
  mine: boolean;
}

export interface ExplanationRequest {
  id: number;
  evaluationId: number;
  kind: ExplanationKind;
  receivedOn: string;
  content: string;
  dueOn: string;
  answer: string | null;
  answeredOn: string | null;
  answeredBy: string | null;
  answerFileId: number | null;
  answerFileName: string | null;
  status: 'open' | 'answered' | 'withdrawn';
  version: number;
  createdAt: string;
}

export interface DeductionMeasure {
  id: number;
  kind: string;
  kindName: string;
  startDate: string;
  endDate: string | null;
  days: number | null;
  reason: string;
  suggestedKey: string | null;
}

export interface EvaluationDetail extends EvaluationListRow {
  amount: number;
  location?: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  completedOn: string | null;
  inspectedOn?: string | null;
  deductionKeys: string[];
  deductionReason: string | null;
  deductionSuggestion: { keys: string[]; measures: DeductionMeasure[] };
  result: EvaluationResult | null;
  complete: boolean | null;
  approvedByName: string | null;
  correctionReason: string | null;
  previousId: number | null;
  parts: EvaluationPart[];
  explanationRequests: ExplanationRequest[];
  can: { manage: boolean; editDeduction: boolean; partIds: number[] };
}

export interface RuleSetRow {
  id: number;
  code: string;
  name: string;
  category: EvaluationCategory;
  effectiveFrom: string;
  effectiveTo: string | null;
  status: 'draft' | 'active';
  basedOnId: number | null;
  notes: string | null;
  version: number;
  updatedAt: string;
}

export interface RuleSet extends RuleSetRow {
  definition: EvaluationRuleDefinition;
  problems?: RuleProblem[];
}

export interface Statistics {
  fiscalYears: number[];
  count: number;
  average: number | null;
  bands: Array<{ band: string; count: number }>;
  byDepartment: Array<{ departmentId: number; departmentName: string; count: number; average: number | null }>;
  byTrade: Array<{ tradeCode: string; tradeName: string; count: number; average: number | null }>;
  byInspector: Array<{ userId: number; name: string; count: number; average: number | null }>;
  byVendor: Array<{ vendorId: number; vendorCode: string; vendorName: string; count: number; average: number | null }>;
  trend: Array<{ fiscalYear: number; count: number; average: number | null }>;
}

export interface StaffPick {
  id: number;
  name: string;
  departmentName?: string | null;
}

export const EVALUATION_STATUS_TONES: Record<EvaluationStatus, BadgeTone> = { rating: 'info', submitted: 'warn', approved: 'ok', superseded: 'neutral' };

/** 82.5 → "82.5点"; null → "—". */
export function formatScore(v: number | null | undefined, unit = '点'): string {
  return v === null || v === undefined ? '—' : `${v.toLocaleString('ja-JP', { maximumFractionDigits: 3 })}${unit}`;
}

/** +2.5 / −5 / 0 for grade points. */
export function formatPoints(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  const s = Math.abs(v).toLocaleString('ja-JP', { maximumFractionDigits: 3 });
  return v > 0 ? `+${s}` : v < 0 ? `−${s}` : '0';
}

export const formatYen = (v: number | null | undefined) => (v === null || v === undefined ? '' : `${v.toLocaleString('ja-JP')}円`);

/** The server's 409 sentence, then what the screen did: reloaded, the typed entries kept. */
export const conflictMessage = (message: string) =>
  `${message.split('。')[0]}。最新の内容を読み込みました。入力中の内容は画面に残っていますので、確認してもう一度操作してください。`;

/** 令和8年度 etc. */
export function fiscalYearLabel(y: number): string {
  return `${y}年度（${y >= 2019 ? (y === 2019 ? '令和元' : `令和${y - 2018}`) : `平成${y - 1988}`}年度）`;
}
