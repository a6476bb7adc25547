import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Contract } from './contract.entity';
import { ContractsService } from './contracts.service';

/** 契約: contracts (drafts from awards for now; the lifecycle comes with the contracts issue). */
@Module({
  imports: [TypeOrmModule.forFeature([Contract])],
  providers: [ContractsService],
  exports: [ContractsService],
})
export class ContractsModule {}
