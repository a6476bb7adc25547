import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { JobsService, LockService, MailMessage } from '@keiyaku/server/platform';
import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';
import { BackupRun } from './entities';
import { BACKUP_LOCK, BackupService, lastSlot } from './backup/backup.service';
import {
  backupName, backupRoot, backupsToPrune, CHECKSUMS, listBackups, MANIFEST, planRestore, readManifest, restoreBackup, verifyBackup,
} from './backup/backup-archive';
import { digestPgUrl, digestSqliteFile, Digests } from './backup/table-digests';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function liveDigests(t: TestApp): Promise<Digests> {
  return t.config.db.type === 'sqlite' ? digestSqliteFile(t.config.db.path) : digestPgUrl((t.config.db as { url: string }).url);
}

/** Rewrites SHA256SUMS after a deliberate edit (a dump that is internally wrong but consistently summed). */
function resum(dir: string): void {
  const lines = readFileSync(join(dir, CHECKSUMS), 'utf8').split('\n').filter(Boolean).map((l) => {
    const name = l.slice(66);
    return `${sha(readFileSync(join(dir, name)))}  ${name}`;
  });
  writeFileSync(join(dir, CHECKSUMS), `${lines.join('\n')}\n`);
}

/** `npm run restore -- …` against the test application's database, files and backups. */
function restoreCli(t: TestApp, args: string[]) {
  const db = t.config.db.type === 'sqlite' ? { DB_TYPE: 'sqlite', DB_PATH: t.config.db.path } : { DB_TYPE: 'postgres', DATABASE_URL: (t.config.db as { url: string }).url };
  return spawnSync(process.execPath, ['tools/ops/restore.mjs', ...args], {
    cwd: join(__dirname, '../../../..'),
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NODE_ENV: 'test', PORT: '3999', FILES_DIR: t.config.filesDir, BACKUP_DIR: t.config.backupDir!, ...db },
  });
}

