export * from './departments';
export * from './seed';
export * from './registry-master';
export * from './demo-vendors';
export * from './demo-tenders';
export * from './demo-contracts';
