import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { AppConfig } from '@keiyaku/server/core';
import { compareDigests, digestPg, digestPgUrl, digestSqliteFile, Digests, openSqlite, pgClient, pgTables, sqliteTables } from './table-digests';

export const BACKUP_FORMAT = 'keiyaku-backup/1';
export const MANIFEST = 'manifest.json';
export const CHECKSUMS = 'SHA256SUMS';
export const FILES_ARCHIVE = 'files.tar.gz';
const DB_ARTIFACT: Record<AppConfig['db']['type'], string> = { sqlite: 'database.sqlite.gz', postgres: 'database.pgdump', oracle: 'database.dmp' };

export interface BackupManifest {
  format: string;
  name: string;
  createdAt: string;
  appVersion: string;
  dbType: AppConfig['db']['type'];
  database: string;
  files: { archive: string; count: number };
  /** Per-table row counts and content hashes of the snapshot (null on Oracle: not verified here). */
  tables: Digests | null;
}

export interface VerifyResult {
  ok: boolean;
  status: 'ok' | 'failed' | 'skipped';
  problems: string[];
}

/** A failure an operator can act on (Japanese message). */
export class BackupError extends Error {}

/** Where backups go: BACKUP_DIR, or `backups` beside FILES_DIR (./data/backups). */
export function backupRoot(config: Pick<AppConfig, 'backupDir' | 'filesDir'>): string {
  return resolve(config.backupDir ?? join(dirname(resolve(config.filesDir)), 'backups'));
}

/** keiyaku-YYYYMMDD-HHmmss in Japan time (what the operators read). */
export function backupName(at: Date): string {
  const j = new Date(at.getTime() + 9 * 3600_000).toISOString();
  return `keiyaku-${j.slice(0, 10).replace(/-/g, '')}-${j.slice(11, 19).replace(/:/g, '')}`;
}
export const BACKUP_NAME = /^keiyaku-(\d{8})-(\d{6})$/;

// ---- small process and file helpers ----

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, shell = false): Promise<string> {
  return new Promise((ok, fail) => {
    const p = spawn(cmd, args, { env, shell, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', (e) => fail(new BackupError(`${cmd} を実行できません: ${e.message}`)));
    p.on('close', (code) => (code === 0 ? ok(out) : fail(new BackupError(`${cmd} が失敗しました（終了コード ${code}）: ${err.trim().slice(0, 500)}`))));
  });
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(path), h);
  return h.digest('hex');
}

const gzip = (src: string, dest: string) => pipeline(createReadStream(src), createGzip({ level: 6 }), createWriteStream(dest));
const gunzip = (src: string, dest: string) => pipeline(createReadStream(src), createGunzip(), createWriteStream(dest));

async function countFiles(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n++;
  return n;
}

async function tarCount(archive: string): Promise<number> {
  const list = await run('tar', ['-tzf', archive]);
  return list.split('\n').filter((l) => l && !l.endsWith('/')).length;
}

/** sha256sum-compatible: `sha256sum -c SHA256SUMS` checks a backup by hand. */
async function writeChecksums(dir: string): Promise<void> {
  const names = (await readdir(dir)).filter((n) => n !== CHECKSUMS).sort();
  const lines = [];
  for (const n of names) lines.push(`${await sha256File(join(dir, n))}  ${n}`);
  await writeFile(join(dir, CHECKSUMS), `${lines.join('\n')}\n`);
}

export async function checkChecksums(dir: string): Promise<string[]> {
  if (!existsSync(join(dir, CHECKSUMS))) return [`${CHECKSUMS} がありません。`];
  const problems: string[] = [];
  const listed = new Set<string>();
  for (const line of (await readFile(join(dir, CHECKSUMS), 'utf8')).split('\n').filter(Boolean)) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!m) {
      problems.push(`${CHECKSUMS} の行が読めません: ${line.slice(0, 80)}`);
      continue;
    }
    listed.add(m[2]);
    const path = join(dir, m[2]);
    if (!existsSync(path)) problems.push(`${m[2]} がありません。`);
    else if ((await sha256File(path)) !== m[1]) problems.push(`${m[2]} のSHA-256が一致しません（破損しています）。`);
  }
  if (!listed.has(MANIFEST)) problems.push(`${MANIFEST} が ${CHECKSUMS} にありません。`);
  return problems;
}

export async function readManifest(dir: string): Promise<BackupManifest> {
  const m = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as BackupManifest;
  if (m.format !== BACKUP_FORMAT) throw new BackupError(`バックアップの形式が違います（${m.format}）。`);
  return m;
}

// ---- PostgreSQL tools ----

function pgEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PGCONNECT_TIMEOUT: '10' };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function pgAdmin(url: string, sql: string): Promise<void> {
  const c = await pgClient(url);
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

// ---- create ----

export interface CreateOptions {
  config: AppConfig;
  /** The live SQLite connection (better-sqlite3), for the online backup API. */
  sqliteConnection?: { backup(dest: string): Promise<unknown> };
  at?: Date;
  progress?: (percent: number, message: string) => Promise<void> | void;
}

export interface CreatedBackup {
  dir: string;
  manifest: BackupManifest;
  sizeBytes: number;
}

/** Writes one backup folder: database dump, files archive, manifest with digests, SHA256SUMS. */
export async function createBackup(o: CreateOptions): Promise<CreatedBackup> {
  const { config } = o;
  const progress = o.progress ?? (() => undefined);
  const at = o.at ?? new Date();
  const root = backupRoot(config);
  await mkdir(root, { recursive: true });
  const name = backupName(at);
  const work = join(root, `${name}.partial-${randomBytes(3).toString('hex')}`);
  await mkdir(work);
  try {
    const database = DB_ARTIFACT[config.db.type];
    let tables: Digests | null = null;
    await progress(5, 'データベースを書き出しています');
    if (config.db.type === 'sqlite') {
      if (!o.sqliteConnection) throw new BackupError('SQLiteの接続がありません。');
      const snapshot = join(work, 'database.sqlite');
      await o.sqliteConnection.backup(snapshot);
      tables = digestSqliteFile(snapshot);
      await gzip(snapshot, join(work, database));
      await rm(snapshot);
    } else if (config.db.type === 'postgres') {
      // The digests and pg_dump read the same exported snapshot, so they describe the same data.
      const c = await pgClient(config.db.url);
      try {
        await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const snap = (await c.query('SELECT pg_export_snapshot() AS s')).rows[0].s as string;
        const dump = run('pg_dump', ['--format=custom', '--compress=6', `--snapshot=${snap}`, `--file=${join(work, database)}`, `--dbname=${config.db.url}`], pgEnv());
        const digests = digestPg(c);
        [, tables] = await Promise.all([dump, digests]);
        await c.query('COMMIT');
      } finally {
        await c.end();
      }
    } else {
      if (!config.backupOracleCommand) throw new BackupError('Oracleのバックアップには BACKUP_ORACLE_COMMAND（Data Pump のコマンド）を設定してください。');
      await run(config.backupOracleCommand.replace(/\{dir\}/g, work).replace(/\{file\}/g, join(work, database)), [], process.env, true);
      if (!existsSync(join(work, database))) throw new BackupError(`BACKUP_ORACLE_COMMAND が ${database} を書き出しませんでした。`);
    }
    await progress(50, '添付ファイルを圧縮しています');
    const filesDir = resolve(config.filesDir);
    await mkdir(filesDir, { recursive: true });
    await run('tar', ['-czf', join(work, FILES_ARCHIVE), '-C', filesDir, '.']);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      name,
      createdAt: at.toISOString(),
      appVersion: config.version,
      dbType: config.db.type,
      database,
      files: { archive: FILES_ARCHIVE, count: await countFiles(filesDir) },
      tables,
    };
    await writeFile(join(work, MANIFEST), JSON.stringify(manifest, null, 2));
    await writeChecksums(work);
    let final = join(root, name);
    for (let i = 2; existsSync(final); i++) final = join(root, `${name}-${i}`);
    await rename(work, final);
    let sizeBytes = 0;
    for (const f of await readdir(final)) sizeBytes += (await stat(join(final, f))).size;
    return { dir: final, manifest: { ...manifest }, sizeBytes };
  } catch (e) {
    await rm(work, { recursive: true, force: true });
    throw e;
  }
}

// ---- verify: restore into a scratch database and compare ----

export async function verifyBackup(dir: string, config: AppConfig, progress?: (p: number, m: string) => Promise<void> | void): Promise<VerifyResult> {
  const problems = await checkChecksums(dir);
  if (problems.length) return { ok: false, status: 'failed', problems };
  let manifest: BackupManifest;
  try {
    manifest = await readManifest(dir);
  } catch (e) {
    return { ok: false, status: 'failed', problems: [e instanceof Error ? e.message : String(e)] };
  }
  try {
    const count = await tarCount(join(dir, manifest.files.archive));
    if (count !== manifest.files.count) problems.push(`添付ファイルの数が一致しません（記録 ${manifest.files.count}件、アーカイブ ${count}件）。`);
    if (!manifest.tables) return { ok: !problems.length, status: problems.length ? 'failed' : 'skipped', problems };
    await progress?.(70, '検証用のデータベースに復元しています');
    const restored = await digestScratchRestore(dir, manifest, config);
    problems.push(...compareDigests(manifest.tables, restored));
  } catch (e) {
    problems.push(e instanceof Error ? e.message : String(e));
  }
  return { ok: !problems.length, status: problems.length ? 'failed' : 'ok', problems };
}

