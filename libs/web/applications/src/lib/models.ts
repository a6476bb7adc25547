import type { ApplicationForm, CorrectionRequest, RegistryComparisonRow } from '@keiyaku/domain';
import type { BadgeTone } from '@keiyaku/web/ui';
export type { ApplicationForm, CorrectionRequest, RegistryComparisonRow };

export interface QueueRow {
  id: number;
  accountId: number;
  companyName: string | null;
  corporateNumber: string | null;
  kind: string;
  kindName: string;
  category: string;
  categoryName: string;
  termCode: string;
  status: string;
  statusName: string;
  receiptNumber: string | null;
  roundNo: number;
  submittedAt: string | null;
  decidedAt: string | null;
  vendorId: number | null;
  updatedAt: string;
  version: number;
}

export interface QueueCounts {
  counts: Record<string, number>;
  waiting: number;
  total: number;
}

export interface ChecklistRow {
  code: string;
  name: string;
  required: boolean;
  needed: boolean;
  attached: number;
}

export interface AttachmentRow {
  id: number;
  itemCode: string;
  fileName: string;
  roundNo: number;
  createdAt: string;
}

export interface RoundRow {
  roundNo: number;
  submittedAt: string;
  corrections: CorrectionRequest[] | null;
  requestedAt: string | null;
  requestedBy: string | null;
  form: ApplicationForm;
}

export interface ReviewDetail extends QueueRow {
  account: { id: number; email: string; companyName: string; vendorId: number | null } | null;
  form: ApplicationForm;
  trades: Array<{ tradeCode: string; grade: string | null; p: number | null }>;
  registry: { id: number; vendorCode: string; name: string } | null;
  comparison: RegistryComparisonRow[];
  reviewChecklist: Array<{ code: string; name: string; checked: boolean }>;
  decisionReason: string | null;
  decidedBy: string | null;
  corrections: CorrectionRequest[];
  checklist: ChecklistRow[];
  attachments: AttachmentRow[];
  rounds: RoundRow[];
  result?: { vendorId: number | null; vendorCode: string | null; qualifications: Array<{ tradeCode: string; rank: string | null }>; packageId?: string };
  /** Split deployment: approvals become signed packages instead of registry writes. */
  portalOnly: boolean;
  packages: PackageRow[];
}

export interface PackageRow {
  id: number;
  applicationId: number;
  packageId: string;
  receiptNumber: string;
  keyId: string;
  companyName: string | null;
  createdAt: string;
  downloadedAt: string | null;
  downloadCount: number;
}

export interface ImportResult {
  vendorId: number;
  vendorCode: string;
  created: boolean;
  receiptNumber: string;
  packageId: string;
  qualifications: Array<{ tradeCode: string; rank: string | null }>;
}

export interface AccountRow {
  id: number;
  email: string;
  corporateNumber: string | null;
  companyName: string;
  entityType: 'corporation' | 'individual';
  status: 'pending' | 'active' | 'locked';
  emailVerifiedAt: string | null;
  vendorId: number | null;
  lastLoginAt: string | null;
  invitedBy: string | null;
  createdAt: string;
  version: number;
}

export interface QualifiedEntry {
  vendorCode: string;
  name: string;
  locality: string;
  trades: Array<{ tradeCode: string; tradeName: string; rank: string | null }>;
}

export interface TermRow {
  code: string;
  name: string;
  validFrom: string;
  validTo: string;
}

export const STATUS_TONES: Record<string, BadgeTone> = {
  submitted: 'info',
  resubmitted: 'info',
  correction: 'warn',
  approved: 'ok',
  rejected: 'error',
  draft: 'neutral',
};

export const ACCOUNT_STATUS_LABELS: Record<string, string> = { pending: '確認待ち', active: '利用中', locked: '利用停止' };
export const ACCOUNT_STATUS_TONES: Record<string, BadgeTone> = { pending: 'warn', active: 'ok', locked: 'error' };
export const LOCALITY_LABELS: Record<string, string> = { local: '市内', semiLocal: '準市内', outside: '市外' };

/** One displayed field of the form: its path (the correction key) and how to show its value. */
export interface FieldDef {
  key: string;
  label: string;
  show?: (v: unknown, form: ApplicationForm) => string;
  /** How the registry's value (from the comparison) reads when its unit differs from the form's. */
  showRegistry?: (v: string) => string;
}

const yesNo = (v: unknown) => (v === true ? 'はい' : v === false ? 'いいえ' : '');
const grade = (g: unknown) => (g === 'special' ? '特定' : g === 'general' ? '一般' : '');
const num = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('ja-JP') : v == null ? '' : String(v));

