export * from './trades';
export * from './keishin';
export * from './ranking';
export * from './eligibility';
export * from './identifiers';
