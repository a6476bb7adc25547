import { HttpStatus, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Brackets, DataSource, In, SelectQueryBuilder } from 'typeorm';
import { ERROR_CODES, EUC_SCHEDULE_LABELS, EUC_SHARING_LABELS, EucQuery, EucSchedule, permissionsOf, todayInJapan } from '@keiyaku/domain';
import type { AuthUser } from '@keiyaku/server/auth';
import { User } from '@keiyaku/server/auth';
import { APP_CONFIG, AppConfig, AppException, describeList, ExportColumn, ListSpec, loadForUpdate, notFound } from '@keiyaku/server/core';
import { jobView, JobsService, LockService } from '@keiyaku/server/platform';
import { DATASETS, datasetByKey, mayReadDataset } from './catalog';
import { EucSavedListQueryDto, SaveEucQueryDto, UpdateEucQueryDto } from './dto/euc.dto';
import { EucFavorite, EucSavedQuery } from './euc-query.entity';
import { EucService } from './euc.service';

const SAVED_LIST: ListSpec = {
  fields: {
    name: { expr: 'q.name', type: 'text', label: '名前' },
    dataset: { expr: 'q.dataset', type: 'text', label: 'データ' },
    sharing: { expr: 'q.sharing', type: 'text', label: '共有' },
    ownerLoginId: { expr: 'q.ownerLoginId', type: 'text', label: '作成者' },
    schedule: { expr: 'q.schedule', type: 'text', label: '定期出力' },
    updatedAt: { expr: 'q.updatedAt', type: 'date', label: '更新日時' },
  },
  searchPlain: ['q.name', 'q.description'],
  defaultSort: 'updatedAt:desc',
  tieBreaker: 'q.id',
};

type SavedWithFavorite = EucSavedQuery & { favorite?: EucFavorite | null };

export function savedView(q: SavedWithFavorite, user: AuthUser) {
  return {
    id: q.id,
    name: q.name,
    description: q.description,
    dataset: q.dataset,
    datasetLabel: datasetByKey(q.dataset)?.label ?? q.dataset,
    query: q.definition,
    sharing: q.sharing,
    ownerLoginId: q.ownerLoginId,
    mine: q.ownerId === user.id,
    favorite: !!q.favorite,
    schedule: q.schedule,
    scheduleFormat: q.scheduleFormat,
    scheduleEncoding: q.scheduleEncoding,
    lastScheduledAt: q.lastScheduledAt,
    version: q.version,
    updatedAt: q.updatedAt,
  };
}
type SavedView = ReturnType<typeof savedView>;

const SAVED_COLUMNS: ExportColumn<SavedView>[] = [
  { key: 'name', header: '名前', width: 30, value: (r) => r.name },
  { key: 'dataset', header: 'データ', width: 14, value: (r) => r.datasetLabel },
  { key: 'sharing', header: '共有', width: 14, value: (r) => EUC_SHARING_LABELS[r.sharing] },
  { key: 'ownerLoginId', header: '作成者', width: 14, value: (r) => r.ownerLoginId },
  { key: 'schedule', header: '定期出力', width: 12, value: (r) => (r.schedule ? EUC_SCHEDULE_LABELS[r.schedule] : '') },
  { key: 'updatedAt', header: '更新日時', type: 'datetime', value: (r) => r.updatedAt },
];

/** The moment (UTC) a schedule last fell due: 06:00 Japan time on each day / Monday / 1st of the month. */
export function lastDue(schedule: EucSchedule, now: Date): Date {
  const JST = 9 * 3_600_000;
  const [y, m, d] = todayInJapan(now).split('-').map(Number);
  const at = (yy: number, mm: number, dd: number) => new Date(Date.UTC(yy, mm - 1, dd, 6) - JST);
  let due: Date;
  if (schedule === 'daily') due = at(y, m, d);
  else if (schedule === 'weekly') {
    const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
    due = at(y, m, d - ((weekday + 6) % 7));
  } else due = at(y, m, 1);
  if (due > now) {
    // Today's (this week's, this month's) time has not come yet: the previous one.
    if (schedule === 'daily') due = new Date(due.getTime() - 86_400_000);
    else if (schedule === 'weekly') due = new Date(due.getTime() - 7 * 86_400_000);
    else due = at(m === 1 ? y - 1 : y, m === 1 ? 12 : m - 1, 1);
  }
  return due;
}

const SCHEDULE_LOCK = 'euc.schedules';

