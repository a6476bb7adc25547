import { login, pageFetch, screenshot, submitLogin, useBrowser } from './support/browser';

describe('sign-in and session', () => {
  const fx = useBrowser();

  it('signs the administrator in to the shell', async () => {
    await fx.goto('/login');
    await screenshot(fx.page, 'login');
    await submitLogin(fx.page, 'admin', 'keiyaku-admin-2026');
    await fx.page.getByRole('navigation', { name: '業務メニュー' }).waitFor();
    expect(new URL(fx.page.url()).pathname).toBe('/');
    await expect(fx.page.getByText('keiyaku 契約管理').first().isVisible()).resolves.toBe(true);
    await fx.page.getByRole('heading', { name: /さん、こんにちは。/ }).waitFor();
    await fx.page.getByText('システム管理者').waitFor();
  });

  it('shows the server message for a wrong password', async () => {
    await fx.goto('/login');
    await submitLogin(fx.page, 'works', 'wrong-password-1');
    const alert = fx.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('ログインIDまたはパスワードが正しくありません。');
  });

  it('locks the account after repeated failures', async () => {
    // reportauthor is used by no other test: it stays locked for the rest of the run.
    await fx.goto('/login');
    const attempt = async (password: string) => {
      const answer = fx.page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
      await submitLogin(fx.page, 'reportauthor', password);
      const status = (await answer).status();
      // The page clears the password after a failure; let it finish before typing again.
      await fx.page.waitForFunction(() => !document.querySelector('button[type=submit]')?.hasAttribute('disabled'));
      return status;
    };
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) statuses.push(await attempt(`wrong-password-${i}`));
    // Four plain failures; the fifth locks the account (and says so).
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    // The right password no longer helps while the lock lasts.
    expect(await attempt('keiyaku-demo-2026')).toBe(423);
    await fx.page.getByRole('alert').filter({ hasText: 'ロックされています' }).waitFor();
  });

  it('signs out to the login page and ends the session', async () => {
    await login(fx, 'contract');
    await fx.page.getByRole('button', { name: 'ユーザーメニュー' }).click();
    await fx.page.getByRole('menuitem', { name: 'ログアウト' }).click();
    await fx.page.waitForURL(/\/login/);
    await fx.page.getByRole('button', { name: 'ログイン' }).waitFor();
    const me = await pageFetch(fx.page, '/api/auth/me');
    expect(me.status).toBe(401);
  });

  it('rejects a write without the X-XSRF-TOKEN header', async () => {
    await login(fx, 'admin');
    const without = await pageFetch(fx.page, '/api/departments', { method: 'POST', body: { code: 'CSRF1', name: 'CSRF試験' } });
    expect(without.status).toBe(403);
    expect(without.body.code).toBe('CSRF_REJECTED');
    // The same request as the app sends it (header from the cookie) is accepted.
    const withHeader = await pageFetch(fx.page, '/api/me/grid-states/e2e.csrf', { method: 'PUT', body: { state: { columns: [] } }, csrf: true });
    expect(withHeader.status).toBe(204);
  });

  it('sends a signed-out visitor to the login page', async () => {
    await fx.goto('/admin/users');
    await fx.page.waitForURL(/\/login/);
    await fx.page.getByRole('button', { name: 'ログイン' }).waitFor();
  });
});
