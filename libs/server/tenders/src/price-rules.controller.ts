import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '@keiyaku/server/core';
import { AuthUser, CurrentUser } from '@keiyaku/server/auth';
import { CalculatePriceDto, CreatePriceRuleDto, PriceRuleListQueryDto, UpdatePriceRuleDto, WhatIfDto } from './dto/price-rule.dto';
import { PriceRulesService } from './price-rules.service';
import { WhatIfService } from './what-if.service';

@ApiTags('tenders')
@Controller('price-rules')
@RequirePermissions('tenders.read')
export class PriceRulesController {
  constructor(
    private readonly rules: PriceRulesService,
    private readonly whatIf: WhatIfService,
  ) {}

  @Get()
  list(@Query() q: PriceRuleListQueryDto) {
    return this.rules.list(q.category);
  }

  /** The live figures for any inputs: the price panel and the rule editor's preview. */
  @Post('calculate')
  @HttpCode(200)
  calculate(@Body() dto: CalculatePriceDto) {
    return this.rules.calculate(dto);
  }

  @Post('what-if')
  @HttpCode(200)
  @RequirePermissions('tenders.write')
  runWhatIf(@Body() dto: WhatIfDto, @CurrentUser() user: AuthUser) {
    return this.whatIf.run(dto, user);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number) {
    return this.rules.get(id);
  }

  @Post()
  @RequirePermissions('admin.settings')
  create(@Body() dto: CreatePriceRuleDto) {
    return this.rules.create(dto);
  }

  @Patch(':id')
  @RequirePermissions('admin.settings')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdatePriceRuleDto) {
    return this.rules.update(id, dto);
  }
}
