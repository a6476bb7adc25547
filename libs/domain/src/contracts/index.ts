export * from './contract-rules';
