import { QueryRunner, Table, TableColumn, TableColumnOptions, TableForeignKey, TableIndex } from 'typeorm';

export type Dialect = 'sqlite' | 'postgres' | 'oracle';

export function dialectOf(type: string): Dialect {
  if (type === 'postgres') return 'postgres';
  if (type === 'oracle') return 'oracle';
  return 'sqlite';
}

/** Column types the migrations may use; each maps to one concrete type per database. */
const TYPES: Record<string, Record<Dialect, string>> = {
  int: { sqlite: 'integer', postgres: 'integer', oracle: 'number' },
  bigint: { sqlite: 'integer', postgres: 'numeric', oracle: 'number' },
  varchar: { sqlite: 'varchar', postgres: 'varchar', oracle: 'varchar2' },
  bool: { sqlite: 'boolean', postgres: 'boolean', oracle: 'number' },
  timestamp: { sqlite: 'datetime', postgres: 'timestamp', oracle: 'timestamp' },
  date: { sqlite: 'date', postgres: 'date', oracle: 'date' },
  json: { sqlite: 'text', postgres: 'text', oracle: 'clob' },
  /** Scores with decimals (80.4, 79.86): numeric(7,3). */
  decimal: { sqlite: 'numeric', postgres: 'numeric', oracle: 'number' },
};

export interface PortableColumn {
  name: string;
  kind: keyof typeof TYPES;
  length?: number;
  nullable?: boolean;
  unique?: boolean;
  primary?: boolean;
  generated?: boolean;
  /** A literal default: number, boolean or 'now' for the current timestamp. */
  default?: number | boolean | string | 'now';
}

export const col = {
  id: (name = 'id'): PortableColumn => ({ name, kind: 'int', primary: true, generated: true }),
  int: (name: string, o: Partial<PortableColumn> = {}): PortableColumn => ({ name, kind: 'int', ...o }),
  bigint: (name: string, o: Partial<PortableColumn> = {}): PortableColumn => ({ name, kind: 'bigint', ...o }),
  varchar: (name: string, length: number, o: Partial<PortableColumn> = {}): PortableColumn => ({ name, kind: 'varchar', length, ...o }),
  bool: (name: string, o: Partial<PortableColumn> = {}): PortableColumn => ({ name, kind: 'bool', ...o }),
  timestamp: (name: string, o: Partial<PortableColumn> = {}): PortableColumn => ({ name, kind: 'timestamp', ...o }),
  date: (name: string, o: Partial<PortableColumn> = {}): PortableColumn => ({ name, kind: 'date', ...o }),
  json: (name: string, o: Partial<PortableColumn> = {}): PortableColumn => ({ name, kind: 'json', ...o }),
  decimal: (name: string, o: Partial<PortableColumn> = {}): PortableColumn => ({ name, kind: 'decimal', ...o }),
  /** created_at, updated_at and the optimistic-lock version every editable record carries. */
  audited: (): PortableColumn[] => [
    { name: 'created_at', kind: 'timestamp', default: 'now' },
    { name: 'updated_at', kind: 'timestamp', default: 'now' },
    { name: 'version', kind: 'int', default: 1 },
  ],
};

export interface PortableTable {
  name: string;
  columns: PortableColumn[];
  indices?: Array<{ columns: string[]; unique?: boolean }>;
  foreignKeys?: Array<{ columns: string[]; table: string; referencedColumns?: string[]; onDelete?: 'CASCADE' | 'SET NULL' | 'RESTRICT' }>;
}

/**
 * Writes migrations once for SQLite, PostgreSQL and Oracle: abstract column kinds, names
 * transformed like the entity naming strategy (UPPER on Oracle), constraint names ≤ 30 bytes.
 */
export class PortableSchema {
  readonly dialect: Dialect;

  constructor(private readonly qr: QueryRunner) {
    this.dialect = dialectOf(qr.connection.options.type);
  }

  name(value: string): string {
    return this.dialect === 'oracle' ? value.toUpperCase() : value;
  }

