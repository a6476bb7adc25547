import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { Permission } from '@keiyaku/domain';
import { IS_PUBLIC_KEY, PERMISSIONS_KEY } from '@keiyaku/server/core';
import type { TestApp } from './test-app';

export interface Route {
  method: string;
  path: string;
}

export interface DeclaredRoute extends Route {
  isPublic: boolean;
  permissions: Permission[];
}

/** Every route the HTTP server has, read from Express's router (not a hand-written list). */
export function registeredRoutes(t: TestApp): Route[] {
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

/** Every controller route with what the guard will demand, read from Nest's metadata. */
export function declaredRoutes(t: TestApp): DeclaredRoute[] {
  const modules = t.app.get(ModulesContainer);
  const scanner = new MetadataScanner();
  const reflector = t.app.get(Reflector);
  const out: DeclaredRoute[] = [];
  const controllers = [...modules.values()].flatMap((m) => [...m.controllers.values()]);
  for (const wrapper of controllers) {
    const instance = wrapper.instance as Record<string, unknown> | null;
    if (!instance || !wrapper.metatype) continue;
    const base = (Reflect.getMetadata('path', wrapper.metatype) as string) ?? '';
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const handler = instance[name] as object;
      const path = Reflect.getMetadata('path', handler);
      if (path === undefined) continue;
      const targets = [handler as any, wrapper.metatype as any];
      out.push({
        method: RequestMethod[Reflect.getMetadata('method', handler) as number],
        path: `/api/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/').replace(/\/$/, ''),
        isPublic: !!reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets),
        permissions: reflector.getAllAndOverride<Permission[]>(PERMISSIONS_KEY, targets) ?? [],
      });
    }
  }
  return out;
}

/** A concrete URL for a route pattern (ids become 1, names a plausible value). */
export function sampleUrl(path: string): string {
  return path
    .replace(':part', 'offices')
    .replace(':master', 'trades')
    .replace(':key', 'org.name')
    .replace(':gridId', 'matrix')
    .replace(':name', 'users')
    .replace(/:(\w+)/g, '1');
}
