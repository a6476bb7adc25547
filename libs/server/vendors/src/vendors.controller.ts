import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { badRequest, Label, RequirePermissions, VersionDto } from '@keiyaku/server/core';
import { AuthUser, CurrentUser } from '@keiyaku/server/auth';
import { CreateVendorDto, UpdateVendorDto, VendorListQueryDto } from './dto/vendor.dto';
import { EligibilityService } from './eligibility.service';
import { MASTER_NAMES, MasterName, MasterService } from './master.service';
import { RankingService } from './ranking.service';
import { VendorHistoryService } from './vendor-history.service';
import { isPartName, PART_NAMES } from './vendor-parts';
import { VendorsService } from './vendors.service';

class EligibleQueryDto {
  @Label('部門') @IsIn(['construction', 'survey', 'goods']) category!: string;
  @Label('業種') @IsString() @IsNotEmpty() @MaxLength(10) tradeCode!: string;
  @Label('基準日') @IsDateString({ strict: true }) date!: string;
  @Label('等級') @IsOptional() @IsString() @Matches(/^[A-Z]{1,2}$/) rank?: string;
  @Label('地域区分') @IsOptional() @IsIn(['local', 'semiLocal', 'outside']) locality?: string;
  @Label('理由を確認する業者番号') @IsOptional() @IsString() @MaxLength(10) explain?: string;
}

class DuplicateCheckDto {
  @Label('法人番号') @IsOptional() @IsString() @MaxLength(13) corporateNumber?: string | null;
  @Label('商号又は名称') @IsOptional() @IsString() @MaxLength(100) name?: string | null;
  @Label('所在地') @IsOptional() @IsString() @MaxLength(200) address?: string | null;
  @Label('除外する業者ID') @IsOptional() @IsInt() excludeId?: number;
}

class AsOfQueryDto {
  @Label('日付') @IsDateString({ strict: true }) date!: string;
}

class DiffQueryDto {
  @Label('比較元の版') @Type(() => Number) @IsInt() @Min(1) from!: number;
  @Label('比較先の版') @Type(() => Number) @IsInt() @Min(1) to!: number;
}

class RankingRunDto {
  @Label('部門') @IsIn(['construction', 'survey', 'goods']) category!: string;
  @Label('有効期間') @IsString() @IsNotEmpty() @MaxLength(20) termCode!: string;
}

function part(name: string) {
  if (!isPartName(name)) throw badRequest('part', `「${name}」は業者の項目ではありません（${PART_NAMES.join('、')}）。`);
  return name;
}

function master(name: string): MasterName {
  if (!(MASTER_NAMES as string[]).includes(name)) throw badRequest('master', `「${name}」はマスタではありません（${MASTER_NAMES.join('、')}）。`);
  return name as MasterName;
}

@ApiTags('vendors')
@Controller('vendors')
@RequirePermissions('vendors.read')
export class VendorsController {
  constructor(
    private readonly vendors: VendorsService,
    private readonly history: VendorHistoryService,
    private readonly eligibility: EligibilityService,
  ) {}

  @Get()
  list(@Query() query: VendorListQueryDto) {
    return this.vendors.list(query);
  }

  /** Vendors that may be designated; with `explain=<vendorCode>`, why one is excluded. */
  @Get('eligible')
  eligible(@Query() q: EligibleQueryDto) {
    return q.explain ? this.eligibility.explain(q, q.explain) : this.eligibility.eligible(q);
  }

  @Post('check-duplicates')
  @HttpCode(200)
  @RequirePermissions('vendors.write')
  async checkDuplicates(@Body() dto: DuplicateCheckDto) {
    return { candidates: await this.vendors.findDuplicates(dto, dto.excludeId) };
  }

  @Post()
  @RequirePermissions('vendors.write')
  create(@Body() dto: CreateVendorDto) {
    return this.vendors.create(dto);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number) {
    return this.vendors.detail(id);
  }

  @Patch(':id')
  @RequirePermissions('vendors.write')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateVendorDto) {
    return this.vendors.update(id, dto);
  }

  @Get(':id/history')
  historyList(@Param('id', ParseIntPipe) id: number) {
    return this.history.list(id);
  }

  @Get(':id/history/diff')
  diff(@Param('id', ParseIntPipe) id: number, @Query() q: DiffQueryDto) {
    return this.history.diff(id, q.from, q.to);
  }

  @Get(':id/history/:versionNo')
  historyGet(@Param('id', ParseIntPipe) id: number, @Param('versionNo', ParseIntPipe) versionNo: number) {
    return this.history.get(id, versionNo);
  }

  @Get(':id/as-of')
  asOf(@Param('id', ParseIntPipe) id: number, @Query() q: AsOfQueryDto) {
    return this.history.asOf(id, q.date);
  }

  @Get(':id/:part')
  listPart(@Param('id', ParseIntPipe) id: number, @Param('part') name: string) {
    return this.vendors.listPart(id, part(name));
  }

  /** The body is checked against the part's own DTO (offices, permits, keishin, …). */
  @Post(':id/:part')
  @RequirePermissions('vendors.write')
  addPart(@Param('id', ParseIntPipe) id: number, @Param('part') name: string, @Body() body: Record<string, unknown>) {
    return this.vendors.addPart(id, part(name), body);
  }

  @Patch(':id/:part/:partId')
  @RequirePermissions('vendors.write')
  updatePart(@Param('id', ParseIntPipe) id: number, @Param('part') name: string, @Param('partId', ParseIntPipe) partId: number, @Body() body: Record<string, unknown>) {
    return this.vendors.updatePart(id, part(name), partId, body);
  }

  @Delete(':id/:part/:partId')
  @HttpCode(204)
  @RequirePermissions('vendors.write')
  async removePart(@Param('id', ParseIntPipe) id: number, @Param('part') name: string, @Param('partId', ParseIntPipe) partId: number) {
    await this.vendors.removePart(id, part(name), partId);
  }
}

@ApiTags('registry')
@Controller('registry')
export class RegistryController {
  constructor(
    private readonly masters: MasterService,
    private readonly ranking: RankingService,
  ) {}

  @Post('ranking-runs')
  @RequirePermissions('vendors.write')
  startRanking(@Body() dto: RankingRunDto, @CurrentUser() user: AuthUser) {
    return this.ranking.start(dto.category, dto.termCode, user);
  }

  @Get('ranking-runs/:id')
  @RequirePermissions('vendors.read')
  getRanking(@Param('id', ParseIntPipe) id: number) {
    return this.ranking.get(id);
  }

  @Post('ranking-runs/:id/confirm')
  @HttpCode(200)
  @RequirePermissions('vendors.write')
  confirmRanking(@Param('id', ParseIntPipe) id: number, @Body() dto: VersionDto) {
    return this.ranking.confirm(id, dto.version);
  }

  @Post('ranking-runs/:id/discard')
  @HttpCode(200)
  @RequirePermissions('vendors.write')
  discardRanking(@Param('id', ParseIntPipe) id: number, @Body() dto: VersionDto) {
    return this.ranking.discard(id, dto.version);
  }

  @Get(':master')
  @RequirePermissions('vendors.read')
  listMaster(@Param('master') name: string, @Query('category') category?: string) {
    return this.masters.list(master(name), category || undefined);
  }

  @Post(':master')
  @RequirePermissions('admin.settings')
  createMaster(@Param('master') name: string, @Body() body: Record<string, unknown>) {
    return this.masters.create(master(name), body);
  }

  @Patch(':master/:id')
  @RequirePermissions('admin.settings')
  updateMaster(@Param('master') name: string, @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>) {
    return this.masters.update(master(name), id, body);
  }
}
