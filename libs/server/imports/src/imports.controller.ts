import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_IMPORT_PROFILES, IMPORT_KIND_LABELS, IMPORT_KINDS } from '@keiyaku/domain';
import { AuthUser, CurrentUser } from '@keiyaku/server/auth';
import { RequirePermissions } from '@keiyaku/server/core';
import { jobView } from '@keiyaku/server/platform';
import { CommitImportDto, CreateProfileDto, ImportFileDto, ProfileQueryDto, RunListQueryDto, UpdateProfileDto } from './dto';
import { ImportsService } from './imports.service';

@ApiTags('imports')
@Controller('imports')
@RequirePermissions('imports.run')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Get('kinds')
  kinds() {
    return IMPORT_KINDS.filter((kind) => this.imports.handles(kind)).map((kind) => ({ kind, label: IMPORT_KIND_LABELS[kind], headers: DEFAULT_IMPORT_PROFILES.find((p) => p.kind === kind)!.definition.columns.map((c) => ({ header: c.header, required: !!c.required })) }));
  }

  @Get('profiles')
  profiles(@Query() q: ProfileQueryDto) {
    return this.imports.profiles(q.kind);
  }

  @Get('profiles/:id')
  profile(@Param('id', ParseIntPipe) id: number) {
    return this.imports.profile(id);
  }

  @Post('profiles')
  @RequirePermissions('admin.settings')
  createProfile(@Body() dto: CreateProfileDto) {
    return this.imports.createProfile(dto);
  }

  @Patch('profiles/:id')
  @RequirePermissions('admin.settings')
  updateProfile(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateProfileDto) {
    return this.imports.updateProfile(id, dto);
  }

  /** Checks a file without writing anything: counts, every row error, warnings. */
  @Post('dry-run')
  @HttpCode(200)
  dryRun(@Body() dto: ImportFileDto, @CurrentUser() user: AuthUser) {
    return this.imports.dryRunFile(dto, user);
  }

  /** Commits as a job (202): its progress and report are on GET /api/jobs/:id. */
  @Post('commit')
  @HttpCode(202)
  async commit(@Body() dto: CommitImportDto, @CurrentUser() user: AuthUser) {
    return jobView(await this.imports.enqueue(dto, user));
  }

  @Get('runs')
  runs(@Query() q: RunListQueryDto) {
    return this.imports.runs(q);
  }

  @Get('runs/:id')
  run(@Param('id', ParseIntPipe) id: number) {
    return this.imports.runById(id);
  }
}
