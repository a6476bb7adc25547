import { useBrowser } from './support/browser';

describe('vendor portal', () => {
  const fx = useBrowser();

  it('renders its login page at /portal and shows the server answer', async () => {
    await fx.goto('/portal');
    await fx.page.getByText('防府市 入札参加資格審査申請').first().waitFor();
    await fx.page.getByRole('heading', { name: '事業者ログイン' }).waitFor();
    await fx.page.getByLabel('メールアドレス または 事業者ID').fill('vendor@example.jp');
    await fx.page.getByLabel('パスワード', { exact: true }).fill('any-password-1');
    const answer = fx.page.waitForResponse((r) => r.url().endsWith('/api/portal/auth/login'));
    await fx.page.getByRole('button', { name: 'ログイン' }).click();
    const res = await answer;
    // Vendor accounts are built later: whatever the server says is shown, never a fake success.
    expect(res.ok()).toBe(false);
    const alert = fx.page.getByRole('alert');
    await alert.waitFor();
    expect(((await alert.textContent()) ?? '').trim().length).toBeGreaterThan(0);
  });
});
