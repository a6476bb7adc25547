import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '@keiyaku/server/core';
import { AuthUser, CurrentUser } from '@keiyaku/server/auth';
import { ContractPartsService } from './contract-parts.service';
import { ContractsService } from './contracts.service';
import {
  ApprovalActionDto, ContractListQueryDto, ContractTransitionDto, CreateChangeDto, CreateContractDto, CreateInspectionDto, CreatePaymentDto, DeadlinesQueryDto, InspectionListQueryDto,
  UpdateChangeDto, UpdateContractDto, UpdateInspectionDto, UpdatePaymentDto,
} from './dto/contract.dto';

type Id = number;

@ApiTags('contracts')
@Controller('contracts')
@RequirePermissions('contracts.read')
export class ContractsController {
  constructor(
    private readonly contracts: ContractsService,
    private readonly parts: ContractPartsService,
  ) {}

  @Get()
  list(@Query() query: ContractListQueryDto, @CurrentUser() user: AuthUser) {
    return this.contracts.list(query, user);
  }

  /** The clerk's home: works ending, inspections and payments due, ratings and explanation requests. */
  @Get('deadlines')
  deadlines(@Query() q: DeadlinesQueryDto, @CurrentUser() user: AuthUser) {
    return this.contracts.deadlines(user, q.days ?? 14);
  }

  @Get('inspector-candidates')
  @RequirePermissions('contracts.write', 'inspections.write')
  inspectorCandidates() {
    return this.contracts.staffCandidates('inspector');
  }

  /** 監督員 to choose on a contract: users with the supervisor role. */
  @Get('supervisor-candidates')
  @RequirePermissions('contracts.write')
  supervisorCandidates() {
    return this.contracts.staffCandidates('supervisor');
  }

  @Post()
  @RequirePermissions('contracts.write')
  create(@Body() dto: CreateContractDto, @CurrentUser() user: AuthUser) {
    return this.contracts.create(dto, user);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: Id, @CurrentUser() user: AuthUser) {
    return this.contracts.detail(id, user);
  }

  @Patch(':id')
  @RequirePermissions('contracts.write')
  update(@Param('id', ParseIntPipe) id: Id, @Body() dto: UpdateContractDto, @CurrentUser() user: AuthUser) {
    return this.contracts.update(id, dto, user);
  }

  @Post(':id/transition')
  @HttpCode(200)
  @RequirePermissions('contracts.write')
  transition(@Param('id', ParseIntPipe) id: Id, @Body() dto: ContractTransitionDto, @CurrentUser() user: AuthUser) {
    return this.contracts.transition(id, dto, user);
  }

