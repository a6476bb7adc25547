export * from './lib/tenders.routes';
