import { normalizeHeader } from './parsers';

/**
 * Mapping profiles: which header feeds which field and how its cells are read. The shipped
 * defaults are the layouts of layouts.md; administrators copy and edit them per source system.
 */
export const IMPORT_KINDS = ['ebidResults', 'budgetLines', 'legacyVendors', 'legacyQualifications', 'legacyContracts', 'legacyContractChanges', 'legacyEvaluations'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  ebidResults: '電子入札システムの入札結果',
  budgetLines: '財務会計システムの予算',
  legacyVendors: '現行システムの業者（vendors.csv）',
  legacyQualifications: '現行システムの入札参加資格（vendor_qualifications.csv）',
  legacyContracts: '現行システムの契約（contracts.csv）',
  legacyContractChanges: '現行システムの変更契約（contract_changes.csv）',
  legacyEvaluations: '現行システムの工事成績評定（evaluations.csv）',
};

export type CellParser = 'text' | 'integer' | 'decimal' | 'date' | 'code';

export interface ProfileColumn {
  /** The header in the file (matched after NFKC, without spaces, case-insensitive). */
  header: string;
  /** The field of the kind it fills. */
  field: string;
  parser: CellParser;
  required?: boolean;
  maxLength?: number;
  /** For `code`: the words of the file → the stored code. */
  codes?: Record<string, string>;
  /** Read and compared, not stored (e.g. the vendor name beside its number: a warning when it differs). */
  checkOnly?: boolean;
}

export interface ImportProfileDefinition {
  encoding: 'auto' | 'utf8' | 'cp932';
  /** Lines before the header row (a title line some systems write). */
  skipLines: number;
  skipTotalRows: boolean;
  columns: ProfileColumn[];
}

export interface ImportProfile {
  kind: ImportKind;
  code: string;
  name: string;
  definition: ImportProfileDefinition;
}

const col = (header: string, field: string, parser: CellParser, extra: Partial<ProfileColumn> = {}): ProfileColumn => ({ header, field, parser, ...extra });
const def = (columns: ProfileColumn[]): ImportProfileDefinition => ({ encoding: 'auto', skipLines: 0, skipTotalRows: true, columns });

export const LOCALITY_WORDS: Record<string, string> = { 市内: 'local', 準市内: 'semiLocal', 市外: 'outside' };
export const VENDOR_STATUS_WORDS: Record<string, string> = { 有効: 'active', 休止: 'dormant', 廃業: 'closed' };
export const CATEGORY_WORDS: Record<string, string> = { 建設工事: 'construction', 工事: 'construction', 測量・建設コンサルタント等: 'survey', 測量・コンサル: 'survey', 委託: 'survey', 物品: 'goods', '物品・役務': 'goods' };
/** 許可区分 of a 建設業許可: 特定建設業 / 一般建設業. */
export const PERMIT_GRADE_WORDS: Record<string, string> = { 特定: 'special', 特定建設業: 'special', 一般: 'general', 一般建設業: 'general' };
export const METHOD_WORDS: Record<string, string> = { 一般競争: 'general', 一般競争入札: 'general', 指名競争: 'designated', 指名競争入札: 'designated', 随意契約: 'negotiated', 特命随意契約: 'negotiated', 見積合せ: 'quotation' };
/** 摘要 of an e-bid result row → what it says about the bid. */
export const BID_REMARK_WORDS: Record<string, string> = {
  落札: 'winner', 辞退: 'declined', 失格: 'disqualified', 無効: 'invalid', 予定価格超過: 'overCeiling', 最低制限価格未満: 'belowMinimum', くじ: 'lot', 有効: 'valid',
};

