import { hasAnyPermission, Permission, permissionsOf, ROLES } from '@keiyaku/domain';
import { declaredRoutes, registeredRoutes, sampleUrl } from '../testing/routes';
import { Client, startTestApp, TestApp } from '../testing/test-app';

const LOGIN_OF: Record<string, string> = { reportAuthor: 'reportauthor' };

/** Checks a handler makes beyond its route's: the sample report (`users`) has its own permission. */
const RESOURCE_PERMISSIONS: Record<string, Permission[]> = { 'GET /api/reports/:name': ['admin.users'] };

/**
 * Every route × every role: the guard answers 403 exactly where the permission catalogue says
 * the role lacks the route's permissions, and never where it has them (0 unexpected allows).
 */
describe('authorization matrix (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('declares permissions on every route except those meant for any signed-in user', () => {
    // Adding a route without @RequirePermissions fails here until it is consciously listed.
    const ANY_SIGNED_IN = [
      'GET /api/auth/me', 'POST /api/auth/logout', 'POST /api/auth/password',
      'GET /api/departments', 'GET /api/departments/:id',
      'GET /api/me/grid-states/:gridId', 'PUT /api/me/grid-states/:gridId',
      'GET /api/settings',
      'POST /api/files', 'GET /api/files/:id', 'GET /api/files/:id/content',
      'GET /api/jobs', 'GET /api/jobs/:id', 'GET /api/jobs/:id/download',
      'GET /api/reports', 'GET /api/reports/:name',
    ];
    const open = declaredRoutes(t).filter((r) => !r.isPublic && r.permissions.length === 0).map((r) => `${r.method} ${r.path}`);
    expect(open.sort()).toEqual([...ANY_SIGNED_IN].sort());
  });

  it('covers every registered route', () => {
    const declared = new Set(declaredRoutes(t).map((r) => `${r.method} ${r.path}`));
    const registered = registeredRoutes(t).map((r) => `${r.method} ${r.path}`);
    expect(registered.filter((r) => !declared.has(r))).toEqual([]);
  });

  it.each([...ROLES])('answers 403 to %s exactly where its permissions fall short', async (role) => {
    const client = await Client.signIn(t, LOGIN_OF[role] ?? role);
    const granted = permissionsOf([role]);
    const unexpected: string[] = [];
    // Signing out would end this client's session: it is checked by the sign-in tests.
    const routes = declaredRoutes(t).filter((r) => !r.isPublic && r.path !== '/api/auth/logout');
    for (const r of routes) {
      const url = sampleUrl(r.path);
      const res = r.method === 'GET' ? await client.get(url) : await client.send(r.method.toLowerCase() as 'post', url, {});
      const extra = RESOURCE_PERMISSIONS[`${r.method} ${r.path}`] ?? [];
      const allowed = hasAnyPermission(granted, r.permissions) && hasAnyPermission(granted, extra);
      if (allowed && res.status === 403 && res.body.code === 'FORBIDDEN') unexpected.push(`denied ${r.method} ${r.path}`);
      if (!allowed && res.status !== 403) unexpected.push(`allowed ${r.method} ${r.path} → ${res.status}`);
      if (res.status >= 500) unexpected.push(`${res.status} on ${r.method} ${url}`);
    }
    expect(unexpected).toEqual([]);
  });
});
