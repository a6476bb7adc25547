import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsDateString, IsOptional, IsString, MaxLength } from 'class-validator';
import { Label, RequirePermissions } from '@keiyaku/server/core';
import { AuditListQueryDto, AuditService } from './audit.service';

class AuditQueryDto extends AuditListQueryDto {
  @Label('期間（開始）') @IsOptional() @IsDateString() from?: string;
  @Label('期間（終了）') @IsOptional() @IsDateString() to?: string;
  @Label('操作') @IsOptional() @IsString() @MaxLength(30) action?: string;
  @Label('対象') @IsOptional() @IsString() @MaxLength(60) entity?: string;
  @Label('ユーザー') @IsOptional() @IsString() @MaxLength(60) loginId?: string;
}

/** The audit trail is read by administrators only. */
@ApiTags('audit')
@Controller('audit')
@RequirePermissions('admin.audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  list(@Query() query: AuditQueryDto) {
    return this.audit.list(query);
  }

  @Get('verify')
  verify() {
    return this.audit.verify();
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number) {
    return this.audit.get(id);
  }
}