/** Saved queries: private or shared, favourites, and scheduled exports into the owner's jobs. */
@Injectable()
export class SavedQueriesService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('EucSchedules');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly euc: EucService,
    private readonly jobs: JobsService,
    private readonly locks: LockService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ queryId: number; format: 'xlsx' | 'csv'; encoding: 'utf8' | 'sjis'; scheduled: boolean }>('euc.export', async (ctx) => {
      const saved = await this.dataSource.getRepository(EucSavedQuery).findOneBy({ id: ctx.params.queryId });
      if (!saved) throw notFound('検索条件');
      // The job runs with its owner's rights as they are now, not as they were when scheduled.
      const user = await this.userOf(ctx.job.userId);
      if (!user || !this.visibleTo(saved, user)) throw notFound('検索条件');
      await ctx.progress(10, '検索しています');
      const file = await this.euc.exportFile(saved.definition, ctx.params.format, ctx.params.encoding, user, saved.name, { id: saved.id, name: saved.name });
      const stored = ctx.saveFile(file.stream, file.filename, file.contentType);
      await Promise.all([file.done, stored]);
      return { message: `${file.total.toLocaleString('ja-JP')}件を出力しました。`, result: { rows: file.total } };
    });
  }

  onApplicationBootstrap(): void {
    // Tests drive tick() themselves.
    if (this.config.env === 'test') return;
    const timer = setInterval(() => void this.tick().catch((e) => this.logger.error(e)), 60_000);
    timer.unref();
    this.scheduler.addInterval('euc-schedule-tick', timer);
  }

  /** A staff user as a job sees them (roles → permissions, department), or null if gone or inactive. */
  private async userOf(id: number | null): Promise<AuthUser | null> {
    if (id === null) return null;
    const u = await this.dataSource.getRepository(User).findOne({ where: { id }, relations: { department: true } });
    if (!u || !u.active) return null;
    return {
      id: u.id, loginId: u.loginId, name: u.name, departmentId: u.departmentId, departmentCode: u.department?.code ?? null,
      roles: u.roles, permissions: permissionsOf(u.roles), sessionId: 'job',
    };
  }

  visibleTo(q: EucSavedQuery, user: AuthUser): boolean {
    if (q.ownerId === user.id) return true;
    if (q.sharing === 'all') return true;
    return q.sharing === 'department' && q.departmentId !== null && q.departmentId === user.departmentId;
  }

  private scopeVisible(qb: SelectQueryBuilder<EucSavedQuery>, user: AuthUser): void {
    qb.andWhere(
      new Brackets((w) => {
        w.where('q.ownerId = :me', { me: user.id })
          .orWhere("q.sharing = 'all'")
          .orWhere("(q.sharing = 'department' AND q.departmentId = :myDept)", { myDept: user.departmentId ?? -1 });
      }),
    );
    const readable = DATASETS.filter((d) => mayReadDataset(user, d)).map((d) => d.key);
    if (readable.length) qb.andWhere('q.dataset IN (:...readable)', { readable });
    else qb.andWhere('1 = 0');
  }

  list(query: EucSavedListQueryDto, user: AuthUser) {
    const qb = this.dataSource
      .getRepository(EucSavedQuery)
      .createQueryBuilder('q')
      .leftJoinAndMapOne('q.favorite', EucFavorite, 'fav', 'fav.queryId = q.id AND fav.userId = :favUser', { favUser: user.id });
    this.scopeVisible(qb, user);
    const scope = query.scope ?? 'all';
    if (scope === 'mine') qb.andWhere('q.ownerId = :me', { me: user.id });
    if (scope === 'shared') qb.andWhere('q.ownerId <> :me', { me: user.id });
    if (scope === 'favorites') qb.andWhere('fav.id IS NOT NULL');
    const scopeNames = { all: '自分の検索条件と共有された検索条件', mine: '自分の検索条件', shared: '共有された検索条件', favorites: 'お気に入り' };
    return describeList({
      name: 'eucQueries', title: 'EUC検索条件一覧', qb, query, spec: SAVED_LIST,
      map: (q: SavedWithFavorite) => savedView(q, user), columns: SAVED_COLUMNS, conditions: [scopeNames[scope]],
    });
  }

  /** A saved query the user may see and run (its dataset readable), else 404 / 403. */
  async visible(id: number, user: AuthUser): Promise<EucSavedQuery> {
    const q = await this.dataSource.getRepository(EucSavedQuery).findOneBy({ id });
    if (!q || !this.visibleTo(q, user)) throw notFound('検索条件');
    const d = datasetByKey(q.dataset);
    if (!d || !mayReadDataset(user, d)) throw new AppException(HttpStatus.FORBIDDEN, ERROR_CODES.forbidden, `「${d?.label ?? q.dataset}」を検索する権限がありません。`);
    return q;
  }

  async get(id: number, user: AuthUser) {
    const q = (await this.visible(id, user)) as SavedWithFavorite;
    q.favorite = await this.dataSource.getRepository(EucFavorite).findOneBy({ queryId: id, userId: user.id });
    return savedView(q, user);
  }

  private definitionOf(dto: SaveEucQueryDto, user: AuthUser): EucQuery {
    // The same checks as a run: a saved query always compiles for its author.
    const checked = this.euc.check(dto.query as EucQuery, user);
    return {
      dataset: checked.dataset.key,
      columns: checked.columns.map((c) => c.key),
      filters: (dto.query.filters ?? []).map((f) => ({ field: f.field, op: f.op, ...(f.value !== undefined ? { value: f.value as any } : {}) })),
      sort: (dto.query.sort ?? []).map((s) => ({ field: s.field, direction: s.direction })),
      groupBy: checked.group
        ? { fields: checked.group.fields.map((g) => g.key), aggregates: checked.group.aggregates.map((a) => ({ fn: a.fn, field: a.field?.key ?? null })) }
        : null,
    };
  }

  async create(dto: SaveEucQueryDto, user: AuthUser) {
    const definition = this.definitionOf(dto, user);
    const repo = this.dataSource.getRepository(EucSavedQuery);
    const saved = await repo.save(
      repo.create({
        name: dto.name.trim(), description: dto.description ?? null, dataset: definition.dataset, definition, sharing: dto.sharing,
        ownerId: user.id, ownerLoginId: user.loginId, departmentId: user.departmentId, schedule: null, scheduleFormat: null, scheduleEncoding: null, lastScheduledAt: null,
      }),
    );
    return savedView(saved, user);
  }

  private async owned(m: import('typeorm').EntityManager, id: number, version: number | undefined, user: AuthUser): Promise<EucSavedQuery> {
    const q = await loadForUpdate(m, EucSavedQuery, id, undefined, '検索条件');
    if (!this.visibleTo(q, user)) throw notFound('検索条件');
    if (q.ownerId !== user.id) throw new AppException(HttpStatus.FORBIDDEN, ERROR_CODES.forbidden, '検索条件を変更できるのは作成者だけです。');
    if (version !== undefined && q.version !== version) {
      throw new AppException(HttpStatus.CONFLICT, ERROR_CODES.conflict, 'この検索条件は他の画面で更新されています。開き直して最新の内容を確認してください。');
    }
    return q;
  }

  async update(id: number, dto: UpdateEucQueryDto, user: AuthUser) {
    return this.dataSource.transaction(async (m) => {
      const q = await this.owned(m, id, dto.version, user);
      const definition = this.definitionOf(dto, user);
      Object.assign(q, { name: dto.name.trim(), description: dto.description ?? null, dataset: definition.dataset, definition, sharing: dto.sharing, departmentId: user.departmentId });
      return savedView(await m.save(q), user);
    });
  }

  async remove(id: number, version: number, user: AuthUser): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const q = await this.owned(m, id, version, user);
      await m.delete(EucFavorite, { queryId: q.id });
      await m.remove(q);
    });
  }

  async setFavorite(id: number, on: boolean, user: AuthUser) {
    await this.visible(id, user);
    const repo = this.dataSource.getRepository(EucFavorite);
    const existing = await repo.findOneBy({ queryId: id, userId: user.id });
    if (on && !existing) await repo.save(repo.create({ queryId: id, userId: user.id, createdAt: new Date() }));
    if (!on && existing) await repo.remove(existing);
    return this.get(id, user);
  }

  async setSchedule(id: number, dto: { schedule: EucSchedule | null; format?: 'xlsx' | 'csv'; encoding?: 'utf8' | 'sjis'; version: number }, user: AuthUser) {
    return this.dataSource.transaction(async (m) => {
      const q = await this.owned(m, id, dto.version, user);
      q.schedule = dto.schedule ?? null;
      q.scheduleFormat = dto.schedule ? (dto.format ?? 'xlsx') : null;
      q.scheduleEncoding = dto.schedule && dto.format === 'csv' ? (dto.encoding ?? 'utf8') : null;
      // Starts counting from now: the next due time, not one already past.
      q.lastScheduledAt = dto.schedule ? new Date() : null;
      return savedView(await m.save(q), user);
    });
  }

  /** Runs the export now as a job of the user's (it lands in their jobs list). */
  async exportJob(id: number, format: 'xlsx' | 'csv', encoding: 'utf8' | 'sjis', user: AuthUser) {
    const q = await this.visible(id, user);
    this.euc.check(q.definition, user);
    return jobView(await this.jobs.enqueue('euc.export', `EUC出力: ${q.name}`.slice(0, 200), { queryId: q.id, format, encoding, scheduled: false }, user));
  }

  /** Enqueues every scheduled export whose time has come (one API instance at a time). */
  async tick(now = new Date()): Promise<number> {
    let started = 0;
    await this.locks.runExclusive(SCHEDULE_LOCK, 5 * 60_000, async () => {
      const due = await this.dataSource.getRepository(EucSavedQuery).find({ where: { schedule: In(['daily', 'weekly', 'monthly']) } });
      for (const q of due) {
        const slot = lastDue(q.schedule!, now);
        if (q.lastScheduledAt && q.lastScheduledAt >= slot) continue;
        const owner = await this.userOf(q.ownerId);
        // The bookkeeping is written first: a failing export does not re-run every minute.
        await this.dataSource.getRepository(EucSavedQuery).update({ id: q.id }, { lastScheduledAt: now });
        if (!owner) continue;
        await this.jobs.enqueue(
          'euc.export',
          `EUC定期出力（${EUC_SCHEDULE_LABELS[q.schedule!]}）: ${q.name}`.slice(0, 200),
          { queryId: q.id, format: q.scheduleFormat ?? 'xlsx', encoding: q.scheduleEncoding ?? 'utf8', scheduled: true },
          owner,
        );
        started++;
      }
    });
    return started;
  }
}
