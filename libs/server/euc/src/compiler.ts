import { Brackets, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import {
  aggregateAllowed, aggregateKey, EUC_AGGREGATE_LABELS, EUC_AGGREGATES, EUC_LIMITS, EUC_OPERATOR_LABELS, EucAggregate, EucFieldType, EucFilter, EucOperator, EucQuery,
  EucResultColumn, EucSort, nextDay, operatorsFor, relativeDayRange, relativeFiscalYear,
} from '@keiyaku/domain';
import type { AuthUser } from '@keiyaku/server/auth';
import { badRequest, escapeLike } from '@keiyaku/server/core';
import { CatalogDataset, CatalogField, datasetByKey, EVALUATION_SCORES_VISIBLE, mayReadDataset, seesDraftScores, seesTenderPrices, TENDER_PRICES_VISIBLE } from './catalog';

/**
 * Turns a query (keys picked from the catalog, values as data) into a TypeORM query builder.
 * Safety: every identifier and expression in the SQL comes from the catalog or from this file;
 * user values only ever reach the database as bound parameters; result columns get generated
 * aliases (c0, c1, …), never a name from the request.
 */

/** A query that passed every check: fields resolved against the catalog. */
export interface CheckedQuery {
  dataset: CatalogDataset;
  columns: CatalogField[];
  filters: Array<{ field: CatalogField; op: EucOperator; value: unknown }>;
  sort: Array<{ key: string; direction: 'ASC' | 'DESC' }>;
  group: { fields: CatalogField[]; aggregates: Array<{ fn: EucAggregate['fn']; field: CatalogField | null; key: string }> } | null;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = DATE.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** The fields this user may see in the dataset (all of them today; secret ones are masked, not removed). */
export function visibleFields(d: CatalogDataset): CatalogField[] {
  return d.fields;
}

export function fieldOf(d: CatalogDataset, key: unknown, where: string): CatalogField {
  const field = typeof key === 'string' ? d.fields.find((x) => x.key === key) : undefined;
  if (!field) throw badRequest(where, `${where === 'columns' ? '表示する項目' : where === 'sort' ? '並び順の項目' : where === 'groupBy' ? '集計の単位' : '項目'}「${String(key).slice(0, 40)}」は「${d.label}」にありません。`);
  return field;
}

/** One filter value checked against the field's type; returns what is bound as a parameter. */
function scalar(field: CatalogField, v: unknown, where: string): string | number {
  const label = field.label;
  switch (field.type) {
    case 'number': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
      if (!Number.isFinite(n)) throw badRequest(where, `条件「${label}」は数値で指定してください。`);
      return n;
    }
    case 'date':
    case 'datetime':
      if (!validDate(v)) throw badRequest(where, `条件「${label}」は日付（YYYY-MM-DD）で指定してください。`);
      return v;
    case 'code':
      if (typeof v !== 'string' || !field.codes || !Object.prototype.hasOwnProperty.call(field.codes, v)) throw badRequest(where, `条件「${label}」の値「${String(v).slice(0, 40)}」は選択肢にありません。`);
      return v;
    default:
      if (typeof v !== 'string' && typeof v !== 'number') throw badRequest(where, `条件「${label}」の値を入力してください。`);
      if (String(v).length > EUC_LIMITS.text) throw badRequest(where, `条件「${label}」は${EUC_LIMITS.text}文字以内で入力してください。`);
      return String(v);
  }
}

function checkFilter(d: CatalogDataset, raw: EucFilter, i: number) {
  const where = `filters[${i}]`;
  if (!isPlainObject(raw)) throw badRequest(where, `条件${i + 1}の形式が正しくありません。`);
  const field = fieldOf(d, raw.field, where);
  const op = raw.op as EucOperator;
  if (!operatorsFor(field).includes(op)) {
    throw badRequest(where, `条件「${field.label}」には「${EUC_OPERATOR_LABELS[op] ?? String(op).slice(0, 20)}」は使えません。`);
  }
  const v = raw.value;
  switch (op) {
    case 'empty':
    case 'notEmpty':
    case 'thisFiscalYear':
    case 'lastFiscalYear':
      return { field, op, value: null };
    case 'lastNDays': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
      if (!Number.isInteger(n) || n < 1 || n > 3660) throw badRequest(where, `条件「${field.label}」の日数は1〜3660の整数で指定してください。`);
      return { field, op, value: n };
    }
    case 'between': {
      if (!Array.isArray(v) || v.length !== 2) throw badRequest(where, `条件「${field.label}」の範囲は［開始, 終了］で指定してください。`);
      const [a, b] = v.map((x) => (x === null || x === '' ? null : scalar(field, x, where)));
      if (a === null && b === null) throw badRequest(where, `条件「${field.label}」の範囲の開始か終了を入力してください。`);
      if (a !== null && b !== null && a > b) throw badRequest(where, `条件「${field.label}」の範囲は開始を終了より前にしてください。`);
      return { field, op, value: [a, b] };
    }
    case 'in': {
      if (!Array.isArray(v) || !v.length) throw badRequest(where, `条件「${field.label}」の値を1つ以上指定してください。`);
      if (v.length > EUC_LIMITS.inValues) throw badRequest(where, `条件「${field.label}」の値は${EUC_LIMITS.inValues}件以内で指定してください。`);
      return { field, op, value: [...new Set(v.map((x) => scalar(field, x, where)))] };
    }
    default:
      if (v === null || v === undefined || v === '') throw badRequest(where, `条件「${field.label}」の値を入力してください。`);
      return { field, op, value: scalar(field, v, where) };
  }
}

