import { declaredRoutes, registeredRoutes } from '../testing/routes';
import { startTestApp, TestApp } from '../testing/test-app';

describe('deny by default (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('every registered non-public route answers 401 without a session', async () => {
    const routes = registeredRoutes(t);
    const isPublic = new Set(declaredRoutes(t).filter((r) => r.isPublic).map((r) => `${r.method} ${r.path}`));
    // Portal routes are public to the staff guard; the portal's guard admits vendor sessions only,
    // so all but these must answer 401 without one.
    const PORTAL_OPEN = [
      'POST /api/portal/auth/signup', 'POST /api/portal/auth/verify', 'POST /api/portal/auth/login',
      'POST /api/portal/auth/reset-request', 'POST /api/portal/auth/reset', 'GET /api/portal/qualified',
    ];
    const isPortal = (key: string) => / \/api\/portal\//.test(key);
    const open = new Set([...isPublic].filter((k) => !isPortal(k) || PORTAL_OPEN.includes(k)));
    expect(routes.length).toBeGreaterThan(15);
    expect([...open].filter((k) => isPortal(k)).sort()).toEqual([...PORTAL_OPEN].sort());
    expect([...open].filter((k) => !isPortal(k)).sort()).toEqual(['GET /api/health', 'GET /api/ops/status', 'POST /api/auth/login']);
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
