/**
 * EUC (検索・抽出): the query a clerk builds on screen, shared by the server's compiler and the
 * web's builder. A query names only catalog keys (dataset, field, operator, aggregate); values
 * travel as data and never become SQL.
 */
import { fiscalYearOf, todayInJapan } from '../japanese-date';

export type EucFieldType = 'string' | 'number' | 'date' | 'datetime' | 'code';

export const EUC_OPERATORS = [
  'eq', 'ne', 'contains', 'startsWith', 'between', 'in', 'empty', 'notEmpty', 'thisFiscalYear', 'lastFiscalYear', 'lastNDays',
] as const;
export type EucOperator = (typeof EUC_OPERATORS)[number];

export const EUC_OPERATOR_LABELS: Record<EucOperator, string> = {
  eq: '等しい',
  ne: '等しくない',
  contains: '含む',
  startsWith: 'で始まる',
  between: '範囲',
  in: 'いずれか',
  empty: '空欄',
  notEmpty: '空欄でない',
  thisFiscalYear: '今年度',
  lastFiscalYear: '前年度',
  lastNDays: '直近N日',
};

/** Which operators each field type takes (a number field marked fiscalYear also takes 今年度/前年度). */
export const EUC_OPERATORS_BY_TYPE: Record<EucFieldType, EucOperator[]> = {
  string: ['eq', 'ne', 'contains', 'startsWith', 'in', 'empty', 'notEmpty'],
  code: ['eq', 'ne', 'in', 'empty', 'notEmpty'],
  number: ['eq', 'ne', 'between', 'in', 'empty', 'notEmpty'],
  date: ['eq', 'ne', 'between', 'empty', 'notEmpty', 'thisFiscalYear', 'lastFiscalYear', 'lastNDays'],
  datetime: ['between', 'empty', 'notEmpty', 'thisFiscalYear', 'lastFiscalYear', 'lastNDays'],
};

export function operatorsFor(field: { type: EucFieldType; fiscalYear?: boolean }): EucOperator[] {
  const ops = EUC_OPERATORS_BY_TYPE[field.type];
  return field.type === 'number' && field.fiscalYear ? [...ops, 'thisFiscalYear', 'lastFiscalYear'] : ops;
}

export const EUC_AGGREGATES = ['count', 'sum', 'avg', 'min', 'max'] as const;
export type EucAggregateFn = (typeof EUC_AGGREGATES)[number];
export const EUC_AGGREGATE_LABELS: Record<EucAggregateFn, string> = { count: '件数', sum: '合計', avg: '平均', min: '最小', max: '最大' };

/** count takes no field; sum/avg need numbers; min/max numbers or dates. */
export function aggregateAllowed(fn: EucAggregateFn, type: EucFieldType | null): boolean {
  if (fn === 'count') return true;
  if (type === null) return false;
  if (fn === 'sum' || fn === 'avg') return type === 'number';
  return type === 'number' || type === 'date' || type === 'datetime';
}

export type EucFilterValue = string | number | null | Array<string | number>;

export interface EucFilter {
  field: string;
  op: EucOperator;
  /** eq/ne/contains/startsWith: one value; in: a list; between: [from, to]; lastNDays: N. */
  value?: EucFilterValue;
}

export interface EucSort {
  /** A field key, or in a grouped query a group field or an aggregate key (`sum:amount`, `count`). */
  field: string;
  direction: 'asc' | 'desc';
}

export interface EucAggregate {
  fn: EucAggregateFn;
  field?: string | null;
}

export interface EucQuery {
  dataset: string;
  columns: string[];
  filters: EucFilter[];
  sort: EucSort[];
  groupBy?: { fields: string[]; aggregates: EucAggregate[] } | null;
}

export const EUC_LIMITS = { columns: 40, filters: 20, inValues: 200, sort: 5, groupFields: 3, aggregates: 10, text: 200 } as const;

/** The key a grouped result uses for an aggregate column: `count`, `sum:amount`. */
export function aggregateKey(a: EucAggregate): string {
  return a.fn === 'count' ? 'count' : `${a.fn}:${a.field}`;
}

export const EUC_SHARING = ['private', 'department', 'all'] as const;
export type EucSharing = (typeof EUC_SHARING)[number];
export const EUC_SHARING_LABELS: Record<EucSharing, string> = { private: '自分のみ', department: '所属部署に共有', all: '全員に共有' };

export const EUC_SCHEDULES = ['daily', 'weekly', 'monthly'] as const;
export type EucSchedule = (typeof EUC_SCHEDULES)[number];
export const EUC_SCHEDULE_LABELS: Record<EucSchedule, string> = { daily: '毎日', weekly: '毎週月曜日', monthly: '毎月1日' };

/** A calendar-day range, both ends inclusive (YYYY-MM-DD). */
export interface DayRange {
  from: string;
  to: string;
}

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return t.toISOString().slice(0, 10);
}

export function nextDay(day: string): string {
  return addDays(day, 1);
}

export function fiscalYearRange(fy: number): DayRange {
  return { from: `${fy}-04-01`, to: `${fy + 1}-03-31` };
}

/**
 * 今年度 / 前年度 / 直近N日 as days, evaluated in Japan when the query runs (a saved query for
 * 今年度 moves on by itself in April). 直近N日 is the N days ending today.
 */
export function relativeDayRange(op: 'thisFiscalYear' | 'lastFiscalYear' | 'lastNDays', n: number | null, now: Date = new Date()): DayRange {
  const today = todayInJapan(now);
  if (op === 'lastNDays') return { from: addDays(today, -((n ?? 1) - 1)), to: today };
  const fy = fiscalYearOf(today)!;
  return fiscalYearRange(op === 'thisFiscalYear' ? fy : fy - 1);
}

/** The fiscal year (年度 number) a relative operator means on a fiscal-year number field. */
export function relativeFiscalYear(op: 'thisFiscalYear' | 'lastFiscalYear', now: Date = new Date()): number {
  const fy = fiscalYearOf(todayInJapan(now))!;
  return op === 'thisFiscalYear' ? fy : fy - 1;
}

/** What the catalog endpoint returns for one field. */
export interface EucFieldInfo {
  key: string;
  label: string;
  type: EucFieldType;
  /** Code fields: code → Japanese label. */
  codes?: Array<{ code: string; label: string }>;
  fiscalYear?: boolean;
  operators: EucOperator[];
  /** A field masked for this user (e.g. 予定価格 before opening): shown empty where hidden. */
  masked?: boolean;
  /** Which part of the row it comes from (the dataset itself or a join), for grouping in pickers. */
  group: string;
}

export interface EucDatasetInfo {
  key: string;
  label: string;
  description: string;
  fields: EucFieldInfo[];
  defaultColumns: string[];
  /** How the rows are limited for this user, in Japanese. */
  scope: string;
}

export interface EucResultColumn {
  key: string;
  label: string;
  type: EucFieldType;
}

export interface EucResult {
  columns: EucResultColumn[];
  rows: Array<Record<string, unknown>>;
  total: number;
  /** The result had more rows than the row limit: only the first `rowLimit` are shown. */
  truncated: boolean;
  rowLimit: number;
}
