import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { badRequest, ListQueryDto, RequirePermissions } from '@keiyaku/server/core';
import { AuthUser, CurrentUser } from '@keiyaku/server/auth';
import { contentDisposition } from '@keiyaku/server/platform';
import { ApprovalPackagesService } from './approval-packages.service';

const id = (name: string) => new ParseIntPipe({ exceptionFactory: () => badRequest(name, '番号が正しくありません。') });

/** 承認パッケージ (split deployment): the portal lists and hands out signed approvals; the contract system imports them. */
@ApiTags('qualification')
@RequirePermissions('qualification.review')
@Controller('qualification/packages')
export class PackagesController {
  constructor(private readonly packages: ApprovalPackagesService) {}

  @Get()
  list(@Query() query: ListQueryDto) {
    return this.packages.list(query);
  }

  /** The portal's public key, to configure as PACKAGE_VERIFY_KEYS on the contract system. */
  @Get('public-key')
  publicKey() {
    return this.packages.publicKey() ?? { keyId: null, publicKey: null };
  }

  @Get(':id/content')
  async download(@Param('id', id('id')) packageId: number, @Res() res: Response) {
    const file = await this.packages.download(packageId);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', contentDisposition('attachment', file.name));
    res.end(file.body);
  }

  /** 取込: the package file's JSON as the body; 400 when tampered or unknown, 409 when already imported. */
  @Post('import')
  @HttpCode(200)
  @RequirePermissions('vendors.write')
  import(@Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser) {
    return this.packages.import(body, user);
  }
}
