import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContractsModule } from '@keiyaku/server/contracts';
import { TendersModule } from '@keiyaku/server/tenders';
import { VendorsModule } from '@keiyaku/server/vendors';
import { BudgetLinesController } from './budget-lines.controller';
import { BudgetLinesService } from './budget-lines.service';
import { BudgetLine, ImportProfileRecord, ImportRun } from './entities';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';
import { LegacyMigrationService } from './legacy-migration';
import { ExportsController } from './ocds/ocds.controller';
import { OcdsService } from './ocds/ocds.service';

/** 取込: e-bid results, budgets and the legacy migration through one pipeline of mapping profiles; open data out (OCDS). */
@Module({
  imports: [TypeOrmModule.forFeature([BudgetLine, ImportProfileRecord, ImportRun]), ContractsModule, TendersModule, VendorsModule],
  controllers: [ImportsController, BudgetLinesController, ExportsController],
  providers: [ImportsService, LegacyMigrationService, BudgetLinesService, OcdsService],
  exports: [ImportsService, LegacyMigrationService, OcdsService],
})
export class ImportsModule {}
