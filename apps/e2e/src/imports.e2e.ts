import { encode } from 'iconv-lite';
import { Locator, Page } from 'playwright-core';
import { chooseOption, downloadOf, login, openedDialog, pageFetch, screenshot, useBrowser } from './support/browser';
import { useOwnServer } from './support/server';

/**
 * データ取込: a budget file from the finance system in Shift_JIS (CP932) with one bad row —
 * dry run with the error in the grid, commit of the good rows as a job, the error file, the
 * history, and the same file again changing nothing. Then an administrator copies the shipped
 * profile, renames a header and imports a file laid out that way.
 */
const HEADER = '年度,会計,予算科目コード,予算科目名称,所管課コード,事業名,予算現額,執行済額';
// Fiscal year 2031: no demo budget line is touched.
const ROWS = [
  '2031,一般会計,E2E-08-02-01,道路新設改良費,DOBOKU,市道髙橋線改良事業,"120,000,000","30,000,000"',
  '2031,一般会計,E2E-08-02-02,橋りょう維持費,DOBOKU,橋りょう長寿命化,十億,',
  '2031,一般会計,E2E-08-03-01,河川改良費,DOBOKU,﨑川改修事業,４５，０００，０００,',
];
const cp932 = (lines: string[]) => encode(lines.join('\r\n') + '\r\n', 'cp932');

const nav = (page: Page) => page.getByRole('navigation', { name: '業務メニュー' });
const gridRow = (scope: Page | Locator, text: string) => scope.locator('.ag-row', { hasText: text });

async function count(page: Page, list: string, label: string): Promise<string> {
  const dd = page.getByLabel(list).locator('.count').filter({ has: page.getByRole('term').getByText(label, { exact: true }) }).locator('dd');
  return ((await dd.textContent()) ?? '').trim();
}

async function budgetLines(page: Page): Promise<Array<{ budgetCode: string; amount: number; executed: number | null; projectName: string }>> {
  const res = await pageFetch(page, '/api/budget-lines?fiscalYear=2031&q=E2E');
  expect(res.status).toBe(200);
  return res.body.items.filter((b: { budgetCode: string }) => b.budgetCode.startsWith('E2E-'));
}

