import { Body, Controller, Get, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { badRequest, RequirePermissions } from '@keiyaku/server/core';
import { AuthUser, CurrentUser } from '@keiyaku/server/auth';
import { contentDisposition } from '@keiyaku/server/platform';
import { ApplicationsService } from './applications.service';
import { PortalAuthService } from './portal-auth.service';
import { AccountListQueryDto, ApplicationQueueQueryDto } from './dto/review.dto';

const id = (name: string) => new ParseIntPipe({ exceptionFactory: () => badRequest(name, '番号が正しくありません。') });

/** 資格審査: the staff side of applications (queue, review, corrections, decisions). */
@ApiTags('qualification')
@RequirePermissions('qualification.review')
@Controller('qualification')
export class ReviewController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly accounts: PortalAuthService,
  ) {}

  @Get('applications')
  queue(@Query() query: ApplicationQueueQueryDto) {
    return this.applications.queue(query);
  }

  /** Counts per status for the queue's tabs, under the same kind/category/term filters. */
  @Get('applications/counts')
  counts(@Query() query: ApplicationQueueQueryDto) {
    return this.applications.queueCounts(query);
  }

  @Get('applications/terms')
  terms() {
    return this.applications.queueTerms();
  }

  @Get('applications/:id')
  detail(@Param('id', id('id')) appId: number) {
    return this.applications.reviewDetail(appId);
  }

  @Get('applications/:id/attachments/:attachmentId/content')
  async download(@Param('id', id('id')) appId: number, @Param('attachmentId', id('attachmentId')) attachmentId: number, @Res() res: Response) {
    const { file, stream } = await this.applications.attachmentFile(appId, attachmentId);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', contentDisposition('inline', file.name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    stream.pipe(res);
  }

  @Put('applications/:id/checklist')
  checklist(@Param('id', id('id')) appId: number, @Body() body: Record<string, unknown>) {
    return this.applications.saveChecklist(appId, body);
  }

  @Post('applications/:id/corrections')
  corrections(@Param('id', id('id')) appId: number, @Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser) {
    return this.applications.requestCorrections(appId, body, user);
  }

  @Post('applications/:id/approve')
  approve(@Param('id', id('id')) appId: number, @Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser) {
    return this.applications.approve(appId, body, user);
  }

  @Post('applications/:id/reject')
  reject(@Param('id', id('id')) appId: number, @Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser) {
    return this.applications.reject(appId, body, user);
  }

  @Get('accounts')
  listAccounts(@Query() query: AccountListQueryDto) {
    return this.accounts.list(query);
  }

  @Post('accounts')
  invite(@Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser) {
    return this.accounts.invite(body, user.loginId);
  }

  @Post('accounts/:id/lock')
  lock(@Param('id', id('id')) accountId: number, @Body() body: Record<string, unknown>) {
    return this.accounts.setLocked(accountId, true, body?.['version']);
  }

  @Post('accounts/:id/unlock')
  unlock(@Param('id', id('id')) accountId: number, @Body() body: Record<string, unknown>) {
    return this.accounts.setLocked(accountId, false, body?.['version']);
  }
}
