import { Page } from 'playwright-core';
import { login, openedDialog, pageFetch, screenshot, submitLogin, useBrowser } from './support/browser';

const NEW_USER = { loginId: 'e2e-taro', name: '試験 太郎', kana: 'シケン タロウ', password: 'shoki-pass-2026', next: 'atarashii-pass-2026' };

const gridRow = (page: Page, text: string) => page.locator('.ag-row', { hasText: text });

describe('administration', () => {
  const fx = useBrowser();

  it('creates a user in the users grid, and the new user can sign in', async () => {
    const { page } = fx;
    await login(fx, 'admin');
    await page.getByRole('link', { name: 'ユーザー' }).click();
    await gridRow(page, 'viewer').waitFor();
    await screenshot(page, 'users-grid');

    await page.getByRole('button', { name: '新規登録' }).click();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('ログインID').fill(NEW_USER.loginId);
    await dialog.getByLabel('氏名').fill(NEW_USER.name);
    await dialog.getByLabel('フリガナ').fill(NEW_USER.kana);
    await dialog.getByRole('combobox', { name: '所属部署' }).click();
    await page.getByRole('option').first().click();
    await dialog.getByRole('checkbox', { name: '閲覧者' }).check();
    // The password policy is checked while typing (it may not contain the login ID).
    await dialog.getByLabel('初期パスワード').fill(`x-${NEW_USER.loginId}-2026`);
    await dialog.getByRole('button', { name: '登録' }).click();
    await dialog.getByText('パスワードにログインIDを含めることはできません。').waitFor();
    await dialog.getByLabel('初期パスワード').fill(NEW_USER.password);
    await dialog.getByRole('button', { name: '登録' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`${NEW_USER.name} さんを登録しました。`).waitFor();
    await gridRow(page, NEW_USER.loginId).waitFor();

    // The new user signs in and is asked to choose a password first.
    await page.getByRole('button', { name: 'ユーザーメニュー' }).click();
    await page.getByRole('menuitem', { name: 'ログアウト' }).click();
    await page.waitForURL(/\/login/);
    await submitLogin(page, NEW_USER.loginId, NEW_USER.password);
    await page.waitForURL(/\/password$/);
    await page.getByLabel('現在のパスワード').fill(NEW_USER.password);
    await page.getByLabel('新しいパスワード', { exact: true }).fill(NEW_USER.next);
    await page.getByLabel('新しいパスワード（確認）').fill(NEW_USER.next);
    await page.getByRole('button', { name: '変更する' }).click();
    await page.getByRole('heading', { name: `${NEW_USER.name} さん、こんにちは。` }).waitFor();
    await page.getByText('閲覧者').first().waitFor();
  });

  it('shows the conflict message when someone else saved first, and reloads the row', async () => {
    const { page } = fx;
    await login(fx, 'admin');
    await page.getByRole('link', { name: 'ユーザー' }).click();
    await gridRow(page, 'supervisor').dblclick();
    const dialog = await openedDialog(page);
    await dialog.getByLabel('フリガナ').waitFor();
    // Another administrator changes the same user meanwhile.
    const list = await pageFetch(page, '/api/users?q=supervisor');
    const row = list.body.rows.find((r: { loginId: string }) => r.loginId === 'supervisor');
    const other = await pageFetch(page, `/api/users/${row.id}`, { method: 'PATCH', body: { nameKana: 'カントク ジロー', version: row.version }, csrf: true });
    expect(other.status).toBe(200);

    await dialog.getByLabel('氏名').fill('監督 次郎（変更）');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByRole('alert').filter({ hasText: '最新の内容を読み込みました' }).waitFor();
    expect(await dialog.getByLabel('フリガナ').inputValue()).toBe('カントク ジロー');
    // Saving again on top of the reloaded version succeeds.
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('remembers the column layout per user', async () => {
    const { page } = fx;
    await login(fx, 'admin');
    await page.getByRole('link', { name: '部署' }).click();
    await page.locator('.ag-row').first().waitFor();
    const saved = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith('/api/me/grid-states/admin.departments'));
    const sorted = page.waitForRequest((r) => decodeURIComponent(r.url()).includes('/api/departments?') && decodeURIComponent(r.url()).includes('sort=name:asc'));
    await page.getByRole('columnheader', { name: '部署名' }).getByText('部署名').click();
    await sorted;
    await saved;
    const state = await pageFetch(page, '/api/me/grid-states/admin.departments');
    const name = state.body.state.columns.find((c: { colId: string }) => c.colId === 'name');
    expect(name.sort).toBe('asc');
    // Opening the screen again applies the saved sort to the first request.
    const again = page.waitForRequest((r) => decodeURIComponent(r.url()).includes('/api/departments?') && decodeURIComponent(r.url()).includes('sort=name:asc'));
    await page.reload();
    await again;
  });

  it('lists the creation in the audit log, and the chain verifies', async () => {
    const { page } = fx;
    await login(fx, 'admin');
    await page.getByRole('link', { name: '操作ログ' }).click();
    const created = page.locator('.ag-row', { hasText: '登録' }).filter({ hasText: 'User' }).first();
    await created.waitFor();
    // 日時 in 和暦
    await page.getByRole('gridcell').filter({ hasText: /^令和\d+年\d+月\d+日 \d\d:\d\d$/ }).first().waitFor();

    await created.dblclick();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: '変更後' }).waitFor();
    await dialog.getByText(NEW_USER.loginId).first().waitFor();
    await dialog.getByRole('button', { name: '閉じる' }).click();

    await page.getByRole('button', { name: '改ざん検証' }).click();
    await page.getByText(/改ざんは検出されませんでした（[\d,]+件）/).waitFor();
  });
});