async function digestScratchRestore(dir: string, manifest: BackupManifest, config: AppConfig): Promise<Digests> {
  const artifact = join(dir, manifest.database);
  if (manifest.dbType === 'sqlite') {
    const scratch = join(dir, `.verify-${randomBytes(4).toString('hex')}.sqlite`);
    try {
      await gunzip(artifact, scratch);
      return digestSqliteFile(scratch);
    } finally {
      await rm(scratch, { force: true });
    }
  }
  if (manifest.dbType === 'postgres') {
    const server = config.backupVerifyUrl ?? (config.db.type === 'postgres' ? config.db.url : null);
    if (!server) throw new BackupError('検証用のPostgreSQL（BACKUP_VERIFY_DATABASE_URL）を設定してください。');
    const scratchName = `keiyaku_verify_${Date.now()}_${randomBytes(3).toString('hex')}`;
    await pgAdmin(server, `CREATE DATABASE ${scratchName}`);
    try {
      const url = withDatabase(server, scratchName);
      await run('pg_restore', ['--no-owner', '--no-acl', '--exit-on-error', `--dbname=${url}`, artifact], pgEnv());
      return await digestPgUrl(url);
    } finally {
      await pgAdmin(server, `DROP DATABASE IF EXISTS ${scratchName} WITH (FORCE)`);
    }
  }
  throw new BackupError('このデータベースの種類は検証できません。');
}

// ---- restore ----

export interface TableChange {
  table: string;
  currentRows: number | null;
  backupRows: number;
  same: boolean;
}

export interface RestorePlan {
  backup: string;
  createdAt: string;
  dbType: string;
  tables: TableChange[];
  /** Tables that exist now and are not in the backup (they are dropped). */
  extraTables: string[];
  currentFiles: number;
  backupFiles: number;
}

async function currentDigests(config: AppConfig): Promise<Digests> {
  if (config.db.type === 'sqlite') return existsSync(config.db.path) ? digestSqliteFile(config.db.path) : {};
  if (config.db.type === 'postgres') return digestPgUrl(config.db.url);
  throw new BackupError('Oracleの復元は Data Pump（impdp）で行います（docs/operations.md）。');
}

/** What a restore would change, without changing anything. */
export async function planRestore(dir: string, config: AppConfig): Promise<RestorePlan> {
  const problems = await checkChecksums(dir);
  if (problems.length) throw new BackupError(`バックアップが破損しています: ${problems.join(' ')}`);
  const manifest = await readManifest(dir);
  if (manifest.dbType !== config.db.type) throw new BackupError(`バックアップは ${manifest.dbType}、復元先は ${config.db.type} です。同じ種類のデータベースにだけ復元できます。`);
  if (!manifest.tables) throw new BackupError('このバックアップには表の記録がありません。');
  const now = await currentDigests(config);
  return {
    backup: manifest.name,
    createdAt: manifest.createdAt,
    dbType: manifest.dbType,
    tables: Object.entries(manifest.tables).map(([table, d]) => ({
      table,
      currentRows: now[table]?.rows ?? null,
      backupRows: d.rows,
      same: now[table]?.hash === d.hash,
    })),
    extraTables: Object.keys(now).filter((t) => !manifest.tables![t]),
    currentFiles: await countFiles(resolve(config.filesDir)),
    backupFiles: manifest.files.count,
  };
}

export function describePlan(plan: RestorePlan): string {
  const lines = [`バックアップ ${plan.backup}（${new Date(plan.createdAt).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' })}、${plan.dbType}）`];
  const changed = plan.tables.filter((t) => !t.same);
  lines.push(changed.length ? '内容が変わる表:' : 'すべての表が現在と同じ内容です。');
  for (const t of changed) lines.push(`  ${t.table.padEnd(24)} 現在 ${t.currentRows === null ? '（なし）' : `${t.currentRows}件`} → 復元後 ${t.backupRows}件`);
  for (const t of plan.extraTables) lines.push(`  ${t.padEnd(24)} 現在の表を削除します（バックアップにありません）`);
  lines.push(`添付ファイル: 現在 ${plan.currentFiles}件 → 復元後 ${plan.backupFiles}件`);
  return lines.join('\n');
}

export interface RestoreResult {
  plan: RestorePlan;
  /** Where the replaced database file / files folder were kept (SQLite, files). */
  keptAside: string[];
  problems: string[];
}

