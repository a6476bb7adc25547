import { Body, Controller, Get, Header, HttpCode, Inject, Param, ParseIntPipe, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AcceptsMetricsToken, APP_CONFIG, AppConfig, ListQueryDto, Public, RequirePermissions, XLSX_CONTENT_TYPE } from '@keiyaku/server/core';
import { AuthUser, CurrentUser } from '@keiyaku/server/auth';
import { BackupService } from './backup/backup.service';
import { MaintenanceService, MaintenanceWindowDto } from './maintenance/maintenance.service';
import { MaintenanceRecordService } from './maintenance/maintenance-record';
import { MonitoringService } from './monitoring/monitoring.service';

export const ENVIRONMENT_LABELS = { production: '本番環境', test: '検証環境' } as const;

/** Operations: banner status, backups, maintenance windows, detailed health. */
@ApiTags('operations')
@Controller('ops')
export class OperationsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly backups: BackupService,
    private readonly maintenance: MaintenanceService,
    private readonly monitoring: MonitoringService,
    private readonly record: MaintenanceRecordService,
  ) {}

  /** Public (also on the sign-in screen): which environment this is and the maintenance announcements. */
  @Public()
  @Get('status')
  async status() {
    return {
      environment: { kind: this.config.appEnvironment, label: ENVIRONMENT_LABELS[this.config.appEnvironment] },
      maintenance: await this.maintenance.upcoming(),
    };
  }

  /** The administrators' and operators' banner (a failed backup). */
  @Get('alerts')
  @RequirePermissions('ops.monitor')
  async alerts() {
    const backup = await this.backups.alert();
    return { alerts: backup ? [{ kind: 'backup', message: backup }] : [] };
  }

  @Get('health')
  @RequirePermissions('ops.monitor')
  health() {
    return this.monitoring.health();
  }

  @Get('backups')
  @RequirePermissions('ops.monitor', 'ops.backup')
  listBackups(@Query() query: ListQueryDto) {
    return this.backups.list(query);
  }

  @Get('backups/summary')
  @RequirePermissions('ops.monitor', 'ops.backup')
  backupSummary() {
    return this.backups.summary();
  }

  /** Starts a backup now (a job with progress; GET /api/jobs/:id follows it). */
  @Post('backups')
  @HttpCode(202)
  @RequirePermissions('ops.backup')
  startBackup(@CurrentUser() user: AuthUser) {
    return this.backups.start(user);
  }

  @Get('maintenance-windows')
  @RequirePermissions('ops.maintenance', 'ops.monitor')
  listWindows() {
    return this.maintenance.list();
  }

  @Post('maintenance-windows')
  @RequirePermissions('ops.maintenance')
  createWindow(@Body() dto: MaintenanceWindowDto, @CurrentUser() user: AuthUser) {
    return this.maintenance.create(dto, user);
  }

  /** 保守作業記録 (xlsx) of a month (`month=2026-11`; default the previous month). */
  @Get('maintenance-record')
  @RequirePermissions('ops.maintenance', 'admin.audit')
  async maintenanceRecord(@Query('month') month?: string) {
    const { buffer, fileName } = await this.record.workbook(typeof month === 'string' ? month : undefined);
    return new StreamableFile(buffer, { type: XLSX_CONTENT_TYPE, disposition: `attachment; filename="maintenance-record.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}` });
  }

  @Post('maintenance-windows/:id/cancel')
  @HttpCode(200)
  @RequirePermissions('ops.maintenance')
  cancelWindow(@Param('id', ParseIntPipe) id: number) {
    return this.maintenance.cancel(id);
  }
}

/** Prometheus scrape endpoint (text exposition format 0.0.4). */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly monitoring: MonitoringService) {}

  @Get()
  @RequirePermissions('ops.monitor')
  @AcceptsMetricsToken()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics() {
    return this.monitoring.prometheus();
  }
}
