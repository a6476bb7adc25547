import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { MIGRATIONS } from '../migrations';
import { PortableNamingStrategy } from './naming-strategy';

/**
 * The one TypeORM configuration, chosen by DB_TYPE. Features never branch on the database:
 * they get the same entities, naming and migrations on SQLite, PostgreSQL and Oracle.
 */
export function dataSourceOptions(db: AppConfig['db'], entities: DataSourceOptions['entities'] = []): DataSourceOptions {
  const common = {
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: db.type === 'oracle' ? 'MIGRATIONS' : 'migrations',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new PortableNamingStrategy(db.type === 'oracle'),
  } as const;
  switch (db.type) {
    case 'sqlite': {
      if (db.path !== ':memory:') mkdirSync(dirname(resolve(db.path)), { recursive: true });
      return {
        ...common,
        type: 'better-sqlite3',
        database: db.path,
        enableWAL: true,
        // Writers wait for each other instead of failing with SQLITE_BUSY.
        prepareDatabase: (conn: { pragma(s: string): unknown }) => {
          conn.pragma('busy_timeout = 10000');
          conn.pragma('foreign_keys = ON');
        },
      };
    }
    case 'postgres':
      return { ...common, type: 'postgres', url: db.url, extra: { max: 10 } };
    case 'oracle':
      return { ...common, type: 'oracle', username: db.user, password: db.password, connectString: db.connectString };
  }
}

/** A data source for command-line work (migrate, seed, restore). */
export function createDataSource(db: AppConfig['db'], entities: DataSourceOptions['entities'] = []): DataSource {
  return new DataSource(dataSourceOptions(db, entities));
}
