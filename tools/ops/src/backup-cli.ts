import 'reflect-metadata';
import { createDataSource } from '@keiyaku/server/core';
import { LockService, AppLock } from '@keiyaku/server/platform';
import { BACKUP_LOCK, BackupError, BackupRun, createBackup, pruneBackups, verifyBackup } from '@keiyaku/server/operations';
import { configOrExit } from './cli-common';

/** Settings are read from the database when an administrator changed them; defaults otherwise. */
async function setting<T>(ds: ReturnType<typeof createDataSource>, key: string, fallback: T): Promise<T> {
  try {
    const rows = await ds.query(`SELECT value FROM settings WHERE setting_key = ${ds.options.type === 'postgres' ? '$1' : '?'}`, [key]);
    return rows.length ? (JSON.parse(rows[0].value) as T) : fallback;
  } catch {
    return fallback;
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  if (!config) return;
  const ds = await createDataSource(config.db, [BackupRun, AppLock]).initialize();
  try {
    const locks = new LockService(ds);
    const startedAt = new Date();
    const ran = await locks.runExclusive(BACKUP_LOCK, 6 * 3600_000, async () => {
      const run = ds.getRepository(BackupRun).create({
        triggerKind: 'manual', status: 'failed', name: null, dbType: config.db.type, sizeBytes: null, tableCount: null, rowCount: null, fileCount: null,
        verifyStatus: 'skipped', message: null, pruned: 0, loginId: 'cli', startedAt, finishedAt: startedAt,
      });
      try {
        const created = await createBackup({ config, sqliteConnection: config.db.type === 'sqlite' ? (ds.driver as any).databaseConnection : undefined, at: startedAt, progress: (_p, m) => console.log(`… ${m}`) });
        run.name = created.dir.split(/[\\/]/).pop() ?? null;
        run.sizeBytes = created.sizeBytes;
        run.fileCount = created.manifest.files.count;
        if (created.manifest.tables) {
          run.tableCount = Object.keys(created.manifest.tables).length;
          run.rowCount = Object.values(created.manifest.tables).reduce((s, t) => s + t.rows, 0);
        }
        console.log('… 検証用のデータベースに復元して比較しています');
        const v = await verifyBackup(created.dir, config);
        run.verifyStatus = v.status;
        if (v.ok) {
          run.status = 'succeeded';
          run.pruned = (await pruneBackups(created.dir.replace(/[\\/][^\\/]+$/, ''), await setting(ds, 'backup.keepDaily', 14), await setting(ds, 'backup.keepMonthly', 12))).length;
          run.message = v.status === 'ok' ? '復元して全表の件数と内容が一致しました。' : 'Oracleのダンプは検証していません。';
          console.log(`バックアップ ${created.dir} を作成し、検証しました（${v.status}）。`);
        } else {
          run.message = `検証で不一致がありました: ${v.problems.join(' ')}`.slice(0, 1000);
          console.error(run.message);
          process.exitCode = 1;
        }
      } catch (e) {
        run.message = `バックアップに失敗しました: ${e instanceof Error ? e.message : e}`.slice(0, 1000);
        console.error(run.message);
        process.exitCode = 1;
      }
      run.finishedAt = new Date();
      await ds.getRepository(BackupRun).save(run);
    });
    if (!ran) {
      console.error('別のバックアップが実行中です（API の夜間バックアップなど）。終わってからもう一度実行してください。');
      process.exitCode = 1;
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e instanceof BackupError ? `keiyaku: ${e.message}` : e);
  process.exitCode = 1;
});
