import { HttpException, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { DataSource, In } from 'typeorm';
import { describeList, ExportColumn, ListQueryDto, ListSpec, notFound, runWithContext, SettingsService } from '@keiyaku/server/core';
import type { AuthUser } from '@keiyaku/server/auth';
import { FilesService } from '../files/files.service';
import { Job } from './job.entity';

export interface JobContext<P = unknown> {
  job: Job;
  params: P;
  /** Reports progress (0–100) and an optional line for the user; written at most twice a second. */
  progress(percent: number, message?: string): Promise<void>;
  /** Keeps a result file that the job's owner can download. */
  saveFile(source: Readable | Buffer, name: string, contentType: string): Promise<number>;
}

export interface JobOutcome {
  message?: string;
  result?: unknown;
}

export type JobHandler<P = any> = (ctx: JobContext<P>) => Promise<JobOutcome | void>;

export const INTERRUPTED_MESSAGE = 'サーバーの再起動により中断されました。もう一度実行してください。';

export const JOB_LIST: ListSpec = {
  fields: {
    id: { expr: 'j.id', type: 'number', label: '番号' },
    kind: { expr: 'j.kind', type: 'text', label: '種類' },
    title: { expr: 'j.title', type: 'text', label: '処理' },
    status: { expr: 'j.status', type: 'text', label: '状態' },
    loginId: { expr: 'j.loginId', type: 'text', label: '実行者' },
    createdAt: { expr: 'j.createdAt', type: 'date', label: '登録日時' },
    finishedAt: { expr: 'j.finishedAt', type: 'date', label: '終了日時' },
  },
  searchPlain: ['j.title', 'j.kind'],
  defaultSort: 'id:desc',
  tieBreaker: 'j.id',
};

const STATUS_NAMES: Record<string, string> = { queued: '待機中', running: '実行中', succeeded: '完了', failed: '失敗' };

export const JOB_EXPORT_COLUMNS: ExportColumn<ReturnType<typeof jobView>>[] = [
  { key: 'id', header: '番号', type: 'number', value: (j) => j.id },
  { key: 'title', header: '処理', width: 30, value: (j) => j.title },
  { key: 'status', header: '状態', width: 8, value: (j) => STATUS_NAMES[j.status] ?? j.status },
  { key: 'progress', header: '進捗（%）', type: 'number', value: (j) => j.progress },
  { key: 'message', header: 'メッセージ', width: 40, value: (j) => j.message },
  { key: 'loginId', header: '実行者', width: 14, value: (j) => j.loginId },
  { key: 'createdAt', header: '登録日時', type: 'datetime', value: (j) => j.createdAt },
  { key: 'finishedAt', header: '終了日時', type: 'datetime', value: (j) => j.finishedAt },
];

export const jobView = (j: Job) => ({
  id: j.id,
  kind: j.kind,
  title: j.title,
  status: j.status,
  progress: j.progress,
  message: j.message,
  result: j.result,
  resultFileId: j.resultFileId,
  loginId: j.loginId,
  createdAt: j.createdAt,
  startedAt: j.startedAt,
  finishedAt: j.finishedAt,
});

/**
 * Runs jobs in this process with a concurrency limit (setting jobs.concurrency). The state lives
 * in the database, so a page reload finds its job again; a job cut off by a restart is marked
 * failed at the next start instead of being left "running" for ever.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('JobsService');
  private readonly handlers = new Map<string, JobHandler>();
  private readonly waiting: number[] = [];
  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly files: FilesService,
  ) {}

  register<P>(kind: string, handler: JobHandler<P>): void {
    this.handlers.set(kind, handler as JobHandler);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource
      .getRepository(Job)
      .update({ status: In(['queued', 'running']) }, { status: 'failed', message: INTERRUPTED_MESSAGE, finishedAt: new Date() });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
  }

  async enqueue<P>(kind: string, title: string, params: P, user: AuthUser | null): Promise<Job> {
    if (!this.handlers.has(kind)) throw new Error(`no handler for job kind ${kind}`);
    const job = await this.dataSource.getRepository(Job).save(
      this.dataSource.getRepository(Job).create({
        kind,
        title,
        status: 'queued',
        progress: 0,
        message: null,
        params: params ?? null,
        result: null,
        resultFileId: null,
        userId: user?.id ?? null,
        loginId: user?.loginId ?? null,
        createdAt: new Date(),
        startedAt: null,
        finishedAt: null,
      }),
    );
    this.waiting.push(job.id);
    void this.dispatch();
    return job;
  }

  private async dispatch(): Promise<void> {
    const limit = await this.settings.get<number>('jobs.concurrency');
    while (!this.stopping && this.running.size < limit && this.waiting.length) {
      const id = this.waiting.shift()!;
      const run = this.run(id).finally(() => {
        this.running.delete(run);
        void this.dispatch();
      });
      this.running.add(run);
    }
  }

  /** Resolves when every running and queued job has finished (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.running.size || this.waiting.length) await Promise.race([...this.running, new Promise((r) => setTimeout(r, 20))]);
  }

  private async run(id: number): Promise<void> {
    const repo = this.dataSource.getRepository(Job);
    const job = await repo.findOneBy({ id });
    if (!job || job.status !== 'queued') return;
    const handler = this.handlers.get(job.kind)!;
    job.status = 'running';
    job.startedAt = new Date();
    await repo.update({ id }, { status: 'running', startedAt: job.startedAt });
    let lastWrite = 0;
    const ctx: JobContext = {
      job,
      params: job.params,
      progress: async (percent, message) => {
        const p = Math.max(0, Math.min(99, Math.floor(percent)));
        job.progress = p;
        if (message !== undefined) job.message = message.slice(0, 500);
        if (Date.now() - lastWrite < 500) return;
        lastWrite = Date.now();
        await repo.update({ id }, { progress: p, message: job.message });
      },
      saveFile: async (source, name, contentType) => {
        const file = await this.files.storeGenerated(source, { name, contentType, ownerId: job.userId });
        job.resultFileId = file.id;
        return file.id;
      },
    };
    try {
      // The job's writes are audited as its owner's, like a request of theirs.
      const outcome = await runWithContext({ userId: job.userId, loginId: job.loginId, ip: null }, () => handler(ctx));
      await repo.update(
        { id },
        { status: 'succeeded', progress: 100, message: outcome?.message ?? job.message ?? '完了しました。', result: (outcome?.result ?? null) as any, resultFileId: job.resultFileId, finishedAt: new Date() },
      );
    } catch (e) {
      // The application is shutting down under the job (its database is closed): nothing can be recorded now.
      if (!this.dataSource.isInitialized) return;
      const message = e instanceof HttpException ? String((e.getResponse() as any)?.message ?? e.message) : '処理中にエラーが発生しました。管理者に連絡してください。';
      if (!(e instanceof HttpException)) this.logger.error(`job ${id} (${job.kind}) failed: ${e instanceof Error ? e.stack : e}`);
      await repo.update({ id }, { status: 'failed', message: message.slice(0, 500), resultFileId: job.resultFileId, finishedAt: new Date() });
    }
  }

  list(query: ListQueryDto, user: AuthUser, all: boolean) {
    const qb = this.dataSource.getRepository(Job).createQueryBuilder('j');
    if (!all) qb.andWhere('j.userId = :uid', { uid: user.id });
    return describeList({ name: 'jobs', title: '処理状況', qb, query, spec: JOB_LIST, map: jobView, columns: JOB_EXPORT_COLUMNS, conditions: [all ? '全員分' : `${user.loginId}の処理`] });
  }

  /** A job its owner (or an administrator / operator) may see. */
  async visible(id: number, user: AuthUser): Promise<Job> {
    const job = await this.dataSource.getRepository(Job).findOneBy({ id });
    if (!job || (job.userId !== user.id && !user.permissions.includes('admin.audit') && !user.permissions.includes('ops.monitor'))) {
      throw notFound('処理');
    }
    return job;
  }
}
