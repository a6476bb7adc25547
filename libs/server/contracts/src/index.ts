export * from './contracts.module';
export * from './contracts.service';
export * from './contract.entity';
