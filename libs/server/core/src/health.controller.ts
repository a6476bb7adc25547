import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { Public } from './http/public.decorator';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Public: whether the service and its database answer, for the proxy and monitoring. */
  @Public()
  @Get()
  async health() {
    let reachable = false;
    let applied = 0;
    let pending = 0;
    try {
      await this.dataSource.query(this.dataSource.options.type === 'oracle' ? 'SELECT 1 FROM DUAL' : 'SELECT 1');
      reachable = true;
      const executed = await this.dataSource.query(
        `SELECT COUNT(*) AS n FROM ${this.dataSource.driver.escape(this.dataSource.options.migrationsTableName ?? 'migrations')}`,
      );
      applied = Number(executed[0]?.n ?? executed[0]?.N ?? 0);
      pending = Math.max(0, this.dataSource.migrations.length - applied);
    } catch {
      reachable = false;
    }
    return {
      status: reachable && pending === 0 ? 'ok' : 'degraded',
      database: { type: this.config.db.type, reachable },
      migrations: { applied, pending },
      version: this.config.version,
    };
  }
}
