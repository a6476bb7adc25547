export * from './departments';
export * from './seed';
