export * from './evaluation-rules';
export * from './default-evaluation-rules';
export * from './evaluation-status';
