import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupService } from './backup/backup.service';
import { BackupRun, MaintenanceWindow } from './entities';
import { MaintenanceInterceptor, MaintenanceService } from './maintenance/maintenance.service';
import { MaintenanceRecordService } from './maintenance/maintenance-record';
import { RequestMetrics, RequestMetricsMiddleware } from './monitoring/metrics';
import { MonitoringService } from './monitoring/monitoring.service';
import { MetricsController, OperationsController } from './operations.controller';

/** Backups with verification, maintenance windows, monitoring (issue #11). */
@Module({
  imports: [ScheduleModule.forRoot(), TypeOrmModule.forFeature([BackupRun, MaintenanceWindow])],
  controllers: [OperationsController, MetricsController],
  providers: [
    BackupService,
    MaintenanceService,
    MonitoringService,
    MaintenanceRecordService,
    RequestMetrics,
    { provide: APP_INTERCEPTOR, useClass: MaintenanceInterceptor },
  ],
  exports: [BackupService, MaintenanceService],
})
export class OperationsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