/** Checks a query against the catalog and the user's permissions; every problem is a 400 naming the part. */
export function checkQuery(raw: EucQuery, user: AuthUser): CheckedQuery {
  if (!isPlainObject(raw)) throw badRequest('query', '検索条件の形式が正しくありません。');
  const dataset = datasetByKey(raw.dataset);
  if (!dataset) throw badRequest('dataset', `データの種類「${String(raw.dataset).slice(0, 40)}」はありません。`);
  if (!mayReadDataset(user, dataset)) throw badRequest('dataset', `「${dataset.label}」を検索する権限がありません。`);

  const list = <T>(v: T[] | null | undefined, where: string, max: number, what: string): T[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw badRequest(where, `${what}は一覧で指定してください。`);
    if (v.length > max) throw badRequest(where, `${what}は${max}件以内で指定してください。`);
    return v;
  };

  const groupRaw = raw.groupBy;
  let group: CheckedQuery['group'] = null;
  if (groupRaw !== undefined && groupRaw !== null) {
    if (!isPlainObject(groupRaw)) throw badRequest('groupBy', '集計の指定の形式が正しくありません。');
    const fields = list(groupRaw.fields, 'groupBy', EUC_LIMITS.groupFields, '集計の単位').map((k) => fieldOf(dataset, k, 'groupBy'));
    const aggregates = list(groupRaw.aggregates, 'aggregates', EUC_LIMITS.aggregates, '集計値').map((a, i) => {
      const where = `aggregates[${i}]`;
      if (!isPlainObject(a) || !(EUC_AGGREGATES as readonly string[]).includes(a.fn as string)) throw badRequest(where, `集計値${i + 1}の種類は件数・合計・平均・最小・最大のいずれかです。`);
      const fn = a.fn as EucAggregate['fn'];
      const field = fn === 'count' ? null : fieldOf(dataset, a.field, where);
      if (!aggregateAllowed(fn, field?.type ?? null)) throw badRequest(where, `「${field?.label}」の${EUC_AGGREGATE_LABELS[fn]}は求められません。`);
      return { fn, field, key: aggregateKey({ fn, field: field?.key }) };
    });
    if (!fields.length && !aggregates.length) throw badRequest('groupBy', '集計の単位か集計値を1つ以上指定してください。');
    if (!aggregates.length) aggregates.push({ fn: 'count', field: null, key: 'count' });
    group = { fields: [...new Map(fields.map((x) => [x.key, x])).values()], aggregates: [...new Map(aggregates.map((a) => [a.key, a])).values()] };
  }

  const columns = group ? [] : [...new Set(list(raw.columns, 'columns', EUC_LIMITS.columns, '表示する項目'))].map((k) => fieldOf(dataset, k, 'columns'));
  if (!group && !columns.length) throw badRequest('columns', '表示する項目を1つ以上選んでください。');
  const filters = list(raw.filters, 'filters', EUC_LIMITS.filters, '条件').map((x, i) => checkFilter(dataset, x, i));
  const sortKeys = new Set(group ? [...group.fields.map((x) => x.key), ...group.aggregates.map((a) => a.key)] : dataset.fields.map((x) => x.key));
  const sort = list(raw.sort, 'sort', EUC_LIMITS.sort, '並び順').map((s: EucSort, i) => {
    if (!isPlainObject(s) || typeof s.field !== 'string' || !sortKeys.has(s.field)) {
      throw badRequest(`sort[${i}]`, `並び順の項目「${String((s as any)?.field).slice(0, 40)}」は${group ? '集計の単位か集計値から' : '項目から'}選んでください。`);
    }
    if (s.direction !== 'asc' && s.direction !== 'desc') throw badRequest(`sort[${i}]`, '並び順は昇順（asc）か降順（desc）で指定してください。');
    return { key: s.field, direction: s.direction === 'desc' ? ('DESC' as const) : ('ASC' as const) };
  });
  return { dataset, columns, filters, sort, group };
}

