export * from './lib/contracts.routes';
