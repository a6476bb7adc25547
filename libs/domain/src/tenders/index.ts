export * from './price-rules';
export * from './default-price-rules';
export * from './opening';
export * from './tender-status';
