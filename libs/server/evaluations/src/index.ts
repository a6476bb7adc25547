export * from './evaluations.module';
export * from './evaluations.service';
export * from './rule-sets.service';
export * from './entities';
