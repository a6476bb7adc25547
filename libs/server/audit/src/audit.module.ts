import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AUDIT_RECORDER } from '@keiyaku/server/core';
import { AuditController } from './audit.controller';
import { AuditHead, AuditLog } from './audit-log.entity';
import { AuditService } from './audit.service';
import { AuditSubscriber } from './audit.subscriber';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditLog, AuditHead])],
  controllers: [AuditController],
  // Core code that must be audited (list exports) reaches AuditService through this token.
  providers: [AuditService, AuditSubscriber, { provide: AUDIT_RECORDER, useExisting: AuditService }],
  exports: [AuditService, AUDIT_RECORDER],
})
export class AuditModule {}
