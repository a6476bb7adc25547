import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';

describe('users, departments and grid states (HTTP)', () => {
  let t: TestApp;
  let admin: Client;
  let keiyakuId: number;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await Client.signIn(t, 'admin');
    keiyakuId = (await admin.get('/api/departments?q=KEIYAKU')).body.rows[0].id;
  });
  afterAll(async () => t?.close());

  it('lists users with paging, total and sort', async () => {
    const page = await admin.get('/api/users?offset=2&limit=3&sort=loginId:asc');
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(8);
    expect(page.body.rows.map((u: any) => u.loginId)).toEqual(['inspector', 'operator', 'reportauthor']);
    expect(page.body.rows[0].passwordHash).toBeUndefined();
    const desc = await admin.get('/api/users?limit=1&sort=loginId:desc');
    expect(desc.body.rows[0].loginId).toBe('works');
  });

  it('searches names ignoring width and kana (ｹﾝｻ finds 検査 三郎)', async () => {
    const res = await admin.get(`/api/users?q=${encodeURIComponent('ｹﾝｻ')}`);
    expect(res.body.rows.map((u: any) => u.loginId)).toEqual(['inspector']);
    const hira = await admin.get(`/api/users?q=${encodeURIComponent('けんさ')}`);
    expect(hira.body.total).toBe(1);
  });

  it('filters with AG Grid filter models over whitelisted fields only', async () => {
    const filter = (m: unknown) => `/api/users?filter=${encodeURIComponent(JSON.stringify(m))}`;
    const starts = await admin.get(filter({ loginId: { filterType: 'text', type: 'startsWith', filter: 'co' } }));
    expect(starts.body.rows.map((u: any) => u.loginId)).toEqual(['contract']);
    const either = await admin.get(
      filter({ loginId: { filterType: 'text', operator: 'OR', conditions: [{ type: 'equals', filter: 'admin' }, { type: 'equals', filter: 'viewer' }] } }),
    );
    expect(either.body.total).toBe(2);
    const dept = await admin.get(filter({ department: { filterType: 'text', type: 'equals', filter: 'doboku' } }));
    expect(dept.body.rows.map((u: any) => u.loginId).sort()).toEqual(['supervisor', 'works']);
    const like = await admin.get(filter({ loginId: { filterType: 'text', type: 'contains', filter: '%' } }));
    expect(like.body.total).toBe(0);
    const bad = await admin.get(filter({ passwordHash: { filterType: 'text', type: 'contains', filter: 'a' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('passwordHash');
    expect((await admin.get('/api/users?sort=passwordHash:asc')).status).toBe(400);
    expect((await admin.get('/api/users?filter=not-json')).body.errors[0].field).toBe('filter');
    expect((await admin.get('/api/users?limit=5000')).body.errors[0].field).toBe('limit');
  });

  it('creates a user; validation names fields in Japanese; duplicates are refused', async () => {
    const bad = await admin.post('/api/users', { loginId: 'tanaka', name: '', departmentId: keiyakuId, roles: ['wizard'], password: 'x', extra: 1 });
    expect(bad.status).toBe(400);
    const fields = bad.body.errors.map((e: any) => e.field).sort();
    expect(fields).toEqual(['extra', 'name', 'roles']);
    expect(bad.body.errors.find((e: any) => e.field === 'name').message).toBe('氏名（name）を入力してください。');
    const weak = await admin.post('/api/users', { loginId: 'tanaka', name: '田中 一', departmentId: keiyakuId, roles: ['works'], password: 'tanaka-2026-x' });
    expect(weak.body.errors[0]).toMatchObject({ field: 'password', message: 'パスワードにログインIDを含めることはできません。' });
    const ok = await admin.post('/api/users', { loginId: 'tanaka', name: '田中 一', nameKana: 'タナカ ハジメ', departmentId: keiyakuId, roles: ['works'], password: 'correct-horse-77' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ loginId: 'tanaka', department: { code: 'KEIYAKU' }, mustChangePassword: true, version: 1 });
    const again = await admin.post('/api/users', { loginId: 'tanaka', name: '別人', departmentId: keiyakuId, roles: ['works'], password: 'correct-horse-77' });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('tanaka');
    const noDept = await admin.post('/api/users', { loginId: 'suzuki', name: '鈴木', departmentId: 9999, roles: ['works'], password: 'correct-horse-77' });
    expect(noDept.body.errors[0].field).toBe('departmentId');
    const signIn = await t.http().post('/api/auth/login').send({ loginId: 'tanaka', password: 'correct-horse-77' });
    expect(signIn.status).toBe(200);
    expect(signIn.body.mustChangePassword).toBe(true);
  });

  it('updates with an optimistic lock: the second of two edits gets 409 and nothing is lost', async () => {
    const other = await Client.signIn(t, 'admin');
    const user = (await admin.get('/api/users?q=works')).body.rows.find((u: any) => u.loginId === 'works');
    const first = await admin.patch(`/api/users/${user.id}`, { name: '土木 一郎（改）', version: user.version });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(user.version + 1);
    const second = await other.patch(`/api/users/${user.id}`, { email: 'doboku@example.lg.jp', version: user.version });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('VERSION_CONFLICT');
    const now = await admin.get(`/api/users/${user.id}`);
    expect(now.body).toMatchObject({ name: '土木 一郎（改）', email: null });
  });

  it('refuses to remove the administrator role from oneself', async () => {
    const me = (await admin.get('/api/auth/me')).body;
    const row = (await admin.get(`/api/users/${me.id}`)).body;
    const res = await admin.patch(`/api/users/${me.id}`, { roles: ['viewer'], version: row.version });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('roles');
  });

  it('resets a password and unlocks', async () => {
    const user = (await admin.get('/api/users?q=supervisor')).body.rows[0];
    expect((await admin.post(`/api/users/${user.id}/reset-password`, { password: 'short' })).status).toBe(400);
    expect((await admin.post(`/api/users/${user.id}/reset-password`, { password: 'brand-new-pass-1' })).status).toBe(204);
    const login = await t.http().post('/api/auth/login').send({ loginId: 'supervisor', password: 'brand-new-pass-1' });
    expect(login.body.mustChangePassword).toBe(true);
    expect((await admin.post(`/api/users/${user.id}/unlock`)).status).toBe(204);
    expect((await admin.post('/api/users/99999/unlock')).status).toBe(404);
  });

  it('keeps users and departments administration to administrators', async () => {
    for (const role of ['contract', 'viewer', 'operator', 'works']) {
      const c = await Client.signIn(t, role);
      expect((await c.get('/api/users')).status).toBe(403);
      expect((await c.post('/api/users', {})).status).toBe(403);
      expect((await c.post('/api/departments', { code: 'Z', name: 'Z' })).status).toBe(403);
      // Everyone signed in may read departments (forms and filters need them).
      expect((await c.get('/api/departments')).status).toBe(200);
    }
  });

  it('creates, renames and deactivates departments', async () => {
    const created = await admin.post('/api/departments', { code: 'SHOBO', name: '消防本部', sortOrder: 200 });
    expect(created.status).toBe(201);
    expect((await admin.post('/api/departments', { code: 'SHOBO', name: '重複' })).status).toBe(409);
    expect((await admin.post('/api/departments', { code: 'bad code!', name: 'x' })).body.errors[0].field).toBe('code');
    const renamed = await admin.patch(`/api/departments/${created.body.id}`, { name: '消防本部 警防課', version: 1 });
    expect(renamed.body).toMatchObject({ name: '消防本部 警防課', version: 2 });
    expect((await admin.patch(`/api/departments/${created.body.id}`, { active: false, version: 1 })).status).toBe(409);
    await admin.patch(`/api/departments/${created.body.id}`, { active: false, version: 2 });
    expect((await admin.get('/api/departments?q=SHOBO')).body.total).toBe(0);
    expect((await admin.get('/api/departments?q=SHOBO&includeInactive=true')).body.total).toBe(1);
    const seeded = (await admin.get('/api/departments?limit=100')).body.rows.map((d: any) => d.name);
    expect(seeded).toEqual(expect.arrayContaining(['契約課', '用地管理課', '土木課', '建築課', '都市計画課', '農林漁港整備課', '上下水道局 工務課']));
  });

  it('remembers grid column state per user', async () => {
    const viewer = await Client.signIn(t, 'viewer');
    expect((await viewer.get('/api/me/grid-states/users')).body).toEqual({ state: null });
    expect((await viewer.put('/api/me/grid-states/users', { state: { columns: [{ colId: 'name', width: 200 }] } })).status).toBe(204);
    await viewer.put('/api/me/grid-states/users', { state: { columns: [{ colId: 'name', width: 240 }] } });
    expect((await viewer.get('/api/me/grid-states/users')).body.state.columns[0].width).toBe(240);
    expect((await admin.get('/api/me/grid-states/users')).body.state).toBeNull();
    expect((await viewer.put('/api/me/grid-states/bad id!', { state: {} })).status).toBe(400);
    expect((await viewer.put('/api/me/grid-states/users', { state: 'x' })).status).toBe(400);
  });
});
