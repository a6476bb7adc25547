export * from './lib/vendors.routes';
