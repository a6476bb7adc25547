export * from './application-rules';
