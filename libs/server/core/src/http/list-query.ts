import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Brackets, ObjectLiteral, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import { ListResult, normalizeForSearch, parseSort } from '@keiyaku/domain';
import { badRequest } from './app-exception';
import { Label } from './validation';

export const LIST_FORMATS = ['json', 'xlsx', 'csv'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];
export const LIST_ENCODINGS = ['utf8', 'sjis'] as const;
export type ListEncoding = (typeof LIST_ENCODINGS)[number];

/**
 * offset, limit, sort, q and filter: what every list endpoint takes; format, encoding and
 * columns turn the same filtered, sorted list into a whole-list file (see ListDescription).
 */
export class ListQueryDto {
  @ApiPropertyOptional() @Label('開始位置') @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
  @ApiPropertyOptional() @Label('件数') @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ description: 'field:asc,field2:desc' }) @Label('並び順') @IsOptional() @IsString() @MaxLength(300) sort?: string;
  @ApiPropertyOptional({ description: 'free text (width- and kana-insensitive)' }) @Label('検索語') @IsOptional() @IsString() @MaxLength(200) q?: string;
  @ApiPropertyOptional({ description: "JSON of AG Grid's filter model" }) @Label('絞り込み条件') @IsOptional() @IsString() @MaxLength(8000) filter?: string;
  @ApiPropertyOptional({ enum: LIST_FORMATS, description: 'json (one page) or the whole list as xlsx / csv' })
  @Label('出力形式') @IsOptional() @IsIn(LIST_FORMATS) format?: ListFormat;
  @ApiPropertyOptional({ enum: LIST_ENCODINGS, description: 'CSV only: utf8 (with BOM) or sjis (Shift_JIS/CP932)' })
  @Label('文字コード') @IsOptional() @IsIn(LIST_ENCODINGS) encoding?: ListEncoding;
  @ApiPropertyOptional({ description: "comma-separated field keys in the grid's order (default: all)" })
  @Label('出力する列') @IsOptional() @IsString() @MaxLength(1000) columns?: string;
}

export type FieldType = 'text' | 'number' | 'date' | 'boolean';

export interface ListField {
  /** SQL expression over the query builder's aliases, e.g. `u.loginId` or `d.code`. */
  expr: string;
  type: FieldType;
  label: string;
}

export interface ListSpec {
  fields: Record<string, ListField>;
  /** A column holding normalizeForSearch() of the searchable fields. */
  searchExpr?: string;
  /** Extra expressions searched with a plain case-insensitive LIKE (codes, ids). */
  searchPlain?: string[];
  defaultSort: string;
  /** The unique column that makes the order total, so pages never overlap. */
  tieBreaker: string;
}

let paramSeq = 0;
const p = () => `lq${(paramSeq = (paramSeq + 1) % 1_000_000)}`;

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

interface Condition {
  filterType?: string;
  type?: string;
  filter?: unknown;
  filterTo?: unknown;
  dateFrom?: string | null;
  dateTo?: string | null;
  operator?: 'AND' | 'OR';
  conditions?: Condition[];
  values?: unknown[];
}

