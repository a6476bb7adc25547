import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Contract } from './contract.entity';
import { ContractEvents } from './contract-events';
import { ContractPartsService } from './contract-parts.service';
import { ContractReports } from './contract-reports';
import { ContractsController, InspectionsController } from './contracts.controller';
import { ContractsService } from './contracts.service';
import { Approval, ContractChange, ContractPayment, Inspection } from './entities/contract-parts.entities';

/** 契約・検査: contracts and their changes, payments, inspections and approvals. */
@Module({
  imports: [TypeOrmModule.forFeature([Contract, ContractChange, ContractPayment, Inspection, Approval])],
  controllers: [ContractsController, InspectionsController],
  providers: [ContractsService, ContractPartsService, ContractEvents, ContractReports],
  exports: [ContractsService, ContractEvents],
})
export class ContractsModule {}
