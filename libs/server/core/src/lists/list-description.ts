import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ListResult } from '@keiyaku/domain';
import { badRequest } from '../http/app-exception';
import { applyFilterModel, applySearch, applySort, ListQueryDto, listPage, ListSpec } from '../http/list-query';
import { ColumnType } from './excel-layout';

/** One column of a whole-list file: the grid's field key, a Japanese header, how to read it. */
export interface ExportColumn<R> {
  key: string;
  header: string;
  value: (row: R) => unknown;
  type?: ColumnType;
  /** Excel width in characters (default from header and type). */
  width?: number;
}

export interface ListDefinition<T extends ObjectLiteral, R> {
  /** Names the list in the audit trail and the ASCII file name, e.g. `users`. */
  name: string;
  /** The Japanese file and sheet name, e.g. `ユーザー一覧`. */
  title: string;
  /** The list's query before filter, search and sort (joins, fixed conditions, scopes). */
  qb: SelectQueryBuilder<T>;
  query: ListQueryDto;
  spec: ListSpec;
  /** Entity → the row the API returns. */
  map: (entity: T) => R;
  /** What a file export may contain, in default order. */
  columns: ExportColumn<R>[];
  /** The endpoint's own conditions beyond the grid's, in Japanese, for the audit trail. */
  conditions?: string[];
}

/**
 * What a list endpoint returns instead of a page: ListInterceptor turns it into `{ rows, total }`
 * or streams the whole filtered, sorted list as xlsx/csv, so every list exports the same way.
 */
export class ListDescription<T extends ObjectLiteral = ObjectLiteral, R = unknown> implements ListDefinition<T, R> {
  readonly name!: string;
  readonly title!: string;
  readonly qb!: SelectQueryBuilder<T>;
  readonly query!: ListQueryDto;
  readonly spec!: ListSpec;
  readonly map!: (entity: T) => R;
  readonly columns!: ExportColumn<R>[];
  readonly conditions?: string[];

  constructor(def: ListDefinition<T, R>) {
    Object.assign(this, def);
  }

  /** The JSON page the grid asks for. */
  page(): Promise<ListResult<R>> {
    return listPage(this.qb, this.query, this.spec, this.map);
  }
}

export function describeList<T extends ObjectLiteral, R>(def: ListDefinition<T, R>): ListDescription<T, R> {
  return new ListDescription(def);
}

/** The columns named by `columns=a,b,c` (in that order), or all of them. */
export function selectColumns<R>(all: ExportColumn<R>[], param: string | null | undefined): ExportColumn<R>[] {
  const keys = [...new Set((param ?? '').split(',').map((k) => k.trim()).filter(Boolean))];
  if (!keys.length) return all;
  return keys.map((key) => {
    const column = all.find((c) => c.key === key);
    if (!column) throw badRequest('columns', `出力する列（columns）に「${key}」は指定できません。`);
    return column;
  });
}

export interface PreparedList<T extends ObjectLiteral, R> {
  description: ListDescription<T, R>;
  total: number;
  /**
   * The next `batchSize` mapped rows in the list's order; [] at the end. A plain call rather than
   * an async generator, whose suspended frame would keep each batch alive while the caller
   * waits for the client — long enough for the garbage collector to promote it.
   */
  next(batchSize: number): Promise<R[]>;
}

/** The entity property behind the tie-breaker (`u.id` → `id` on the main alias), if it is one. */
function tieBreakerProperty(qb: SelectQueryBuilder<any>, tieBreaker: string): string | null {
  const [alias, property, ...rest] = tieBreaker.split('.');
  if (rest.length || alias !== qb.alias || !property) return null;
  return qb.expressionMap.mainAlias?.metadata.findColumnWithPropertyName(property) ? property : null;
}

/**
 * Applies the grid's filter, search and sort (throwing 400 before anything is sent), counts,
 * and reads the rows in bounded batches so memory stays flat however long the list is.
 *
 * The order is fixed once by reading only the tie-breaker keys (a few bytes a row); each batch
 * then loads its rows by key. Every query stays cheap however deep into the list it reads (an
 * OFFSET query re-reads all rows before it, quadratic in the list's length), so batches can be
 * small enough for their objects to die young in the garbage collector.
 */
export async function prepareList<T extends ObjectLiteral, R>(d: ListDescription<T, R>): Promise<PreparedList<T, R>> {
  const qb = d.qb.clone();
  applyFilterModel(qb, d.spec, d.query.filter);
  applySearch(qb, d.spec, d.query.q);
  const total = await qb.clone().orderBy().getCount();
  applySort(qb, d.spec, d.query.sort);
  const keyProperty = tieBreakerProperty(qb, d.spec.tieBreaker);
  // A join that multiplies rows (one-to-many) repeats keys: page those with TypeORM's skip/take.
  const multiplies = qb.expressionMap.joinAttributes.some((j) => j.isMany);

  if (!keyProperty || multiplies) {
    let offset = 0;
    let done = false;
    const next = async (batchSize: number): Promise<R[]> => {
      if (done) return [];
      const entities = await qb.clone().skip(offset).take(batchSize).getMany();
      offset += entities.length;
      done = entities.length < batchSize;
      return entities.map(d.map);
    };
    return { description: d, total, next };
  }

  const keys = (await qb.clone().select(d.spec.tieBreaker, 'k').getRawMany<{ k: unknown }>()).map((r) => r.k);
  let position = 0;
  const next = async (batchSize: number): Promise<R[]> => {
    // Oracle accepts at most 1000 values in an IN list.
    const slice = keys.slice(position, position + Math.min(batchSize, 1000));
    position += slice.length;
    if (!slice.length) return [];
    const entities = await d.qb.clone().andWhere(`${d.spec.tieBreaker} IN (:...lqKeys)`, { lqKeys: slice }).getMany();
    const byKey = new Map(entities.map((e) => [String(e[keyProperty]), e]));
    const rows: R[] = [];
    for (const key of slice) {
      // A row deleted since the keys were read is simply left out.
      const entity = byKey.get(String(key));
      if (entity) rows.push(d.map(entity));
    }
    return rows;
  };
  return { description: d, total, next };
}

/** All rows of a list (for printed reports), refused above `max` so a report cannot exhaust memory. */
export async function collectRows<T extends ObjectLiteral, R>(d: ListDescription<T, R>, max: number): Promise<R[]> {
  const prepared = await prepareList(d);
  if (prepared.total > max) {
    throw badRequest('filter', `${d.title}は${prepared.total.toLocaleString('ja-JP')}件あり、帳票の上限（${max.toLocaleString('ja-JP')}件）を超えています。条件を絞り込んでください。`);
  }
  const rows: R[] = [];
  for (let batch = await prepared.next(1000); batch.length; batch = await prepared.next(1000)) rows.push(...batch);
  return rows;
}
