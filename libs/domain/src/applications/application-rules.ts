import { isValidCorporateNumber } from '../corporate-number';
import { isPhoneNumber, isPostalCode } from '../registry/identifiers';
import { keishinP } from '../registry/keishin';

/**
 * 入札参加資格審査申請: kinds, statuses, the form's steps with their Japanese validation, the
 * attachment checklist (data), and what the review compares. Pure: the portal, the staff client
 * and the server all read this file.
 */
export const APPLICATION_KINDS = [
  { code: 'regular', name: '定期申請' },
  { code: 'additional', name: '随時申請' },
  { code: 'change', name: '変更届' },
  { code: 'addTrades', name: '業種追加' },
  { code: 'withdrawal', name: '取下げ' },
] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number]['code'];

export const APPLICATION_CATEGORIES = [
  { code: 'construction', name: '建設工事' },
  { code: 'survey', name: '測量・建設コンサルタント等' },
  { code: 'goods', name: '物品・役務' },
] as const;
export type ApplicationCategory = (typeof APPLICATION_CATEGORIES)[number]['code'];

export const APPLICATION_STATUSES = [
  { code: 'draft', name: '下書き' },
  { code: 'submitted', name: '受付' },
  { code: 'correction', name: '補正依頼中' },
  { code: 'resubmitted', name: '再提出' },
  { code: 'approved', name: '認定' },
  { code: 'rejected', name: '不認定' },
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]['code'];

export const kindName = (code: string) => APPLICATION_KINDS.find((k) => k.code === code)?.name ?? code;
export const categoryName = (code: string) => APPLICATION_CATEGORIES.find((k) => k.code === code)?.name ?? code;
export const statusName = (code: string) => APPLICATION_STATUSES.find((k) => k.code === code)?.name ?? code;

/** The vendor may edit only a draft or an application sent back for correction. */
export const vendorCanEdit = (status: string) => status === 'draft' || status === 'correction';
/** Staff decide on what is waiting for them. */
export const staffCanDecide = (status: string) => status === 'submitted' || status === 'resubmitted';

export const FORM_STEPS = [
  { code: 'company', name: '商号・所在地' },
  { code: 'representative', name: '代表者・担当者' },
  { code: 'offices', name: '営業所・受任者' },
  { code: 'permits', name: '建設業許可' },
  { code: 'keishin', name: '経営事項審査' },
  { code: 'staff', name: '職員数' },
  { code: 'trades', name: '希望業種' },
  { code: 'local', name: '地域要件' },
  { code: 'declarations', name: '誓約' },
] as const;
export type FormStep = (typeof FORM_STEPS)[number]['code'];
export const isFormStep = (v: unknown): v is FormStep => FORM_STEPS.some((s) => s.code === v);

/** Steps a category's form has (surveys and goods have no 建設業許可 or 経審). */
export function stepsFor(category: string): FormStep[] {
  const all = FORM_STEPS.map((s) => s.code) as FormStep[];
  return category === 'construction' ? all : all.filter((s) => s !== 'permits' && s !== 'keishin');
}

export interface CompanyStep {
  corporateNumber: string | null;
  entityType: 'corporation' | 'individual';
  name: string;
  nameKana: string;
  postalCode: string;
  address: string;
  phone: string;
  fax: string | null;
  email: string;
  capitalThousandYen: number | null;
}
export interface RepresentativeStep {
  representativeTitle: string | null;
  representativeName: string;
  contactName: string;
  contactPhone: string;
}
export interface OfficeEntry {
  name: string;
  postalCode: string | null;
  address: string | null;
  phone: string | null;
  isDelegate: boolean;
  delegateTitle: string | null;
  delegateName: string | null;
}
export interface OfficesStep { offices: OfficeEntry[] }
export interface PermitEntry {
  tradeCode: string;
  grade: 'special' | 'general';
  issuer: 'minister' | 'governor';
  issuerPrefecture: string | null;
  permitNumber: string;
  permitDate: string;
  expiresOn: string;
}
export interface PermitsStep { permits: PermitEntry[] }
export interface KeishinStep {
  baseDate: string;
  noticeDate: string | null;
  x2: number;
  y: number;
  w: number;
  scores: Array<{ tradeCode: string; x1: number; z: number }>;
}
export interface StaffStep { total: number; construction: number; technical: number; other: number }
export interface TradesStep { trades: Array<{ tradeCode: string; grade: 'special' | 'general' | null }> }
export interface LocalStep {
  locality: 'local' | 'semiLocal' | 'outside';
  neighbourhoodAssociation: string | null;
  subjectiveItems: string[];
}
export interface DeclarationsStep { noExclusion: boolean; truthful: boolean; taxPaid: boolean }

