import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Label } from '@keiyaku/server/core';

/** Largest yen amount a bigint column holds on every database (numeric(15,0)). */
const MAX_YEN = 999_999_999_999_999;

export class DesignationEntryDto {
  @ApiProperty() @Label('業者') @IsInt() @Min(1) vendorId!: number;
  @ApiProperty() @Label('指名') @IsBoolean() selected!: boolean;
  @ApiPropertyOptional() @Label('理由') @IsOptional() @IsString() @MaxLength(600) reason?: string | null;
}

export class SaveDesignationsDto {
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
  @ApiProperty({ type: [DesignationEntryDto] })
  @Label('指名業者')
  @IsArray()
  @ArrayMaxSize(900)
  @ValidateNested({ each: true })
  @Type(() => DesignationEntryDto)
  vendors!: DesignationEntryDto[];
}

export class BidEntryDto {
  @ApiProperty() @Label('業者') @IsInt() @Min(1) vendorId!: number;
  @ApiPropertyOptional() @Label('入札金額') @IsOptional() @IsInt() @Min(1) @Max(MAX_YEN) amount?: number | null;
  @ApiPropertyOptional() @Label('辞退') @IsOptional() @IsBoolean() declined?: boolean | null;
  @ApiPropertyOptional() @Label('無効理由') @IsOptional() @IsString() @MaxLength(300) invalidReason?: string | null;
  @ApiPropertyOptional() @Label('くじ番号') @IsOptional() @IsString() @MaxLength(10) lotNumber?: string | null;
}

export class SaveBidsDto {
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
  @ApiProperty() @Label('入札回') @IsInt() @Min(1) round!: number;
  @ApiProperty({ type: [BidEntryDto] })
  @Label('入札')
  @IsArray()
  @ArrayMaxSize(900)
  @ValidateNested({ each: true })
  @Type(() => BidEntryDto)
  bids!: BidEntryDto[];
}

/** The tender actions' body (open, award, …): the version the user saw. */
export { VersionDto as TenderVersionDto } from '@keiyaku/server/core';

export class InvestigationDto {
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
  @ApiProperty() @Label('業者') @IsInt() @Min(1) vendorId!: number;
  @ApiProperty({ enum: ['accepted', 'rejected'] }) @Label('調査結果') @IsIn(['accepted', 'rejected']) result!: 'accepted' | 'rejected';
  @ApiPropertyOptional() @Label('調査の所見') @IsOptional() @IsString() @MaxLength(600) note?: string | null;
}

export class LotDto {
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
  @ApiProperty() @Label('くじの落札者') @IsInt() @Min(1) winnerVendorId!: number;
  @ApiProperty() @Label('くじを引いた者') @IsString() @IsNotEmpty() @MaxLength(100) drawnBy!: string;
  @ApiPropertyOptional() @Label('備考') @IsOptional() @IsString() @MaxLength(600) note?: string | null;
}
