import type { SelectQueryBuilder } from 'typeorm';
import {
  APPLICATION_CATEGORIES, APPLICATION_KINDS, APPLICATION_STATUSES, APPROVAL_STATUS_LABELS, BID_VERDICT_LABELS, CATEGORIES, CONSTRUCTION_TRADES, CONTRACT_STATUS_LABELS,
  EucFieldType, EVALUATION_STATUS_LABELS, GOODS_KINDS, INSPECTION_KIND_LABELS, INSPECTION_RESULT_LABELS, LOCALITIES, OPENING_OUTCOME_LABELS, Permission, SURVEY_KINDS, TENDER_METHOD_LABELS,
  TENDER_STATUS_LABELS,
} from '@keiyaku/domain';
import { QualApplication, VendorAccount } from '@keiyaku/server/applications';
import { applyDepartmentScope, AuthUser, Department } from '@keiyaku/server/auth';
import { Contract, ContractChange, Inspection } from '@keiyaku/server/contracts';
import { Evaluation } from '@keiyaku/server/evaluations';
import { BudgetLine } from '@keiyaku/server/imports';
import { Bid, Tender } from '@keiyaku/server/tenders';
import { Qualification, Vendor } from '@keiyaku/server/vendors';

/**
 * The EUC catalog: the only tables, columns and joins a query can reach. Every expression below
 * is written here, in code, over the catalog's own aliases; a user's query only picks keys.
 */
export interface CatalogField {
  key: string;
  label: string;
  type: EucFieldType;
  /** SQL over the dataset's aliases (`c.amount`, `v.name`); TypeORM maps property names to columns. */
  expr: string;
  codes?: Record<string, string>;
  /** A number holding a 年度: also takes 今年度 / 前年度. */
  fiscalYear?: boolean;
  /**
   * 予定価格 and friends (before opening), rating scores (before approval): NULL in every use
   * (show, filter, sort, group, aggregate) where still secret for the user.
   */
  secret?: 'tenderPrice' | 'evaluationScore';
  group: string;
}

export interface CatalogJoin {
  alias: string;
  entity: Function;
  on: string;
}

export interface CatalogDataset {
  key: string;
  label: string;
  description: string;
  /** Reading the dataset needs this (as well as euc.use). */
  permission: Permission;
  entity: Function;
  alias: string;
  joins: CatalogJoin[];
  fields: CatalogField[];
  defaultColumns: string[];
  /** A unique expression that makes every order total (pages never overlap). */
  tieBreaker: string;
  /** Row rules for the user: department scoping, secrecy. */
  scope(qb: SelectQueryBuilder<any>, user: AuthUser): void;
  scopeLabel(user: AuthUser): string;
}

const labels = (list: ReadonlyArray<{ code: string; name: string }>) => Object.fromEntries(list.map((x) => [x.code, x.name]));

const TRADE_CODES = { ...labels(CONSTRUCTION_TRADES), ...labels(SURVEY_KINDS), ...labels(GOODS_KINDS) };
const CATEGORY_CODES = labels(CATEGORIES);
const LOCALITY_CODES = labels(LOCALITIES);
const RANK_CODES = { A: 'A', B: 'B', C: 'C', D: 'D', E: 'E' };

/** Statuses before any opening (tender-visibility.ts BEFORE_OPENING): prices published "after" are still secret. */
const BEFORE_OPENING = ['draft', 'announced', 'designated', 'bidding', 'cancelled'];

/**
 * The SQL form of pricesHiddenFor() (libs/server/tenders/src/tender-visibility.ts), over alias `t`:
 * true where the tender's prices may be shown to someone without tenders.write.
 */
export const TENDER_PRICES_VISIBLE =
  `(t.pricePublication = 'before' OR t.status NOT IN (${BEFORE_OPENING.map((s) => `'${s}'`).join(', ')}) OR (t.status = 'cancelled' AND t.outcome IS NOT NULL))`;

export function seesTenderPrices(user: Pick<AuthUser, 'permissions'>): boolean {
  return user.permissions.includes('tenders.write');
}

/** As the evaluations list shows them (evaluations.service listRow): scores of unapproved sheets only for managers. */
export const EVALUATION_SCORES_VISIBLE = `e.status IN ('approved', 'superseded')`;

export function seesDraftScores(user: Pick<AuthUser, 'permissions'>): boolean {
  return user.permissions.includes('evaluation.manage');
}