export interface ApplicationForm {
  company?: CompanyStep;
  representative?: RepresentativeStep;
  offices?: OfficesStep;
  permits?: PermitsStep;
  keishin?: KeishinStep;
  staff?: StaffStep;
  trades?: TradesStep;
  local?: LocalStep;
  declarations?: DeclarationsStep;
}

export interface FieldProblem {
  field: string;
  message: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KANA = /^[\u30a0-\u30ff\uff66-\uff9f\s\u3000・ー（）()A-Za-z0-9]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const isDate = (v: unknown): v is string => typeof v === 'string' && DATE.test(v) && !isNaN(Date.parse(v));
const isText = (v: unknown, max: number) => typeof v === 'string' && v.trim().length > 0 && v.length <= max;
const optText = (v: unknown, max: number) => v === null || v === undefined || v === '' || (typeof v === 'string' && v.length <= max);
const isInt = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/**
 * Checks one step's values; every message names the item in Japanese, the field by its path.
 * `known` gives the trade codes of the category (and the 主観点 codes) to check references.
 */
export function stepProblems(
  step: FormStep,
  value: unknown,
  known: { trades: string[]; subjectiveItems?: string[]; category: string },
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const v = (value ?? {}) as any;
  const need = (ok: boolean, field: string, message: string) => {
    if (!ok) out.push({ field, message });
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ field: step, message: '入力内容が正しくありません。' }];
  switch (step) {
    case 'company':
      need(v.entityType === 'corporation' || v.entityType === 'individual', 'entityType', '法人・個人の別を選択してください。');
      if (v.entityType === 'corporation') need(typeof v.corporateNumber === 'string' && isValidCorporateNumber(v.corporateNumber), 'corporateNumber', '法人番号は13桁の正しい番号を入力してください。');
      else need(!v.corporateNumber || (typeof v.corporateNumber === 'string' && isValidCorporateNumber(v.corporateNumber)), 'corporateNumber', '法人番号は13桁の正しい番号を入力してください。');
      need(isText(v.name, 100), 'name', '商号又は名称を100文字以内で入力してください。');
      need(isText(v.nameKana, 100) && KANA.test(v.nameKana), 'nameKana', 'フリガナをカタカナで入力してください。');
      need(typeof v.postalCode === 'string' && isPostalCode(v.postalCode), 'postalCode', '郵便番号は「123-4567」の形で入力してください。');
      need(isText(v.address, 200), 'address', '所在地を200文字以内で入力してください。');
      need(typeof v.phone === 'string' && isPhoneNumber(v.phone), 'phone', '電話番号は半角数字とハイフンで入力してください（例: 0835-25-2111）。');
      need(!v.fax || (typeof v.fax === 'string' && isPhoneNumber(v.fax)), 'fax', 'FAX番号は半角数字とハイフンで入力してください。');
      need(typeof v.email === 'string' && EMAIL.test(v.email) && v.email.length <= 254, 'email', 'メールアドレスを正しく入力してください。');
      need(v.capitalThousandYen === null || v.capitalThousandYen === undefined || isInt(v.capitalThousandYen, 0, 999_999_999_999), 'capitalThousandYen', '資本金（千円）は0以上の整数で入力してください。');
      break;
    case 'representative':
      need(optText(v.representativeTitle, 30), 'representativeTitle', '代表者の役職は30文字以内で入力してください。');
      need(isText(v.representativeName, 50), 'representativeName', '代表者氏名を50文字以内で入力してください。');
      need(isText(v.contactName, 50), 'contactName', '担当者氏名を50文字以内で入力してください。');
      need(typeof v.contactPhone === 'string' && isPhoneNumber(v.contactPhone), 'contactPhone', '担当者の電話番号は半角数字とハイフンで入力してください。');
      break;
    case 'offices': {
      need(Array.isArray(v.offices) && v.offices.length <= 50, 'offices', '営業所は50件以内で入力してください。');
      (Array.isArray(v.offices) ? v.offices : []).forEach((o: any, i: number) => {
        const at = `offices[${i}]`;
        need(isText(o?.name, 100), `${at}.name`, `営業所の${i + 1}行目: 名称を入力してください。`);
        need(!o?.postalCode || isPostalCode(o.postalCode), `${at}.postalCode`, `営業所の${i + 1}行目: 郵便番号は「123-4567」の形で入力してください。`);
        need(!o?.phone || isPhoneNumber(o.phone), `${at}.phone`, `営業所の${i + 1}行目: 電話番号は半角数字とハイフンで入力してください。`);
        if (o?.isDelegate) need(isText(o?.delegateName, 50), `${at}.delegateName`, `営業所の${i + 1}行目: 受任者の氏名を入力してください。`);
      });
      break;
    }
    case 'permits': {
      need(Array.isArray(v.permits) && v.permits.length >= 1 && v.permits.length <= 29, 'permits', '建設業許可を1件以上入力してください。');
      const seen = new Set<string>();
      (Array.isArray(v.permits) ? v.permits : []).forEach((p: any, i: number) => {
        const at = `permits[${i}]`;
        const line = `建設業許可の${i + 1}行目`;
        need(known.trades.includes(p?.tradeCode), `${at}.tradeCode`, `${line}: 業種を選択してください。`);
        need(!seen.has(p?.tradeCode), `${at}.tradeCode`, `${line}: 同じ業種が重複しています。`);
        seen.add(p?.tradeCode);
        need(p?.grade === 'special' || p?.grade === 'general', `${at}.grade`, `${line}: 特定・一般の別を選択してください。`);
        need(p?.issuer === 'minister' || p?.issuer === 'governor', `${at}.issuer`, `${line}: 許可行政庁（大臣・知事）を選択してください。`);
        need(isText(p?.permitNumber, 30), `${at}.permitNumber`, `${line}: 許可番号を入力してください。`);
        need(isDate(p?.permitDate), `${at}.permitDate`, `${line}: 許可年月日を入力してください。`);
        need(isDate(p?.expiresOn) && (!isDate(p?.permitDate) || p.expiresOn >= p.permitDate), `${at}.expiresOn`, `${line}: 有効期限は許可年月日より後の日付を入力してください。`);
      });
      break;
    }
    case 'keishin': {
      need(isDate(v.baseDate), 'baseDate', '審査基準日を入力してください。');
      need(v.noticeDate === null || v.noticeDate === undefined || isDate(v.noticeDate), 'noticeDate', '通知日は日付で入力してください。');
      need(isInt(v.x2, 0, 3000), 'x2', 'X2（自己資本額・利益額）は0〜3000の整数で入力してください。');
      need(isInt(v.y, 0, 3000), 'y', 'Y（経営状況）は0〜3000の整数で入力してください。');
      need(isInt(v.w, -3000, 3000), 'w', 'W（社会性等）は-3000〜3000の整数で入力してください。');
      need(Array.isArray(v.scores) && v.scores.length >= 1, 'scores', '業種別の評点を1件以上入力してください。');
      const seen = new Set<string>();
      (Array.isArray(v.scores) ? v.scores : []).forEach((s: any, i: number) => {
        const at = `scores[${i}]`;
        const line = `業種別評点の${i + 1}行目`;
        need(known.trades.includes(s?.tradeCode) && !seen.has(s?.tradeCode), `${at}.tradeCode`, `${line}: 業種を選択してください（重複は不可）。`);
        seen.add(s?.tradeCode);
        need(isInt(s?.x1, 0, 3000), `${at}.x1`, `${line}: X1は0〜3000の整数で入力してください。`);
        need(isInt(s?.z, 0, 3000), `${at}.z`, `${line}: Zは0〜3000の整数で入力してください。`);
      });
      break;
    }
    case 'staff':
      for (const [k, label] of [['total', '職員数（合計）'], ['construction', '建設業従事者数'], ['technical', '技術職員数'], ['other', 'その他の職員数']] as const) {
        need(isInt(v[k], 0, 100000), k, `${label}は0以上の整数で入力してください。`);
      }
      if (isInt(v.total, 0, 100000) && isInt(v.technical, 0, 100000)) need(v.technical <= v.total, 'technical', '技術職員数は職員数（合計）以下にしてください。');
      break;
    case 'trades': {
      need(Array.isArray(v.trades) && v.trades.length >= 1, 'trades', '希望する業種を1つ以上選択してください。');
      const seen = new Set<string>();
      (Array.isArray(v.trades) ? v.trades : []).forEach((t: any, i: number) => {
        need(known.trades.includes(t?.tradeCode) && !seen.has(t?.tradeCode), `trades[${i}].tradeCode`, `希望業種の${i + 1}行目: 業種を選択してください（重複は不可）。`);
        seen.add(t?.tradeCode);
        if (known.category === 'construction') need(t?.grade === 'special' || t?.grade === 'general', `trades[${i}].grade`, `希望業種の${i + 1}行目: 特定・一般の別を選択してください。`);
      });
      break;
    }
    case 'local':
      need(['local', 'semiLocal', 'outside'].includes(v.locality), 'locality', '地域区分（市内・準市内・市外）を選択してください。');
      need(optText(v.neighbourhoodAssociation, 100), 'neighbourhoodAssociation', '自治会名は100文字以内で入力してください。');
      need(Array.isArray(v.subjectiveItems) && v.subjectiveItems.every((c: unknown) => typeof c === 'string' && (known.subjectiveItems ?? []).includes(c)), 'subjectiveItems', '地域貢献等の項目を一覧から選択してください。');
      break;
    case 'declarations':
      need(v.noExclusion === true, 'noExclusion', '暴力団等の排除に関する誓約に同意してください。');
      need(v.truthful === true, 'truthful', '申請内容が事実と相違ないことの誓約に同意してください。');
      need(v.taxPaid === true, 'taxPaid', '税の滞納がないことの誓約に同意してください。');
      break;
  }
  return out;
}

