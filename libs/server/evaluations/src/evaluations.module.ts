import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContractsModule } from '@keiyaku/server/contracts';
import { EVALUATION_ENTITIES } from './entities';
import { EvaluationReports } from './evaluation-reports';
import { EvaluationsController, RuleSetsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';
import { RuleSetsService } from './rule-sets.service';

/** 工事成績評定: rule sets, rating sheets, scores, notices, 説明請求, statistics and the forms. */
@Module({
  imports: [TypeOrmModule.forFeature(EVALUATION_ENTITIES), ContractsModule],
  // The rule-set routes first: `/evaluations/rule-sets` must not be read as a sheet id.
  controllers: [RuleSetsController, EvaluationsController],
  providers: [RuleSetsService, EvaluationsService, EvaluationReports],
  exports: [EvaluationsService, RuleSetsService],
})
export class EvaluationsModule {}
