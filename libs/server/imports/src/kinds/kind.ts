import type { EntityManager } from 'typeorm';
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