/** Cross-step rules checked at submission (permits for every construction trade applied for). */
export function formProblems(category: string, form: ApplicationForm, known: { trades: string[]; subjectiveItems?: string[] }): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const step of stepsFor(category)) {
    const value = form[step];
    const label = FORM_STEPS.find((s) => s.code === step)!.name;
    if (value === undefined) {
      out.push({ field: step, message: `「${label}」が入力されていません。` });
      continue;
    }
    out.push(...stepProblems(step, value, { ...known, category }).map((p) => ({ field: `${step}.${p.field}`, message: `${label}: ${p.message}` })));
  }
  if (category === 'construction' && form.trades && form.permits) {
    const permitted = new Set(form.permits.permits.map((p) => p.tradeCode));
    form.trades.trades.forEach((t, i) => {
      if (!permitted.has(t.tradeCode)) out.push({ field: `trades.trades[${i}].tradeCode`, message: `希望業種: 業種「${t.tradeCode}」の建設業許可が入力されていません。` });
    });
  }
  return out;
}

/** P per trade from the application's 経審 (the registry computes it the same way). */
export function applicationP(keishin: KeishinStep | undefined, tradeCode: string): number | null {
  const s = keishin?.scores.find((x) => x.tradeCode === tradeCode);
  if (!keishin || !s) return null;
  return keishinP({ x1: s.x1, x2: keishin.x2, y: keishin.y, z: s.z, w: keishin.w });
}