export const DEFAULT_IMPORT_PROFILES: ImportProfile[] = [
  {
    kind: 'ebidResults',
    code: 'EBID-DEFAULT',
    name: '電子入札システム 入札結果（標準）',
    definition: def([
      col('案件番号', 'tenderNumber', 'text', { required: true, maxLength: 30 }),
      col('執行回', 'round', 'integer', { required: true }),
      col('業者番号', 'vendorCode', 'text', { required: true, maxLength: 10 }),
      col('商号', 'vendorName', 'text', { checkOnly: true, maxLength: 300 }),
      col('入札金額', 'amount', 'integer'),
      col('摘要', 'remark', 'code', { codes: BID_REMARK_WORDS }),
      col('くじ番号', 'lotNumber', 'text', { maxLength: 10 }),
      col('開札日時', 'openedOn', 'date'),
    ]),
  },
  {
    kind: 'budgetLines',
    code: 'BUDGET-DEFAULT',
    name: '財務会計システム 予算（標準）',
    definition: def([
      col('年度', 'fiscalYear', 'integer', { required: true }),
      col('会計', 'account', 'text', { required: true, maxLength: 60 }),
      col('予算科目コード', 'budgetCode', 'text', { required: true, maxLength: 40 }),
      col('予算科目名称', 'budgetName', 'text', { required: true, maxLength: 200 }),
      col('所管課コード', 'departmentCode', 'text', { maxLength: 20 }),
      col('事業名', 'projectName', 'text', { maxLength: 200 }),
      col('予算現額', 'amount', 'integer', { required: true }),
      col('執行済額', 'executed', 'integer'),
    ]),
  },
  {
    kind: 'legacyVendors',
    code: 'LEGACY-VENDORS',
    name: '現行システム 業者（vendors.csv）',
    definition: def([
      col('業者番号', 'vendorCode', 'text', { required: true, maxLength: 10 }),
      col('法人番号', 'corporateNumber', 'text', { maxLength: 13 }),
      col('商号', 'name', 'text', { required: true, maxLength: 300 }),
      col('フリガナ', 'nameKana', 'text', { required: true, maxLength: 300 }),
      col('代表者役職', 'representativeTitle', 'text', { maxLength: 90 }),
      col('代表者氏名', 'representativeName', 'text', { required: true, maxLength: 150 }),
      col('郵便番号', 'postalCode', 'text', { required: true, maxLength: 8 }),
      col('所在地', 'address', 'text', { required: true, maxLength: 600 }),
      col('電話番号', 'phone', 'text', { required: true, maxLength: 20 }),
      col('FAX番号', 'fax', 'text', { maxLength: 20 }),
      col('地域区分', 'locality', 'code', { required: true, codes: LOCALITY_WORDS }),
      col('登録日', 'registeredOn', 'date'),
      col('状態', 'status', 'code', { required: true, codes: VENDOR_STATUS_WORDS }),
    ]),
  },
  {
    kind: 'legacyQualifications',
    code: 'LEGACY-QUALIFICATIONS',
    name: '現行システム 入札参加資格（vendor_qualifications.csv）',
    definition: def([
      col('業者番号', 'vendorCode', 'text', { required: true, maxLength: 10 }),
      col('部門', 'category', 'code', { required: true, codes: CATEGORY_WORDS }),
      col('業種コード', 'tradeCode', 'text', { required: true, maxLength: 10 }),
      col('許可区分', 'permitGrade', 'code', { codes: PERMIT_GRADE_WORDS, checkOnly: true }),
      col('許可番号', 'permitNumber', 'text', { maxLength: 30, checkOnly: true }),
      col('経審基準日', 'keishinBaseDate', 'date', { checkOnly: true }),
      col('総合評定値', 'pScore', 'integer'),
      col('主観点', 'subjectiveScore', 'integer'),
      col('格付', 'rank', 'text', { maxLength: 5 }),
      col('有効期間開始', 'validFrom', 'date', { required: true }),
      col('有効期間終了', 'validTo', 'date', { required: true }),
    ]),
  },
  {
    kind: 'legacyContracts',
    code: 'LEGACY-CONTRACTS',
    name: '現行システム 契約（contracts.csv）',
    definition: def([
      col('契約番号', 'contractNumber', 'text', { required: true, maxLength: 30 }),
      col('年度', 'fiscalYear', 'integer', { required: true }),
      col('案件番号', 'tenderNumber', 'text', { maxLength: 30 }),
      col('件名', 'title', 'text', { required: true, maxLength: 300 }),
      col('履行場所', 'location', 'text', { maxLength: 300 }),
      col('担当課コード', 'departmentCode', 'text', { maxLength: 20 }),
      col('部門', 'category', 'code', { required: true, codes: CATEGORY_WORDS }),
      col('工種コード', 'tradeCode', 'text', { maxLength: 10 }),
      col('入札方式', 'method', 'code', { required: true, codes: METHOD_WORDS }),
      col('業者番号', 'vendorCode', 'text', { required: true, maxLength: 10 }),
      col('設計金額', 'designPrice', 'integer'),
      col('予定価格', 'plannedPrice', 'integer'),
      col('最低制限価格', 'minimumPrice', 'integer'),
      col('契約金額', 'amount', 'integer', { required: true }),
      col('うち消費税額', 'taxAmount', 'integer'),
      col('契約日', 'contractDate', 'date', { required: true }),
      col('工期開始', 'periodFrom', 'date'),
      col('工期終了', 'periodTo', 'date'),
      col('完成日', 'completedOn', 'date'),
    ]),
  },
  {
    kind: 'legacyContractChanges',
    code: 'LEGACY-CHANGES',
    name: '現行システム 変更契約（contract_changes.csv）',
    definition: def([
      col('契約番号', 'contractNumber', 'text', { required: true, maxLength: 30 }),
      col('変更回', 'changeNo', 'integer', { required: true }),
      col('変更日', 'changeDate', 'date', { required: true }),
      col('変更後契約金額', 'amount', 'integer', { required: true }),
      col('変更後工期終了', 'periodTo', 'date'),
      col('変更理由', 'reason', 'text', { required: true, maxLength: 600 }),
    ]),
  },
  {
    kind: 'legacyEvaluations',
    code: 'LEGACY-EVALUATIONS',
    name: '現行システム 工事成績評定（evaluations.csv）',
    definition: def([
      col('契約番号', 'contractNumber', 'text', { required: true, maxLength: 30 }),
      col('評定日', 'evaluatedOn', 'date', { required: true }),
      col('主任監督員点', 'chiefScore', 'decimal'),
      col('総括監督員点', 'generalScore', 'decimal'),
      col('検査員点', 'inspectorScore', 'decimal'),
      col('中間検査員点', 'interimScore', 'decimal'),
      col('法令遵守等減点', 'deduction', 'decimal'),
      col('評定点', 'score', 'decimal', { required: true }),
    ]),
  },
];

