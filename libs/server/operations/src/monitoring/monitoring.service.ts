import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { statfs } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, MoreThan } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@keiyaku/server/core';
import { Job, MailMessage } from '@keiyaku/server/platform';
import { BackupRun } from '../entities';
import { BackupService } from '../backup/backup.service';
import { MaintenanceService } from '../maintenance/maintenance.service';
import { RequestMetrics } from './metrics';

async function disk(path: string) {
  try {
    let p = resolve(path);
    while (!existsSync(p)) p = resolve(p, '..');
    const s = await statfs(p);
    return { path: resolve(path), totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
  } catch {
    return { path: resolve(path), totalBytes: null, freeBytes: null };
  }
}

/** Detailed health (administrators, operators) and the Prometheus metrics. */
@Injectable()
export class MonitoringService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly backups: BackupService,
    private readonly maintenance: MaintenanceService,
    private readonly metrics: RequestMetrics,
  ) {}

  async health() {
    const t0 = Date.now();
    let reachable = true;
    try {
      await this.dataSource.query(this.dataSource.options.type === 'oracle' ? 'SELECT 1 FROM DUAL' : 'SELECT 1');
    } catch {
      reachable = false;
    }
    const latencyMs = Date.now() - t0;
    const pending = reachable ? (await this.dataSource.showMigrations().catch(() => true)) : true;
    const day = new Date(Date.now() - 24 * 3600_000);
    const jobs = this.dataSource.getRepository(Job);
    const mail = this.dataSource.getRepository(MailMessage);
    const backup = await this.backups.summary();
    const mem = process.memoryUsage();
    const active = await this.maintenance.active();
    const problems: string[] = [];
    if (!reachable) problems.push('データベースに接続できません。');
    if (pending) problems.push('未適用のマイグレーションがあります。');
    if (backup.alert) problems.push(backup.alert);
    if (backup.storageProblem) problems.push(backup.storageProblem);
    return {
      status: problems.length ? 'degraded' : 'ok',
      problems,
      version: this.config.version,
      environment: this.config.appEnvironment,
      node: process.version,
      uptimeSeconds: Math.round(process.uptime()),
      memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
      database: { type: this.config.db.type, reachable, latencyMs, pendingMigrations: pending },
      disks: { data: await disk(this.config.filesDir), backups: await disk(backup.backupDir) },
      jobs: {
        running: await jobs.countBy({ status: 'running' }),
        queued: await jobs.countBy({ status: 'queued' }),
        failedLastDay: await jobs.countBy({ status: 'failed', finishedAt: MoreThan(day) }),
      },
      mail: { pending: await mail.countBy({ status: 'pending' }), failed: await mail.countBy({ status: 'failed' }), smtp: !!this.config.smtp },
      backup: { lastSuccessAt: backup.lastSuccess?.finishedAt ?? null, ageSeconds: backup.ageSeconds, lastStatus: backup.last?.status ?? null, nextScheduledAt: backup.nextScheduledAt },
      maintenance: active ? { startsAt: active.startsAt, endsAt: active.endsAt, message: active.message } : null,
    };
  }

  async prometheus(): Promise<string> {
    const lines = this.metrics.render();
    const gauge = (name: string, help: string, type: 'gauge' | 'counter', samples: Array<[string, number]>) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, v] of samples) lines.push(`${name}${labels} ${v}`);
    };
    const failedJobs: Array<{ kind: string; n: string | number }> = await this.dataSource
      .getRepository(Job)
      .createQueryBuilder('j')
      .select('j.kind', 'kind')
      .addSelect('COUNT(*)', 'n')
      .where('j.status = :s', { s: 'failed' })
      .groupBy('j.kind')
      .getRawMany();
    gauge('keiyaku_job_failures_total', 'Background jobs that failed, by kind (kept in the jobs table).', 'counter', failedJobs.map((r) => [`{kind="${r.kind}"}`, Number(r.n)]));
    const runs = this.dataSource.getRepository(BackupRun);
    const lastSuccess = await runs.findOne({ where: { status: 'succeeded' }, order: { id: 'DESC' } });
    gauge('keiyaku_backup_failures_total', 'Backups that failed (creation or verification).', 'counter', [['', await runs.countBy({ status: 'failed' })]]);
    gauge('keiyaku_backup_last_success_timestamp_seconds', 'When the last verified backup finished.', 'gauge', [['', lastSuccess ? Math.floor(lastSuccess.finishedAt.getTime() / 1000) : 0]]);
    gauge('keiyaku_backup_age_seconds', 'Seconds since the last successful backup (-1: none yet).', 'gauge', [['', lastSuccess ? Math.round((Date.now() - lastSuccess.finishedAt.getTime()) / 1000) : -1]]);
    const mail = this.dataSource.getRepository(MailMessage);
    gauge('keiyaku_mail_outbox', 'Messages in the outbox by status.', 'gauge', [
      ['{status="pending"}', await mail.countBy({ status: 'pending' })],
      ['{status="failed"}', await mail.countBy({ status: 'failed' })],
    ]);
    gauge('keiyaku_maintenance_active', '1 while a maintenance window is in force.', 'gauge', [['', (await this.maintenance.active()) ? 1 : 0]]);
    const mem = process.memoryUsage();
    gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', 'gauge', [['', mem.rss]]);
    gauge('nodejs_heap_used_bytes', 'V8 heap used in bytes.', 'gauge', [['', mem.heapUsed]]);
    gauge('process_uptime_seconds', 'Seconds since the process started.', 'gauge', [['', Math.round(process.uptime())]]);
    gauge('keiyaku_info', 'Version and database type.', 'gauge', [[`{version="${this.config.version}",db="${this.config.db.type}",environment="${this.config.appEnvironment}"}`, 1]]);
    return `${lines.join('\n')}\n`;
  }
}
