import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContractsModule } from '@keiyaku/server/contracts';
import { VendorsModule } from '@keiyaku/server/vendors';
import { Bid } from './entities/bid.entity';
import { TenderDesignation } from './entities/designation.entity';
import { PriceRuleSet } from './entities/price-rule-set.entity';
import { Tender } from './entities/tender.entity';
import { BiddingService } from './bidding.service';
import { PriceRulesController } from './price-rules.controller';
import { PriceRulesService } from './price-rules.service';
import { TenderReports } from './tender-reports';
import { TendersController } from './tenders.controller';
import { TendersService } from './tenders.service';
import { WhatIfService } from './what-if.service';

/** 入札: tender register, price rules, designation, bids, opening, award, results. */
@Module({
  imports: [TypeOrmModule.forFeature([PriceRuleSet, Tender, TenderDesignation, Bid]), VendorsModule, ContractsModule],
  controllers: [TendersController, PriceRulesController],
  providers: [PriceRulesService, TendersService, BiddingService, WhatIfService, TenderReports],
  exports: [PriceRulesService, TendersService],
})
export class TendersModule {}
