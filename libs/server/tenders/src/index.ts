export * from './tenders.module';
export * from './entities/price-rule-set.entity';
export * from './entities/tender.entity';
export * from './entities/designation.entity';
export * from './entities/bid.entity';
export * from './price-rules.service';
export * from './tenders.service';
export * from './tender-visibility';
