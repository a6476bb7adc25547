import type { EntityManager } from 'typeorm';
import { AuditService, summaryOf } from '@keiyaku/server/audit';
import { bulkInsert } from '@keiyaku/server/core';
import type { ImportKind } from '@keiyaku/domain';
import type { RowProblem } from '../entities';

/** A file row after its cells were parsed by the profile: field → value (null when empty). */
export interface ParsedRow {
  line: number;
  values: Record<string, unknown>;
  cells: string[];
}

export type RowAction = 'create' | 'update' | 'unchanged';

export interface PlannedRow {
  line: number;
  action: RowAction | null;
  errors: RowProblem[];
  warnings: RowProblem[];
}

export interface Plan {
  rows: PlannedRow[];
  /** Writes the rows whose lines are given (those without errors), inside the caller's transaction. */
  apply(m: EntityManager, lines: Set<number>, progress: (done: number) => Promise<void>): Promise<void>;
}

export interface PlanContext {
  /** The header of a field in this file, for messages ("12行目「業者番号」: …"). */
  header(field: string): string | null;
  today: string;
  /** A migration's dry run: the rows are written into a transaction that is rolled back. */
  simulated?: boolean;
}

/** What one kind of file does to the database: checks every row, then writes the good ones. */
export interface KindHandler {
  kind: ImportKind;
  plan(m: EntityManager, rows: ParsedRow[], ctx: PlanContext): Promise<Plan>;
}

/** A planned row with its problems, built as a handler checks it. */
export class RowPlan implements PlannedRow {
  action: RowAction | null = null;
  errors: RowProblem[] = [];
  warnings: RowProblem[] = [];
  constructor(
    readonly line: number,
    private readonly ctx: PlanContext,
  ) {}
  error(field: string | null, message: string): this {
    this.errors.push({ line: this.line, header: field ? this.ctx.header(field) : null, message });
    return this;
  }
  warn(field: string | null, message: string): this {
    this.warnings.push({ line: this.line, header: field ? this.ctx.header(field) : null, message });
    return this;
  }
  get ok(): boolean {
    return this.errors.length === 0;
  }
}

/** Whether a stored record already holds these values (an unchanged re-import writes nothing). */
export function sameValues(stored: object, next: Record<string, unknown>): boolean {
  return Object.entries(next).every(([k, v]) => {
    const s = (stored as Record<string, unknown>)[k];
    return (s ?? null) === (v ?? null) || (s instanceof Date && v instanceof Date && s.getTime() === v.getTime());
  });
}

/** Loads rows by a key column in chunks under Oracle's 1,000-item IN limit. */
export async function byKeys<T extends object>(m: EntityManager, entity: new () => T, column: keyof T & string, keys: unknown[]): Promise<T[]> {
  const unique = [...new Set(keys.filter((k) => k !== null && k !== undefined))];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += 900) {
    out.push(...(await m.getRepository(entity).createQueryBuilder('x').where(`x.${column} IN (:...keys)`, { keys: unique.slice(i, i + 900) }).getMany()));
  }
  return out;
}

/** Slices of at most `size` (bulk saves that stay under every database's parameter limits). */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * New rows a hundred per INSERT (bulkInsert), each still audited (one trail row per record,
 * with its values), then their ids read back by a key column. TypeORM's save re-reads every
 * inserted row on SQLite; a migration of 45,000 rows cannot afford that.
 * The entity's own BeforeInsert hooks and version/timestamp columns are filled here.
 */
export async function insertAudited<T extends { id: number }>(
  tx: EntityManager,
  /** null in a simulated run: its rows and their trail would be rolled back together anyway. */
  audit: AuditService | null,
  entity: new () => T,
  rows: T[],
  /** How the new rows are found again: a column to query by, the columns their key is made of, the key. */
  idBy: { column: keyof T & string; columns?: Array<keyof T & string>; key: (row: T) => string },
  progress: (done: number) => Promise<void> = async () => undefined,
): Promise<void> {
  if (!rows.length) return;
  const meta = tx.connection.getMetadata(entity);
  const now = new Date();
  for (const row of rows) {
    for (const l of meta.beforeInsertListeners) if (l.isAllowed(row)) l.execute(row);
    for (const c of meta.columns) {
      if (c.isVersion) c.setEntityValue(row, 1);
      else if ((c.isCreateDate || c.isUpdateDate) && c.getEntityValue(row) === undefined) c.setEntityValue(row, now);
    }
  }
  let done = 0;
  for (const batch of chunks(rows, 500)) {
    await bulkInsert(tx, entity, batch);
    const ids = new Map<string, number>();
    const keys = [...new Set(batch.map((r) => r[idBy.column]))];
    for (const k of chunks(keys, 900)) {
      const select = [...new Set(['id', idBy.column, ...(idBy.columns ?? [])])].map((c) => `x.${c}`);
      for (const found of await tx.getRepository(entity).createQueryBuilder('x').select(select).where(`x.${idBy.column} IN (:...k)`, { k }).getMany()) ids.set(idBy.key(found), found.id);
    }
    for (const row of batch) row.id = ids.get(idBy.key(row))!;
    if (audit) await Promise.all(batch.map((row) => audit.record({ action: 'create', entity: meta.name, entityId: row.id, summary: summaryOf(row as any), after: row }, tx)));
    await progress((done += batch.length));
  }
}

/** Changed rows, saved a few hundred at a time (the audit subscriber records each with before and after). */
export async function saveChanged<T extends object>(tx: EntityManager, rows: T[], progress: (done: number) => Promise<void> = async () => undefined): Promise<void> {
  let done = 0;
  for (const batch of chunks(rows, 500)) {
    await tx.save(batch, { chunk: 100 });
    await progress((done += batch.length));
  }
}
