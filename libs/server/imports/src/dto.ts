import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { IMPORT_KINDS, ImportKind, ImportProfileDefinition } from '@keiyaku/domain';
import { IsOmittable, Label, ListQueryDto } from '@keiyaku/server/core';

export class ImportFileDto {
  @ApiProperty() @Label('ファイル') @IsInt() @Min(1) fileId!: number;
  @ApiProperty({ enum: IMPORT_KINDS }) @Label('取込の種類') @IsIn(IMPORT_KINDS) kind!: ImportKind;
  @ApiPropertyOptional() @Label('取込定義') @IsOptional() @IsInt() @Min(1) profileId?: number | null;
  @ApiPropertyOptional({ enum: ['auto', 'utf8', 'cp932'] }) @Label('文字コード') @IsOptional() @IsIn(['auto', 'utf8', 'cp932']) encoding?: 'auto' | 'utf8' | 'cp932' | null;
}

export class CommitImportDto extends ImportFileDto {
  @ApiProperty({ enum: ['allOrNothing', 'goodRows'] }) @Label('取込の方法') @IsIn(['allOrNothing', 'goodRows']) mode!: 'allOrNothing' | 'goodRows';
}

export class CreateProfileDto {
  @ApiProperty({ enum: IMPORT_KINDS }) @Label('取込の種類') @IsIn(IMPORT_KINDS) kind!: ImportKind;
  @ApiProperty() @Label('取込定義コード') @IsString() @IsNotEmpty() @MaxLength(40) @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/) code!: string;
  @ApiProperty() @Label('名称') @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiProperty() @Label('定義') @IsObject() definition!: ImportProfileDefinition;
}

export class UpdateProfileDto {
  @ApiPropertyOptional() @Label('名称') @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @Label('定義') @IsOmittable() @IsObject() definition?: ImportProfileDefinition;
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
}

export class ProfileQueryDto {
  @ApiPropertyOptional({ enum: IMPORT_KINDS }) @Label('取込の種類') @IsOptional() @IsIn(IMPORT_KINDS) kind?: string;
}

export class RunListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: IMPORT_KINDS }) @Label('取込の種類') @IsOptional() @IsIn(IMPORT_KINDS) kind?: string;
}

export class RunIdDto {
  @Label('番号') @Type(() => Number) @IsInt() @Min(1) id!: number;
}
