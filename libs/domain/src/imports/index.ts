export * from './parsers';
export * from './profiles';
