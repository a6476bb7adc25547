import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesService } from '@keiyaku/server/platform';
import { EligibilityService } from './eligibility.service';
import { RankingRun, VendorVersion } from './entities/history.entities';
import { RankingRuleRecord, SubjectiveItem, Term, Trade } from './entities/master.entities';
import { KeishinResult, KeishinScore, Qualification, VendorAttachment, VendorContact, VendorMeasure, VendorOffice, VendorPermit } from './entities/vendor-parts.entities';
import { Vendor } from './entities/vendor.entity';
import { MasterService } from './master.service';
import { RankingService } from './ranking.service';
import { VendorHistoryService } from './vendor-history.service';
import { RegistryController, VendorsController } from './vendors.controller';
import { VendorReports } from './vendor-reports';
import { VENDOR_FILE_PURPOSE, VendorsService } from './vendors.service';

/** 業者管理: the vendor master that tenders, contracts, ratings and the portal read. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Vendor, VendorOffice, VendorPermit, KeishinResult, KeishinScore, Qualification, VendorMeasure, VendorContact, VendorAttachment,
      VendorVersion, RankingRun, Trade, Term, SubjectiveItem, RankingRuleRecord,
    ]),
  ],
  controllers: [VendorsController, RegistryController],
  providers: [VendorsService, VendorHistoryService, EligibilityService, RankingService, MasterService, VendorReports],
  exports: [VendorsService, EligibilityService, VendorHistoryService, MasterService],
})
export class VendorsModule implements OnModuleInit {
  constructor(private readonly files: FilesService) {}

  onModuleInit(): void {
    this.files.registerPurpose(VENDOR_FILE_PURPOSE, {
      kinds: ['pdf', 'jpeg', 'png'],
      canRead: (_file, user) => user.permissions.includes('vendors.read'),
    });
  }
}