/** Replaces the database and the files with the backup's; the API must be stopped. */
export async function restoreBackup(dir: string, config: AppConfig, options: { files?: boolean } = {}): Promise<RestoreResult> {
  const plan = await planRestore(dir, config);
  const manifest = await readManifest(dir);
  const stamp = backupName(new Date()).slice('keiyaku-'.length);
  const keptAside: string[] = [];
  const artifact = join(dir, manifest.database);
  let restored: Digests;
  if (config.db.type === 'sqlite') {
    const target = resolve(config.db.path);
    const incoming = `${target}.restoring`;
    await gunzip(artifact, incoming);
    if (existsSync(target)) {
      await rename(target, `${target}.before-restore-${stamp}`);
      keptAside.push(`${target}.before-restore-${stamp}`);
    }
    for (const side of ['-wal', '-shm']) await rm(`${target}${side}`, { force: true });
    await rename(incoming, target);
    restored = digestSqliteFile(target);
  } else if (config.db.type === 'postgres') {
    // Tables the backup does not have (a newer migration's) go first; the rest is replaced in ONE
    // transaction (--clean --single-transaction), so a failed restore leaves the current data.
    const c = await pgClient(config.db.url);
    try {
      for (const t of plan.extraTables) await c.query(`DROP TABLE IF EXISTS "${t.replace(/"/g, '""')}" CASCADE`);
    } finally {
      await c.end();
    }
    await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-acl', '--exit-on-error', '--single-transaction', `--dbname=${config.db.url}`, artifact], pgEnv());
    restored = await digestPgUrl(config.db.url);
  } else {
    throw new BackupError('Oracleの復元は Data Pump（impdp）で行います（docs/operations.md）。');
  }
  const filesDir = resolve(config.filesDir);
  if (existsSync(filesDir)) {
    await rename(filesDir, `${filesDir}.before-restore-${stamp}`);
    keptAside.push(`${filesDir}.before-restore-${stamp}`);
  }
  await mkdir(filesDir, { recursive: true });
  if (options.files !== false) await run('tar', ['-xzf', join(dir, manifest.files.archive), '-C', filesDir]);
  const problems = compareDigests(manifest.tables!, restored);
  // Locks in the snapshot belong to processes that no longer exist (the backup's own among them).
  await clearLocks(config);
  return { plan, keptAside, problems };
}

async function clearLocks(config: AppConfig): Promise<void> {
  if (config.db.type === 'sqlite') {
    const db = openSqlite(resolve(config.db.path), false);
    try {
      if (sqliteTables(db).includes('app_locks')) db.prepare('DELETE FROM app_locks').run();
    } finally {
      db.close();
    }
  } else if (config.db.type === 'postgres') {
    const c = await pgClient(config.db.url);
    try {
      if ((await pgTables(c)).includes('app_locks')) await c.query('DELETE FROM app_locks');
    } finally {
      await c.end();
    }
  }
}

// ---- retention ----

export interface BackupEntry {
  name: string;
  /** YYYYMMDD (Japan) from the name. */
  day: string;
  at: string;
}

export async function listBackups(root: string): Promise<BackupEntry[]> {
  if (!existsSync(root)) return [];
  const out: BackupEntry[] = [];
  for (const e of await readdir(root, { withFileTypes: true })) {
    const m = /^keiyaku-(\d{8})-(\d{6})(-\d+)?$/.exec(e.name);
    if (e.isDirectory() && m && existsSync(join(root, e.name, MANIFEST))) out.push({ name: e.name, day: m[1], at: `${m[1]}${m[2]}${m[3] ?? ''}` });
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : -1));
}

/**
 * Which backups retention removes: keep the newest backup of each of the newest `keepDaily` days
 * and of each of the newest `keepMonthly` months (and always the newest backup).
 */
export function backupsToPrune(entries: BackupEntry[], keepDaily: number, keepMonthly: number): string[] {
  const sorted = [...entries].sort((a, b) => (a.at < b.at ? 1 : -1));
  const keep = new Set<string>();
  if (sorted[0]) keep.add(sorted[0].name);
  const days = new Set<string>();
  const months = new Set<string>();
  for (const e of sorted) {
    if (!days.has(e.day) && days.size < keepDaily) {
      days.add(e.day);
      keep.add(e.name);
    }
    const month = e.day.slice(0, 6);
    if (!months.has(month) && months.size < keepMonthly) {
      months.add(month);
      keep.add(e.name);
    }
  }
  return sorted.filter((e) => !keep.has(e.name)).map((e) => e.name);
}

export async function pruneBackups(root: string, keepDaily: number, keepMonthly: number): Promise<string[]> {
  const remove = backupsToPrune(await listBackups(root), keepDaily, keepMonthly);
  for (const name of remove) await rm(join(root, name), { recursive: true, force: true });
  // Folders a crash left half-written.
  if (existsSync(root)) {
    for (const e of await readdir(root)) {
      if (/\.partial-[0-9a-f]+$/.test(e) && Date.now() - (await stat(join(root, e))).mtimeMs > 24 * 3600_000) await rm(join(root, e), { recursive: true, force: true });
    }
  }
  return remove;
}
