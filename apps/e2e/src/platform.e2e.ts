import { downloadOf, login, pageFetch, screenshot, useBrowser } from './support/browser';

describe('jobs, settings and mail', () => {
  const fx = useBrowser();

  it('verifies the audit chain as a job, and lists the job in 処理状況 after a reload', async () => {
    const { page } = fx;
    await login(fx, 'admin');
    await page.getByRole('link', { name: '操作ログ' }).click();
    await page.locator('.ag-row').first().waitFor();

    const started = page.waitForResponse((r) => r.url().endsWith('/api/audit/verify-jobs') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '改ざん検証' }).click();
    expect((await started).status()).toBe(201);
    const progress = page.getByRole('group', { name: '処理状況: 操作ログの改ざん検証' });
    await progress.getByText(/改ざんは検出されませんでした（[\d,]+件）/).waitFor({ timeout: 30_000 });
    await progress.getByText('完了', { exact: true }).waitFor();
    expect(await progress.getByLabel('進捗', { exact: true }).textContent()).toBe('100%');
    await screenshot(page, 'audit-verify-job');

    // Every signed-in user finds their jobs under the user menu.
    await page.getByRole('button', { name: 'ユーザーメニュー' }).click();
    await page.getByRole('menuitem', { name: '処理状況' }).click();
    await page.waitForURL(/\/jobs$/);
    const row = page.locator('.ag-row', { hasText: '操作ログの改ざん検証' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('完了');
    // The job lives on the server: a reload lists it again.
    await page.reload();
    await row.waitFor();
    await row.click();
    await page.getByRole('group', { name: '処理状況: 操作ログの改ざん検証' }).getByText('100%').waitFor();
    await screenshot(page, 'jobs');
  });

  it('saves 団体名, and after someone else saved first shows their value to redo the change', async () => {
    const { page } = fx;
    await login(fx, 'admin');
    await page.getByRole('link', { name: '設定', exact: true }).click();
    const setting = page.getByRole('group', { name: '団体名' });
    const input = setting.getByLabel('団体名');
    await input.waitFor();
    expect(await input.inputValue()).toBe('防府市');
    await page.getByRole('group', { name: '消費税率（適用開始日別）' }).getByRole('spinbutton', { name: '4行目の税率' }).waitFor();
    await screenshot(page, 'settings');

    // The catalogue's rules apply while typing: an empty name is refused before saving.
    await input.fill('');
    await setting.getByRole('button', { name: '保存' }).click();
    await setting.getByText('団体名を入力してください。').waitFor();

    await input.fill('防府市（試験）');
    // Another administrator saves the same setting first.
    const current = (await pageFetch(page, '/api/settings')).body.find((s: { key: string }) => s.key === 'org.name');
    const other = await pageFetch(page, '/api/settings/org.name', { method: 'PUT', body: { value: '防府市役所', version: current.version }, csrf: true });
    expect(other.status).toBe(200);

    const conflict = page.waitForResponse((r) => r.url().endsWith('/api/settings/org.name') && r.request().method() === 'PUT');
    await setting.getByRole('button', { name: '保存' }).click();
    expect((await conflict).status()).toBe(409);
    await setting.getByRole('alert').filter({ hasText: '最新の内容を読み込みました' }).waitFor();
    expect(await input.inputValue()).toBe('防府市役所');
    await setting.getByText(/最終更新: 令和\d+年\d+月\d+日 \d\d:\d\d（admin）/).waitFor();

    // Redone on top of the other change, it saves; then the name goes back for the other tests.
    for (const value of ['防府市（試験）', '防府市']) {
      await input.fill(value);
      const put = page.waitForResponse((r) => r.url().endsWith('/api/settings/org.name') && r.request().method() === 'PUT');
      await setting.getByRole('button', { name: '保存' }).click();
      expect((await put).status()).toBe(200);
      await setting.getByRole('status').filter({ hasText: '「団体名」を保存しました。' }).waitFor();
    }
    const saved = (await pageFetch(page, '/api/settings')).body.find((s: { key: string }) => s.key === 'org.name');
    expect(saved).toMatchObject({ value: '防府市', isDefault: false, updatedBy: 'admin' });
  });

  it('shows the mail outbox, saying that mail waits while no SMTP server is set', async () => {
    const { page } = fx;
    await login(fx, 'admin');
    await page.getByRole('link', { name: 'メール送信状況' }).click();
    await page.getByRole('heading', { name: 'メール送信状況' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'メールサーバー（SMTP）が設定されていない' }).waitFor();
    await page.getByRole('columnheader', { name: '宛先' }).waitFor();
    // Like every list, the outbox exports whole: an xlsx (a zip) with the grid's columns.
    const xlsx = await downloadOf(page, () => page.getByRole('button', { name: 'Excel出力' }).click());
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
    expect(xlsx.name).toMatch(/^メール送信状況_\d{8}\.xlsx$/);
  });
});