/** The SQL expression of a field for this user: a secret price is NULL wherever it is still secret. */
export function fieldExpr(field: CatalogField, user: AuthUser): string {
  if (field.secret === 'tenderPrice' && !seesTenderPrices(user)) return `CASE WHEN ${TENDER_PRICES_VISIBLE} THEN ${field.expr} ELSE NULL END`;
  if (field.secret === 'evaluationScore' && !seesDraftScores(user)) return `CASE WHEN ${EVALUATION_SCORES_VISIBLE} THEN ${field.expr} ELSE NULL END`;
  return field.expr;
}

/** A business day as the instant it starts in Japan (for timestamp columns). */
function japanDayStart(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) - 9 * 3_600_000);
}

class Params {
  private n = 0;
  next(): string {
    return `euc${this.n++}`;
  }
}

function applyFilter(w: WhereExpressionBuilder, f: CheckedQuery['filters'][number], user: AuthUser, p: Params, now: Date): void {
  const expr = fieldExpr(f.field, user);
  const type: EucFieldType = f.field.type;
  // Days are compared as text (YYYY-MM-DD) on date columns and as instants on timestamps.
  const bound = (day: string) => (type === 'datetime' ? japanDayStart(day) : day);
  const range = (from: string | null, to: string | null) => {
    if (from !== null) {
      const a = p.next();
      w.andWhere(`${expr} >= :${a}`, { [a]: bound(from) });
    }
    if (to !== null) {
      const b = p.next();
      if (type === 'datetime') w.andWhere(`${expr} < :${b}`, { [b]: japanDayStart(nextDay(to)) });
      else w.andWhere(`${expr} <= :${b}`, { [b]: to });
    }
  };
  const name = p.next();
  switch (f.op) {
    case 'empty':
      return void w.andWhere(`${expr} IS NULL`);
    case 'notEmpty':
      return void w.andWhere(`${expr} IS NOT NULL`);
    case 'eq':
      return void w.andWhere(`${expr} = :${name}`, { [name]: f.value });
    case 'ne':
      // "Not equal" keeps the rows with no value, as a clerk reading the list would expect.
      return void w.andWhere(new Brackets((b) => b.where(`${expr} <> :${name}`, { [name]: f.value }).orWhere(`${expr} IS NULL`)));
    case 'contains':
    case 'startsWith': {
      const text = escapeLike(String(f.value).toLowerCase());
      return void w.andWhere(`LOWER(${expr}) LIKE :${name} ESCAPE '\\'`, { [name]: f.op === 'contains' ? `%${text}%` : `${text}%` });
    }
    case 'in':
      return void w.andWhere(`${expr} IN (:...${name})`, { [name]: f.value });
    case 'between': {
      const [a, b] = f.value as Array<string | number | null>;
      if (type === 'number') {
        if (a !== null) w.andWhere(`${expr} >= :${name}`, { [name]: a });
        if (b !== null) {
          const c = p.next();
          w.andWhere(`${expr} <= :${c}`, { [c]: b });
        }
        return;
      }
      return range(a as string | null, b as string | null);
    }
    case 'thisFiscalYear':
    case 'lastFiscalYear':
      if (type === 'number') return void w.andWhere(`${expr} = :${name}`, { [name]: relativeFiscalYear(f.op, now) });
      return void range(relativeDayRange(f.op, null, now).from, relativeDayRange(f.op, null, now).to);
    case 'lastNDays': {
      const r = relativeDayRange('lastNDays', f.value as number, now);
      return range(r.from, r.to);
    }
  }
}

export interface CompiledQuery {
  checked: CheckedQuery;
  /** Scope and filters, nothing selected yet (for counting). */
  base: SelectQueryBuilder<any>;
  /** The rows (or groups), selected under generated aliases and ordered totally. */
  select: SelectQueryBuilder<any>;
  columns: Array<EucResultColumn & { alias: string; codes?: Record<string, string> }>;
  grouped: boolean;
}