/** The form's steps as the reviewer reads them; keys are the correction keys the portal understands. */
export const FORM_SECTIONS: Array<{ step: string; name: string; fields: FieldDef[] }> = [
  {
    step: 'company',
    name: '商号・所在地',
    fields: [
      { key: 'company.entityType', label: '法人・個人', show: (v) => (v === 'individual' ? '個人' : '法人') },
      { key: 'company.corporateNumber', label: '法人番号' },
      { key: 'company.name', label: '商号又は名称' },
      { key: 'company.nameKana', label: 'フリガナ' },
      { key: 'company.postalCode', label: '郵便番号' },
      { key: 'company.address', label: '所在地' },
      { key: 'company.phone', label: '電話番号' },
      { key: 'company.fax', label: 'FAX番号' },
      { key: 'company.email', label: 'メールアドレス' },
      { key: 'company.capitalThousandYen', label: '資本金（千円）', show: num, showRegistry: (v) => num(Math.floor(Number(v) / 1000)) },
    ],
  },
  {
    step: 'representative',
    name: '代表者・担当者',
    fields: [
      { key: 'representative.representativeTitle', label: '代表者役職' },
      { key: 'representative.representativeName', label: '代表者氏名' },
      { key: 'representative.contactName', label: '担当者氏名' },
      { key: 'representative.contactPhone', label: '担当者電話番号' },
    ],
  },
  {
    step: 'offices',
    name: '営業所・受任者',
    fields: [
      {
        key: 'offices.offices',
        label: '営業所',
        show: (v) =>
          Array.isArray(v) && v.length
            ? v.map((o: { name: string; address: string | null; isDelegate: boolean; delegateTitle: string | null; delegateName: string | null }) => `${o.name}（${o.address ?? ''}）${o.isDelegate ? ` 受任者: ${o.delegateTitle ?? ''} ${o.delegateName ?? ''}` : ''}`).join('\n')
            : 'なし',
      },
    ],
  },
  {
    step: 'permits',
    name: '建設業許可',
    fields: [
      {
        key: 'permits.permits',
        label: '許可',
        show: (v) =>
          Array.isArray(v)
            ? v.map((p: { tradeCode: string; grade: string; issuer: string; issuerPrefecture: string | null; permitNumber: string; permitDate: string; expiresOn: string }) => `${p.tradeCode} ${grade(p.grade)} ${p.issuer === 'minister' ? '大臣' : `${p.issuerPrefecture ?? ''}知事`} ${p.permitNumber}（${p.permitDate}～${p.expiresOn}）`).join('\n')
            : '',
      },
    ],
  },
  {
    step: 'keishin',
    name: '経営事項審査',
    fields: [
      { key: 'keishin.baseDate', label: '審査基準日' },
      { key: 'keishin.noticeDate', label: '通知日' },
      { key: 'keishin.x2', label: 'X2', show: num },
      { key: 'keishin.y', label: 'Y', show: num },
      { key: 'keishin.w', label: 'W', show: num },
      { key: 'keishin.scores', label: '業種別 X1・Z', show: (v) => (Array.isArray(v) ? v.map((s: { tradeCode: string; x1: number; z: number }) => `${s.tradeCode}: X1 ${s.x1} / Z ${s.z}`).join('\n') : '') },
    ],
  },
  {
    step: 'staff',
    name: '職員数',
    fields: [
      { key: 'staff.total', label: '総職員数', show: num },
      { key: 'staff.construction', label: '建設業従事者', show: num },
      { key: 'staff.technical', label: '技術職員', show: num },
      { key: 'staff.other', label: 'その他', show: num },
    ],
  },
  {
    step: 'trades',
    name: '希望業種',
    fields: [{ key: 'trades.trades', label: '希望業種', show: (v) => (Array.isArray(v) ? v.map((t: { tradeCode: string; grade: string | null }) => `${t.tradeCode}${t.grade ? `（${grade(t.grade)}）` : ''}`).join('、') : '') }],
  },
  {
    step: 'local',
    name: '地域要件',
    fields: [
      { key: 'local.locality', label: '地域区分', show: (v) => LOCALITY_LABELS[String(v)] ?? String(v ?? '') },
      { key: 'local.neighbourhoodAssociation', label: '自治会' },
      { key: 'local.subjectiveItems', label: '主観点項目', show: (v) => (Array.isArray(v) ? v.join('、') || 'なし' : '') },
    ],
  },
  {
    step: 'declarations',
    name: '誓約',
    fields: [
      { key: 'declarations.noExclusion', label: '欠格事由に該当しない', show: yesNo },
      { key: 'declarations.truthful', label: '記載事項は事実と相違ない', show: yesNo },
      { key: 'declarations.taxPaid', label: '税を完納している', show: yesNo },
    ],
  },
];

/** The value at a dotted path of the form. */
export function valueAt(form: ApplicationForm, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), form);
}

export function showField(def: FieldDef, form: ApplicationForm): string {
  const v = valueAt(form, def.key);
  if (def.show) return def.show(v, form);
  return v === null || v === undefined ? '' : String(v);
}

/** The label of a correction key (a form path or an attachment code). */
export function correctionLabel(c: CorrectionRequest, checklist: Array<{ code: string; name: string }>): string {
  if (c.target === 'attachment') return `添付書類: ${checklist.find((i) => i.code === c.key)?.name ?? c.key}`;
  for (const s of FORM_SECTIONS) {
    if (s.step === c.key) return s.name;
    const f = s.fields.find((x) => x.key === c.key);
    if (f) return `${s.name}: ${f.label}`;
  }
  return c.key;
}
