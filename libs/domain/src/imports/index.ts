export * from './parsers';
export * from './profiles';
export * from './ocds';
