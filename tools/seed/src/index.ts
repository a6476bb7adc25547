export * from './departments';
export * from './seed';
export * from './registry-master';
export * from './demo-vendors';
export * from './demo-tenders';
export * from './demo-contracts';
export * from './demo-evaluations';
export * from './demo-applications';