  @Get(':id/history')
  history(@Param('id', ParseIntPipe) id: Id, @CurrentUser() user: AuthUser) {
    return this.contracts.history(id, user);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @RequirePermissions('contracts.write')
  submit(@Param('id', ParseIntPipe) id: Id, @Body() dto: ApprovalActionDto, @CurrentUser() user: AuthUser) {
    return this.parts.submit('contract', id, id, dto, user);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequirePermissions('approvals.decide')
  approve(@Param('id', ParseIntPipe) id: Id, @Body() dto: ApprovalActionDto, @CurrentUser() user: AuthUser) {
    return this.parts.decide('contract', 'approve', id, id, dto, user);
  }

  @Post(':id/return')
  @HttpCode(200)
  @RequirePermissions('approvals.decide')
  sendBack(@Param('id', ParseIntPipe) id: Id, @Body() dto: ApprovalActionDto, @CurrentUser() user: AuthUser) {
    return this.parts.decide('contract', 'return', id, id, dto, user);
  }

  @Post(':id/changes')
  @RequirePermissions('contracts.write')
  createChange(@Param('id', ParseIntPipe) id: Id, @Body() dto: CreateChangeDto, @CurrentUser() user: AuthUser) {
    return this.parts.createChange(id, dto, user);
  }

  @Patch(':id/changes/:changeId')
  @RequirePermissions('contracts.write')
  updateChange(@Param('id', ParseIntPipe) id: Id, @Param('changeId', ParseIntPipe) changeId: Id, @Body() dto: UpdateChangeDto, @CurrentUser() user: AuthUser) {
    return this.parts.updateChange(id, changeId, dto, user);
  }

  @Post(':id/changes/:changeId/submit')
  @HttpCode(200)
  @RequirePermissions('contracts.write')
  submitChange(@Param('id', ParseIntPipe) id: Id, @Param('changeId', ParseIntPipe) changeId: Id, @Body() dto: ApprovalActionDto, @CurrentUser() user: AuthUser) {
    return this.parts.submit('change', id, changeId, dto, user);
  }

  @Post(':id/changes/:changeId/approve')
  @HttpCode(200)
  @RequirePermissions('approvals.decide')
  approveChange(@Param('id', ParseIntPipe) id: Id, @Param('changeId', ParseIntPipe) changeId: Id, @Body() dto: ApprovalActionDto, @CurrentUser() user: AuthUser) {
    return this.parts.decide('change', 'approve', id, changeId, dto, user);
  }

  @Post(':id/changes/:changeId/return')
  @HttpCode(200)
  @RequirePermissions('approvals.decide')
  returnChange(@Param('id', ParseIntPipe) id: Id, @Param('changeId', ParseIntPipe) changeId: Id, @Body() dto: ApprovalActionDto, @CurrentUser() user: AuthUser) {
    return this.parts.decide('change', 'return', id, changeId, dto, user);
  }

  @Post(':id/payments')
  @RequirePermissions('contracts.write')
  createPayment(@Param('id', ParseIntPipe) id: Id, @Body() dto: CreatePaymentDto, @CurrentUser() user: AuthUser) {
    return this.parts.createPayment(id, dto, user);
  }

  @Patch(':id/payments/:paymentId')
  @RequirePermissions('contracts.write')
  updatePayment(@Param('id', ParseIntPipe) id: Id, @Param('paymentId', ParseIntPipe) paymentId: Id, @Body() dto: UpdatePaymentDto, @CurrentUser() user: AuthUser) {
    return this.parts.updatePayment(id, paymentId, dto, user);
  }

  @Post(':id/inspections')
  @RequirePermissions('contracts.write', 'inspections.write')
  createInspection(@Param('id', ParseIntPipe) id: Id, @Body() dto: CreateInspectionDto, @CurrentUser() user: AuthUser) {
    return this.parts.createInspection(id, dto, user);
  }

  @Patch(':id/inspections/:inspectionId')
  @RequirePermissions('inspections.write')
  updateInspection(@Param('id', ParseIntPipe) id: Id, @Param('inspectionId', ParseIntPipe) inspectionId: Id, @Body() dto: UpdateInspectionDto, @CurrentUser() user: AuthUser) {
    return this.parts.updateInspection(id, inspectionId, dto, user);
  }

  @Post(':id/inspections/:inspectionId/submit')
  @HttpCode(200)
  @RequirePermissions('inspections.write')
  submitInspection(@Param('id', ParseIntPipe) id: Id, @Param('inspectionId', ParseIntPipe) inspectionId: Id, @Body() dto: ApprovalActionDto, @CurrentUser() user: AuthUser) {
    return this.parts.submit('inspection', id, inspectionId, dto, user);
  }

  @Post(':id/inspections/:inspectionId/approve')
  @HttpCode(200)
  @RequirePermissions('approvals.decide')
  approveInspection(@Param('id', ParseIntPipe) id: Id, @Param('inspectionId', ParseIntPipe) inspectionId: Id, @Body() dto: ApprovalActionDto, @CurrentUser() user: AuthUser) {
    return this.parts.decide('inspection', 'approve', id, inspectionId, dto, user);
  }

  @Post(':id/inspections/:inspectionId/return')
  @HttpCode(200)
  @RequirePermissions('approvals.decide')
  returnInspection(@Param('id', ParseIntPipe) id: Id, @Param('inspectionId', ParseIntPipe) inspectionId: Id, @Body() dto: ApprovalActionDto, @CurrentUser() user: AuthUser) {
    return this.parts.decide('inspection', 'return', id, inspectionId, dto, user);
  }
}

@ApiTags('contracts')
@Controller('inspections')
@RequirePermissions('inspections.read')
export class InspectionsController {
  constructor(private readonly parts: ContractPartsService) {}

  @Get()
  list(@Query() query: InspectionListQueryDto, @CurrentUser() user: AuthUser) {
    return this.parts.inspections(query, user);
  }
}
