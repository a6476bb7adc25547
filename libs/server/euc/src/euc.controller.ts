import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { EucQuery, EucResult } from '@keiyaku/domain';
import { AuthUser, CurrentUser } from '@keiyaku/server/auth';
import { badRequest, RequirePermissions, validateBody } from '@keiyaku/server/core';
import {
  EucExportQueryDto, EucFileDto, EucGridPageDto, EucPageDto, EucQueryDto, EucRunDto, EucSavedListQueryDto, EucScheduleDto, EucVersionDto, SaveEucQueryDto, UpdateEucQueryDto,
} from './dto/euc.dto';
import { EucFile, EucService } from './euc.service';
import { FormsCatalogue } from './forms-catalogue';
import { SavedQueriesService } from './saved-queries.service';

type Headers = { setHeader(name: string, value: string): void };

function fileResponse(file: EucFile, res: Headers): StreamableFile {
  res.setHeader('Cache-Control', 'no-store');
  return new StreamableFile(file.stream, { type: file.contentType, disposition: EucService.disposition(file) });
}

/** A query sent as JSON in a query-string parameter, validated like a body. */
async function parseQuery(text: string | undefined, field = 'query'): Promise<EucQuery> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    throw badRequest(field, `検索条件（${field}）の形式が正しくありません。`);
  }
  return (await validateBody(EucQueryDto, parsed)) as EucQuery;
}

/** The grid keys rows by id: a result row's number in the (totally ordered) result. */
function withRowIds(result: EucResult, offset: number): EucResult {
  return { ...result, rows: result.rows.map((r, i) => ({ id: offset + i + 1, ...r })) };
}

/**
 * EUC: building and sharing queries needs euc.author; running a saved query someone shared
 * needs only euc.use and read access to its dataset (checked per dataset).
 */
@ApiTags('euc')
@Controller('euc')
@RequirePermissions('euc.use')
export class EucController {
  constructor(
    private readonly euc: EucService,
    private readonly saved: SavedQueriesService,
    private readonly forms: FormsCatalogue,
  ) {}

  @Get('datasets')
  datasets(@CurrentUser() user: AuthUser) {
    return this.euc.catalog(user);
  }

  @Post('run')
  @HttpCode(200)
  @RequirePermissions('euc.author')
  run(@Body() dto: EucRunDto, @CurrentUser() user: AuthUser) {
    return this.euc.run(dto.query as EucQuery, dto, user);
  }

  /** The same run as GET pages for the shared grid; rows carry a row number as their id. */
  @Get('results')
  @RequirePermissions('euc.author')
  async results(@Query() dto: EucGridPageDto, @CurrentUser() user: AuthUser) {
    const query = await parseQuery(dto.query);
    return withRowIds(await this.euc.run(query, dto, user), dto.offset ?? 0);
  }

  /** The whole result of an unsaved query; `q` is the query as JSON (a download is a plain GET). */
  @Get('export')
  @RequirePermissions('euc.author')
  async export(@Query() dto: EucExportQueryDto, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Headers) {
    const query = await parseQuery(dto.q, 'q');
    return fileResponse(await this.euc.exportFile(query, dto.format, dto.encoding ?? 'utf8', user, 'EUC検索結果'), res);
  }

  @Get('queries')
  list(@Query() query: EucSavedListQueryDto, @CurrentUser() user: AuthUser) {
    return this.saved.list(query, user);
  }

  @Post('queries')
  @RequirePermissions('euc.author')
  create(@Body() dto: SaveEucQueryDto, @CurrentUser() user: AuthUser) {
    return this.saved.create(dto, user);
  }

  @Get('queries/:id')
  get(@Param('id', ParseIntPipe) id: number, @CurrentUser() user: AuthUser) {
    return this.saved.get(id, user);
  }

  @Put('queries/:id')
  @RequirePermissions('euc.author')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateEucQueryDto, @CurrentUser() user: AuthUser) {
    return this.saved.update(id, dto, user);
  }

  @Delete('queries/:id')
  @HttpCode(204)
  @RequirePermissions('euc.author')
  async remove(@Param('id', ParseIntPipe) id: number, @Query() dto: EucVersionDto, @CurrentUser() user: AuthUser) {
    await this.saved.remove(id, dto.version, user);
  }

  @Post('queries/:id/run')
  @HttpCode(200)
  async runSaved(@Param('id', ParseIntPipe) id: number, @Body() page: EucPageDto, @CurrentUser() user: AuthUser) {
    const q = await this.saved.visible(id, user);
    return this.euc.run(q.definition, page, user, { id: q.id, name: q.name });
  }

  @Get('queries/:id/results')
  async resultsSaved(@Param('id', ParseIntPipe) id: number, @Query() page: EucGridPageDto, @CurrentUser() user: AuthUser) {
    const q = await this.saved.visible(id, user);
    return withRowIds(await this.euc.run(q.definition, page, user, { id: q.id, name: q.name }), page.offset ?? 0);
  }

  @Get('queries/:id/export')
  async exportSaved(@Param('id', ParseIntPipe) id: number, @Query() dto: EucFileDto, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Headers) {
    const q = await this.saved.visible(id, user);
    return fileResponse(await this.euc.exportFile(q.definition, dto.format, dto.encoding ?? 'utf8', user, q.name, { id: q.id, name: q.name }), res);
  }

  /** The export as a job: the file waits in the user's jobs list (処理状況). */
  @Post('queries/:id/export-jobs')
  exportJob(@Param('id', ParseIntPipe) id: number, @Body() dto: EucFileDto, @CurrentUser() user: AuthUser) {
    return this.saved.exportJob(id, dto.format, dto.encoding ?? 'utf8', user);
  }

  @Put('queries/:id/favorite')
  favorite(@Param('id', ParseIntPipe) id: number, @CurrentUser() user: AuthUser) {
    return this.saved.setFavorite(id, true, user);
  }

  @Delete('queries/:id/favorite')
  unfavorite(@Param('id', ParseIntPipe) id: number, @CurrentUser() user: AuthUser) {
    return this.saved.setFavorite(id, false, user);
  }

  @Put('queries/:id/schedule')
  @RequirePermissions('euc.author')
  schedule(@Param('id', ParseIntPipe) id: number, @Body() dto: EucScheduleDto, @CurrentUser() user: AuthUser) {
    return this.saved.setSchedule(id, dto, user);
  }

  /** 登録帳票: the forms of every module this user may output, with their parameters. */
  @Get('forms')
  @RequirePermissions('euc.use', 'reports.print')
  formsList(@CurrentUser() user: AuthUser) {
    return this.forms.list(user);
  }
}
