import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsOmittable, Label } from '@keiyaku/server/core';

/**
 * The shape of a rule definition only (types, lengths): whether the ratios, bounds and keys make
 * sense is priceRuleProblems' job, so the editor and the server report the same problems.
 */
export class PriceComponentDto {
  @ApiProperty() @Label('項目コード') @IsOptional() @IsString() @MaxLength(40) key!: string;
  @ApiProperty() @Label('名称') @IsOptional() @IsString() @MaxLength(60) label!: string;
  @ApiProperty() @Label('率') @IsNumber() ratio!: number;
}

export class RoundingDto {
  @ApiProperty() @Label('端数処理の単位') @IsNumber() unit!: number;
  @ApiProperty({ enum: ['down', 'up', 'nearest'] }) @Label('端数処理の方向') @IsString() direction!: 'down' | 'up' | 'nearest';
}

export class DisqualificationDto {
  @ApiProperty({ type: [PriceComponentDto] }) @Label('失格判断基準の算定項目') @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => PriceComponentDto) components!: PriceComponentDto[];
  @ApiPropertyOptional() @Label('失格判断基準の下限') @IsOptional() @IsNumber() lower?: number | null;
  @ApiPropertyOptional() @Label('失格判断基準の上限') @IsOptional() @IsNumber() upper?: number | null;
}

export class BuildingAdjustmentDto {
  @ApiProperty() @Label('移動元の項目') @IsString() @MaxLength(40) fromKey!: string;
  @ApiProperty() @Label('移動先の項目') @IsString() @MaxLength(40) toKey!: string;
  @ApiProperty() @Label('建築工事の率') @IsNumber() ratio!: number;
  @ApiProperty() @Label('昇降機の率') @IsNumber() liftRatio!: number;
}

export class FixedRateTradeDto {
  @ApiProperty() @Label('業種') @IsOptional() @IsString() @MaxLength(10) tradeCode!: string;
  @ApiProperty() @Label('率') @IsNumber() rate!: number;
}

export class RandomCoefficientDto {
  @ApiProperty() @Label('ランダム係数の下限') @IsNumber() min!: number;
  @ApiProperty() @Label('ランダム係数の上限') @IsNumber() max!: number;
}

export class PriceRuleDefinitionDto {
  @ApiProperty({ type: [PriceComponentDto] }) @Label('算定項目') @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => PriceComponentDto) components!: PriceComponentDto[];
  @ApiProperty() @Label('下限の率') @IsNumber() lower!: number;
  @ApiProperty() @Label('上限の率') @IsNumber() upper!: number;
  @ApiPropertyOptional() @Label('各項目の端数処理') @IsOptional() @ValidateNested() @Type(() => RoundingDto) termRounding?: RoundingDto | null;
  @ApiPropertyOptional() @Label('結果の端数処理') @IsOptional() @ValidateNested() @Type(() => RoundingDto) resultRounding?: RoundingDto | null;
  @ApiPropertyOptional() @Label('失格判断基準価格') @IsOptional() @ValidateNested() @Type(() => DisqualificationDto) disqualification?: DisqualificationDto | null;
  @ApiPropertyOptional() @Label('建築工事の補正') @IsOptional() @ValidateNested() @Type(() => BuildingAdjustmentDto) buildingAdjustment?: BuildingAdjustmentDto | null;
  @ApiPropertyOptional({ type: [FixedRateTradeDto] }) @Label('業種別の固定率') @IsOptional() @IsArray() @ArrayMaxSize(60) @ValidateNested({ each: true }) @Type(() => FixedRateTradeDto) fixedRateTrades?: FixedRateTradeDto[];
  @ApiPropertyOptional() @Label('ランダム係数') @IsOptional() @ValidateNested() @Type(() => RandomCoefficientDto) randomCoefficient?: RandomCoefficientDto | null;
}

const CATEGORIES = ['construction', 'survey'];

export class CreatePriceRuleDto {
  @ApiProperty() @Label('算定基準コード') @IsString() @IsNotEmpty() @MaxLength(40) @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/) code!: string;
  @ApiProperty() @Label('名称') @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @ApiProperty({ enum: CATEGORIES }) @Label('部門') @IsIn(CATEGORIES) category!: 'construction' | 'survey';
  @ApiPropertyOptional() @Label('業務の種類') @IsOptional() @IsString() @MaxLength(10) serviceKind?: string | null;
  @ApiProperty() @Label('適用開始日') @IsDateString({ strict: true }) effectiveFrom!: string;
  @ApiProperty({ type: PriceRuleDefinitionDto }) @Label('算定式') @IsObject() @ValidateNested() @Type(() => PriceRuleDefinitionDto) definition!: PriceRuleDefinitionDto;
  @ApiPropertyOptional() @Label('備考') @IsOptional() @IsString() @MaxLength(300) notes?: string | null;
  @ApiPropertyOptional() @Label('有効') @IsOptional() @IsBoolean() active?: boolean;
}