function applyCondition(w: WhereExpressionBuilder, key: string, field: ListField, c: Condition): void {
  const { expr, type: fieldType } = field;
  const op = c.type ?? 'equals';
  if (op === 'blank') return void w.andWhere(`${expr} IS NULL`);
  if (op === 'notBlank') return void w.andWhere(`${expr} IS NOT NULL`);
  if (fieldType === 'text') {
    const raw = c.filter;
    if (typeof raw !== 'string' && typeof raw !== 'number') throw badRequest('filter', `絞り込み条件（${field.label}）の値が正しくありません。`);
    const v = String(raw).toLowerCase();
    const name = p();
    const like = (pattern: string, not = false) =>
      w.andWhere(`LOWER(${expr}) ${not ? 'NOT ' : ''}LIKE :${name} ESCAPE '\\'`, { [name]: pattern });
    switch (op) {
      case 'contains': return void like(`%${escapeLike(v)}%`);
      case 'notContains': return void like(`%${escapeLike(v)}%`, true);
      case 'startsWith': return void like(`${escapeLike(v)}%`);
      case 'endsWith': return void like(`%${escapeLike(v)}`);
      case 'equals': return void w.andWhere(`LOWER(${expr}) = :${name}`, { [name]: v });
      case 'notEqual': return void w.andWhere(`LOWER(${expr}) <> :${name}`, { [name]: v });
    }
  } else if (fieldType === 'boolean') {
    const v = c.filter === true || c.filter === 'true' || c.filter === 1 || c.filter === '1';
    const name = p();
    return void w.andWhere(`${expr} = :${name}`, { [name]: v });
  } else {
    const parse = (value: unknown): number | Date => {
      if (fieldType === 'number') {
        const n = Number(value);
        if (value === null || value === '' || !Number.isFinite(n)) throw badRequest('filter', `絞り込み条件（${field.label}）は数値で指定してください。`);
        return n;
      }
      const d = new Date(String(value).replace(' ', 'T').replace(/T00:00:00$/, ''));
      if (isNaN(d.getTime())) throw badRequest('filter', `絞り込み条件（${field.label}）は日付で指定してください。`);
      return d;
    };
    const from = parse(fieldType === 'date' ? c.dateFrom : c.filter);
    const a = p();
    const cmp = (sql: string, params: Record<string, unknown>) => w.andWhere(sql, params);
    if (fieldType === 'date' && op === 'equals') {
      // A date filter means the whole calendar day.
      const b = p();
      const next = new Date((from as Date).getTime() + 86_400_000);
      return void cmp(`${expr} >= :${a} AND ${expr} < :${b}`, { [a]: from, [b]: next });
    }
    switch (op) {
      case 'equals': return void cmp(`${expr} = :${a}`, { [a]: from });
      case 'notEqual': return void cmp(`${expr} <> :${a}`, { [a]: from });
      case 'lessThan': return void cmp(`${expr} < :${a}`, { [a]: from });
      case 'lessThanOrEqual': return void cmp(`${expr} <= :${a}`, { [a]: from });
      case 'greaterThan': return void cmp(`${expr} > :${a}`, { [a]: from });
      case 'greaterThanOrEqual': return void cmp(`${expr} >= :${a}`, { [a]: from });
      case 'inRange': {
        const to = parse(fieldType === 'date' ? c.dateTo : c.filterTo);
        const b = p();
        return void cmp(`${expr} >= :${a} AND ${expr} <= :${b}`, { [a]: from, [b]: to });
      }
    }
  }
  throw badRequest('filter', `絞り込み条件（${field.label}）の種類「${op}」は使えません。`);
}

/** Applies AG Grid's filter model (single or combined conditions) over whitelisted fields only. */
export function applyFilterModel(qb: SelectQueryBuilder<any>, spec: ListSpec, filter: string | null | undefined): void {
  if (!filter) return;
  let model: Record<string, Condition>;
  try {
    model = JSON.parse(filter);
  } catch {
    throw badRequest('filter', '絞り込み条件の形式が正しくありません。');
  }
  if (!model || typeof model !== 'object' || Array.isArray(model)) throw badRequest('filter', '絞り込み条件の形式が正しくありません。');
  for (const [key, condition] of Object.entries(model)) {
    const field = spec.fields[key];
    if (!field) throw badRequest('filter', `項目「${key}」では絞り込みできません。`);
    if (!condition || typeof condition !== 'object') throw badRequest('filter', `絞り込み条件（${field.label}）の形式が正しくありません。`);
    if (Array.isArray(condition.conditions)) {
      const conditions = condition.conditions.slice(0, 5);
      const joiner = condition.operator === 'OR' ? 'orWhere' : 'andWhere';
      qb.andWhere(
        new Brackets((outer) => {
          conditions.forEach((c, i) => {
            const bracket = new Brackets((inner) => applyCondition(inner, key, field, c));
            if (i === 0) outer.where(bracket);
            else outer[joiner](bracket);
          });
        }),
      );
    } else {
      qb.andWhere(new Brackets((w) => applyCondition(w, key, field, condition)));
    }
  }
}

