import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ListQueryDto, RequirePermissions } from '@keiyaku/server/core';
import { MailService } from './mail.service';

/** The outbox: what was sent, what waits (e.g. no SMTP configured) and what failed. */
@ApiTags('mail')
@Controller('mail/outbox')
@RequirePermissions('admin.settings')
export class MailController {
  constructor(private readonly mail: MailService) {}

  @Get()
  list(@Query() query: ListQueryDto) {
    return this.mail.list(query);
  }

  /** Whether mail leaves the outbox at all (the screen's banner when it does not). */
  @Get('status')
  status() {
    return { smtpConfigured: this.mail.smtpConfigured };
  }

  @Post(':id/retry')
  @HttpCode(204)
  async retry(@Param('id', ParseIntPipe) id: number) {
    await this.mail.retry(id);
  }
}