export class UpdatePriceRuleDto {
  @ApiPropertyOptional() @Label('算定基準コード') @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(40) @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/) code?: string;
  @ApiPropertyOptional() @Label('名称') @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @ApiPropertyOptional({ enum: CATEGORIES }) @Label('部門') @IsOmittable() @IsIn(CATEGORIES) category?: 'construction' | 'survey';
  @ApiPropertyOptional() @Label('業務の種類') @IsOptional() @IsString() @MaxLength(10) serviceKind?: string | null;
  @ApiPropertyOptional() @Label('適用開始日') @IsOmittable() @IsDateString({ strict: true }) effectiveFrom?: string;
  @ApiPropertyOptional({ type: PriceRuleDefinitionDto }) @Label('算定式') @IsOmittable() @IsObject() @ValidateNested() @Type(() => PriceRuleDefinitionDto) definition?: PriceRuleDefinitionDto;
  @ApiPropertyOptional() @Label('備考') @IsOptional() @IsString() @MaxLength(300) notes?: string | null;
  @ApiPropertyOptional() @Label('有効') @IsOmittable() @IsBoolean() active?: boolean;
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
}

export class PriceRuleListQueryDto {
  @ApiPropertyOptional({ enum: CATEGORIES }) @Label('部門') @IsOptional() @IsIn(CATEGORIES) category?: string;
}

export class PriceOverrideDto {
  @ApiProperty() @Label('手動設定の価格') @IsNumber() price!: number;
  @ApiProperty() @Label('手動設定の理由') @IsOptional() @IsString() @MaxLength(600) reason!: string;
}

const MAX_YEN = 999_999_999_999_999;

export class CalculatePriceDto {
  @ApiProperty({ enum: CATEGORIES }) @Label('部門') @IsIn(CATEGORIES) category!: 'construction' | 'survey';
  @ApiPropertyOptional() @Label('業務の種類') @IsOptional() @IsString() @MaxLength(10) serviceKind?: string | null;
  @ApiProperty() @Label('基準日（公告日）') @IsDateString({ strict: true }) date!: string;
  @ApiProperty() @Label('予定価格') @IsInt() @Min(1) @Max(MAX_YEN) plannedPrice!: number;
  @ApiProperty({ description: '{ directCost: 60000000, … } (tax-excluded yen)' }) @Label('内訳') @IsObject() components!: Record<string, number>;
  @ApiPropertyOptional() @Label('業種') @IsOptional() @IsString() @MaxLength(10) tradeCode?: string | null;
  @ApiPropertyOptional({ enum: ['none', 'building', 'lift'] }) @Label('建築工事の区分') @IsOptional() @IsIn(['none', 'building', 'lift']) building?: 'none' | 'building' | 'lift' | null;
  @ApiPropertyOptional({ enum: ['minimum', 'investigation', 'none'] }) @Label('価格の種類') @IsOptional() @IsIn(['minimum', 'investigation', 'none']) mode?: 'minimum' | 'investigation' | 'none' | null;
  @ApiPropertyOptional() @Label('ランダム係数') @IsOptional() @IsNumber() randomCoefficient?: number | null;
  @ApiPropertyOptional({ type: PriceOverrideDto }) @Label('手動設定') @IsOptional() @ValidateNested() @Type(() => PriceOverrideDto) override?: PriceOverrideDto | null;
  @ApiPropertyOptional() @Label('算定基準') @IsOptional() @IsInt() @Min(1) ruleSetId?: number | null;
}

export class WhatIfDto {
  @ApiProperty() @Label('算定基準') @IsInt() @Min(1) ruleSetId!: number;
  @ApiProperty() @Label('年度') @IsInt() @Min(2000) @Max(2100) fiscalYear!: number;
  @ApiPropertyOptional({ enum: CATEGORIES }) @Label('部門') @IsOptional() @IsIn(CATEGORIES) category?: 'construction' | 'survey';
}
