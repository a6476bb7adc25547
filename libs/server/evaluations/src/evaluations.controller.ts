import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '@keiyaku/server/core';
import { AuthUser, CurrentUser } from '@keiyaku/server/auth';
import {
  AssignRatersDto, CalculateDto, ConfirmDto, CorrectDto, CreateExplanationDto, CreateRuleSetDto, DeductionDto, EvaluationListQueryDto, ExplanationListQueryDto, NoticeDto, OpenEvaluationDto,
  ReturnPartDto, RuleSetQueryDto, SavePartDto, StatisticsQueryDto, UpdateExplanationDto, UpdateRuleSetDto, VendorAverageQueryDto, VersionDto,
} from './dto';
import { EvaluationsService } from './evaluations.service';
import { RuleSetsService } from './rule-sets.service';

type Id = number;

/** 評定要領 (registered before the sheets so `/evaluations/rule-sets` is not taken for an id). */
@ApiTags('evaluations')
@Controller('evaluations/rule-sets')
@RequirePermissions('evaluation.read', 'evaluation.rate', 'evaluation.manage')
export class RuleSetsController {
  constructor(private readonly rules: RuleSetsService) {}

  @Get()
  list(@Query() q: RuleSetQueryDto) {
    return this.rules.list(q.category);
  }

  @Post()
  @RequirePermissions('evaluation.manage')
  create(@Body() dto: CreateRuleSetDto) {
    return this.rules.create(dto);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: Id) {
    return this.rules.detail(id);
  }

  @Patch(':id')
  @RequirePermissions('evaluation.manage')
  update(@Param('id', ParseIntPipe) id: Id, @Body() dto: UpdateRuleSetDto) {
    return this.rules.update(id, dto);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @RequirePermissions('evaluation.manage')
  activate(@Param('id', ParseIntPipe) id: Id, @Body() dto: VersionDto) {
    return this.rules.activate(id, dto.version);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions('evaluation.manage')
  async remove(@Param('id', ParseIntPipe) id: Id) {
    await this.rules.remove(id);
  }
}

@ApiTags('evaluations')
@Controller('evaluations')
@RequirePermissions('evaluation.read', 'evaluation.rate')
export class EvaluationsController {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly rules: RuleSetsService,
  ) {}

  @Get()
  list(@Query() q: EvaluationListQueryDto, @CurrentUser() user: AuthUser) {
    return this.evaluations.list(q, user);
  }

  /** The domain calculation: the rule editor's preview, or a check of entered grades. */
  @Post('calculate')
  @HttpCode(200)
  @RequirePermissions('evaluation.read', 'evaluation.rate', 'evaluation.manage')
  calculate(@Body() dto: CalculateDto) {
    return this.rules.calculate(dto);
  }

  /** Users who may be assigned as raters: active users whose roles give evaluation.rate. */
  @Get('rater-candidates')
  @RequirePermissions('evaluation.manage')
  raterCandidates() {
    return this.evaluations.raterCandidates();
  }

  /** The vendor's 工事成績 average (per trade) over the last N fiscal years and the 主観点 items it earns. */
  @Get('vendor-average')
  @RequirePermissions('evaluation.read')
  vendorAverage(@Query() q: VendorAverageQueryDto, @CurrentUser() user: AuthUser) {
    return this.evaluations.vendorAverage(q, user);
  }

  @Get('statistics')
  statistics(@Query() q: StatisticsQueryDto, @CurrentUser() user: AuthUser) {
    return this.evaluations.statistics(q, user);
  }

  @Get('explanation-requests')
  explanationRequests(@Query() q: ExplanationListQueryDto, @CurrentUser() user: AuthUser) {
    return this.evaluations.explanations(q, user);
  }

  @Post()
  @RequirePermissions('evaluation.manage')
  open(@Body() dto: OpenEvaluationDto, @CurrentUser() user: AuthUser) {
    return this.evaluations.open(dto.contractId, user);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: Id, @CurrentUser() user: AuthUser) {
    return this.evaluations.detail(id, user);
  }

  @Patch(':id/raters')
  @RequirePermissions('evaluation.manage')
  assign(@Param('id', ParseIntPipe) id: Id, @Body() dto: AssignRatersDto, @CurrentUser() user: AuthUser) {
    return this.evaluations.assignRaters(id, dto, user);
  }

  @Put(':id/parts/:partId')
  @RequirePermissions('evaluation.rate')
  savePart(@Param('id', ParseIntPipe) id: Id, @Param('partId', ParseIntPipe) partId: Id, @Body() dto: SavePartDto, @CurrentUser() user: AuthUser) {
    return this.evaluations.savePart(id, partId, dto, user);
  }

  @Post(':id/parts/:partId/submit')
  @HttpCode(200)
  @RequirePermissions('evaluation.rate')
  submitPart(@Param('id', ParseIntPipe) id: Id, @Param('partId', ParseIntPipe) partId: Id, @Body() dto: VersionDto, @CurrentUser() user: AuthUser) {
    return this.evaluations.submitPart(id, partId, dto.version, user);
  }

  @Post(':id/parts/:partId/return')
  @HttpCode(200)
  @RequirePermissions('evaluation.manage')
  returnPart(@Param('id', ParseIntPipe) id: Id, @Param('partId', ParseIntPipe) partId: Id, @Body() dto: ReturnPartDto, @CurrentUser() user: AuthUser) {
    return this.evaluations.returnPart(id, partId, dto, user);
  }

  /** 法令遵守等: the assigned 総括監督員 or a manager (checked in the service). */
  @Put(':id/deduction')
  @RequirePermissions('evaluation.rate', 'evaluation.manage')
  deduction(@Param('id', ParseIntPipe) id: Id, @Body() dto: DeductionDto, @CurrentUser() user: AuthUser) {
    return this.evaluations.setDeduction(id, dto, user);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @RequirePermissions('evaluation.manage')
  confirm(@Param('id', ParseIntPipe) id: Id, @Body() dto: ConfirmDto, @CurrentUser() user: AuthUser) {
    return this.evaluations.confirm(id, dto, user);
  }

  @Post(':id/notice')
  @HttpCode(200)
  @RequirePermissions('evaluation.manage')
  notice(@Param('id', ParseIntPipe) id: Id, @Body() dto: NoticeDto, @CurrentUser() user: AuthUser) {
    return this.evaluations.notice(id, dto, user);
  }

  @Post(':id/correct')
  @RequirePermissions('evaluation.manage')
  correct(@Param('id', ParseIntPipe) id: Id, @Body() dto: CorrectDto, @CurrentUser() user: AuthUser) {
    return this.evaluations.correct(id, dto, user);
  }

  @Post(':id/explanation-requests')
  @RequirePermissions('evaluation.manage')
  createExplanation(@Param('id', ParseIntPipe) id: Id, @Body() dto: CreateExplanationDto, @CurrentUser() user: AuthUser) {
    return this.evaluations.createExplanation(id, dto, user);
  }

  @Patch(':id/explanation-requests/:requestId')
  @RequirePermissions('evaluation.manage')
  updateExplanation(@Param('id', ParseIntPipe) id: Id, @Param('requestId', ParseIntPipe) requestId: Id, @Body() dto: UpdateExplanationDto, @CurrentUser() user: AuthUser) {
    return this.evaluations.updateExplanation(id, requestId, dto, user);
  }
}
