import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { APPLICATION_CATEGORIES, APPLICATION_KINDS, APPLICATION_STATUSES } from '@keiyaku/domain';
import { Label, ListQueryDto } from '@keiyaku/server/core';

const KINDS = APPLICATION_KINDS.map((k) => k.code);
const CATEGORIES = APPLICATION_CATEGORIES.map((c) => c.code);
const STATUSES = APPLICATION_STATUSES.filter((s) => s.code !== 'draft').map((s) => s.code);

/** The review queue's filters beside the grid's own (offset, limit, sort, q, filter). */
export class ApplicationQueueQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: KINDS }) @Label('申請の種類') @IsOptional() @IsIn(KINDS) kind?: string;
  @ApiPropertyOptional({ enum: CATEGORIES }) @Label('部門') @IsOptional() @IsIn(CATEGORIES) category?: string;
  @ApiPropertyOptional({ enum: STATUSES }) @Label('状態') @IsOptional() @IsIn(STATUSES) status?: string;
  @ApiPropertyOptional() @Label('有効期間') @IsOptional() @Matches(/^[A-Za-z0-9-]{1,20}$/) termCode?: string;
}

export class AccountListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'active', 'locked'] }) @Label('状態') @IsOptional() @IsIn(['pending', 'active', 'locked']) status?: string;
}