/** Builds the query on a fresh builder for the dataset's entity (`qbFor(entity, alias)`). */
export function compile(
  checked: CheckedQuery,
  user: AuthUser,
  qbFor: (entity: Function, alias: string) => SelectQueryBuilder<any>,
  now: Date = new Date(),
): CompiledQuery {
  const d = checked.dataset;
  const qb = qbFor(d.entity, d.alias);
  for (const j of d.joins) qb.leftJoin(j.entity, j.alias, j.on);
  d.scope(qb, user);
  const p = new Params();
  for (const f of checked.filters) qb.andWhere(new Brackets((w) => applyFilter(w, f, user, p, now)));
  const base = qb.clone();

  const select = qb.clone().select([]);
  const columns: CompiledQuery['columns'] = [];
  if (!checked.group) {
    checked.columns.forEach((c, i) => {
      const alias = `c${i}`;
      select.addSelect(fieldExpr(c, user), alias);
      columns.push({ key: c.key, label: c.label, type: c.type, alias, codes: c.codes });
    });
    for (const s of checked.sort) select.addOrderBy(fieldExpr(d.fields.find((x) => x.key === s.key)!, user), s.direction, 'NULLS LAST');
    select.addOrderBy(d.tieBreaker, 'ASC');
  } else {
    const exprs = new Map<string, string>();
    checked.group.fields.forEach((g, i) => {
      const alias = `c${i}`;
      const expr = fieldExpr(g, user);
      select.addSelect(expr, alias).addGroupBy(expr);
      exprs.set(g.key, expr);
      columns.push({ key: g.key, label: g.label, type: g.type, alias, codes: g.codes });
    });
    checked.group.aggregates.forEach((a, i) => {
      const alias = `a${i}`;
      const expr = a.fn === 'count' ? 'COUNT(*)' : `${a.fn.toUpperCase()}(${fieldExpr(a.field!, user)})`;
      select.addSelect(expr, alias);
      exprs.set(a.key, expr);
      const type: EucFieldType = a.fn === 'count' || a.fn === 'sum' || a.fn === 'avg' ? 'number' : a.field!.type;
      columns.push({ key: a.key, label: a.fn === 'count' ? '件数' : `${a.field!.label}（${EUC_AGGREGATE_LABELS[a.fn]}）`, type, alias });
    });
    const sorted = checked.sort.length ? checked.sort : checked.group.fields.map((g) => ({ key: g.key, direction: 'ASC' as const }));
    for (const s of sorted) select.addOrderBy(exprs.get(s.key)!, s.direction, 'NULLS LAST');
    // The group fields make the order total.
    for (const g of checked.group.fields) if (!sorted.some((s) => s.key === g.key)) select.addOrderBy(exprs.get(g.key)!, 'ASC', 'NULLS LAST');
  }
  return { checked, base, select, columns, grouped: !!checked.group };
}

function dayOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  // node-postgres reads a DATE as local midnight: the local calendar fields are the day.
  if (v instanceof Date) return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return String(v).slice(0, 10);
}

function instantOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  // SQLite keeps timestamps as UTC text without a zone.
  const s = String(v);
  return /Z|[+-]\d\d:?\d\d$/.test(s) ? new Date(s).toISOString() : new Date(`${s.replace(' ', 'T')}Z`).toISOString();
}

/** A raw database row → `{ fieldKey: value }` with numbers as numbers and days as YYYY-MM-DD. */
export function decodeRow(columns: CompiledQuery['columns'], raw: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const c of columns) {
    // Oracle returns unquoted aliases in upper case.
    const v = raw[c.alias] ?? raw[c.alias.toUpperCase()] ?? null;
    switch (c.type) {
      case 'number':
        row[c.key] = v === null ? null : Number(v);
        break;
      case 'date':
        row[c.key] = dayOf(v);
        break;
      case 'datetime':
        row[c.key] = instantOf(v);
        break;
      default:
        row[c.key] = v === null ? null : String(v);
    }
  }
  return row;
}

/** The Japanese label of a code value (for files and charts); the raw code where unknown. */
export function displayValue(column: { type: EucFieldType; codes?: Record<string, string> }, v: unknown): unknown {
  if (column.type === 'code' && typeof v === 'string') return column.codes?.[v] ?? v;
  return v;
}

/** The query in Japanese for the audit trail. */
export function describeQuery(c: CheckedQuery): string {
  const parts = [`データ: ${c.dataset.label}`];
  if (c.group) {
    parts.push(`集計: ${c.group.fields.map((g) => g.label).join('・') || '全体'} ごとの ${c.group.aggregates.map((a) => (a.field ? `${a.field.label}の${EUC_AGGREGATE_LABELS[a.fn]}` : '件数')).join('・')}`);
  } else parts.push(`項目: ${c.columns.map((x) => x.label).join('・')}`);
  for (const f of c.filters) {
    const v = f.value === null ? '' : ` ${Array.isArray(f.value) ? f.value.map((x) => (x === null ? '' : String(x))).join(f.op === 'between' ? '〜' : '、') : String(f.value)}`;
    parts.push(`条件: ${f.field.label} ${EUC_OPERATOR_LABELS[f.op]}${v}`.slice(0, 300));
  }
  return parts.join(' / ').slice(0, 1800);
}
