export * from './contracts.module';
export * from './contracts.service';
export * from './contract-events';
export * from './contract.entity';
export * from './entities/contract-parts.entities';