describe('データ取込 (imports)', () => {
  const fx = useBrowser();
  // Its own server: the budget lines made here stay out of the other tests' data.
  const server = useOwnServer();

  it('checks a Shift_JIS budget file, imports its good rows as a job, keeps the history, and changes nothing the second time', async () => {
    const { page } = fx;
    await login(fx, 'contract', undefined, server.baseUrl);
    await nav(page).getByRole('link', { name: 'データ取込' }).click();
    await page.getByRole('heading', { name: 'データ取込' }).waitFor();

    await chooseOption(page, page, '取込の種類', '財務会計システムの予算');
    await page.getByText('予算現額（必須）').waitFor(); // the headers the profile expects
    await page.getByLabel('取込ファイル').setInputFiles({ name: '予算_2031.csv', mimeType: 'text/csv', buffer: cp932([HEADER, ...ROWS]) });
    await page.getByText('予算_2031.csv').waitFor();
    await page.getByRole('button', { name: '確認（ドライラン）' }).click();

    const report = page.getByRole('region', { name: /確認結果/ });
    await report.getByRole('heading', { name: '確認結果（予算_2031.csv）' }).waitFor();
    await report.getByRole('status').filter({ hasText: '追加 2件' }).waitFor();
    expect(await count(page, '確認結果の件数', '全行数')).toBe('3');
    expect(await count(page, '確認結果の件数', 'エラー')).toBe('1');
    // The error: its file line (the header is line 1), header and a Japanese message.
    const errors = page.getByLabel('エラーの一覧');
    const error = gridRow(errors, '数値として読めません');
    await error.waitFor();
    expect(await error.locator('[col-id=line]').textContent()).toBe('3');
    expect(await error.locator('[col-id=header]').textContent()).toBe('予算現額');
    // All or nothing is refused while a row is bad; the good rows can go in.
    await page.getByText('すべてを取り込むことはできません').waitFor();
    expect(await page.getByRole('button', { name: '取り込む' }).isDisabled()).toBe(true);
    expect(await budgetLines(page)).toEqual([]); // a dry run writes nothing
    await screenshot(page, 'imports-dry-run');

    await page.getByRole('radio', { name: '正しい行だけ取り込む' }).check();
    await page.getByRole('button', { name: '取り込む' }).click();
    const dialog = await openedDialog(page);
    await dialog.getByText('「予算_2031.csv」の2行を財務会計システムの予算として取り込みます。').waitFor();
    await dialog.getByRole('button', { name: '取り込む' }).click();
    const result = page.getByRole('region', { name: '取込の状況' });
    await result.getByRole('heading', { name: '取込結果' }).waitFor({ timeout: 30_000 });
    // The job's own message says it too; the report under 取込結果 is the last.
    await result.getByRole('status').filter({ hasText: '取込結果: 追加 2件、更新 0件、変更なし 0件、誤り 1件' }).last().waitFor();
    await result.getByText('100%').waitFor();
    // The CP932 extension characters (髙, 﨑) and the full-width digits arrived as they were meant.
    const lines = await budgetLines(page);
    expect(lines.map((b) => [b.budgetCode, b.projectName, b.amount, b.executed]).sort()).toEqual([
      ['E2E-08-02-01', '市道髙橋線改良事業', 120_000_000, 30_000_000],
      ['E2E-08-03-01', '﨑川改修事業', 45_000_000, null],
    ]);
    // The rejected row leaves in an error file with its reason.
    const errorFile = await downloadOf(page, () => result.getByRole('link', { name: 'エラー行のファイル' }).click());
    const errorText = errorFile.bytes.toString('utf8');
    expect(errorText).toContain('E2E-08-02-02');
    expect(errorText).toContain('数値として読めません');
    expect(errorText).not.toContain('E2E-08-02-01');
    await screenshot(page, 'imports-committed');

    // 取込履歴: the dry run and the commit, newest first, by this user.
    await page.getByRole('tab', { name: '取込履歴' }).click();
    const history = gridRow(page, '正しい行のみ');
    await history.waitFor();
    await history.getByText('予算_2031.csv').waitFor();
    await history.getByText('contract').waitFor();
    await history.getByText('読込 3 / 追加 2 / 更新 0 / 誤り 1').waitFor();
    await gridRow(page, '確認のみ').first().waitFor();

    // The same file again: nothing to add or change.
    await page.getByRole('tab', { name: '取込', exact: true }).click();
    await page.getByRole('button', { name: '確認（ドライラン）' }).waitFor(); // the other tab's selects are gone
    await chooseOption(page, page, '取込の種類', '財務会計システムの予算');
    await page.getByLabel('取込ファイル').setInputFiles({ name: '予算_2031.csv', mimeType: 'text/csv', buffer: cp932([HEADER, ...ROWS]) });
    await page.getByRole('button', { name: '確認（ドライラン）' }).click();
    await page.getByRole('region', { name: /確認結果/ }).getByRole('status').filter({ hasText: '追加 0件、更新 0件、変更なし 2件、誤り 1件' }).waitFor();
  });

  it('lets an administrator copy the shipped profile, rename a header, and import a file laid out that way', async () => {
    const { page } = fx;
    await login(fx, 'admin', undefined, server.baseUrl);
    await fx.goto('/imports/profiles', server.baseUrl);
    await page.getByRole('heading', { name: 'データ取込' }).waitFor();
    await chooseOption(page, page, '取込の種類', '財務会計システムの予算');
    const list = page.getByRole('navigation', { name: '取込定義の一覧' });
    await list.getByRole('button', { name: /BUDGET-DEFAULT（標準）/ }).click();
    const editor = page.getByRole('form', { name: '取込定義の編集' });
    await editor.getByText('標準の取込定義です（変更できません）。').waitFor();
    expect(await editor.getByLabel('7行目の列見出し').isDisabled()).toBe(true);

    await editor.getByRole('button', { name: 'コピーして新規作成' }).click();
    await editor.getByRole('heading', { name: '新しい取込定義' }).waitFor();
    await editor.getByLabel('取込定義コード').fill('BUDGET-E2E');
    await editor.getByLabel('名称').fill('財務会計 予算（新様式）');
    await editor.getByLabel('7行目の列見出し').fill('当初予算額');
    // A header used twice is refused before anything is sent.
    await editor.getByLabel('8行目の列見出し').fill('当初予算額');
    await editor.getByRole('list', { name: '取込定義の誤り' }).waitFor();
    await editor.getByLabel('8行目の列見出し').fill('執行済額');
    await editor.getByRole('button', { name: '保存' }).click();
    await page.getByText('取込定義「財務会計 予算（新様式）」を保存しました。').waitFor();
    await list.getByRole('button', { name: /BUDGET-E2E/ }).waitFor();
    await screenshot(page, 'imports-profiles');

    const saved = await pageFetch(page, '/api/imports/profiles?kind=budgetLines');
    const profile = saved.body.find((p: { code: string }) => p.code === 'BUDGET-E2E');
    expect(profile.definition.columns.map((c: { header: string }) => c.header)).toContain('当初予算額');

    // 取込 with the copy: the renamed header is read, the file is UTF-8 with a BOM.
    await page.getByRole('tab', { name: '取込', exact: true }).click();
    await page.getByRole('button', { name: '確認（ドライラン）' }).waitFor(); // the other tab's selects are gone
    await chooseOption(page, page, '取込の種類', '財務会計システムの予算');
    await chooseOption(page, page, '取込定義', /財務会計 予算（新様式）/);
    const file = '\ufeff' + [HEADER.replace('予算現額', '当初予算額'), '2031,一般会計,E2E-09-01-01,公園整備費,DOBOKU,公園再整備,"8,000,000",'].join('\n') + '\n';
    await page.getByLabel('取込ファイル').setInputFiles({ name: 'budget-new.csv', mimeType: 'text/csv', buffer: Buffer.from(file, 'utf8') });
    await page.getByRole('button', { name: '確認（ドライラン）' }).click();
    await page.getByRole('region', { name: /確認結果/ }).getByRole('status').filter({ hasText: '追加 1件、更新 0件、変更なし 0件、誤り 0件' }).waitFor();
    await page.getByRole('button', { name: '取り込む' }).click();
    await (await openedDialog(page)).getByRole('button', { name: '取り込む' }).click();
    await page.getByRole('region', { name: '取込の状況' }).getByRole('status').filter({ hasText: '取込結果: 追加 1件' }).last().waitFor({ timeout: 30_000 });
    expect((await budgetLines(page)).find((b) => b.budgetCode === 'E2E-09-01-01')).toMatchObject({ amount: 8_000_000 });
  });
});
