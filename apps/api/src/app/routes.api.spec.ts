import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY } from '@keiyaku/server/core';
import { startTestApp, TestApp } from '../testing/test-app';

interface Route {
  method: string;
  path: string;
}

/** Every route the HTTP server has, read from Express's router (not a hand-written list). */
function registeredRoutes(t: TestApp): Route[] {
  const express = t.app.getHttpAdapter().getInstance();
  const stack = (express.router ?? express._router).stack as any[];
  return stack
    // Middleware bound with all() (the request logger) is not an endpoint.
    .filter((layer) => layer.route && !layer.route.methods._all && Object.keys(layer.route.methods).length < 5)
    .flatMap((layer) =>
      Object.keys(layer.route.methods)
        .filter((m) => m !== '_all')
        .map((m) => ({ method: m.toUpperCase(), path: layer.route.path as string })),
    )
    .filter((r) => r.path.startsWith('/api') && !r.path.startsWith('/api/docs'));
}

/** The routes whose handlers are marked @Public(), read from Nest's metadata. */
function publicRoutes(t: TestApp): Set<string> {
  const modules = t.app.get(ModulesContainer);
  const scanner = new MetadataScanner();
  const reflector = t.app.get(Reflector);
  const out = new Set<string>();
  const controllers = [...modules.values()].flatMap((m) => [...m.controllers.values()]);
  for (const wrapper of controllers) {
    const instance = wrapper.instance as Record<string, unknown> | null;
    if (!instance || !wrapper.metatype) continue;
    const base = (Reflect.getMetadata('path', wrapper.metatype) as string) ?? '';
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const handler = instance[name] as object;
      const path = Reflect.getMetadata('path', handler);
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata('method', handler) as number];
      if (reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [handler as any, wrapper.metatype as any])) {
        out.add(`${method} /api/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/').replace(/\/$/, ''));
      }
    }
  }
  return out;
}

describe('deny by default (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('every registered non-public route answers 401 without a session', async () => {
    const routes = registeredRoutes(t);
    const open = publicRoutes(t);
    expect(routes.length).toBeGreaterThan(15);
    expect([...open].sort()).toEqual(['GET /api/health', 'POST /api/auth/login']);
    const failures: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      if (open.has(key)) continue;
      const url = r.path.replace(/:(\w+)/g, '1');
      const res = await (t.http() as any)[r.method.toLowerCase()](url).send({});
      if (res.status !== 401 || res.body.code !== 'UNAUTHENTICATED') failures.push(`${key} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('the public routes answer without a session', async () => {
    expect((await t.http().get('/api/health')).body).toMatchObject({ status: 'ok', database: { reachable: true }, migrations: { pending: 0 } });
  });

  it('answers unknown API paths with a Japanese 404 body', async () => {
    const res = await t.http().get('/api/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});
