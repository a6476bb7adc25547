export * from './lib/evaluations.routes';
