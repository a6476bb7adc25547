export * from './imports.module';
export * from './imports.service';
export * from './entities';
export * from './csv-reader';
export * from './legacy-migration';
export * from './legacy-cli';
export * from './ocds/ocds.service';
