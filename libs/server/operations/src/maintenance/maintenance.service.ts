import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsDateString, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Observable } from 'rxjs';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import { AppException, badRequest, Label, notFound } from '@keiyaku/server/core';
import type { AuthUser } from '@keiyaku/server/auth';
import { MaintenanceWindow } from '../entities';

export class MaintenanceWindowDto {
  @Label('開始日時') @IsDateString() startsAt!: string;
  @Label('終了日時') @IsDateString() endsAt!: string;
  @Label('お知らせ') @IsString() @IsNotEmpty() @MaxLength(500) message!: string;
}

export const MAINTENANCE_CODE = 'MAINTENANCE';

export const windowView = (w: MaintenanceWindow) => ({
  id: w.id,
  startsAt: w.startsAt,
  endsAt: w.endsAt,
  message: w.message,
  createdBy: w.createdBy,
  cancelledAt: w.cancelledAt,
  createdAt: w.createdAt,
  version: w.version,
});

/** Maintenance windows: announced to everyone beforehand; while one lasts, writes answer 503. */
@Injectable()
export class MaintenanceService {
  private cache: { at: number; active: MaintenanceWindow | null } | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(MaintenanceWindow);
  }

  async list() {
    return (await this.repo.find({ order: { startsAt: 'DESC' }, take: 200 })).map(windowView);
  }

  async create(dto: MaintenanceWindowDto, user: AuthUser) {
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (!(endsAt > startsAt)) throw badRequest('endsAt', '終了日時（endsAt）は開始日時より後にしてください。');
    if (endsAt.getTime() < Date.now()) throw badRequest('endsAt', '終了日時（endsAt）が過ぎています。');
    const saved = await this.repo.save(this.repo.create({ startsAt, endsAt, message: dto.message.trim(), createdBy: user.loginId, cancelledAt: null }));
    this.cache = null;
    return windowView(saved);
  }

  /** Ends a window now (or withdraws a future one). */
  async cancel(id: number) {
    const w = await this.repo.findOneBy({ id });
    if (!w || w.cancelledAt) throw notFound('メンテナンス予定');
    w.cancelledAt = new Date();
    const saved = await this.repo.save(w);
    this.cache = null;
    return windowView(saved);
  }

  /** Windows not yet over, soonest first (the banner shows them beforehand). */
  async upcoming(now = new Date()) {
    return (await this.repo.find({ where: { cancelledAt: IsNull(), endsAt: MoreThan(now) }, order: { startsAt: 'ASC' }, take: 5 })).map((w) => ({
      ...windowView(w),
      active: w.startsAt <= now,
    }));
  }

  /** The window in force now; cached for a few seconds (every write asks). */
  async active(): Promise<MaintenanceWindow | null> {
    if (this.cache && Date.now() - this.cache.at < 5000) {
      const w = this.cache.active;
      if (!w || (w.startsAt.getTime() <= Date.now() && w.endsAt.getTime() > Date.now())) return w;
    }
    const now = new Date();
    const found = (await this.repo.find({ where: { cancelledAt: IsNull(), endsAt: MoreThan(now) }, order: { startsAt: 'ASC' } })).find((w) => w.startsAt <= now) ?? null;
    this.cache = { at: Date.now(), active: found };
    return found;
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Signing in and out, and the operations screens themselves, keep working during maintenance. */
const ALWAYS_ALLOWED = [/^\/api\/auth\//, /^\/api\/ops\//, /^\/api\/portal\/auth\//];

/** During a maintenance window every write answers 503 with the window's message, except an administrator's. */
@Injectable()
export class MaintenanceInterceptor implements NestInterceptor {
  constructor(private readonly maintenance: MaintenanceService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest();
    if (!WRITE_METHODS.has(req.method) || ALWAYS_ALLOWED.some((r) => r.test(req.path ?? req.url))) return next.handle();
    const user = req.user as AuthUser | undefined;
    if (user?.roles?.includes('admin')) return next.handle();
    const w = await this.maintenance.active();
    if (!w) return next.handle();
    const until = w.endsAt.toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    throw new AppException(HttpStatus.SERVICE_UNAVAILABLE, MAINTENANCE_CODE, `メンテナンス中のため、登録・変更はできません（${until}まで）。${w.message}`);
  }
}
