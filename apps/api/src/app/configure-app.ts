import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig, AppValidationPipe, requestContextMiddleware } from '@keiyaku/server/core';

/** Serves a built Angular app under a base path, with index.html for its client routes. */
function serveSpa(app: NestExpressApplication, base: string, dir: string | null): void {
  if (!dir || !existsSync(join(dir, 'index.html'))) return;
  const express = app.getHttpAdapter().getInstance();
  app.useStaticAssets(dir, { prefix: base === '/' ? undefined : base, index: false, maxAge: '1h' });
  express.use((req: any, res: any, next: () => void) => {
    const path: string = req.path;
    if (req.method !== 'GET' || path.startsWith('/api')) return next();
    const inBase = base === '/' ? !path.startsWith('/portal') : path === base || path.startsWith(`${base}/`);
    if (!inBase) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
}

/** Everything main.ts does to the application, shared with the HTTP tests. */
export function configureApp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.use(requestContextMiddleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          // Closed network: nothing from another host, ever.
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameSrc: ["'self'", 'blob:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'self'"],
          upgradeInsecureRequests: config.cookieSecure ? [] : null,
        },
      },
      hsts: config.cookieSecure,
    }),
  );
  app.use(cookieParser());
  app.useBodyParser('json', { limit: '2mb' });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new AppValidationPipe());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('keiyaku API').setDescription('入札契約関連システム API').setVersion(config.version).build(),
  );
  SwaggerModule.setup('api/docs', app, document);

  const dist = resolve(__dirname, '..');
  serveSpa(app, '/portal', config.portalDist ?? join(dist, 'portal', 'browser'));
  serveSpa(app, '/', config.webDist ?? join(dist, 'web', 'browser'));
  return app;
}
