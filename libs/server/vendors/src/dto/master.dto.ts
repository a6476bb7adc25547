import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Label } from '@keiyaku/server/core';

const CATEGORIES = ['construction', 'survey', 'goods'];

export class TradeDto {
  @Label('部門') @IsIn(CATEGORIES) category!: string;
  @Label('コード') @IsString() @Matches(/^[A-Za-z0-9]{1,10}$/) code!: string;
  @Label('名称') @IsString() @IsNotEmpty() @MaxLength(50) name!: string;
  @Label('略称') @IsString() @IsNotEmpty() @MaxLength(20) shortName!: string;
  @Label('格付対象') @IsOptional() @IsBoolean() ranked?: boolean;
  @Label('表示順') @IsOptional() @IsInt() @Min(0) sortOrder?: number;
  @Label('有効') @IsOptional() @IsBoolean() active?: boolean;
}

export class TermDto {
  @Label('部門') @IsIn(CATEGORIES) category!: string;
  @Label('コード') @IsString() @Matches(/^[A-Za-z0-9-]{1,20}$/) code!: string;
  @Label('名称') @IsString() @IsNotEmpty() @MaxLength(20) name!: string;
  @Label('開始日') @IsDateString({ strict: true }) validFrom!: string;
  @Label('終了日') @IsDateString({ strict: true }) validTo!: string;
}

export class SubjectiveItemDto {
  @Label('部門') @IsIn(CATEGORIES) category!: string;
  @Label('コード') @IsString() @Matches(/^[A-Za-z0-9-]{1,20}$/) code!: string;
  @Label('名称') @IsString() @IsNotEmpty() @MaxLength(50) name!: string;
  @Label('点数') @IsInt() @Min(-1000) @Max(1000) points!: number;
  @Label('工事成績の平均（以上）') @IsOptional() @IsInt() @Min(0) @Max(100) ratingMin?: number | null;
  @Label('工事成績の平均（未満）') @IsOptional() @IsInt() @Min(0) @Max(100) ratingMax?: number | null;
  @Label('表示順') @IsOptional() @IsInt() @Min(0) sortOrder?: number;
  @Label('有効') @IsOptional() @IsBoolean() active?: boolean;
}

export class ThresholdDto {
  @Label('等級') @IsString() @Matches(/^[A-Z]{1,2}$/) rank!: string;
  @Label('総合点数の下限') @IsInt() @Min(-10000) @Max(10000) minTotal!: number;
  @Label('P点の下限') @IsOptional() @IsInt() minP?: number;
  @Label('平均完成工事高の下限') @IsOptional() @IsInt() @Min(0) minTurnover?: number;
}

export class PriceBandDto {
  @Label('等級') @IsString() @Matches(/^[A-Z]{1,2}$/) rank!: string;
  @Label('発注標準金額の下限') @IsInt() @Min(0) minPrice!: number;
}

export class RankingRuleDto {
  @Label('部門') @IsIn(CATEGORIES) category!: string;
  @Label('業種') @IsString() @IsNotEmpty() @MaxLength(10) tradeCode!: string;
  @Label('適用開始日') @IsDateString({ strict: true }) effectiveFrom!: string;
  @Label('等級の基準') @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => ThresholdDto) thresholds!: ThresholdDto[];
  @Label('発注標準金額') @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => PriceBandDto) priceBands?: PriceBandDto[] | null;
  @Label('1期の昇格上限') @IsOptional() @IsInt() @Min(1) @Max(5) maxStepUp?: number | null;
  @Label('市内業者のみ格付') @IsOptional() @IsBoolean() localOnly?: boolean;
  @Label('新規は最下位から') @IsOptional() @IsBoolean() newApplicantsStartLowest?: boolean;
}
