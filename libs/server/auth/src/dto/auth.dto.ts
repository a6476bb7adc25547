import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Label } from '@keiyaku/server/core';

export class LoginDto {
  @ApiProperty() @Label('ログインID') @IsString() @IsNotEmpty() @MaxLength(60) loginId!: string;
  @ApiProperty() @Label('パスワード') @IsString() @IsNotEmpty() @MaxLength(200) password!: string;
}

export class ChangePasswordDto {
  @ApiProperty() @Label('現在のパスワード') @IsString() @IsNotEmpty() @MaxLength(200) currentPassword!: string;
  @ApiProperty() @Label('新しいパスワード') @IsString() @IsNotEmpty() @MaxLength(200) newPassword!: string;
}
