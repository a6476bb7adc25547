export * from './contract-rules';
export * from './budget-rules';
