import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PdfRenderer } from '@keiyaku/server/reports';
import { RegistryWriter, VendorsModule } from '@keiyaku/server/vendors';
import { ApplicationReports } from './application-reports';
import { ApplicationsService } from './applications.service';
import { ApprovalPackagesService } from './approval-packages.service';
import { QualAppPackage, QualPackageImport } from './entities/package.entities';
import { PackagesController } from './packages.controller';
import { PortalRateHit, VendorAccount, VendorAccountToken, VendorSession } from './entities/account.entities';
import { QualAppAttachment, QualApplication, QualAppRound } from './entities/application.entities';
import { PortalApplicationsController, PortalAuthController } from './portal.controller';
import { VendorAuthGuard } from './portal.guard';
import { PortalAuthService } from './portal-auth.service';
import { ReviewController } from './review.controller';

/** 入札参加資格審査申請: vendor accounts and portal, staff review, approval into the registry. */
@Module({
  imports: [
    VendorsModule,
    TypeOrmModule.forFeature([VendorAccount, VendorSession, VendorAccountToken, PortalRateHit, QualApplication, QualAppAttachment, QualAppRound, QualAppPackage, QualPackageImport]),
  ],
  controllers: [PortalAuthController, PortalApplicationsController, ReviewController, PackagesController],
  providers: [PortalAuthService, ApplicationsService, ApprovalPackagesService, ApplicationReports, VendorAuthGuard, RegistryWriter, PdfRenderer],
  exports: [PortalAuthService, ApplicationsService, ApprovalPackagesService],
})
export class ApplicationsModule {}