function departmentScope(expr: string) {
  return {
    scope: (qb: SelectQueryBuilder<any>, user: AuthUser) => void applyDepartmentScope(qb, expr, user),
    scopeLabel: (user: AuthUser) => (user.permissions.includes('data.allDepartments') ? '全部署' : '所属部署のデータのみ'),
  };
}

const noScope = {
  scope: () => undefined,
  scopeLabel: () => '全件',
};

const f = (key: string, label: string, type: EucFieldType, expr: string, group: string, extra: Partial<CatalogField> = {}): CatalogField => ({ key, label, type, expr, group, ...extra });

const VENDOR = '業者';
const CONTRACT = '契約';
const TENDER = '入札案件';
const DEPT = '部署';

const vendorFields = (alias: string, prefix: string): CatalogField[] => [
  f(`${prefix}Code`, '業者番号', 'string', `${alias}.vendorCode`, VENDOR),
  f(`${prefix}Name`, '業者名', 'string', `${alias}.name`, VENDOR),
  f(`${prefix}Locality`, '所在区分', 'code', `${alias}.locality`, VENDOR, { codes: LOCALITY_CODES }),
];

export const DATASETS: CatalogDataset[] = [
  {
    key: 'vendors',
    label: '業者',
    description: '登録業者（商号・所在地・区分）',
    permission: 'vendors.read',
    entity: Vendor,
    alias: 'v',
    joins: [],
    fields: [
      f('vendorCode', '業者番号', 'string', 'v.vendorCode', VENDOR),
      f('corporateNumber', '法人番号', 'string', 'v.corporateNumber', VENDOR),
      f('invoiceNumber', '適格請求書発行事業者登録番号', 'string', 'v.invoiceNumber', VENDOR),
      f('name', '商号又は名称', 'string', 'v.name', VENDOR),
      f('nameKana', 'フリガナ', 'string', 'v.nameKana', VENDOR),
      f('representativeTitle', '代表者役職', 'string', 'v.representativeTitle', VENDOR),
      f('representativeName', '代表者氏名', 'string', 'v.representativeName', VENDOR),
      f('postalCode', '郵便番号', 'string', 'v.postalCode', VENDOR),
      f('address', '所在地', 'string', 'v.address', VENDOR),
      f('phone', '電話番号', 'string', 'v.phone', VENDOR),
      f('locality', '所在区分', 'code', 'v.locality', VENDOR, { codes: LOCALITY_CODES }),
      f('capital', '資本金', 'number', 'v.capital', VENDOR),
      f('entityType', '法人・個人', 'code', 'v.entityType', VENDOR, { codes: { corporation: '法人', individual: '個人' } }),
      f('status', '状態', 'code', 'v.status', VENDOR, { codes: { active: '有効', dormant: '休止', closed: '廃業' } }),
      f('createdAt', '登録日時', 'datetime', 'v.createdAt', VENDOR),
    ],
    defaultColumns: ['vendorCode', 'name', 'locality', 'address', 'status'],
    tieBreaker: 'v.id',
    ...noScope,
  },
  {
    key: 'qualifications',
    label: '入札参加資格',
    description: '業者の部門・業種別の資格、格付、点数、有効期間',
    permission: 'vendors.read',
    entity: Qualification,
    alias: 'q',
    joins: [{ alias: 'v', entity: Vendor, on: 'v.id = q.vendorId' }],
    fields: [
      ...vendorFields('v', 'vendor'),
      f('category', '部門', 'code', 'q.category', '資格', { codes: CATEGORY_CODES }),
      f('tradeCode', '業種', 'code', 'q.tradeCode', '資格', { codes: TRADE_CODES }),
      f('termCode', '有効期間コード', 'string', 'q.termCode', '資格'),
      f('rank', '格付', 'code', 'q.rank', '資格', { codes: RANK_CODES }),
      f('pScore', '総合評定値（P点）', 'number', 'q.pScore', '資格'),
      f('subjectiveScore', '主観点', 'number', 'q.subjectiveScore', '資格'),
      f('totalScore', '合計点', 'number', 'q.totalScore', '資格'),
      f('validFrom', '有効期間（自）', 'date', 'q.validFrom', '資格'),
      f('validTo', '有効期間（至）', 'date', 'q.validTo', '資格'),
      f('source', '登録元', 'code', 'q.source', '資格', { codes: { manual: '手入力', ranking: '格付', application: '申請', migration: '移行' } }),
    ],
    defaultColumns: ['vendorCode', 'vendorName', 'category', 'tradeCode', 'rank', 'totalScore', 'validTo'],
    tieBreaker: 'q.id',
    ...noScope,
  },
  {
    key: 'tenders',
    label: '入札案件',
    description: '入札案件（予定価格等は開札まで契約課以外には表示されません）',
    permission: 'tenders.read',
    entity: Tender,
    alias: 't',
    joins: [
      { alias: 'd', entity: Department, on: 'd.id = t.departmentId' },
      { alias: 'av', entity: Vendor, on: 'av.id = t.awardVendorId' },
    ],
    fields: [
      f('tenderNumber', '案件番号', 'string', 't.tenderNumber', TENDER),
      f('fiscalYear', '年度', 'number', 't.fiscalYear', TENDER, { fiscalYear: true }),
      f('title', '件名', 'string', 't.title', TENDER),
      f('location', '場所', 'string', 't.location', TENDER),
      f('category', '部門', 'code', 't.category', TENDER, { codes: CATEGORY_CODES }),
      f('tradeCode', '工種・業種', 'code', 't.tradeCode', TENDER, { codes: TRADE_CODES }),
      f('departmentName', '担当課', 'string', 'd.name', DEPT),
      f('method', '入札方式', 'code', 't.method', TENDER, { codes: TENDER_METHOD_LABELS }),
      f('designPrice', '設計金額', 'number', 't.designPrice', '価格', { secret: 'tenderPrice' }),
      f('plannedPrice', '予定価格（税抜）', 'number', 't.plannedPrice', '価格', { secret: 'tenderPrice' }),
      f('minimumPrice', '最低制限価格', 'number', 't.minimumPrice', '価格', { secret: 'tenderPrice' }),
      f('lowBidThreshold', '低入札価格調査基準価格', 'number', 't.lowBidThreshold', '価格', { secret: 'tenderPrice' }),
      f('announcementDate', '公告日', 'date', 't.announcementDate', TENDER),
      f('designationDate', '指名日', 'date', 't.designationDate', TENDER),
      f('bidDeadline', '入札締切日', 'date', 't.bidDeadline', TENDER),
      f('openingDate', '開札日', 'date', 't.openingDate', TENDER),
      f('status', '状態', 'code', 't.status', TENDER, { codes: TENDER_STATUS_LABELS }),
      f('outcome', '開札結果', 'code', 't.outcome', TENDER, { codes: OPENING_OUTCOME_LABELS }),
      f('awardVendorName', '落札者', 'string', 'av.name', VENDOR),
      f('awardAmount', '落札金額（税抜）', 'number', 't.awardAmount', '価格'),
    ],
    defaultColumns: ['tenderNumber', 'title', 'departmentName', 'method', 'openingDate', 'status', 'awardVendorName', 'awardAmount'],
    tieBreaker: 't.id',
    ...departmentScope('t.departmentId'),
  },
  {
    key: 'bids',
    label: '入札書',
    description: '業者ごと・回ごとの入札金額と判定（開札前の案件は契約課のみ）',
    permission: 'tenders.read',
    entity: Bid,
    alias: 'b',
    joins: [
      { alias: 't', entity: Tender, on: 't.id = b.tenderId' },
      { alias: 'd', entity: Department, on: 'd.id = t.departmentId' },
      { alias: 'v', entity: Vendor, on: 'v.id = b.vendorId' },
    ],
    fields: [
      f('tenderNumber', '案件番号', 'string', 't.tenderNumber', TENDER),
      f('tenderTitle', '件名', 'string', 't.title', TENDER),
      f('fiscalYear', '年度', 'number', 't.fiscalYear', TENDER, { fiscalYear: true }),
      f('departmentName', '担当課', 'string', 'd.name', DEPT),
      f('method', '入札方式', 'code', 't.method', TENDER, { codes: TENDER_METHOD_LABELS }),
      f('openingDate', '開札日', 'date', 't.openingDate', TENDER),
      ...vendorFields('v', 'vendor'),
      f('round', '回', 'number', 'b.round', '入札'),
      f('amount', '入札金額（税抜）', 'number', 'b.amount', '入札'),
      f('verdict', '判定', 'code', 'b.verdict', '入札', { codes: BID_VERDICT_LABELS }),
    ],
    defaultColumns: ['tenderNumber', 'tenderTitle', 'round', 'vendorName', 'amount', 'verdict'],
    tieBreaker: 'b.id',
    scope: (qb, user) => {
      applyDepartmentScope(qb, 't.departmentId', user);
      // As the tender screen does: no bids at all until the prices may be shown.
      if (!seesTenderPrices(user)) qb.andWhere(TENDER_PRICES_VISIBLE);
    },
    scopeLabel: (user) =>
      `${user.permissions.includes('data.allDepartments') ? '全部署' : '所属部署のデータのみ'}${seesTenderPrices(user) ? '' : '・開札前の案件を除く'}`,
  },
  {
    key: 'contracts',
    label: '契約',
    description: '契約（相手方・担当課・入札方式・金額・工期・状態）',
    permission: 'contracts.read',
    entity: Contract,
    alias: 'c',
    joins: [
      { alias: 'v', entity: Vendor, on: 'v.id = c.vendorId' },
      { alias: 'd', entity: Department, on: 'd.id = c.departmentId' },
      { alias: 't', entity: Tender, on: 't.id = c.tenderId' },
      // The approved (current) rating of the work: at most one per contract.
      { alias: 'e', entity: Evaluation, on: "e.contractId = c.id AND e.status = 'approved'" },
    ],
    fields: [
      f('contractNumber', '契約番号', 'string', 'c.contractNumber', CONTRACT),
      f('fiscalYear', '年度', 'number', 'c.fiscalYear', CONTRACT, { fiscalYear: true }),
      f('title', '件名', 'string', 'c.title', CONTRACT),
      f('location', '場所', 'string', 'c.location', CONTRACT),
      ...vendorFields('v', 'vendor'),
      f('departmentName', '担当課', 'string', 'd.name', DEPT),
      f('category', '部門', 'code', 'c.category', CONTRACT, { codes: CATEGORY_CODES }),
      f('tradeCode', '工種・業種', 'code', 'c.tradeCode', CONTRACT, { codes: TRADE_CODES }),
      f('method', '契約方法', 'code', 'c.method', CONTRACT, { codes: TENDER_METHOD_LABELS }),
      f('amount', '契約金額（税込）', 'number', 'c.amount', CONTRACT),
      f('originalAmount', '当初契約金額（税込）', 'number', 'c.originalAmount', CONTRACT),
      f('taxAmount', 'うち消費税額', 'number', 'c.taxAmount', CONTRACT),
      f('contractDate', '契約日', 'date', 'c.contractDate', CONTRACT),
      f('periodFrom', '工期（自）', 'date', 'c.periodFrom', CONTRACT),
      f('periodTo', '工期（至）', 'date', 'c.periodTo', CONTRACT),
      f('status', '状態', 'code', 'c.status', CONTRACT, { codes: CONTRACT_STATUS_LABELS }),
      f('approvalStatus', '決裁', 'code', 'c.approvalStatus', CONTRACT, { codes: APPROVAL_STATUS_LABELS }),
      f('budgetLineCode', '予算コード', 'string', 'c.budgetLineCode', CONTRACT),
      f('completedOn', '完成日', 'date', 'c.completedOn', CONTRACT),
      f('inspectedOn', '検査日', 'date', 'c.inspectedOn', CONTRACT),
      f('paidOn', '支払日', 'date', 'c.paidOn', CONTRACT),
      f('tenderNumber', '案件番号', 'string', 't.tenderNumber', TENDER),
      f('openingDate', '開札日', 'date', 't.openingDate', TENDER),
      f('ratingScore', '工事成績評定点', 'number', 'e.finalScore', '評定'),
      f('ratingBand', '評定', 'string', 'e.band', '評定'),
    ],
    defaultColumns: ['contractNumber', 'title', 'vendorName', 'departmentName', 'method', 'amount', 'contractDate', 'status'],
    tieBreaker: 'c.id',
    ...departmentScope('c.departmentId'),
  },
  {
    key: 'contractChanges',
    label: '変更契約',
    description: '変更契約（回・変更日・変更後の金額と工期）',
    permission: 'contracts.read',
    entity: ContractChange,
    alias: 'cc',
    joins: [
      { alias: 'c', entity: Contract, on: 'c.id = cc.contractId' },
      { alias: 'v', entity: Vendor, on: 'v.id = c.vendorId' },
      { alias: 'd', entity: Department, on: 'd.id = c.departmentId' },
    ],
    fields: [
      f('contractNumber', '契約番号', 'string', 'c.contractNumber', CONTRACT),
      f('title', '件名', 'string', 'c.title', CONTRACT),
      f('fiscalYear', '年度', 'number', 'c.fiscalYear', CONTRACT, { fiscalYear: true }),
      ...vendorFields('v', 'vendor'),
      f('departmentName', '担当課', 'string', 'd.name', DEPT),
      f('originalAmount', '当初契約金額（税込）', 'number', 'c.originalAmount', CONTRACT),
      f('changeNo', '変更回', 'number', 'cc.changeNo', '変更'),
      f('changeDate', '変更日', 'date', 'cc.changeDate', '変更'),
      f('amount', '変更後の契約金額（税込）', 'number', 'cc.amount', '変更'),
      f('periodTo', '変更後の工期（至）', 'date', 'cc.periodTo', '変更'),
      f('reason', '変更理由', 'string', 'cc.reason', '変更'),
      f('approvalStatus', '決裁', 'code', 'cc.approvalStatus', '変更', { codes: APPROVAL_STATUS_LABELS }),
    ],
    defaultColumns: ['contractNumber', 'title', 'changeNo', 'changeDate', 'amount', 'periodTo', 'approvalStatus'],
    tieBreaker: 'cc.id',
    ...departmentScope('c.departmentId'),
  },
  {
    key: 'inspections',
    label: '検査',
    description: '完成・中間・既済部分検査（予定日・実施日・結果）',
    permission: 'inspections.read',
    entity: Inspection,
    alias: 'i',
    joins: [
      { alias: 'c', entity: Contract, on: 'c.id = i.contractId' },
      { alias: 'v', entity: Vendor, on: 'v.id = c.vendorId' },
      { alias: 'd', entity: Department, on: 'd.id = c.departmentId' },
    ],
    fields: [
      f('contractNumber', '契約番号', 'string', 'c.contractNumber', CONTRACT),
      f('title', '件名', 'string', 'c.title', CONTRACT),
      f('fiscalYear', '年度', 'number', 'c.fiscalYear', CONTRACT, { fiscalYear: true }),
      ...vendorFields('v', 'vendor'),
      f('departmentName', '担当課', 'string', 'd.name', DEPT),
      f('kind', '検査の種類', 'code', 'i.kind', '検査', { codes: INSPECTION_KIND_LABELS }),
      f('scheduledDate', '検査予定日', 'date', 'i.scheduledDate', '検査'),
      f('inspectedDate', '検査日', 'date', 'i.inspectedDate', '検査'),
      f('result', '結果', 'code', 'i.result', '検査', { codes: INSPECTION_RESULT_LABELS }),
      f('reworkDeadline', '手直し期限', 'date', 'i.reworkDeadline', '検査'),
      f('approvalStatus', '決裁', 'code', 'i.approvalStatus', '検査', { codes: APPROVAL_STATUS_LABELS }),
    ],
    defaultColumns: ['contractNumber', 'title', 'kind', 'scheduledDate', 'inspectedDate', 'result'],
    tieBreaker: 'i.id',
    ...departmentScope('c.departmentId'),
  },
  {
    key: 'budgetLines',
    label: '予算',
    description: '財務会計システムの予算（款項目節・予算額・執行額）',
    permission: 'contracts.read',
    entity: BudgetLine,
    alias: 'bl',
    // Budget lines name their department by code.
    joins: [{ alias: 'd', entity: Department, on: 'd.code = bl.departmentCode' }],
    fields: [
      f('fiscalYear', '年度', 'number', 'bl.fiscalYear', '予算', { fiscalYear: true }),
      f('account', '会計', 'string', 'bl.account', '予算'),
      f('budgetCode', '予算コード', 'string', 'bl.budgetCode', '予算'),
      f('budgetName', '予算科目', 'string', 'bl.budgetName', '予算'),
      f('departmentCode', '部署コード', 'string', 'bl.departmentCode', DEPT),
      f('departmentName', '担当課', 'string', 'd.name', DEPT),
      f('projectName', '事業名', 'string', 'bl.projectName', '予算'),
      f('amount', '予算額', 'number', 'bl.amount', '予算'),
      f('executed', '執行額', 'number', 'bl.executed', '予算'),
    ],
    defaultColumns: ['fiscalYear', 'budgetCode', 'budgetName', 'departmentName', 'amount', 'executed'],
    tieBreaker: 'bl.id',
    ...departmentScope('d.id'),
  },
  {
    key: 'applications',
    label: '資格審査申請',
    description: '入札参加資格審査の申請（受付番号・種類・状態）。申請書の内容と添付は含みません',
    permission: 'qualification.review',
    entity: QualApplication,
    alias: 'a',
    joins: [
      { alias: 'acc', entity: VendorAccount, on: 'acc.id = a.accountId' },
      { alias: 'v', entity: Vendor, on: 'v.id = a.vendorId' },
    ],
    fields: [
      f('receiptNumber', '受付番号', 'string', 'a.receiptNumber', '申請'),
      f('kind', '申請の種類', 'code', 'a.kind', '申請', { codes: labels(APPLICATION_KINDS) }),
      f('category', '部門', 'code', 'a.category', '申請', { codes: labels(APPLICATION_CATEGORIES) }),
      f('termCode', '有効期間コード', 'string', 'a.termCode', '申請'),
      f('status', '状態', 'code', 'a.status', '申請', { codes: labels(APPLICATION_STATUSES) }),
      f('companyName', '申請者（商号）', 'string', 'acc.companyName', '申請者'),
      f('vendorCode', '業者番号', 'string', 'v.vendorCode', VENDOR),
      f('roundNo', '提出回数', 'number', 'a.roundNo', '申請'),
      f('submittedAt', '提出日時', 'datetime', 'a.submittedAt', '申請'),
      f('decidedAt', '決定日時', 'datetime', 'a.decidedAt', '申請'),
    ],
    defaultColumns: ['receiptNumber', 'kind', 'category', 'companyName', 'status', 'submittedAt'],
    tieBreaker: 'a.id',
    ...noScope,
  },
  {
    key: 'ratings',
    label: '工事成績評定',
    description: '工事成績評定（現行の評定。承認前の点数は評定の管理者のみ）',
    permission: 'evaluation.read',
    entity: Evaluation,
    alias: 'e',
    joins: [
      { alias: 'c', entity: Contract, on: 'c.id = e.contractId' },
      { alias: 'v', entity: Vendor, on: 'v.id = e.vendorId' },
      { alias: 'd', entity: Department, on: 'd.id = e.departmentId' },
    ],
    fields: [
      f('fiscalYear', '年度', 'number', 'e.fiscalYear', '評定', { fiscalYear: true }),
      f('contractNumber', '契約番号', 'string', 'c.contractNumber', CONTRACT),
      f('title', '件名', 'string', 'c.title', CONTRACT),
      ...vendorFields('v', 'vendor'),
      f('departmentName', '担当課', 'string', 'd.name', DEPT),
      f('category', '部門', 'code', 'e.category', '評定', { codes: CATEGORY_CODES }),
      f('tradeCode', '工種・業種', 'code', 'e.tradeCode', '評定', { codes: TRADE_CODES }),
      f('evaluatedOn', '評定日', 'date', 'e.evaluatedOn', '評定'),
      f('status', '状態', 'code', 'e.status', '評定', { codes: EVALUATION_STATUS_LABELS }),
      f('finalScore', '評定点', 'number', 'e.finalScore', '評定', { secret: 'evaluationScore' }),
      f('band', '評定', 'string', 'e.band', '評定', { secret: 'evaluationScore' }),
      f('noticeDate', '通知日', 'date', 'e.noticeDate', '評定'),
    ],
    defaultColumns: ['fiscalYear', 'contractNumber', 'title', 'vendorName', 'departmentName', 'finalScore', 'status'],
    tieBreaker: 'e.id',
    scope: (qb, user) => {
      // Superseded revisions would count a work twice in averages: the current sheet only.
      qb.andWhere("e.status <> 'superseded'");
      applyDepartmentScope(qb, 'e.departmentId', user);
    },
    scopeLabel: (user) => `${user.permissions.includes('data.allDepartments') ? '全部署' : '所属部署のデータのみ'}・現行の評定のみ`,
  },
];

export function datasetByKey(key: unknown): CatalogDataset | undefined {
  return typeof key === 'string' ? DATASETS.find((d) => d.key === key) : undefined;
}

export function mayReadDataset(user: Pick<AuthUser, 'permissions'>, d: CatalogDataset): boolean {
  return user.permissions.includes('euc.use') && user.permissions.includes(d.permission);
}
