import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Label, RequirePermissions } from '@keiyaku/server/core';
import { BudgetLinesService } from './budget-lines.service';

export class BudgetLineQueryDto {
  @ApiPropertyOptional() @Label('年度') @IsOptional() @Type(() => Number) @IsInt() @Min(1989) @Max(2200) fiscalYear?: number;
  @ApiPropertyOptional() @Label('検索語') @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class BudgetLineYearDto {
  @ApiPropertyOptional() @Label('年度') @Type(() => Number) @IsInt() @Min(1989) @Max(2200) fiscalYear!: number;
}

/** 予算の執行状況 for contract staff: lines of a fiscal year and their commitments. */
@ApiTags('imports')
@Controller('budget-lines')
@RequirePermissions('contracts.read')
export class BudgetLinesController {
  constructor(private readonly lines: BudgetLinesService) {}

  @Get()
  list(@Query() q: BudgetLineQueryDto) {
    return this.lines.list(q.fiscalYear, q.q);
  }

  @Get('by-code/:code')
  byCode(@Param('code') code: string, @Query() q: BudgetLineYearDto) {
    return this.lines.byCode(code.slice(0, 40), q.fiscalYear);
  }
}
