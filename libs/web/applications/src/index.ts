export * from './lib/applications.routes';
