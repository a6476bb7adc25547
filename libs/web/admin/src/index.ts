export * from './lib/admin.routes';
export * from './lib/operations/ops-banner.component';
