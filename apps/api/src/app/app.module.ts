import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, CoreModule, HttpExceptionFilter } from '@keiyaku/server/core';
import { AuditModule } from '@keiyaku/server/audit';
import { AuthModule } from '@keiyaku/server/auth';
import { PlatformModule } from '@keiyaku/server/platform';
import { VendorsModule } from '@keiyaku/server/vendors';
import { ReportsModule } from '@keiyaku/server/reports';
import { ContractsModule } from '@keiyaku/server/contracts';
import { TendersModule } from '@keiyaku/server/tenders';
import { ImportsModule } from '@keiyaku/server/imports';
import { ApplicationsModule } from '@keiyaku/server/applications';
import { OperationsModule } from '@keiyaku/server/operations';
import { EucModule } from '@keiyaku/server/euc';
import { EvaluationsModule } from '@keiyaku/server/evaluations';

/** The modular monolith: core, then the platform modules, then the features. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.logLevel,
            genReqId: (req: any) => req.id,
            redact: ['req.headers.cookie', 'req.headers["x-xsrf-token"]', 'res.headers["set-cookie"]'],
            customProps: (req: any) => ({ userId: req.user?.id, loginId: req.user?.loginId }),
            serializers: {
              req: (req: any) => ({ id: req.id, method: req.method, url: req.url, ip: req.remoteAddress }),
              res: (res: any) => ({ statusCode: res.statusCode }),
            },
          },
        }),
        CoreModule.forRoot(config),
        AuditModule,
        AuthModule,
        PlatformModule,
        VendorsModule,
        // PORTAL_ONLY: the portal and its review alone (cloud / LGWAN-ASP); approvals leave as signed packages.
        ...(config.portalOnly ? [] : [ContractsModule, TendersModule, ImportsModule]),
        ApplicationsModule,
        ...(config.portalOnly ? [] : [EvaluationsModule]),
        ReportsModule,
        OperationsModule,
        EucModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}
