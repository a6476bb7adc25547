import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { ROLES, Role } from '@keiyaku/domain';
import { IsOmittable, Label, ListQueryDto } from '@keiyaku/server/core';

export class CreateUserDto {
  @ApiProperty() @Label('ログインID') @IsString() @IsNotEmpty() @MaxLength(60)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'matches' }) loginId!: string;
  @ApiProperty() @Label('氏名') @IsString() @IsNotEmpty() @MaxLength(50) name!: string;
  @ApiPropertyOptional() @Label('フリガナ') @IsOptional() @IsString() @MaxLength(50) nameKana?: string | null;
  @ApiPropertyOptional() @Label('メールアドレス') @IsOptional() @IsEmail() @MaxLength(254) email?: string | null;
  @ApiProperty() @Label('所属部署') @IsInt() @Min(1) departmentId!: number;
  @ApiProperty({ enum: ROLES, isArray: true }) @Label('役割') @IsArray() @ArrayNotEmpty() @ArrayMaxSize(8) @IsIn(ROLES, { each: true }) roles!: Role[];
  @ApiProperty() @Label('初期パスワード') @IsString() @IsNotEmpty() @MaxLength(200) password!: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @Label('氏名') @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(50) name?: string;
  @ApiPropertyOptional() @Label('フリガナ') @IsOptional() @IsString() @MaxLength(50) nameKana?: string | null;
  @ApiPropertyOptional() @Label('メールアドレス') @IsOptional() @IsEmail() @MaxLength(254) email?: string | null;
  @ApiPropertyOptional() @Label('所属部署') @IsOptional() @IsInt() @Min(1) departmentId?: number;
  @ApiPropertyOptional({ enum: ROLES, isArray: true }) @Label('役割') @IsOmittable() @IsArray() @ArrayNotEmpty() @ArrayMaxSize(8) @IsIn(ROLES, { each: true }) roles?: Role[];
  @ApiPropertyOptional() @Label('有効') @IsOmittable() @IsBoolean() active?: boolean;
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
}

export class ResetPasswordDto {
  @ApiProperty() @Label('新しいパスワード') @IsString() @IsNotEmpty() @MaxLength(200) password!: string;
}

export class UserListQueryDto extends ListQueryDto {}

export class CreateDepartmentDto {
  @ApiProperty() @Label('部署コード') @IsString() @IsNotEmpty() @MaxLength(20)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'matches' }) code!: string;
  @ApiProperty() @Label('部署名') @IsString() @IsNotEmpty() @MaxLength(50) name!: string;
  @ApiPropertyOptional() @Label('表示順') @IsOptional() @IsInt() @Min(0) sortOrder?: number;
}

export class UpdateDepartmentDto {
  @ApiPropertyOptional() @Label('部署名') @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(50) name?: string;
  @ApiPropertyOptional() @Label('表示順') @IsOmittable() @IsInt() @Min(0) sortOrder?: number;
  @ApiPropertyOptional() @Label('有効') @IsOmittable() @IsBoolean() active?: boolean;
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
}

export class DepartmentListQueryDto extends ListQueryDto {
  @ApiPropertyOptional() @Label('無効な部署も含める') @IsOptional() @IsIn(['true', 'false']) includeInactive?: string;
}
