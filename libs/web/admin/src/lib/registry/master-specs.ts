import { MasterName } from './registry.models';

export type FieldKind = 'text' | 'integer' | 'date' | 'toggle';

/** One input of a master dialog; the limits are the server DTO's. */
export interface MasterField {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  maxLength?: number;
  pattern?: RegExp;
  /** Said instead of the generic "使用できない文字" when the pattern fails. */
  patternMessage?: string;
  min?: number;
  max?: number;
  /** Part of the natural key (category + code): fixed once registered, since other data refers to it. */
  naturalKey?: boolean;
  /** Only offered when editing (a new row starts active). */
  editOnly?: boolean;
  /** Shares a line with the next half field. */
  half?: boolean;
  hint?: string;
  initial?: unknown;
  /** An integer that may be cleared: sent as null when empty (otherwise left out). */
  nullable?: boolean;
}

export type ColumnKind = 'text' | 'number' | 'points' | 'date' | 'flag';

export interface MasterColumn {
  name: string;
  header: string;
  kind: ColumnKind;
}

export interface MasterSpec {
  master: Exclude<MasterName, 'ranking-rules'>;
  /** 業種, 有効期間, 主観点項目 */
  label: string;
  fields: MasterField[];
  columns: MasterColumn[];
  /** Rows can be switched off (kept for history, no longer offered). */
  hasActive: boolean;
  /** Checks across fields, in the server's terms; field name and message, or null. */
  check?: (values: Record<string, unknown>) => { field: string; message: string } | null;
}

const CODE_MESSAGE = '半角英数字で入力してください。';
const CODE_HYPHEN_MESSAGE = '半角英数字とハイフンで入力してください。';

export const TRADE_SPEC: MasterSpec = {
  master: 'trades',
  label: '業種',
  hasActive: true,
  fields: [
    { name: 'code', label: 'コード', kind: 'text', required: true, maxLength: 10, pattern: /^[A-Za-z0-9]+$/, patternMessage: CODE_MESSAGE, naturalKey: true, half: true, hint: '例: 010' },
    { name: 'sortOrder', label: '表示順', kind: 'integer', min: 0, half: true },
    { name: 'name', label: '名称', kind: 'text', required: true, maxLength: 50, hint: '例: 土木一式工事' },
    { name: 'shortName', label: '略称', kind: 'text', required: true, maxLength: 20, hint: '一覧や帳票で使う短い名前（例: 土木）' },
    { name: 'ranked', label: '格付対象（等級を付ける業種）', kind: 'toggle', initial: false },
    { name: 'active', label: '有効（オフにすると申請や検索の選択肢に表示されなくなります）', kind: 'toggle', editOnly: true, initial: true },
  ],
  columns: [
    { name: 'code', header: 'コード', kind: 'text' },
    { name: 'name', header: '名称', kind: 'text' },
    { name: 'shortName', header: '略称', kind: 'text' },
    { name: 'ranked', header: '格付対象', kind: 'flag' },
    { name: 'sortOrder', header: '表示順', kind: 'number' },
  ],
};

export const TERM_SPEC: MasterSpec = {
  master: 'terms',
  label: '有効期間',
  hasActive: false,
  fields: [
    { name: 'code', label: 'コード', kind: 'text', required: true, maxLength: 20, pattern: /^[A-Za-z0-9-]+$/, patternMessage: CODE_HYPHEN_MESSAGE, naturalKey: true, half: true, hint: '例: R9-10' },
    { name: 'name', label: '名称', kind: 'text', required: true, maxLength: 20, half: true, hint: '例: 令和9・10年度' },
    { name: 'validFrom', label: '開始日', kind: 'date', required: true, half: true },
    { name: 'validTo', label: '終了日', kind: 'date', required: true, half: true },
  ],
  columns: [
    { name: 'code', header: 'コード', kind: 'text' },
    { name: 'name', header: '名称', kind: 'text' },
    { name: 'validFrom', header: '開始日', kind: 'date' },
    { name: 'validTo', header: '終了日', kind: 'date' },
  ],
  // The server refuses an end before the start (the same day is allowed).
  check: (v) => (v['validFrom'] && v['validTo'] && String(v['validTo']) < String(v['validFrom']) ? { field: 'validTo', message: '終了日は開始日以降の日付にしてください。' } : null),
};

export const SUBJECTIVE_ITEM_SPEC: MasterSpec = {
  master: 'subjective-items',
  label: '主観点項目',
  hasActive: true,
  fields: [
    { name: 'code', label: 'コード', kind: 'text', required: true, maxLength: 20, pattern: /^[A-Za-z0-9-]+$/, patternMessage: CODE_HYPHEN_MESSAGE, naturalKey: true, half: true, hint: '例: ISO9001' },
    { name: 'sortOrder', label: '表示順', kind: 'integer', min: 0, half: true },
    { name: 'name', label: '名称', kind: 'text', required: true, maxLength: 50 },
    { name: 'points', label: '点数', kind: 'integer', required: true, min: -1000, max: 1000, half: true, hint: '減点はマイナスで入力します。' },
    { name: 'ratingMin', label: '工事成績の平均（以上）', kind: 'integer', min: 0, max: 100, half: true, nullable: true, hint: '工事成績評定の平均点で提案する項目のみ' },
    { name: 'ratingMax', label: '工事成績の平均（未満）', kind: 'integer', min: 0, max: 100, half: true, nullable: true, hint: '例: 75以上80未満' },
    { name: 'active', label: '有効（オフにすると新しい審査で選べなくなります）', kind: 'toggle', editOnly: true, initial: true },
  ],
  columns: [
    { name: 'code', header: 'コード', kind: 'text' },
    { name: 'name', header: '名称', kind: 'text' },
    { name: 'points', header: '点数', kind: 'points' },
    { name: 'sortOrder', header: '表示順', kind: 'number' },
  ],
};
