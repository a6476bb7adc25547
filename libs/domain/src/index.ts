export * from './permissions';
export * from './japanese-date';
export * from './text-normalize';
export * from './password-policy';
export * from './corporate-number';
export * from './list';
export * from './api-types';
export * from './settings';
