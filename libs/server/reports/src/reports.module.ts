import { Global, Module } from '@nestjs/common';
import { AdminReports } from './admin/admin-reports';
import { PdfRenderer } from './kit/pdf-renderer';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** The report engine (registry, PDF and Excel rendering, audit) and the administration reports. */
@Global()
@Module({
  controllers: [ReportsController],
  providers: [ReportsService, PdfRenderer, AdminReports],
  exports: [ReportsService],
})
export class ReportsModule {}
