import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { installSqliteTransactionGuard } from './database/sqlite-transaction-guard';
import { HealthController } from './health.controller';
import { ListInterceptor } from './lists/list.interceptor';
import { Setting } from './settings/setting.entity';
import { SettingsService } from './settings/settings.service';

/**
 * Configuration and the database, shared by every feature module; the list interceptor that
 * answers every list endpoint with a page or a whole-list file.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(config.db), autoLoadEntities: true }),
          dataSourceFactory: async (options?: DataSourceOptions) => {
            const dataSource = await new DataSource(options!).initialize();
            installSqliteTransactionGuard(dataSource);
            if (config.migrateOnStart) await dataSource.runMigrations({ transaction: 'each' });
            return dataSource;
          },
        }),
        TypeOrmModule.forFeature([Setting]),
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_CONFIG, useValue: config }, SettingsService, { provide: APP_INTERCEPTOR, useClass: ListInterceptor }],
      exports: [APP_CONFIG, SettingsService],
    };
  }
}
