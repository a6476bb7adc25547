export * from './query-model';