  column(c: PortableColumn): TableColumnOptions {
    const type = TYPES[c.kind][this.dialect];
    const options: TableColumnOptions = {
      name: this.name(c.name),
      type,
      isNullable: c.nullable ?? false,
      isPrimary: c.primary ?? false,
    };
    if (c.kind === 'varchar') options.length = String(c.length ?? 255);
    if (this.dialect === 'oracle' && c.kind === 'int') options.precision = 10;
    if (c.kind === 'bigint' && this.dialect !== 'sqlite') {
      options.precision = 15;
      options.scale = 0;
    }
    if (this.dialect === 'oracle' && c.kind === 'bool') options.precision = 1;
    if (c.kind === 'decimal') {
      options.precision = 7;
      options.scale = 3;
    }
    if (c.generated) {
      options.isGenerated = true;
      options.generationStrategy = 'increment';
    }
    if (c.default !== undefined) {
      if (c.default === 'now') options.default = 'CURRENT_TIMESTAMP';
      else if (typeof c.default === 'boolean') options.default = this.dialect === 'postgres' ? String(c.default) : c.default ? 1 : 0;
      else if (typeof c.default === 'number') options.default = c.default;
      else options.default = `'${c.default.replace(/'/g, "''")}'`;
    }
    return options;
  }

  async createTable(t: PortableTable): Promise<void> {
    const tableName = this.name(t.name);
    const unique = t.columns.filter((c) => c.unique);
    await this.qr.createTable(
      new Table({
        name: tableName,
        columns: t.columns.map((c) => this.column({ ...c, unique: false })),
        uniques: unique.map((c) => ({ name: this.constraintName('UQ', t.name, [c.name]), columnNames: [this.name(c.name)] })),
      }),
    );
    for (const idx of t.indices ?? []) {
      await this.qr.createIndex(
        tableName,
        new TableIndex({
          name: this.constraintName(idx.unique ? 'UX' : 'IX', t.name, idx.columns),
          columnNames: idx.columns.map((c) => this.name(c)),
          isUnique: idx.unique ?? false,
        }),
      );
    }
    for (const fk of t.foreignKeys ?? []) {
      await this.qr.createForeignKey(
        tableName,
        new TableForeignKey({
          name: this.constraintName('FK', t.name, fk.columns),
          columnNames: fk.columns.map((c) => this.name(c)),
          referencedTableName: this.name(fk.table),
          referencedColumnNames: (fk.referencedColumns ?? ['id']).map((c) => this.name(c)),
          onDelete: fk.onDelete ?? 'RESTRICT',
        }),
      );
    }
  }

  /** New columns on an existing table (nullable or with a default, so existing rows stay valid). */
  async addColumns(table: string, columns: PortableColumn[]): Promise<void> {
    await this.qr.addColumns(this.name(table), columns.map((c) => new TableColumn(this.column(c))));
  }

  async dropColumns(table: string, names: string[]): Promise<void> {
    await this.qr.dropColumns(this.name(table), names.map((n) => this.name(n)));
  }

  async createIndex(table: string, columns: string[], unique = false): Promise<void> {
    await this.qr.createIndex(
      this.name(table),
      new TableIndex({ name: this.constraintName(unique ? 'UX' : 'IX', table, columns), columnNames: columns.map((c) => this.name(c)), isUnique: unique }),
    );
  }

  /** The index createIndex made for these columns (found again by its portable name). */
  async dropIndex(table: string, columns: string[], unique = false): Promise<void> {
    await this.qr.dropIndex(this.name(table), this.constraintName(unique ? 'UX' : 'IX', table, columns));
  }

  async dropTable(name: string): Promise<void> {
    await this.qr.dropTable(this.name(name), true, true, true);
  }

  /** Readable when it fits: PREFIX_table_cols, else a hash-shortened form; always ≤ 30 bytes. */
  constraintName(prefix: string, table: string, columns: string[]): string {
    const full = `${prefix}_${table}_${columns.join('_')}`;
    const name = full.length <= 30 ? full : `${full.slice(0, 21)}_${shortHash(full)}`;
    return this.name(name);
  }
}

function shortHash(value: string): string {
  let h = 2166136261;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
