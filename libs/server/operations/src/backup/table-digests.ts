import { createHash } from 'node:crypto';

/** Row count and an order-independent content hash of one table. */
export interface TableDigest {
  rows: number;
  hash: string;
}
export type Digests = Record<string, TableDigest>;

const MOD = 1n << 256n;

function normalize(value: unknown): unknown {
  if (value instanceof Date) return `D:${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()}`;
  if (Buffer.isBuffer(value)) return `B:${value.toString('base64')}`;
  if (typeof value === 'bigint') return `N:${value.toString()}`;
  return value;
}

/** Accumulates rows of one table: the sum of the rows' SHA-256 (mod 2^256), so order does not matter. */
export class DigestBuilder {
  private sum = 0n;
  rows = 0;

  add(row: Record<string, unknown>): void {
    const keys = Object.keys(row).sort();
    const h = createHash('sha256').update(JSON.stringify([keys, keys.map((k) => normalize(row[k]))])).digest('hex');
    this.sum = (this.sum + BigInt(`0x${h}`)) % MOD;
    this.rows++;
  }

  digest(): TableDigest {
    return { rows: this.rows, hash: createHash('sha256').update(`${this.rows}:${this.sum.toString(16)}`).digest('hex') };
  }
}

/** Differences between two sets of digests, in Japanese (empty when identical). */
export function compareDigests(expected: Digests, actual: Digests): string[] {
  const problems: string[] = [];
  for (const [table, d] of Object.entries(expected)) {
    const a = actual[table];
    if (!a) problems.push(`表 ${table} がありません。`);
    else if (a.rows !== d.rows) problems.push(`表 ${table} の件数が一致しません（バックアップ ${d.rows}件、復元 ${a.rows}件）。`);
    else if (a.hash !== d.hash) problems.push(`表 ${table} の内容が一致しません（ハッシュ値が異なります）。`);
  }
  for (const table of Object.keys(actual)) if (!expected[table]) problems.push(`表 ${table} はバックアップにありません。`);
  return problems;
}

// ---- SQLite: better-sqlite3 directly on a file (a snapshot, a restored copy or the live database) ----

const BetterSqlite3 = require('better-sqlite3') as new (path: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => SqliteDb;

export interface SqliteDb {
  prepare(sql: string): { all(...p: unknown[]): any[]; iterate(...p: unknown[]): IterableIterator<any>; get(...p: unknown[]): any; run(...p: unknown[]): unknown };
  close(): void;
  pragma(s: string): unknown;
}

export function openSqlite(path: string, readonly = true): SqliteDb {
  return new BetterSqlite3(path, { readonly, fileMustExist: true });
}

export function sqliteTables(db: SqliteDb): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((r) => r.name as string);
}

export function digestSqliteFile(path: string): Digests {
  const db = openSqlite(path);
  try {
    const out: Digests = {};
    for (const table of sqliteTables(db)) {
      const b = new DigestBuilder();
      for (const row of db.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`).iterate()) b.add(row);
      out[table] = b.digest();
    }
    return out;
  } finally {
    db.close();
  }
}

// ---- PostgreSQL: a pg client inside a transaction, rows read through a cursor ----

export interface PgClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>;
  connect(): Promise<void>;
  end(): Promise<void>;
}

const pg = require('pg') as { Client: new (o: { connectionString: string }) => PgClient };

export async function pgClient(url: string): Promise<PgClient> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

export async function pgTables(c: PgClient): Promise<string[]> {
  const r = await c.query('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename');
  return r.rows.map((x) => x.name as string);
}

/** Digests every table of the current schema; must run inside a transaction (cursors). */
export async function digestPg(c: PgClient): Promise<Digests> {
  const out: Digests = {};
  for (const table of await pgTables(c)) {
    const b = new DigestBuilder();
    await c.query(`DECLARE keiyaku_digest NO SCROLL CURSOR FOR SELECT * FROM "${table.replace(/"/g, '""')}"`);
    for (;;) {
      const page = await c.query('FETCH 2000 FROM keiyaku_digest');
      page.rows.forEach((r) => b.add(r));
      if (page.rows.length < 2000) break;
    }
    await c.query('CLOSE keiyaku_digest');
    out[table] = b.digest();
  }
  return out;
}

/** Digests a PostgreSQL database in one consistent snapshot. */
export async function digestPgUrl(url: string): Promise<Digests> {
  const c = await pgClient(url);
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const d = await digestPg(c);
    await c.query('COMMIT');
    return d;
  } finally {
    await c.end();
  }
}