// ---- attachment checklist (data) ----

export interface ChecklistItem {
  code: string;
  name: string;
  required: boolean;
  /** Only for local (市内) firms. */
  localOnly?: boolean;
  /** Only when a branch bids (受任者 entered). */
  whenDelegate?: boolean;
}

export const ATTACHMENT_CHECKLISTS: Record<string, ChecklistItem[]> = {
  construction: [
    { code: 'keishinNotice', name: '経営事項審査結果通知書（写し）', required: true },
    { code: 'permitCopy', name: '建設業許可通知書（写し）', required: true },
    { code: 'workHistory', name: '工事経歴書', required: true },
    { code: 'engineers', name: '技術職員名簿', required: true },
    { code: 'nationalTax', name: '納税証明書（国税）', required: true },
    { code: 'cityTax', name: '市税完納証明書', required: true, localOnly: true },
    { code: 'officeList', name: '営業所一覧表', required: false },
    { code: 'powerOfAttorney', name: '委任状', required: true, whenDelegate: true },
    { code: 'antiGang', name: '暴力団排除に関する誓約書・役員名簿', required: true },
    { code: 'socialInsurance', name: '社会保険加入を証する書類', required: true },
  ],
  survey: [
    { code: 'records', name: '測量等実績調書', required: true },
    { code: 'engineerCareers', name: '技術者経歴書', required: true },
    { code: 'registration', name: '登録証明書（測量業者登録等）', required: true },
    { code: 'nationalTax', name: '納税証明書（国税）', required: true },
    { code: 'cityTax', name: '市税完納証明書', required: true, localOnly: true },
    { code: 'powerOfAttorney', name: '委任状', required: true, whenDelegate: true },
    { code: 'antiGang', name: '暴力団排除に関する誓約書・役員名簿', required: true },
  ],
  goods: [
    { code: 'nationalTax', name: '納税証明書（国税）', required: true },
    { code: 'cityTax', name: '市税完納証明書', required: true, localOnly: true },
    { code: 'registry', name: '履歴事項全部証明書（個人は身分証明書）', required: true },
    { code: 'powerOfAttorney', name: '委任状', required: true, whenDelegate: true },
    { code: 'antiGang', name: '暴力団排除に関する誓約書・役員名簿', required: true },
  ],
};

