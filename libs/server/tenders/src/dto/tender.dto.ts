import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { TENDER_METHODS, TENDER_STATUSES } from '@keiyaku/domain';
import { IsOmittable, Label, ListQueryDto } from '@keiyaku/server/core';

const MAX_YEN = 999_999_999_999_999;
const CATEGORIES = ['construction', 'survey', 'goods'];
const BUILDING_KINDS = ['none', 'building', 'lift'];
const PRICE_CONTROLS = ['minimum', 'investigation', 'none'];

/** The optional fields a clerk enters (the four identifying ones are in the create and update DTOs). */
export class TenderFieldsDto {
  @ApiPropertyOptional() @Label('担当課') @IsOptional() @IsInt() @Min(1) departmentId?: number | null;
  @ApiPropertyOptional() @Label('場所') @IsOptional() @IsString() @MaxLength(300) location?: string | null;
  @ApiPropertyOptional() @Label('総合評価') @IsOptional() @IsBoolean() comprehensiveEval?: boolean;
  @ApiPropertyOptional() @Label('随意契約の理由') @IsOptional() @IsString() @MaxLength(600) negotiatedReason?: string | null;
  @ApiPropertyOptional() @Label('予算科目') @IsOptional() @IsString() @MaxLength(40) budgetLineCode?: string | null;
  @ApiPropertyOptional() @Label('設計金額') @IsOptional() @IsInt() @Min(1) @Max(MAX_YEN) designPrice?: number | null;
  @ApiPropertyOptional() @Label('予定価格') @IsOptional() @IsInt() @Min(1) @Max(MAX_YEN) plannedPrice?: number | null;
  @ApiPropertyOptional({ description: '{ directCost: 60000000, … } (tax-excluded yen)' }) @Label('価格の内訳') @IsOptional() @IsObject() priceComponents?: Record<string, number> | null;
  @ApiPropertyOptional({ enum: BUILDING_KINDS }) @Label('建築工事の区分') @IsOptional() @IsIn(BUILDING_KINDS) buildingKind?: 'none' | 'building' | 'lift';
  @ApiPropertyOptional({ enum: PRICE_CONTROLS }) @Label('最低制限価格等') @IsOptional() @IsIn(PRICE_CONTROLS) priceControl?: 'minimum' | 'investigation' | 'none';
  @ApiPropertyOptional({ enum: ['before', 'after'] }) @Label('予定価格の公表') @IsOptional() @IsIn(['before', 'after']) pricePublication?: 'before' | 'after';
  @ApiPropertyOptional() @Label('公告日') @IsOptional() @IsDateString({ strict: true }) announcementDate?: string | null;
  @ApiPropertyOptional() @Label('指名通知日') @IsOptional() @IsDateString({ strict: true }) designationDate?: string | null;
  @ApiPropertyOptional() @Label('質問期限') @IsOptional() @IsDateString({ strict: true }) questionDeadline?: string | null;
  @ApiPropertyOptional() @Label('入札締切日') @IsOptional() @IsDateString({ strict: true }) bidDeadline?: string | null;
  @ApiPropertyOptional() @Label('開札日') @IsOptional() @IsDateString({ strict: true }) openingDate?: string | null;
  @ApiPropertyOptional() @Label('備考') @IsOptional() @IsString() @MaxLength(3000) notes?: string | null;
  @ApiPropertyOptional() @Label('手動設定の価格') @IsOptional() @IsInt() @Min(1) @Max(MAX_YEN) overridePrice?: number | null;
  @ApiPropertyOptional() @Label('手動設定の理由') @IsOptional() @IsString() @MaxLength(600) overrideReason?: string | null;
}

export class CreateTenderDto extends TenderFieldsDto {
  @ApiProperty() @Label('件名') @IsString() @IsNotEmpty() @MaxLength(300) title!: string;
  @ApiProperty({ enum: CATEGORIES }) @Label('部門') @IsIn(CATEGORIES) category!: 'construction' | 'survey' | 'goods';
  @ApiProperty() @Label('業種') @IsString() @IsNotEmpty() @MaxLength(10) tradeCode!: string;
  @ApiProperty({ enum: TENDER_METHODS }) @Label('入札方法') @IsIn(TENDER_METHODS) method!: (typeof TENDER_METHODS)[number];
}

export class UpdateTenderDto extends TenderFieldsDto {
  @ApiPropertyOptional() @Label('件名') @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(300) title?: string;
  @ApiPropertyOptional({ enum: CATEGORIES }) @Label('部門') @IsOmittable() @IsIn(CATEGORIES) category?: 'construction' | 'survey' | 'goods';
  @ApiPropertyOptional() @Label('業種') @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(10) tradeCode?: string;
  @ApiPropertyOptional({ enum: TENDER_METHODS }) @Label('入札方法') @IsOmittable() @IsIn(TENDER_METHODS) method?: (typeof TENDER_METHODS)[number];
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
}

export class TransitionDto {
  @ApiProperty({ enum: TENDER_STATUSES }) @Label('変更後の状態') @IsIn(TENDER_STATUSES) to!: (typeof TENDER_STATUSES)[number];
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional() @Label('理由') @IsOptional() @IsString() @MaxLength(600) reason?: string | null;
}

export class TenderListQueryDto extends ListQueryDto {
  @ApiPropertyOptional() @Label('年度') @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) fiscalYear?: number;
  @ApiPropertyOptional({ enum: TENDER_STATUSES }) @Label('状態') @IsOptional() @IsIn(TENDER_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: TENDER_METHODS }) @Label('入札方法') @IsOptional() @IsIn(TENDER_METHODS) method?: string;
  @ApiPropertyOptional({ enum: CATEGORIES }) @Label('部門') @IsOptional() @IsIn(CATEGORIES) category?: string;
}
