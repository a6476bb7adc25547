export * from './report-definition';
export * from './reports.service';
export * from './reports.module';
export * from './kit/format';
export * from './kit/pdf-kit';
export * from './kit/excel-kit';
export * from './kit/pdf-renderer';
