import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@keiyaku/server/auth';
import { badRequest, contentDisposition } from '@keiyaku/server/core';
import { ReportsService } from './reports.service';

/** Reports rendered on the server; each report checks its own permissions. */
@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  list(@CurrentUser() user: AuthUser) {
    return this.reports.available(user);
  }

  /** ?format=pdf|xlsx&download=1&…the report's parameters. PDFs open inline unless download=1. */
  @Get(':name')
  async render(
    @Param('name') name: string,
    @Query() query: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: { setHeader(name: string, value: string): void },
  ): Promise<StreamableFile> {
    const { format, download, ...params } = query;
    if (format !== undefined && format !== null && typeof format !== 'string') throw badRequest('format', '出力形式（format）は1つだけ指定してください。');
    if (download !== undefined && download !== null && !['0', '1', 'true', 'false'].includes(String(download))) {
      throw badRequest('download', 'ダウンロード（download）は1か0で指定してください。');
    }
    const report = await this.reports.render(name, (format as string | null) ?? undefined, params, user);
    const attachment = report.contentType !== 'application/pdf' || download === '1' || download === 'true';
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(report.body, {
      type: report.contentType,
      disposition: contentDisposition(attachment ? 'attachment' : 'inline', report.filename, report.asciiFilename),
    });
  }
}
