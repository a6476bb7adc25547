export * from './lib/euc.routes';
