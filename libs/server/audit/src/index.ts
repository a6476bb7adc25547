export * from './audit-log.entity';
export * from './audit-chain';
export * from './audit.service';
export * from './audit.module';
export * from './not-audited';
export { summaryOf } from './audit.subscriber';
