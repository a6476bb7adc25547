import { normalizeForSearch } from '@keiyaku/domain';
import { AppConfig, createDataSource } from '@keiyaku/server/core';
import { BackupError, restoreBackup, RestoreResult } from '../backup/backup-archive';

/** What the masking needs of a connection (a DataSource or a transaction's manager). */
export interface SqlRunner {
  type: string;
  query(sql: string, params?: unknown[]): Promise<any>;
}

export type PersonalKind = 'name' | 'kana' | 'phone' | 'email';

/** Columns that hold people's names, phones and e-mail addresses (applied where the table and column exist). */
export const PERSONAL_COLUMNS: Array<{ table: string; column: string; kind: PersonalKind; label: string }> = [
  { table: 'users', column: 'name', kind: 'name', label: '職員' },
  { table: 'users', column: 'name_kana', kind: 'kana', label: 'ショクイン' },
  { table: 'users', column: 'email', kind: 'email', label: 'user' },
  { table: 'vendors', column: 'representative_name', kind: 'name', label: '代表者' },
  { table: 'vendors', column: 'phone', kind: 'phone', label: '' },
  { table: 'vendors', column: 'fax', kind: 'phone', label: '' },
  { table: 'vendors', column: 'email', kind: 'email', label: 'vendor' },
  { table: 'vendor_offices', column: 'phone', kind: 'phone', label: '' },
  { table: 'vendor_offices', column: 'delegate_name', kind: 'name', label: '受任者' },
  { table: 'vendor_contacts', column: 'name', kind: 'name', label: '担当者' },
  { table: 'vendor_contacts', column: 'phone', kind: 'phone', label: '' },
  { table: 'vendor_contacts', column: 'email', kind: 'email', label: 'contact' },
  { table: 'vendor_accounts', column: 'email', kind: 'email', label: 'account' },
  { table: 'vendor_accounts', column: 'name', kind: 'name', label: '申請者' },
  { table: 'vendor_accounts', column: 'phone', kind: 'phone', label: '' },
];

/** Tables a test environment does not get at all: the audit trail, sessions, outgoing mail, one-time tokens. */
export const DROPPED_CONTENT = ['audit_logs', 'sessions', 'vendor_sessions', 'mail_outbox', 'vendor_account_tokens', 'app_locks'];

