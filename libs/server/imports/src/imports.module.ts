import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TendersModule } from '@keiyaku/server/tenders';
import { VendorsModule } from '@keiyaku/server/vendors';
import { BudgetLine, ImportProfileRecord, ImportRun } from './entities';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';
import { LegacyMigrationService } from './legacy-migration';

/** 取込: e-bid results, budgets and the legacy migration through one pipeline of mapping profiles. */
@Module({
  imports: [TypeOrmModule.forFeature([BudgetLine, ImportProfileRecord, ImportRun]), TendersModule, VendorsModule],
  controllers: [ImportsController],
  providers: [ImportsService, LegacyMigrationService],
  exports: [ImportsService, LegacyMigrationService],
})
export class ImportsModule {}
