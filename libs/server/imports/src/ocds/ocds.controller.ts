import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { AuditService } from '@keiyaku/server/audit';
import { AuthUser, CurrentUser } from '@keiyaku/server/auth';
import { contentDisposition, Label, RequirePermissions } from '@keiyaku/server/core';
import { OcdsService } from './ocds.service';

export class OcdsQueryDto {
  @ApiProperty({ example: 2026 }) @Label('年度') @Type(() => Number) @IsInt() @Min(1989) @Max(2200) fiscalYear!: number;
}

/** Open data (オープンデータ): the fiscal year's OCDS 1.1 release package, with the bid extension. */
@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(
    private readonly ocds: OcdsService,
    private readonly audit: AuditService,
  ) {}

  @Get('ocds')
  @RequirePermissions('tenders.read')
  async ocdsPackage(@Query() q: OcdsQueryDto, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response) {
    const pkg = await this.ocds.releasePackage(q.fiscalYear, user);
    await this.audit.record({ action: 'export', entity: 'Ocds', summary: `OCDSリリースパッケージ（${q.fiscalYear}年度、${(pkg['releases'] as unknown[]).length}件）を出力` });
    res.setHeader('Content-Disposition', contentDisposition('attachment', `ocds-${q.fiscalYear}.json`, `ocds-${q.fiscalYear}.json`));
    return pkg;
  }
}