function masked(kind: PersonalKind, label: string, table: string, id: number): string {
  switch (kind) {
    case 'name':
      return `${label}${id}`;
    case 'kana':
      return `${label}${id}`;
    case 'phone':
      return `000-0000-${String(id % 10000).padStart(4, '0')}`;
    case 'email':
      return `${label || table}${id}@example.invalid`;
  }
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const PHONE = /(?<![\d-])0\d{1,4}-\d{1,4}-\d{3,4}(?![\d-])/;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface MaskReport {
  maskedValues: number;
  rewrittenCells: number;
  emptiedTables: string[];
}

/**
 * Masks the personal data of a database in place: the known columns get synthetic values, and every
 * other text cell that still contains an original (also in its search-normalised form, e.g. in
 * snapshots and search columns) gets the replacement. The audit trail, sessions and the outbox are
 * emptied (the test environment starts its own audit chain).
 */
export async function maskPersonalData(ds: SqlRunner): Promise<MaskReport> {
  const pg = ds.type === 'postgres';
  if (ds.type === 'oracle') throw new BackupError('マスキングしたコピーは SQLite と PostgreSQL に対応しています。');
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const ph = (i: number) => (pg ? `$${i}` : '?');
  const tables: string[] = pg
    ? (await ds.query('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()')).map((r: any) => r.name)
    : (await ds.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map((r: any) => r.name);
  const columnsOf = async (table: string): Promise<string[]> =>
    pg
      ? (await ds.query('SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1', [table])).map((r: any) => r.name)
      : (await ds.query(`PRAGMA table_info(${q(table)})`)).map((r: any) => r.name);

  const replacements = new Map<string, string>();
  let maskedValues = 0;
  for (const spec of PERSONAL_COLUMNS) {
    if (!tables.includes(spec.table) || !(await columnsOf(spec.table)).includes(spec.column)) continue;
    const rows = await ds.query(`SELECT id, ${q(spec.column)} AS v FROM ${q(spec.table)} WHERE ${q(spec.column)} IS NOT NULL`);
    for (const r of rows) {
      const original = String(r.v);
      if (!original.trim()) continue;
      const value = masked(spec.kind, spec.label, spec.table, Number(r.id));
      await ds.query(`UPDATE ${q(spec.table)} SET ${q(spec.column)} = ${ph(1)} WHERE id = ${ph(2)}`, [value, r.id]);
      maskedValues++;
      if (original.length >= 2) {
        replacements.set(original, value);
        const norm = normalizeForSearch(original);
        if (norm.length >= 2 && !replacements.has(norm)) replacements.set(norm, normalizeForSearch(value));
        // Names are also written without the space between family and given name.
        const joined = original.replace(/[\s\u3000]+/g, '');
        if (joined !== original && joined.length >= 2 && !replacements.has(joined)) replacements.set(joined, value.replace(/\s+/g, ''));
      }
    }
  }

  const emptiedTables: string[] = [];
  for (const t of DROPPED_CONTENT) {
    if (!tables.includes(t)) continue;
    await ds.query(`DELETE FROM ${q(t)}`);
    emptiedTables.push(t);
  }
  if (tables.includes('audit_head')) await ds.query(`UPDATE audit_head SET seq = 0, hash = ${ph(1)}`, ['0'.repeat(64)]);

  // Every remaining text cell: replace originals (longest first, so a full name wins over a part).
  // Addresses and phone numbers also turn up in free text (notes, snapshots): those are masked by their shape.
  let rewrittenCells = 0;
  let extra = 0;
  const byShape = (m: string): string => {
    const known = replacements.get(m);
    if (known) return known;
    if (/@example\.invalid$/.test(m) || /^000-0000-/.test(m)) return m;
    const value = m.includes('@') ? `masked${++extra}@example.invalid` : `000-0000-${String(++extra % 10000).padStart(4, '0')}`;
    replacements.set(m, value);
    return value;
  };
  {
    const keys = [...replacements.keys()].sort((a, b) => b.length - a.length);
    const shapes = [EMAIL.source, PHONE.source];
    const re = new RegExp([...keys.map(escapeRe), ...shapes].join('|'), 'g');
    for (const table of tables) {
      if (DROPPED_CONTENT.includes(table) || table === 'migrations') continue;
      const cols = await columnsOf(table);
      if (!cols.includes('id')) continue;
      let lastId = -Infinity;
      for (;;) {
        const page = await ds.query(`SELECT * FROM ${q(table)} WHERE id > ${ph(1)} ORDER BY id LIMIT 500`, [lastId === -Infinity ? -2147483648 : lastId]);
        if (!page.length) break;
        for (const row of page) {
          lastId = Number(row.id);
          for (const c of cols) {
            const v = row[c];
            if (typeof v !== 'string' || c === 'id') continue;
            re.lastIndex = 0;
            if (!re.test(v)) continue;
            const next = v.replace(re, byShape);
            if (next === v) continue;
            await ds.query(`UPDATE ${q(table)} SET ${q(c)} = ${ph(1)} WHERE id = ${ph(2)}`, [next, row.id]);
            rewrittenCells++;
          }
        }
        if (page.length < 500) break;
      }
    }
  }
  return { maskedValues, rewrittenCells, emptiedTables };
}

export interface MaskedCopyResult {
  restore: RestoreResult;
  mask: MaskReport;
}

/** Production backup → the test environment's database, with personal data masked. Files are left out unless asked for. */
export async function maskedCopy(backupDir: string, target: AppConfig, options: { withFiles?: boolean } = {}): Promise<MaskedCopyResult> {
  if (target.appEnvironment !== 'test') throw new BackupError('コピー先は検証環境（APP_ENVIRONMENT=test）にしてください。本番環境には実行できません。');
  const restore = await restoreBackup(backupDir, target, { files: !!options.withFiles });
  const ds = await createDataSource(target.db).initialize();
  try {
    const mask = await ds.transaction((m) => maskPersonalData({ type: ds.options.type, query: (sql, params) => m.query(sql, params) }));
    return { restore, mask };
  } finally {
    await ds.destroy();
  }
}

