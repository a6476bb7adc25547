import { Workbook } from 'exceljs';
import { decode } from 'iconv-lite';
import { Page } from 'playwright-core';
import { downloadOf, login, screenshot, useBrowser } from './support/browser';

const gridRow = (page: Page, text: string) => page.locator('.ag-row', { hasText: text });

/** The users grid's columns as the server exports them (ロック is on screen only). */
const USER_COLUMNS = 'loginId,name,nameKana,department,roles,email,active,lastLoginAt,updatedAt';

async function openUsers(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'ユーザー' }).click();
  await gridRow(page, 'viewer').waitFor();
}

async function resetLayout(page: Page): Promise<void> {
  const saved = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith('/api/me/grid-states/admin.users'));
  await page.getByRole('button', { name: '列の並び・幅を元に戻す' }).click();
  await saved;
}

describe('reports and exports', () => {
  const fx = useBrowser();

  it('previews ユーザー一覧 as a PDF before saving it as PDF or Excel', async () => {
    const { page } = fx;
    await login(fx, 'admin');
    await openUsers(page);

    const rendered = page.waitForResponse((r) => r.url().includes('/api/reports/users?') && r.url().includes('format=pdf'));
    await page.getByRole('button', { name: '帳票' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'ユーザー一覧（プレビュー）' }).waitFor();
    const response = await rendered;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/pdf');
    // Shown inline in the browser's viewer, from the bytes already fetched (nothing saved yet).
    const frame = dialog.locator('iframe[title="ユーザー一覧のプレビュー"]');
    await frame.waitFor();
    expect(await frame.getAttribute('src')).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);
    await page.waitForFunction(() => !!document.querySelector('iframe[title="ユーザー一覧のプレビュー"]'));
    await page.waitForTimeout(800); // let the viewer paint for the screenshot
    await screenshot(page, 'report-preview');

    const pdf = await downloadOf(page, () => dialog.getByRole('button', { name: 'PDF保存' }).click());
    expect(pdf.name).toMatch(/^ユーザー一覧.*\.pdf$/);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const xlsx = await downloadOf(page, () => dialog.getByRole('button', { name: 'Excel出力' }).click());
    expect(xlsx.url).toContain('/api/reports/users?');
    expect(xlsx.url).toContain('format=xlsx');
    expect(xlsx.name).toMatch(/^ユーザー一覧.*\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    await dialog.getByRole('button', { name: '閉じる' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('says why when a report cannot be made, and tries again', async () => {
    const { page } = fx;
    await login(fx, 'admin');
    await page.getByRole('link', { name: '部署' }).click();
    await page.locator('.ag-row').first().waitFor();
    // The server refuses (e.g. too many rows for a printed form): its message is shown as is.
    const message = '部署一覧は12,000件あり、帳票の上限（10,000件）を超えています。条件を絞り込んでください。';
    await page.route('**/api/reports/departments?*', (route) =>
      route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ statusCode: 400, code: 'VALIDATION_FAILED', message }) }),
    );
    await page.getByRole('button', { name: '帳票' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('alert').filter({ hasText: message }).waitFor();
    expect(await dialog.getByRole('button', { name: 'PDF保存' }).isDisabled()).toBe(true);
    await page.unroute('**/api/reports/departments?*');
    await dialog.getByRole('button', { name: '再試行' }).click();
    await dialog.locator('iframe[title="部署一覧のプレビュー"]').waitFor();
    expect(await dialog.getByRole('button', { name: 'PDF保存' }).isDisabled()).toBe(false);
  });

  it('exports the whole users list with the grid’s search, sort and visible columns', async () => {
    const { page } = fx;
    await login(fx, 'admin');
    await openUsers(page);

    // From the default layout, sort by ログインID descending (two clicks), then narrow by the quick search.
    await resetLayout(page);
    const header = page.getByRole('columnheader', { name: 'ログインID' }).getByText('ログインID');
    const sorted = page.waitForRequest((r) => decodeURIComponent(r.url()).includes('sort=loginId:desc'));
    await header.click();
    await header.click();
    await sorted;
    const searched = page.waitForResponse((r) => r.url().includes('/api/users?') && decodeURIComponent(r.url()).includes('q=管理'));
    await page.getByRole('searchbox', { name: '検索' }).fill('管理');
    await searched;
    await page.getByText('1件', { exact: true }).waitFor();

    const xlsx = await downloadOf(page, () => page.getByRole('button', { name: 'Excel出力' }).click());
    const url = new URL(xlsx.url);
    expect(url.pathname).toBe('/api/users');
    expect(url.searchParams.get('format')).toBe('xlsx');
    expect(url.searchParams.get('q')).toBe('管理');
    expect(url.searchParams.get('sort')).toBe('loginId:desc');
    expect(url.searchParams.get('columns')).toBe(USER_COLUMNS);
    expect(xlsx.name).toMatch(/^ユーザー一覧_\d{8}\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = new Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).text).toBe('ログインID');
    expect(sheet.getRow(1).getCell(2).text).toBe('氏名');
    expect(sheet.getRow(2).getCell(2).text).toBe('管理 太郎');
    expect(sheet.actualRowCount).toBe(2);

    // Shift_JIS for older tools: decodes to the Japanese names.
    await page.getByRole('button', { name: 'CSV出力' }).click();
    const sjis = await downloadOf(page, () => page.getByRole('menuitem', { name: /Shift_JIS/ }).click());
    expect(new URL(sjis.url).searchParams.get('encoding')).toBe('sjis');
    expect(sjis.name).toMatch(/^ユーザー一覧_\d{8}\.csv$/);
    const sjisLines = decode(sjis.bytes, 'cp932').trim().split('\r\n');
    expect(sjisLines[0]).toBe('ログインID,氏名,フリガナ,所属部署,役割,メールアドレス,状態,最終ログイン,更新日時');
    expect(sjisLines).toHaveLength(2);
    expect(sjisLines[1]).toContain('admin,管理 太郎,カンリ タロウ,契約課');

    // Without the search: every user, UTF-8 with a BOM, in the grid's order (login ID descending).
    const all = page.waitForResponse((r) => r.url().includes('/api/users?') && !r.url().includes('q='));
    await page.getByRole('searchbox', { name: '検索' }).fill('');
    await all;
    await page.getByRole('button', { name: 'CSV出力' }).click();
    const utf8 = await downloadOf(page, () => page.getByRole('menuitem', { name: /UTF-8/ }).click());
    expect([...utf8.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const ids = utf8.bytes.subarray(3).toString('utf8').trim().split('\r\n').slice(1).map((line) => line.split(',')[0]);
    expect(ids.length).toBeGreaterThanOrEqual(8);
    expect(ids).toEqual([...ids].sort().reverse());

    // Leave the administrator's saved layout as other tests expect it.
    await resetLayout(page);
  });
});