/** The checklist as it applies to this form: local-only and delegate-only items included when they apply. */
export function checklistFor(category: string, form: ApplicationForm): Array<ChecklistItem & { needed: boolean }> {
  const local = form.local?.locality === 'local';
  const delegate = (form.offices?.offices ?? []).some((o) => o.isDelegate);
  return (ATTACHMENT_CHECKLISTS[category] ?? []).map((item) => ({
    ...item,
    needed: item.required && (!item.localOnly || local) && (!item.whenDelegate || delegate),
  }));
}

export function missingAttachments(category: string, form: ApplicationForm, attachedCodes: string[]): ChecklistItem[] {
  return checklistFor(category, form).filter((i) => i.needed && !attachedCodes.includes(i.code));
}

// ---- review ----

export const REVIEW_CHECKLIST = [
  { code: 'eligibility', name: '資格要件（欠格事由・営業年数）を確認した' },
  { code: 'completeness', name: '申請書・添付書類がそろっている' },
  { code: 'permits', name: '建設業許可の有効期限を確認した' },
  { code: 'keishin', name: '経審の審査基準日・評点を確認した' },
  { code: 'objective', name: '客観点・主観点を確認した' },
] as const;

export interface CorrectionRequest {
  /** 'field' (a form path, e.g. company.address) or 'attachment' (a checklist code). */
  target: 'field' | 'attachment';
  key: string;
  comment: string;
}

export interface RegistryComparisonRow {
  field: string;
  label: string;
  applied: string | null;
  registry: string | null;
  differs: boolean;
}

const show = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

/** The application side by side with the registry's current values (null registry: a new vendor). */
export function compareWithRegistry(form: ApplicationForm, registry: Record<string, any> | null): RegistryComparisonRow[] {
  const c = form.company;
  const r = form.representative;
  const rows: Array<[string, string, unknown, unknown]> = [
    ['company.corporateNumber', '法人番号', c?.corporateNumber, registry?.['corporateNumber']],
    ['company.name', '商号又は名称', c?.name, registry?.['name']],
    ['company.nameKana', 'フリガナ', c?.nameKana, registry?.['nameKana']],
    ['company.postalCode', '郵便番号', c?.postalCode, registry?.['postalCode']],
    ['company.address', '所在地', c?.address, registry?.['address']],
    ['company.phone', '電話番号', c?.phone, registry?.['phone']],
    ['company.fax', 'FAX番号', c?.fax, registry?.['fax']],
    ['company.email', 'メールアドレス', c?.email, registry?.['email']],
    ['company.capitalThousandYen', '資本金（円）', c?.capitalThousandYen == null ? null : c.capitalThousandYen * 1000, registry?.['capital']],
    ['representative.representativeTitle', '代表者役職', r?.representativeTitle, registry?.['representativeTitle']],
    ['representative.representativeName', '代表者氏名', r?.representativeName, registry?.['representativeName']],
    ['local.locality', '地域区分', form.local?.locality, registry?.['locality']],
  ];
  const permits = (list: Array<{ tradeCode: string; grade: string; permitNumber: string; expiresOn: string }> | undefined) =>
    list && list.length ? list.map((p) => `${p.tradeCode}:${p.grade === 'special' ? '特定' : '一般'} ${p.permitNumber} ～${p.expiresOn}`).sort().join(' / ') : null;
  rows.push(['permits.permits', '建設業許可', permits(form.permits?.permits), permits(registry?.['permits'])]);
  return rows.map(([field, label, a, b]) => {
    const applied = show(a);
    const current = show(b);
    return { field, label, applied, registry: current, differs: registry !== null && applied !== current };
  });
}

/** 受付番号: 申請年度-部門-連番, e.g. 2026-K-00012 (K 建設, S 測量等, B 物品). */
export function receiptNumber(fiscalYear: number, category: string, seq: number): string {
  const letter = category === 'construction' ? 'K' : category === 'survey' ? 'S' : 'B';
  return `${fiscalYear}-${letter}-${String(seq).padStart(5, '0')}`;
}

/** Whether a date lies in an application period (both ends inclusive). */
export function periodOpen(today: string, opensOn: string, closesOn: string): boolean {
  return today >= opensOn && today <= closesOn;
}
