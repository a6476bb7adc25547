import { Controller, Get, Param, ParseIntPipe, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IsIn, IsOptional } from 'class-validator';
import { Label, ListQueryDto, notFound } from '@keiyaku/server/core';
import { AuditService } from '@keiyaku/server/audit';
import { AuthUser, CurrentUser } from '@keiyaku/server/auth';
import { contentDisposition } from '../files/files.controller';
import { FilesService } from '../files/files.service';
import { jobView, JobsService } from './jobs.service';

class JobListQueryDto extends ListQueryDto {
  @Label('全員分') @IsOptional() @IsIn(['true', 'false']) all?: string;
}

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly files: FilesService,
    private readonly audit: AuditService,
  ) {}

  /** My jobs; administrators and operators may ask for everyone's with all=true. */
  @Get()
  list(@Query() query: JobListQueryDto, @CurrentUser() user: AuthUser) {
    const mayAll = user.permissions.includes('admin.audit') || user.permissions.includes('ops.monitor');
    return this.jobs.list(query, user, mayAll && query.all === 'true');
  }

  @Get(':id')
  async get(@Param('id', ParseIntPipe) id: number, @CurrentUser() user: AuthUser) {
    return jobView(await this.jobs.visible(id, user));
  }

  @Get(':id/download')
  async download(@Param('id', ParseIntPipe) id: number, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const job = await this.jobs.visible(id, user);
    if (!job.resultFileId) throw notFound('処理結果のファイル');
    // Whoever may see the job may fetch its result.
    const file = await this.files.byId(job.resultFileId);
    await this.audit.record({ action: 'download', entity: 'Job', entityId: job.id, summary: `${job.title}: ${file.name}` });
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('Content-Disposition', contentDisposition('attachment', file.name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    this.files.openStream(file).pipe(res);
  }
}
