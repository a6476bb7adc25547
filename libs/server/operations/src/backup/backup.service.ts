import { HttpStatus, Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThanOrEqual } from 'typeorm';
import { APP_CONFIG, AppConfig, AppException, describeList, ExportColumn, ListQueryDto, ListSpec, SettingsService } from '@keiyaku/server/core';
import { User } from '@keiyaku/server/auth';
import { AuthUser } from '@keiyaku/server/auth';
import { jobView, JobsService, LockService, MailService } from '@keiyaku/server/platform';
import { BackupRun } from '../entities';
import { backupRoot, createBackup, listBackups, pruneBackups, verifyBackup } from './backup-archive';

export const BACKUP_LOCK = 'ops-backup';
const LOCK_TTL_MS = 6 * 3600_000;

const STATUS_NAMES: Record<string, string> = { succeeded: '成功', failed: '失敗' };
const VERIFY_NAMES: Record<string, string> = { ok: '一致', failed: '不一致', skipped: '未検証' };

export const BACKUP_LIST: ListSpec = {
  fields: {
    id: { expr: 'b.id', type: 'number', label: '番号' },
    name: { expr: 'b.name', type: 'text', label: 'バックアップ' },
    status: { expr: 'b.status', type: 'text', label: '結果' },
    verifyStatus: { expr: 'b.verifyStatus', type: 'text', label: '検証' },
    triggerKind: { expr: 'b.triggerKind', type: 'text', label: '契機' },
    startedAt: { expr: 'b.startedAt', type: 'date', label: '開始日時' },
  },
  searchPlain: ['b.name', 'b.message'],
  defaultSort: 'id:desc',
  tieBreaker: 'b.id',
};

const BACKUP_COLUMNS: ExportColumn<BackupRun>[] = [
  { key: 'id', header: '番号', type: 'number', value: (b) => b.id },
  { key: 'startedAt', header: '開始日時', type: 'datetime', value: (b) => b.startedAt },
  { key: 'finishedAt', header: '終了日時', type: 'datetime', value: (b) => b.finishedAt },
  { key: 'triggerKind', header: '契機', width: 8, value: (b) => (b.triggerKind === 'scheduled' ? '定時' : '手動') },
  { key: 'status', header: '結果', width: 8, value: (b) => STATUS_NAMES[b.status] ?? b.status },
  { key: 'verifyStatus', header: '検証', width: 8, value: (b) => VERIFY_NAMES[b.verifyStatus] ?? b.verifyStatus },
  { key: 'name', header: 'バックアップ', width: 26, value: (b) => b.name },
  { key: 'sizeBytes', header: 'サイズ（バイト）', type: 'number', value: (b) => b.sizeBytes },
  { key: 'rowCount', header: '行数', type: 'number', value: (b) => b.rowCount },
  { key: 'fileCount', header: '添付ファイル数', type: 'number', value: (b) => b.fileCount },
  { key: 'message', header: 'メッセージ', width: 50, value: (b) => b.message },
  { key: 'loginId', header: '実行者', width: 14, value: (b) => b.loginId },
];

