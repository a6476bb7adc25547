import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '@keiyaku/server/core';
import { AuthUser, CurrentUser } from '@keiyaku/server/auth';
import { InvestigationDto, LotDto, SaveBidsDto, SaveDesignationsDto, TenderVersionDto } from './dto/bidding.dto';
import { CreateTenderDto, TenderListQueryDto, TransitionDto, UpdateTenderDto } from './dto/tender.dto';
import { BiddingService } from './bidding.service';
import { TendersService } from './tenders.service';

@ApiTags('tenders')
@Controller('tenders')
@RequirePermissions('tenders.read')
export class TendersController {
  constructor(
    private readonly tenders: TendersService,
    private readonly bidding: BiddingService,
  ) {}

  @Get()
  list(@Query() query: TenderListQueryDto, @CurrentUser() user: AuthUser) {
    return this.tenders.list(query, user);
  }

  /** 入札結果の公表 (opened tenders only), also as xlsx/csv. */
  @Get('results')
  results(@Query() query: TenderListQueryDto, @CurrentUser() user: AuthUser) {
    return this.tenders.results(query, user);
  }

  @Post()
  @RequirePermissions('tenders.write')
  create(@Body() dto: CreateTenderDto, @CurrentUser() user: AuthUser) {
    return this.tenders.create(dto, user);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number, @CurrentUser() user: AuthUser) {
    return this.tenders.detail(id, user);
  }

  @Patch(':id')
  @RequirePermissions('tenders.write')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateTenderDto, @CurrentUser() user: AuthUser) {
    return this.tenders.update(id, dto, user);
  }

  @Post(':id/transition')
  @HttpCode(200)
  @RequirePermissions('tenders.write')
  transition(@Param('id', ParseIntPipe) id: number, @Body() dto: TransitionDto, @CurrentUser() user: AuthUser) {
    return this.tenders.transition(id, dto, user);
  }

  @Get(':id/history')
  history(@Param('id', ParseIntPipe) id: number, @CurrentUser() user: AuthUser) {
    return this.tenders.history(id, user);
  }

  @Get(':id/designation-candidates')
  @RequirePermissions('tenders.write')
  candidates(@Param('id', ParseIntPipe) id: number, @CurrentUser() user: AuthUser) {
    return this.bidding.candidates(id, user);
  }

  @Put(':id/designations')
  @RequirePermissions('tenders.write')
  saveDesignations(@Param('id', ParseIntPipe) id: number, @Body() dto: SaveDesignationsDto, @CurrentUser() user: AuthUser) {
    return this.bidding.saveDesignations(id, dto, user);
  }

  @Put(':id/bids')
  @RequirePermissions('tenders.write')
  saveBids(@Param('id', ParseIntPipe) id: number, @Body() dto: SaveBidsDto, @CurrentUser() user: AuthUser) {
    return this.bidding.saveBids(id, dto, user);
  }

  @Post(':id/open')
  @HttpCode(200)
  @RequirePermissions('tenders.write')
  open(@Param('id', ParseIntPipe) id: number, @Body() dto: TenderVersionDto, @CurrentUser() user: AuthUser) {
    return this.bidding.open(id, dto.version, user);
  }

  @Post(':id/investigation')
  @HttpCode(200)
  @RequirePermissions('tenders.write')
  investigation(@Param('id', ParseIntPipe) id: number, @Body() dto: InvestigationDto, @CurrentUser() user: AuthUser) {
    return this.bidding.investigation(id, dto, user);
  }

  @Post(':id/lot')
  @HttpCode(200)
  @RequirePermissions('tenders.write')
  lot(@Param('id', ParseIntPipe) id: number, @Body() dto: LotDto, @CurrentUser() user: AuthUser) {
    return this.bidding.lot(id, dto, user);
  }

  @Post(':id/next-round')
  @HttpCode(200)
  @RequirePermissions('tenders.write')
  nextRound(@Param('id', ParseIntPipe) id: number, @Body() dto: TenderVersionDto, @CurrentUser() user: AuthUser) {
    return this.bidding.nextRound(id, dto.version, user);
  }

  @Post(':id/award')
  @HttpCode(200)
  @RequirePermissions('tenders.write')
  award(@Param('id', ParseIntPipe) id: number, @Body() dto: TenderVersionDto, @CurrentUser() user: AuthUser) {
    return this.bidding.award(id, dto.version, user);
  }
}
