export * from './euc.module';
export * from './euc.service';
export * from './saved-queries.service';
export * from './euc-query.entity';
export * from './catalog';
export * from './compiler';
export * from './forms-catalogue';
