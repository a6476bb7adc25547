import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContractsModule } from '@keiyaku/server/contracts';
import { VendorsModule } from '@keiyaku/server/vendors';
import { Bid } from './entities/bid.entity';
import { TenderDesignation } from './entities/designation.entity';
import { PriceRuleSet } from './entities/price-rule-set.entity';
import { Tender } from './entities/tender.entity';

/** 入札: tender register, price rules, designation, bids, opening, award, results. */
@Module({
  imports: [TypeOrmModule.forFeature([PriceRuleSet, Tender, TenderDesignation, Bid]), VendorsModule, ContractsModule],
  controllers: [],
  providers: [],
  exports: [],
})
export class TendersModule {}
