import { Client, DEMO_PASSWORD, startTestApp, TestApp } from '../testing/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sign-in, sessions and CSRF (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Short lockout and idle timeout so the tests can watch them expire.
    t = await startTestApp({ AUTH_LOCKOUT_MINUTES: '0.03', SESSION_IDLE_MINUTES: '0.03' });
  });
  afterAll(async () => t?.close());

  it('signs in, sets an httpOnly session cookie and a CSRF cookie, and answers /me', async () => {
    const res = await t.http().post('/api/auth/login').send({ loginId: 'contract', password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ loginId: 'contract', roles: ['contract'], department: { code: 'KEIYAKU' } });
    expect(res.body.permissions).toContain('contracts.write');
    expect(res.body.passwordHash).toBeUndefined();
    const cookies: string[] = res.headers['set-cookie'] as any;
    expect(cookies.find((c) => c.startsWith('keiyaku_sid='))).toMatch(/HttpOnly/i);
    expect(cookies.find((c) => c.startsWith('XSRF-TOKEN='))).not.toMatch(/HttpOnly/i);
  });

  it('refuses a wrong password with a Japanese message and audits it', async () => {
    const res = await t.http().post('/api/auth/login').send({ loginId: 'works', password: 'wrong-password' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'ログインIDまたはパスワードが正しくありません。' });
    const unknown = await t.http().post('/api/auth/login').send({ loginId: 'nobody', password: 'whatever-123' });
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
    const admin = await Client.signIn(t, 'admin');
    const log = await admin.get('/api/audit?action=loginFailed&limit=10');
    expect(log.body.rows.map((r: any) => r.summary).join()).toContain('パスワード誤り');
  });

  it('asks for both fields when one is missing', async () => {
    const res = await t.http().post('/api/auth/login').send({ loginId: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('パスワード');
  });

  it('locks the account after 5 failures, even against the right password, then unlocks by time', async () => {
    for (let i = 1; i <= 4; i++) {
      const res = await t.http().post('/api/auth/login').send({ loginId: 'viewer', password: `bad-${i}` });
      expect(res.status).toBe(401);
    }
    const fifth = await t.http().post('/api/auth/login').send({ loginId: 'viewer', password: 'bad-5' });
    expect(fifth.status).toBe(423);
    expect(fifth.body.code).toBe('ACCOUNT_LOCKED');
    expect(fifth.body.message).toContain('ロック');
    const right = await t.http().post('/api/auth/login').send({ loginId: 'viewer', password: DEMO_PASSWORD });
    expect(right.status).toBe(423);
    await sleep(2000);
    const later = await t.http().post('/api/auth/login').send({ loginId: 'viewer', password: DEMO_PASSWORD });
    expect(later.status).toBe(200);
  });

  it('takes the lockout threshold from the administrators\' settings', async () => {
    const admin = await Client.signIn(t, 'admin');
    expect((await admin.put('/api/settings/auth.maxFailedAttempts', { value: 3, version: 0 })).status).toBe(200);
    for (let i = 1; i <= 2; i++) expect((await t.http().post('/api/auth/login').send({ loginId: 'contract', password: `bad-${i}` })).status).toBe(401);
    expect((await t.http().post('/api/auth/login').send({ loginId: 'contract', password: 'bad-3' })).status).toBe(423);
    await admin.put('/api/settings/auth.maxFailedAttempts', { value: 5, version: 1 });
    const user = (await admin.get('/api/users?q=contract')).body.rows[0];
    expect(user.locked).toBe(true);
    expect((await admin.post(`/api/users/${user.id}/unlock`)).status).toBe(204);
    expect((await t.http().post('/api/auth/login').send({ loginId: 'contract', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('rejects a cookie-authenticated write without the CSRF header, or with a wrong one', async () => {
    const c = await Client.signIn(t, 'admin');
    const none = await t.http().post('/api/departments').set('Cookie', c.cookieHeader).send({ code: 'CSRF1', name: 'CSRF試験' });
    expect(none.status).toBe(403);
    expect(none.body.code).toBe('CSRF_REJECTED');
    const wrong = await t.http().post('/api/departments').set('Cookie', c.cookieHeader).set('X-XSRF-TOKEN', 'forged').send({ code: 'CSRF1', name: 'CSRF試験' });
    expect(wrong.status).toBe(403);
    const ok = await c.post('/api/departments', { code: 'CSRF1', name: 'CSRF試験' });
    expect(ok.status).toBe(201);
  });

  it('expires an idle session with SESSION_EXPIRED', async () => {
    const c = await Client.signIn(t, 'inspector');
    expect((await c.get('/api/auth/me')).status).toBe(200);
    await sleep(2100);
    const res = await c.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('SESSION_EXPIRED');
    expect(res.body.message).toContain('有効期限');
  });

  it('signs out: the session no longer works', async () => {
    const c = await Client.signIn(t, 'supervisor');
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('changes the password under the policy, naming the field', async () => {
    const c = await Client.signIn(t, 'reportauthor');
    const short = await c.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.errors[0]).toMatchObject({ field: 'newPassword' });
    expect(short.body.message).toContain('10文字以上');
    const withId = await c.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'my-reportauthor-pass' });
    expect(withId.body.message).toContain('ログインID');
    const wrongCurrent = await c.post('/api/auth/password', { currentPassword: 'not-the-password', newPassword: 'a-much-better-pass' });
    expect(wrongCurrent.body.errors[0].field).toBe('currentPassword');
    expect((await c.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'a-much-better-pass' })).status).toBe(204);
    expect((await t.http().post('/api/auth/login').send({ loginId: 'reportauthor', password: DEMO_PASSWORD })).status).toBe(401);
    expect((await t.http().post('/api/auth/login').send({ loginId: 'reportauthor', password: 'a-much-better-pass' })).status).toBe(200);
  });

  it('refuses a disabled account', async () => {
    const admin = await Client.signIn(t, 'admin');
    const list = await admin.get('/api/users?q=operator');
    const op = list.body.rows.find((u: any) => u.loginId === 'operator');
    const signedIn = await Client.signIn(t, 'operator');
    expect((await admin.patch(`/api/users/${op.id}`, { active: false, version: op.version })).status).toBe(200);
    expect((await signedIn.get('/api/auth/me')).status).toBe(401);
    const res = await t.http().post('/api/auth/login').send({ loginId: 'operator', password: DEMO_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ACCOUNT_DISABLED');
  });
});
