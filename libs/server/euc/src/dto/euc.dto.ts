import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { EUC_AGGREGATES, EUC_LIMITS, EUC_OPERATORS, EUC_SCHEDULES, EUC_SHARING } from '@keiyaku/domain';
import type { EucAggregateFn, EucOperator, EucSchedule, EucSharing } from '@keiyaku/domain';
import { Label, ListQueryDto } from '@keiyaku/server/core';

/**
 * The query's shape only: keys are checked against the catalog and values against each field's
 * type by the compiler (checkQuery), which knows the dataset.
 */
export class EucFilterDto {
  @Label('項目') @IsString() @MaxLength(40) field!: string;
  @Label('条件の種類') @IsIn(EUC_OPERATORS) op!: EucOperator;
  /** A string, number, list or range: checked against the field's type by the compiler. */
  @ApiPropertyOptional() @Allow() value?: unknown;
}

export class EucSortDto {
  @Label('並び順の項目') @IsString() @MaxLength(60) field!: string;
  @Label('並び順') @IsIn(['asc', 'desc']) direction!: 'asc' | 'desc';
}

export class EucAggregateDto {
  @Label('集計の種類') @IsIn(EUC_AGGREGATES) fn!: EucAggregateFn;
  @Label('集計する項目') @IsOptional() @IsString() @MaxLength(40) field?: string | null;
}

export class EucGroupByDto {
  @Label('集計の単位') @IsArray() @ArrayMaxSize(EUC_LIMITS.groupFields) @IsString({ each: true }) @MaxLength(40, { each: true }) fields!: string[];
  @Label('集計値') @IsArray() @ArrayMaxSize(EUC_LIMITS.aggregates) @ValidateNested({ each: true }) @Type(() => EucAggregateDto) aggregates!: EucAggregateDto[];
}

export class EucQueryDto {
  @ApiProperty() @Label('データの種類') @IsString() @MaxLength(40) dataset!: string;
  @Label('表示する項目') @IsOptional() @IsArray() @ArrayMaxSize(EUC_LIMITS.columns) @IsString({ each: true }) @MaxLength(40, { each: true }) columns: string[] = [];
  @Label('条件') @IsOptional() @IsArray() @ArrayMaxSize(EUC_LIMITS.filters) @ValidateNested({ each: true }) @Type(() => EucFilterDto) filters: EucFilterDto[] = [];
  @Label('並び順') @IsOptional() @IsArray() @ArrayMaxSize(EUC_LIMITS.sort) @ValidateNested({ each: true }) @Type(() => EucSortDto) sort: EucSortDto[] = [];
  @Label('集計') @IsOptional() @ValidateNested() @Type(() => EucGroupByDto) groupBy?: EucGroupByDto | null;
}

export class EucPageDto {
  @Label('開始位置') @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
  @Label('件数') @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

/**
 * GET pages for the shared data grid (AG Grid infinite row model). The grid also sends its
 * quick search, header sort and filter: EUC results are sorted and filtered by the query itself,
 * so these are accepted and left unused.
 */
export class EucGridPageDto extends EucPageDto {
  @Label('検索条件') @IsOptional() @IsString() @MaxLength(8000) query?: string;
  @Label('検索語') @IsOptional() @IsString() @MaxLength(200) q?: string;
  @Label('並び順') @IsOptional() @IsString() @MaxLength(300) sort?: string;
  @Label('絞り込み条件') @IsOptional() @IsString() @MaxLength(8000) filter?: string;
  /** The screen's run counter: a new run of the same query reloads the grid. */
  @Label('実行番号') @IsOptional() @Type(() => Number) @IsInt() @Min(0) run?: number;
}

export class EucRunDto extends EucPageDto {
  @Label('検索条件') @ValidateNested() @Type(() => EucQueryDto) query!: EucQueryDto;
}

export const EUC_FORMATS = ['xlsx', 'csv'] as const;
export const EUC_ENCODINGS = ['utf8', 'sjis'] as const;

export class EucFileDto {
  @Label('出力形式') @IsIn(EUC_FORMATS) format!: 'xlsx' | 'csv';
  @Label('文字コード') @IsOptional() @IsIn(EUC_ENCODINGS) encoding?: 'utf8' | 'sjis';
}

/** GET /api/euc/export: the query travels as JSON in `q` (a download is a plain link). */
export class EucExportQueryDto extends EucFileDto {
  @Label('検索条件') @IsString() @MaxLength(8000) q!: string;
}

export class SaveEucQueryDto {
  @Label('名前') @IsString() @MinLength(1) @MaxLength(150) name!: string;
  @Label('説明') @IsOptional() @IsString() @MaxLength(600) description?: string | null;
  @Label('共有') @IsIn(EUC_SHARING) sharing!: EucSharing;
  @Label('検索条件') @ValidateNested() @Type(() => EucQueryDto) query!: EucQueryDto;
}

export class UpdateEucQueryDto extends SaveEucQueryDto {
  @Label('版') @IsInt() @Min(1) version!: number;
}

export class EucVersionDto {
  @Label('版') @Type(() => Number) @IsInt() @Min(1) version!: number;
}

export class EucScheduleDto {
  @Label('定期出力') @IsOptional() @IsIn([...EUC_SCHEDULES, null]) schedule!: EucSchedule | null;
  @Label('出力形式') @IsOptional() @IsIn(EUC_FORMATS) format?: 'xlsx' | 'csv';
  @Label('文字コード') @IsOptional() @IsIn(EUC_ENCODINGS) encoding?: 'utf8' | 'sjis';
  @Label('版') @IsInt() @Min(1) version!: number;
}

export const SAVED_SCOPES = ['all', 'mine', 'shared', 'favorites'] as const;

export class EucSavedListQueryDto extends ListQueryDto {
  @Label('表示する範囲') @IsOptional() @IsIn(SAVED_SCOPES) scope?: (typeof SAVED_SCOPES)[number];
}