/** Problems of an edited profile, naming the field (the editor shows them; the server refuses them). */
export function profileProblems(kind: ImportKind, d: ImportProfileDefinition): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  const shipped = DEFAULT_IMPORT_PROFILES.find((p) => p.kind === kind)!;
  const known = new Set(shipped.definition.columns.map((c) => c.field));
  const required = shipped.definition.columns.filter((c) => c.required).map((c) => c.field);
  const seen = new Set<string>();
  // Headers are compared as the reader matches them, so 「予算現額」 and 「予算現額 」 are one column.
  const headers = new Set<string>();
  d.columns.forEach((c, i) => {
    const header = normalizeHeader(c.header ?? '');
    if (!header) out.push({ field: `columns.${i}.header`, message: `${i + 1}行目: 見出しを入力してください。` });
    else if (headers.has(header)) out.push({ field: `columns.${i}.header`, message: `${i + 1}行目: 見出し「${c.header.trim()}」が重複しています。` });
    headers.add(header);
    if (!known.has(c.field)) out.push({ field: `columns.${i}.field`, message: `${i + 1}行目: 「${c.field}」はこの種類の項目ではありません（${[...known].join('、')}）。` });
    if (seen.has(c.field)) out.push({ field: `columns.${i}.field`, message: `${i + 1}行目: 項目「${c.field}」が重複しています。` });
    seen.add(c.field);
    if (c.parser === 'code' && (!c.codes || !Object.keys(c.codes).length)) out.push({ field: `columns.${i}.codes`, message: `${i + 1}行目: コード変換の対応表を入力してください。` });
  });
  for (const f of required) if (!seen.has(f)) out.push({ field: 'columns', message: `必須の項目「${f}」の列がありません。` });
  if (d.skipLines < 0 || d.skipLines > 20) out.push({ field: 'skipLines', message: '見出しの前の行数は0〜20で入力してください。' });
  return out;
}