/** HH:MM → minutes after midnight; the default 02:00 when the setting is not a time. */
export function parseBackupTime(value: unknown): number {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(String(value ?? '').trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : 120;
}

/** The most recent scheduled moment (Japan time) at or before `now`. */
export function lastSlot(now: Date, minutes: number): Date {
  const japan = new Date(now.getTime() + 9 * 3600_000);
  const midnightJapanUtc = Date.UTC(japan.getUTCFullYear(), japan.getUTCMonth(), japan.getUTCDate()) - 9 * 3600_000;
  let slot = midnightJapanUtc + minutes * 60_000;
  if (slot > now.getTime()) slot -= 24 * 3600_000;
  return new Date(slot);
}

/**
 * The nightly backup: dump, files, manifest, then a verification that restores the dump into a
 * scratch database and compares every table; retention afterwards. One API instance at a time
 * (database lock); a failure goes to the mail outbox and shows on the administrators' banner.
 */
@Injectable()
export class BackupService implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BackupService');
  private current: Promise<unknown> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsService,
    private readonly locks: LockService,
    private readonly mail: MailService,
    private readonly jobs: JobsService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  get root(): string {
    return backupRoot(this.config);
  }

  onModuleInit(): void {
    this.jobs.register<{ loginId: string | null }>('ops.backup', async (ctx) => {
      const run = await this.runBackup('manual', ctx.params.loginId, (p, m) => ctx.progress(p, m));
      if (!run) throw new AppException(HttpStatus.CONFLICT, 'BACKUP_RUNNING', '別のバックアップが実行中です。終わってからもう一度実行してください。');
      if (run.status === 'failed') throw new AppException(HttpStatus.INTERNAL_SERVER_ERROR, 'BACKUP_FAILED', `バックアップに失敗しました: ${run.message ?? ''}`.slice(0, 480));
      return { message: `バックアップ ${run.name} を作成し、検証しました（${VERIFY_NAMES[run.verifyStatus]}）。`, result: { runId: run.id } };
    });
  }

  onApplicationBootstrap(): void {
    // Tests drive tick() themselves.
    if (this.config.env === 'test') return;
    const timer = setInterval(() => void this.tick().catch((e) => this.logger.error(e)), 60_000);
    timer.unref();
    this.scheduler.addInterval('ops-backup-tick', timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.current?.catch(() => undefined);
  }

  /** Runs the scheduled backup when its time has come and no instance has run it since. */
  async tick(now = new Date()): Promise<BackupRun | null> {
    if (!(await this.settings.get<boolean>('backup.enabled'))) return null;
    const slot = lastSlot(now, parseBackupTime(await this.settings.get<string>('backup.time')));
    if (await this.ranSince(slot)) return null;
    return this.runBackup('scheduled', null, undefined, slot);
  }

  private async ranSince(slot: Date): Promise<boolean> {
    return (await this.dataSource.getRepository(BackupRun).countBy({ triggerKind: 'scheduled', startedAt: MoreThanOrEqual(slot) })) > 0;
  }

  /** Starts a manual backup as a job with progress. */
  async start(user: AuthUser) {
    return jobView(await this.jobs.enqueue('ops.backup', 'バックアップ（手動）', { loginId: user.loginId }, user));
  }

  /** Null when another backup holds the lock (or the scheduled one already ran). */
  async runBackup(trigger: 'scheduled' | 'manual', loginId: string | null, progress?: (p: number, m: string) => Promise<void>, slot?: Date): Promise<BackupRun | null> {
    if (this.current) return null;
    let result: BackupRun | null = null;
    const work = this.locks.runExclusive(BACKUP_LOCK, LOCK_TTL_MS, async () => {
      if (trigger === 'scheduled' && slot && (await this.ranSince(slot))) return;
      result = await this.backupOnce(trigger, loginId, progress);
    });
    this.current = work;
    try {
      await work;
    } finally {
      this.current = null;
    }
    return result;
  }

  private async backupOnce(trigger: 'scheduled' | 'manual', loginId: string | null, progress?: (p: number, m: string) => Promise<void>): Promise<BackupRun> {
    const repo = this.dataSource.getRepository(BackupRun);
    const startedAt = new Date();
    const run = repo.create({
      triggerKind: trigger, status: 'failed', name: null, dbType: this.config.db.type, sizeBytes: null, tableCount: null, rowCount: null,
      fileCount: null, verifyStatus: 'skipped', message: null, pruned: 0, loginId, startedAt, finishedAt: startedAt,
    });
    try {
      const created = await createBackup({
        config: this.config,
        sqliteConnection: this.config.db.type === 'sqlite' ? (this.dataSource.driver as any).databaseConnection : undefined,
        at: startedAt,
        progress,
      });
      run.name = created.dir.split(/[\\/]/).pop()!;
      run.sizeBytes = created.sizeBytes;
      run.fileCount = created.manifest.files.count;
      if (created.manifest.tables) {
        run.tableCount = Object.keys(created.manifest.tables).length;
        run.rowCount = Object.values(created.manifest.tables).reduce((s, t) => s + t.rows, 0);
      }
      const verified = await verifyBackup(created.dir, this.config, progress);
      run.verifyStatus = verified.status;
      if (!verified.ok) {
        run.message = `検証で不一致がありました: ${verified.problems.join(' ')}`.slice(0, 1000);
      } else {
        run.status = 'succeeded';
        await progress?.(95, '古いバックアップを整理しています');
        const pruned = await pruneBackups(this.root, await this.settings.get<number>('backup.keepDaily'), await this.settings.get<number>('backup.keepMonthly'));
        run.pruned = pruned.length;
        run.message = verified.status === 'ok' ? '復元して全表の件数と内容が一致しました。' : 'Oracleのダンプは検証していません（Data Pump で確認してください）。';
      }
    } catch (e) {
      this.logger.error(`backup failed: ${e instanceof Error ? e.stack : e}`);
      run.status = 'failed';
      run.message = `バックアップに失敗しました: ${e instanceof Error ? e.message : String(e)}`.slice(0, 1000);
    }
    run.finishedAt = new Date();
    const saved = await repo.save(run);
    if (saved.status === 'failed') await this.notifyFailure(saved);
    return saved;
  }

  private async notifyFailure(run: BackupRun): Promise<void> {
    const users = await this.dataSource.getRepository(User).find({ where: { active: true } });
    const to = users.filter((u) => u.roles.includes('admin') && u.email).map((u) => u.email!);
    if (!to.length) to.push(await this.settings.get<string>('mail.from'));
    const when = run.startedAt.toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' });
    for (const address of to) {
      await this.mail.queue({
        to: address,
        subject: `【keiyaku】バックアップに失敗しました（${when}）`,
        text: `${when} のバックアップ（${run.triggerKind === 'scheduled' ? '定時' : '手動'}）が失敗しました。\n\n${run.message ?? ''}\n\n管理 → 運用 → バックアップで状況を確認し、手動でバックアップを実行してください。\n保存先: ${this.root}`,
        relatedEntity: 'BackupRun',
        relatedId: run.id,
      });
    }
  }

  list(query: ListQueryDto) {
    const qb = this.dataSource.getRepository(BackupRun).createQueryBuilder('b');
    return describeList({ name: 'backups', title: 'バックアップ履歴', qb, query, spec: BACKUP_LIST, map: (b: BackupRun) => b, columns: BACKUP_COLUMNS });
  }

  async summary() {
    const repo = this.dataSource.getRepository(BackupRun);
    const last = await repo.findOne({ where: {}, order: { id: 'DESC' } });
    const lastSuccess = await repo.findOne({ where: { status: 'succeeded' }, order: { id: 'DESC' } });
    const time = await this.settings.get<string>('backup.time');
    const minutes = parseBackupTime(time);
    const next = new Date(lastSlot(new Date(), minutes).getTime() + 24 * 3600_000);
    let stored: Array<{ name: string }> = [];
    let storageProblem: string | null = null;
    try {
      stored = await listBackups(this.root);
    } catch (e) {
      storageProblem = `保存先を読めません: ${e instanceof Error ? e.message : e}`;
    }
    return {
      enabled: await this.settings.get<boolean>('backup.enabled'),
      time,
      nextScheduledAt: next,
      backupDir: this.root,
      running: !!this.current,
      last,
      lastSuccess,
      ageSeconds: lastSuccess ? Math.round((Date.now() - lastSuccess.finishedAt.getTime()) / 1000) : null,
      stored: stored.map((s) => s.name),
      storageProblem,
      alert: await this.alert(),
    };
  }

  /** The administrators' banner: the last backup failed, or none succeeded for two days. */
  async alert(): Promise<string | null> {
    const repo = this.dataSource.getRepository(BackupRun);
    const last = await repo.findOne({ where: {}, order: { id: 'DESC' } });
    if (!last) return null;
    const when = last.startedAt.toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' });
    if (last.status === 'failed') return `${when} のバックアップが失敗しました。管理 → 運用で確認してください。`;
    if (Date.now() - last.finishedAt.getTime() > 48 * 3600_000 && (await this.settings.get<boolean>('backup.enabled'))) {
      return `最後に成功したバックアップは ${when} です（2日以上バックアップがありません）。`;
    }
    return null;
  }
}
