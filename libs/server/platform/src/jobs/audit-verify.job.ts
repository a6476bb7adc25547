import { Controller, Injectable, OnModuleInit, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '@keiyaku/server/core';
import { AuditService } from '@keiyaku/server/audit';
import { AuthUser, CurrentUser } from '@keiyaku/server/auth';
import { jobView, JobsService } from './jobs.service';

/** Verifying a long audit chain takes a while: it runs as a job with progress. */
@Injectable()
export class AuditVerifyJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.jobs.register('audit.verify', async (ctx) => {
      const result = await this.audit.verify((checked, total) => ctx.progress(total ? (checked * 100) / total : 0, `${checked.toLocaleString('ja-JP')}件を検証しました`));
      return {
        result,
        message: result.ok
          ? `改ざんは検出されませんでした（${result.checked.toLocaleString('ja-JP')}件）。`
          : `改ざんまたは欠落を検出しました: ${result.firstBroken?.reason}`,
      };
    });
  }
}

@ApiTags('audit')
@Controller('audit')
export class AuditVerifyJobController {
  constructor(private readonly jobs: JobsService) {}

  @Post('verify-jobs')
  @RequirePermissions('admin.audit')
  async start(@CurrentUser() user: AuthUser) {
    return jobView(await this.jobs.enqueue('audit.verify', '操作ログの改ざん検証', {}, user));
  }
}
