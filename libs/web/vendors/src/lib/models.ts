import { CATEGORIES, CategoryCode, inPeriod, Locality, LOCALITIES, MEASURE_KINDS } from '@keiyaku/domain';

export type VendorStatus = 'active' | 'dormant' | 'closed';
export type EntityType = 'corporation' | 'individual';

/** One row of GET /api/vendors. */
export interface VendorRow {
  id: number;
  vendorCode: string;
  corporateNumber: string | null;
  invoiceNumber: string | null;
  name: string;
  nameKana: string;
  representativeTitle: string | null;
  representativeName: string;
  postalCode: string;
  address: string;
  phone: string;
  fax: string | null;
  email: string | null;
  locality: Locality;
  capital: number | null;
  entityType: EntityType;
  status: VendorStatus;
  notes: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Every part row carries its own id and version (optimistic lock per row). */
export interface PartRow {
  id: number;
  vendorId: number;
  version: number;
  createdAt?: string;
  updatedAt?: string;
}

export interface Office extends PartRow {
  name: string;
  postalCode: string | null;
  address: string | null;
  phone: string | null;
  isDelegate: boolean;
  delegateTitle: string | null;
  delegateName: string | null;
}

export interface Contact extends PartRow {
  name: string;
  department: string | null;
  phone: string | null;
  email: string | null;
}

export interface Permit extends PartRow {
  tradeCode: string;
  issuer: 'minister' | 'governor';
  issuerPrefecture: string | null;
  grade: 'special' | 'general';
  permitNumber: string;
  permitDate: string;
  expiresOn: string;
}

export interface KeishinScore {
  id?: number;
  tradeCode: string;
  x1: number;
  z: number;
  p: number;
}

export interface Keishin extends PartRow {
  baseDate: string;
  noticeDate: string | null;
  permitNumber: string | null;
  x2: number;
  y: number;
  w: number;
  scores: KeishinScore[];
}

export interface SubjectivePoint {
  code: string;
  name?: string;
  points: number;
}

export type QualificationSource = 'manual' | 'ranking' | 'application' | 'migration';

export interface Qualification extends PartRow {
  category: CategoryCode;
  tradeCode: string;
  termCode: string;
  rank: string | null;
  pScore: number | null;
  subjectiveScore: number;
  subjectiveBreakdown: SubjectivePoint[] | null;
  totalScore: number | null;
  validFrom: string;
  validTo: string;
  source: QualificationSource;
}

export interface Measure extends PartRow {
  kind: string;
  startDate: string;
  endDate: string | null;
  reason: string;
  basis: string | null;
}

export interface Attachment extends PartRow {
  fileId: number;
  label: string;
  /** The file's name, size and type, sent with the attachment. */
  file: { name: string; size: number; contentType: string } | null;
}

export interface VendorParts {
  offices: Office[];
  permits: Permit[];
  keishin: Keishin[];
  qualifications: Qualification[];
  measures: Measure[];
  contacts: Contact[];
  attachments: Attachment[];
}

export type PartName = keyof VendorParts;

export type VendorDetail = VendorRow & VendorParts;

/** A possible duplicate (same 法人番号, or the same name and address). */
export interface DuplicateCandidate {
  id: number;
  vendorCode: string;
  name: string;
  address: string;
  reason: string;
}

export type SavedVendor = VendorDetail & { warnings?: DuplicateCandidate[] };

export interface HistoryEntry {
  versionNo: number;
  changedAt: string;
  changedBy: string | null;
  summary: string | null;
}

export interface HistoryVersion extends HistoryEntry {
  snapshot: Partial<VendorDetail>;
}

export interface Difference {
  path: string;
  kind: 'changed' | 'added' | 'removed';
  before: unknown;
  after: unknown;
}

export interface DiffResult {
  from: HistoryEntry;
  to: HistoryEntry;
  differences: Difference[];
}

/** Master rows (GET /api/registry/:master). */
export interface Trade {
  id: number;
  category: CategoryCode;
  code: string;
  name: string;
  shortName: string;
  ranked: boolean;
  active: boolean;
}

export interface Term {
  id: number;
  category: CategoryCode;
  code: string;
  name: string;
  validFrom: string;
  validTo: string;
}

export interface SubjectiveItem {
  id: number;
  category: CategoryCode;
  code: string;
  name: string;
  points: number;
  active: boolean;
}

export interface RankingRuleRow {
  id: number;
  category: CategoryCode;
  tradeCode: string;
  effectiveFrom: string;
  thresholds: Array<{ rank: string; minTotal: number }>;
}

export type RankingRunStatus = 'running' | 'preview' | 'confirmed' | 'discarded' | 'failed';

export interface RankingRunRow {
  vendorId: number;
  vendorCode: string;
  vendorName: string;
  locality: Locality;
  tradeCode: string;
  p: number | null;
  subjectiveScore: number;
  total: number | null;
  before: string | null;
  after: string | null;
  reasons: string[];
}

export interface RankingRun {
  id: number;
  category: CategoryCode;
  termCode: string;
  status: RankingRunStatus;
  jobId: number | null;
  version: number;
  rows: RankingRunRow[] | null;
  createdBy: string | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
}

export interface EligibleRow {
  vendorId: number;
  vendorCode: string;
  name: string;
  nameKana: string;
  locality: Locality;
  rank: string | null;
  totalScore: number | null;
  eligible: boolean;
  reasons: string[];
}

export interface EligibleResult {
  rows: EligibleRow[];
  total: number;
  excluded: number;
}

export interface EligibilityExplanation {
  vendorCode: string;
  name: string;
  eligible: boolean;
  reasons: string[];
}

/** A platform file as GET /api/files/:id describes it. */
export interface StoredFileInfo {
  id: number;
  name: string;
  size: number;
  contentType: string;
  createdAt: string;
}

// ---- labels ----

const labelsOf = <T extends string>(list: ReadonlyArray<{ code: T; name: string }>) =>
  Object.fromEntries(list.map((x) => [x.code, x.name])) as Record<T, string>;

export const LOCALITY_LABELS = labelsOf(LOCALITIES);
export const CATEGORY_LABELS = labelsOf(CATEGORIES);
export const MEASURE_LABELS: Record<string, string> = labelsOf(MEASURE_KINDS);

export const STATUS_LABELS: Record<VendorStatus, string> = { active: '有効', dormant: '休止', closed: '廃業' };
export const ENTITY_LABELS: Record<EntityType, string> = { corporation: '法人', individual: '個人' };
export const ISSUER_LABELS: Record<Permit['issuer'], string> = { minister: '大臣', governor: '知事' };
export const GRADE_LABELS: Record<Permit['grade'], string> = { special: '特定', general: '一般' };
export const SOURCE_LABELS: Record<QualificationSource, string> = {
  manual: '手入力',
  ranking: '格付の再計算',
  application: '資格審査申請',
  migration: 'データ移行',
};
export const RUN_STATUS_LABELS: Record<RankingRunStatus, string> = {
  running: '計算中',
  preview: '確認待ち（未確定）',
  confirmed: '確定済み',
  discarded: '破棄済み',
  failed: 'エラー',
};

export const LOCALITY_OPTIONS = LOCALITIES.map((l) => ({ value: l.code, label: l.name }));
export const STATUS_OPTIONS = (Object.keys(STATUS_LABELS) as VendorStatus[]).map((value) => ({ value, label: STATUS_LABELS[value] }));

export const label = (labels: Record<string, string>, code: string | null | undefined): string => (code ? (labels[code] ?? code) : '');

/** Japanese names of the vendor's fields and of its parts' fields (history and diffs). */
export const VENDOR_FIELD_LABELS: Record<string, string> = {
  vendorCode: '業者番号',
  corporateNumber: '法人番号',
  invoiceNumber: '登録番号（インボイス）',
  name: '商号又は名称',
  nameKana: 'フリガナ',
  representativeTitle: '代表者役職',
  representativeName: '代表者氏名',
  postalCode: '郵便番号',
  address: '所在地',
  phone: '電話番号',
  fax: 'FAX番号',
  email: 'メールアドレス',
  locality: '地域区分',
  capital: '資本金',
  entityType: '法人・個人',
  status: '状態',
  notes: '備考',
};

export const PART_LABELS: Record<PartName, string> = {
  offices: '営業所',
  permits: '建設業許可',
  keishin: '経審',
  qualifications: '資格・格付',
  measures: '措置',
  contacts: '担当者',
  attachments: '添付書類',
};

export const PART_FIELD_LABELS: Record<string, string> = {
  name: '名称・氏名',
  postalCode: '郵便番号',
  address: '所在地',
  phone: '電話番号',
  isDelegate: '受任者',
  delegateTitle: '受任者役職',
  delegateName: '受任者氏名',
  department: '部署',
  email: 'メールアドレス',
  tradeCode: '業種',
  issuer: '許可者',
  issuerPrefecture: '許可都道府県',
  grade: '特定・一般',
  permitNumber: '許可番号',
  permitDate: '許可年月日',
  expiresOn: '有効期限',
  baseDate: '審査基準日',
  noticeDate: '通知日',
  x1: 'X1',
  x2: 'X2',
  y: 'Y',
  z: 'Z',
  w: 'W',
  p: 'P',
  scores: '業種別評点',
  category: '部門',
  termCode: '有効期間',
  rank: '等級',
  pScore: 'P（経審）',
  subjectiveScore: '主観点',
  subjectiveBreakdown: '主観点内訳',
  totalScore: '総合点数',
  validFrom: '有効期間（開始）',
  validTo: '有効期間（終了）',
  source: '登録元',
  kind: '措置の種類',
  startDate: '開始日',
  endDate: '終了日',
  reason: '理由',
  basis: '根拠',
  fileId: 'ファイル',
  label: '書類名',
  points: '点数',
  code: 'コード',
};

/** Today in Japan, as YYYY-MM-DD (business dates are Japanese calendar days). */
export function todayInJapan(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

/** A measure is in force on a date when the date lies inside its period (both ends included). */
export function inForce(m: Pick<Measure, 'startDate' | 'endDate'>, date = todayInJapan()): boolean {
  return inPeriod(date, m.startDate, m.endDate);
}

export function formatYen(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : `${value.toLocaleString('ja-JP')}円`;
}

/** GET /api/evaluations/vendor-average: 主観点 from the vendor's 工事成績 average. */
export interface RatingAverage {
  vendorId: number;
  tradeCode: string | null;
  fiscalYears: number[];
  count: number;
  average: number | null;
  /** The items that go by the average (the ones the suggestion sets or clears). */
  ratingItemCodes: string[];
  suggested: Array<{ code: string; name: string; points: number }>;
}
