import { Page } from 'playwright-core';
import { login, useBrowser } from './support/browser';

const SECTIONS = ['契約管理', '工事成績評定', '資格審査', 'EUC・帳票', '管理'];

async function navLabels(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: '業務メニュー' });
  await nav.getByRole('link', { name: 'ホーム' }).waitFor();
  // The titles only: a link's text also holds its icon's ligature name.
  return (await nav.locator('.mdc-list-item__primary-text').allTextContents()).map((t) => t.trim());
}

describe('navigation by role', () => {
  const fx = useBrowser();

  it('admin sees 管理 with ユーザー, 部署 and 操作ログ', async () => {
    await login(fx, 'admin');
    const labels = await navLabels(fx.page);
    expect(labels).toEqual(expect.arrayContaining([...SECTIONS, 'ユーザー', '部署', '操作ログ']));
  });

  it('operator sees only 管理 and no business section', async () => {
    await login(fx, 'operator');
    const labels = await navLabels(fx.page);
    expect(labels).toContain('管理');
    for (const s of ['契約管理', '工事成績評定', '資格審査', 'EUC・帳票', 'ユーザー', '部署', '操作ログ']) expect(labels).not.toContain(s);
  });

  it('viewer sees the business sections but not 管理, and /admin/users is refused', async () => {
    await login(fx, 'viewer');
    const labels = await navLabels(fx.page);
    expect(labels).toEqual(expect.arrayContaining(['契約管理', '工事成績評定', 'EUC・帳票']));
    expect(labels).not.toContain('管理');
    expect(labels).not.toContain('資格審査');

    await fx.page.getByRole('navigation', { name: '業務メニュー' }).getByRole('link', { name: '契約管理' }).click();
    await fx.page.getByRole('heading', { name: '契約管理' }).waitFor();
    await fx.page.getByText('業者情報（業者台帳）').waitFor();

    await fx.goto('/admin/users');
    await fx.page.getByRole('heading', { name: '権限がありません' }).waitFor();
    expect(new URL(fx.page.url()).pathname).toBe('/admin/users');
  });
});
