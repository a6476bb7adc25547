import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsDefined, IsInt, Min } from 'class-validator';
import { Label, RequirePermissions, SettingsService } from '@keiyaku/server/core';
import { AuthUser, CurrentUser } from '@keiyaku/server/auth';

class UpdateSettingDto {
  @Label('値') @IsDefined() value!: unknown;
  @Label('版数') @IsInt() @Min(0) version!: number;
}

@ApiTags('settings')
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  /** Every signed-in user reads the public settings; administrators read all. */
  @Get()
  list(@CurrentUser() user: AuthUser) {
    return this.settings.list(user.permissions.includes('admin.settings'));
  }

  @Put(':key')
  @RequirePermissions('admin.settings')
  update(@Param('key') key: string, @Body() dto: UpdateSettingDto) {
    return this.settings.update(key, dto.value, dto.version);
  }
}
