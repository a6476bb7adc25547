import { login, useBrowser } from './support/browser';
import { useOwnServer } from './support/server';

describe('session expiry', () => {
  // Its own server: a 3-second idle timeout (SESSION_IDLE_MINUTES=0.05).
  const server = useOwnServer(() => ({ SESSION_IDLE_MINUTES: '0.05' }));
  const fx = useBrowser();

  it('returns to the login page with the expiry message after the idle timeout', async () => {
    await login(fx, 'admin', undefined, server.baseUrl);
    await fx.page.waitForTimeout(4_000);
    await fx.page.getByRole('navigation', { name: '業務メニュー' }).getByRole('link', { name: '契約管理' }).click();
    await fx.page.waitForURL(/\/login\?.*reason=expired/);
    await fx.page.getByText('セッションの有効期限が切れました。再度ログインしてください。').waitFor();
  });

  it('returns to the login page when an API call finds the session expired', async () => {
    await login(fx, 'admin', undefined, server.baseUrl);
    await fx.page.getByRole('link', { name: 'ユーザー' }).click();
    await fx.page.locator('.ag-row').first().waitFor();
    await fx.page.waitForTimeout(4_000);
    // The grid's reload button calls /api/users directly (no navigation).
    await fx.page.getByRole('button', { name: '最新の情報に更新' }).click();
    await fx.page.waitForURL(/\/login\?.*reason=expired/);
    await fx.page.getByText('セッションの有効期限が切れました。再度ログインしてください。').waitFor();
  });
});