export function applySearch(qb: SelectQueryBuilder<any>, spec: ListSpec, q: string | null | undefined): void {
  const words = (q ?? '').split(/[\s\u3000]+/).map(normalizeForSearch).filter(Boolean).slice(0, 5);
  for (const word of words) {
    const name = p();
    const pattern = `%${escapeLike(word)}%`;
    qb.andWhere(
      new Brackets((w) => {
        const exprs = [...(spec.searchExpr ? [spec.searchExpr] : []), ...(spec.searchPlain ?? []).map((e) => `LOWER(${e})`)];
        exprs.forEach((e, i) => w[i === 0 ? 'where' : 'orWhere'](`${e} LIKE :${name} ESCAPE '\\'`, { [name]: pattern }));
      }),
    );
  }
}

export function applySort(qb: SelectQueryBuilder<any>, spec: ListSpec, sort: string | null | undefined): void {
  const keys = parseSort(sort || spec.defaultSort);
  keys.forEach((k, i) => {
    const field = spec.fields[k.field];
    if (!field) throw badRequest('sort', `項目「${k.field}」では並べ替えできません。`);
    const direction = k.direction === 'desc' ? 'DESC' : 'ASC';
    if (i === 0) qb.orderBy(field.expr, direction);
    else qb.addOrderBy(field.expr, direction);
  });
  // TypeORM keys orderings by expression: adding the tie-breaker again would undo a sort on it.
  // It runs the way the first key does, so an index ending in the id serves the whole ORDER BY
  // (PostgreSQL otherwise picks a plan that skips 200,000 rows: docs/benchmarks.md, P1).
  const tieDirection = keys[0]?.direction === 'desc' ? 'DESC' : 'ASC';
  if (!keys.some((k) => spec.fields[k.field]?.expr === spec.tieBreaker)) qb.addOrderBy(spec.tieBreaker, tieDirection);
}

/**
 * The list's total. When no join multiplies rows, COUNT(*) without the LEFT JOINs no condition
 * refers to: TypeORM's getCount() keeps every join and counts DISTINCT ids, which at a million
 * contracts costs seconds (docs/benchmarks.md, P1).
 */
export async function listTotal<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<number> {
  const count = qb.clone().orderBy();
  if (count.expressionMap.joinAttributes.some((j) => j.isMany)) return count.getCount();
  const conditions = count.expressionMap.wheres.map((w) => w.condition);
  // A Brackets condition (the search) cannot be read here: its joins stay.
  if (conditions.every((c) => typeof c === 'string')) {
    const text = conditions.join(' ');
    count.expressionMap.joinAttributes = count.expressionMap.joinAttributes.filter(
      (j) => j.direction !== 'LEFT' || new RegExp(`(^|[^\\w])${j.alias.name}\\.`).test(text),
    );
  }
  const row = await count.select('COUNT(*)', 'cnt').getRawOne<Record<string, unknown>>();
  return Number(row?.cnt ?? row?.CNT ?? 0);
}

/** One page of a list: filter, search, sort, then count and fetch. */
export async function listPage<T extends ObjectLiteral, R = T>(
  qb: SelectQueryBuilder<T>,
  query: ListQueryDto,
  spec: ListSpec,
  map?: (row: T) => R,
): Promise<ListResult<R>> {
  applyFilterModel(qb, spec, query.filter);
  applySearch(qb, spec, query.q);
  const total = await listTotal(qb);
  applySort(qb, spec, query.sort);
  // To-one joins keep one row per entity: a plain OFFSET/LIMIT query. skip/take would first run
  // a SELECT DISTINCT over the whole filtered list to find the page's ids (seconds at 1,000,000).
  const multiplies = qb.expressionMap.joinAttributes.some((j) => j.isMany);
  const paged = multiplies ? qb.skip(query.offset ?? 0).take(query.limit ?? 100) : qb.offset(query.offset ?? 0).limit(query.limit ?? 100);
  const entities = await paged.getMany();
  return { rows: map ? entities.map(map) : (entities as unknown as R[]), total };
}
