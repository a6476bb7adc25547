export * from './lib/auth.service';
export * from './lib/guards';
export * from './lib/session.interceptor';
export * from './lib/provide-http';
