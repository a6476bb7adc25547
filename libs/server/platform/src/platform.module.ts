import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesController } from './files/files.controller';
import { FilesService } from './files/files.service';
import { StoredFile } from './files/stored-file.entity';
import { AuditVerifyJob, AuditVerifyJobController } from './jobs/audit-verify.job';
import { Job } from './jobs/job.entity';
import { JobsController } from './jobs/jobs.controller';
import { JobsService } from './jobs/jobs.service';
import { AppLock } from './locks/app-lock.entity';
import { LockService } from './locks/lock.service';
import { MailMessage } from './mail/mail-message.entity';
import { MailController } from './mail/mail.controller';
import { MailService } from './mail/mail.service';
import { SettingsController } from './settings/settings.controller';

/** Platform services every feature uses: jobs, files, mail outbox, locks (and the settings screen's API). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([StoredFile, Job, MailMessage, AppLock])],
  controllers: [SettingsController, FilesController, JobsController, MailController, AuditVerifyJobController],
  providers: [FilesService, JobsService, MailService, LockService, AuditVerifyJob],
  exports: [FilesService, JobsService, MailService, LockService],
})
export class PlatformModule {}