describe('backup, verification and restore (HTTP)', () => {
  let t: TestApp;
  let backupDir: string;
  let admin: Client;

  beforeAll(async () => {
    backupDir = mkdtempSync(join(tmpdir(), 'keiyaku-backups-'));
    t = await startTestApp({ BACKUP_DIR: backupDir });
    admin = await Client.signIn(t, 'admin');
  });
  afterAll(async () => {
    await t?.close();
    rmSync(backupDir, { recursive: true, force: true });
  });

  const service = () => t.app.get(BackupService);

  it('backs up on request, verifies by restoring into a scratch database, and lists the run', async () => {
    const upload = await admin.raw('post', '/api/files').attach('file', PDF, '入札書.pdf');
    expect(upload.status).toBe(201);
    const res = await admin.post('/api/ops/backups', {});
    expect(res.status).toBe(202);
    await t.app.get(JobsService).idle();
    const job = await admin.get(`/api/jobs/${res.body.id}`);
    expect(job.body.status).toBe('succeeded');

    const list = await admin.get('/api/ops/backups');
    expect(list.status).toBe(200);
    const run = list.body.rows[0];
    expect(run).toMatchObject({ status: 'succeeded', verifyStatus: 'ok', triggerKind: 'manual', loginId: 'admin', dbType: t.config.db.type });
    expect(run.rowCount).toBeGreaterThan(10);
    expect(run.fileCount).toBe(1);

    const dir = join(backupDir, run.name);
    expect(existsSync(join(dir, MANIFEST))).toBe(true);
    const manifest = await readManifest(dir);
    expect(manifest.tables!['users'].rows).toBeGreaterThanOrEqual(8);
    // sha256sum-compatible checksum file over every artefact.
    expect(readFileSync(join(dir, CHECKSUMS), 'utf8')).toMatch(new RegExp(`^[0-9a-f]{64}  ${MANIFEST}$`, 'm'));

    const summary = await admin.get('/api/ops/backups/summary');
    expect(summary.body).toMatchObject({ enabled: true, time: '02:00', alert: null, stored: [run.name] });
    // The operator sees the screen too; business staff do not.
    expect((await (await Client.signIn(t, 'operator')).get('/api/ops/backups')).status).toBe(200);
    expect((await (await Client.signIn(t, 'contract')).get('/api/ops/backups')).status).toBe(403);
  });

  it('a corrupted backup fails verification (bytes flipped, or a consistent checksum over wrong content)', async () => {
    const [latest] = await listBackups(backupDir);
    const src = join(backupDir, latest.name);
    const scratch = mkdtempSync(join(tmpdir(), 'keiyaku-corrupt-'));
    try {
      const flipped = join(scratch, 'flipped');
      cpSync(src, flipped, { recursive: true });
      const manifest = await readManifest(flipped);
      const dump = join(flipped, manifest.database);
      const bytes = readFileSync(dump);
      bytes[Math.floor(bytes.length / 2)] ^= 0xff;
      writeFileSync(dump, bytes);
      const v1 = await verifyBackup(flipped, t.config);
      expect(v1.ok).toBe(false);
      expect(v1.problems.join()).toContain(`${manifest.database} のSHA-256が一致しません`);
      await expect(planRestore(flipped, t.config)).rejects.toThrow('破損');

      const wrong = join(scratch, 'wrong');
      cpSync(src, wrong, { recursive: true });
      const m = JSON.parse(readFileSync(join(wrong, MANIFEST), 'utf8'));
      m.tables.users.rows += 1;
      m.tables.departments.hash = '0'.repeat(64);
      writeFileSync(join(wrong, MANIFEST), JSON.stringify(m));
      resum(wrong);
      const v2 = await verifyBackup(wrong, t.config);
      expect(v2.ok).toBe(false);
      expect(v2.problems).toEqual(expect.arrayContaining([expect.stringContaining('表 users の件数が一致しません'), '表 departments の内容が一致しません（ハッシュ値が異なります）。']));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('backup → wipe → restore gives identical row counts and content hashes, and the files back', async () => {
    const [latest] = await listBackups(backupDir);
    const dir = join(backupDir, latest.name);
    const manifest = await readManifest(dir);
    const fileRow = await t.dataSource.query(t.config.db.type === 'postgres' ? 'SELECT storage_key FROM files ORDER BY id LIMIT 1' : 'SELECT storage_key FROM files ORDER BY id LIMIT 1');
    const storageKey = fileRow[0].storage_key as string;

    // Changes after the backup, which the restore takes away again.
    await admin.raw('post', '/api/files').attach('file', PDF, '後から.pdf');
    const plan = await planRestore(dir, t.config);
    expect(plan.tables.find((x) => x.table === 'files')).toMatchObject({ currentRows: 2, backupRows: 1, same: false });
    expect(plan.tables.find((x) => x.table === 'trades')).toMatchObject({ same: true });

    // The command line's dry run says what would change and changes nothing.
    const dry = restoreCli(t, ['--dry-run', dir]);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('何も変更していません');
    expect(dry.stdout).toMatch(/files\s+現在 2件 → 復元後 1件/);
    expect(dry.stdout).toContain('添付ファイル: 現在 2件 → 復元後 1件');
    expect((await liveDigests(t)).files.rows).toBe(2);

    await t.app.close();
    // Wipe: the database and the files are gone.
    if (t.config.db.type === 'sqlite') {
      for (const side of ['', '-wal', '-shm']) rmSync(`${t.config.db.path}${side}`, { force: true });
    } else {
      const ds = await new DataSource({ type: 'postgres', url: (t.config.db as { url: string }).url }).initialize();
      await ds.query('DROP SCHEMA public CASCADE');
      await ds.query('CREATE SCHEMA public');
      await ds.destroy();
    }
    rmSync(t.config.filesDir, { recursive: true, force: true });
    expect(Object.keys(await liveDigests(t).catch(() => ({})))).toEqual([]);

    const cli = restoreCli(t, ['--yes', latest.name]);
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toContain('復元しました。全表の件数と内容がバックアップと一致しています。');
    expect(cli.status).toBe(0);
    // Checked again independently; only the locks of the processes that took the backup are reset.
    const { app_locks: locks, ...restored } = await liveDigests(t);
    const { app_locks: _, ...expected } = manifest.tables!;
    expect(restored).toEqual(expected);
    expect(locks.rows).toBe(0);
    const restoredFile = readFileSync(join(t.config.filesDir, ...storageKey.split('/')));
    expect(sha(restoredFile)).toBe(sha(PDF));

    // The application starts on the restored database and finds the data.
    t = await startTestApp({ BACKUP_DIR: backupDir }, t);
    admin = await Client.signIn(t, 'admin');
    const files = await t.dataSource.query('SELECT COUNT(*) AS n FROM files');
    expect(Number(files[0].n)).toBe(1);
  });

  it('keeps 14 daily and 12 monthly backups and prunes the rest after a successful backup', async () => {
    const fake = (name: string) => {
      mkdirSync(join(backupDir, name), { recursive: true });
      writeFileSync(join(backupDir, name, MANIFEST), '{}');
    };
    // Two a day for the 20 days before today, and one on the 1st of each of the 20 months before.
    const day = (d: Date) => backupName(d).slice(8, 16);
    const names: string[] = [];
    for (let d = 1; d <= 20; d++) {
      const at = new Date(Date.now() - d * 86400_000);
      names.push(`keiyaku-${day(at)}-020000`, `keiyaku-${day(at)}-140000`);
    }
    const today = new Date();
    for (let m = 1; m <= 20; m++) names.push(`keiyaku-${day(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - m, 10)))}-020000`);
    names.forEach(fake);
    const all = await listBackups(backupDir);
    const run = await service().runBackup('manual', 'admin');
    expect(run?.status).toBe('succeeded');
    const left = (await listBackups(backupDir)).map((b) => b.name);
    const fresh = left.find((n) => !all.some((a) => a.name === n))!;
    expect(left).toEqual(expect.arrayContaining([fresh]));
    const expected = [...all.map((a) => a.name), fresh].filter((n) => !backupsToPrune([...all, { name: fresh, day: fresh.slice(8, 16), at: fresh.slice(8).replace('-', '') }], 14, 12).includes(n));
    expect([...left].sort()).toEqual([...expected].sort());
    const days = new Set(left.map((n) => n.slice(8, 16)));
    const months = new Set(left.map((n) => n.slice(8, 14)));
    expect(months.size).toBe(12);
    expect(days.size).toBeGreaterThanOrEqual(14);
    // Of the 14 newest days only the later backup is kept.
    for (let d = 1; d <= 13; d++) {
      const at = day(new Date(Date.now() - d * 86400_000));
      expect(left).toContain(`keiyaku-${at}-140000`);
      expect(left).not.toContain(`keiyaku-${at}-020000`);
    }
    expect(run!.pruned).toBe(all.length + 1 - left.length);
  });

  it('the scheduled backup runs once per slot, and never while another instance holds the lock', async () => {
    const repo = t.dataSource.getRepository(BackupRun);
    const before = await repo.countBy({ triggerKind: 'scheduled' });
    // Another API instance holds the backup lock.
    await t.dataSource.query(`DELETE FROM app_locks WHERE name = '${BACKUP_LOCK}'`);
    const other = new LockService(t.dataSource);
    expect(await other.tryAcquire(BACKUP_LOCK, 60_000)).toBe(true);
    expect(await service().tick()).toBeNull();
    expect(await repo.countBy({ triggerKind: 'scheduled' })).toBe(before);
    await other.release(BACKUP_LOCK);

    const run = await service().tick();
    expect(run).toMatchObject({ triggerKind: 'scheduled', status: 'succeeded' });
    expect(run!.startedAt.getTime()).toBeGreaterThanOrEqual(lastSlot(new Date(), 120).getTime());
    // Same slot again (another instance, or the next minute's tick): nothing.
    expect(await service().tick()).toBeNull();
    expect(await repo.countBy({ triggerKind: 'scheduled' })).toBe(before + 1);
  });

  it('restores over current data in place (the upgrade rollback), leaving nothing of the newer state', async () => {
    const [latest] = await listBackups(backupDir);
    const dir = join(backupDir, latest.name);
    const manifest = await readManifest(dir);
    await admin.raw('post', '/api/files').attach('file', PDF, '後から2.pdf');
    await t.dataSource.query('CREATE TABLE newer_feature (id integer PRIMARY KEY)');
    await t.app.close();
    const result = await restoreBackup(dir, t.config);
    expect(result.plan.extraTables).toEqual(['newer_feature']);
    expect(result.problems).toEqual([]);
    const { app_locks: _locks, ...restored } = await liveDigests(t);
    const { app_locks: _l, ...expected } = manifest.tables!;
    expect(restored).toEqual(expected);
    t = await startTestApp({ BACKUP_DIR: backupDir }, t);
    admin = await Client.signIn(t, 'admin');
  });

  it('a failed backup writes to the outbox and raises the administrators’ banner', async () => {
    const blocker = join(backupDir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    const saved = t.config.backupDir;
    t.config.backupDir = join(blocker, 'inside');
    try {
      const run = await service().runBackup('manual', 'admin');
      expect(run).toMatchObject({ status: 'failed' });
      expect(run!.message).toContain('バックアップに失敗しました');
    } finally {
      t.config.backupDir = saved;
    }
    const mails = await t.dataSource.getRepository(MailMessage).find({ where: { relatedEntity: 'BackupRun' } });
    expect(mails.length).toBeGreaterThan(0);
    expect(mails[0].subject).toContain('バックアップに失敗しました');
    const alerts = await admin.get('/api/ops/alerts');
    expect(alerts.body.alerts[0].message).toContain('バックアップが失敗しました');
    expect((await (await Client.signIn(t, 'viewer')).get('/api/ops/alerts')).status).toBe(403);
    expect(backupRoot(t.config)).toBe(backupDir);
  });
});
