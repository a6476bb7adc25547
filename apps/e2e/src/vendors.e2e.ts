import { Page } from 'playwright-core';
import { chooseOption, login, openedDialog, pageFetch, screenshot, useBrowser } from './support/browser';

/** 国税庁's own 法人番号 (valid check digit); the wrong one differs only in the last digit. */
const VENDOR = {
  name: '株式会社テスト建設',
  kana: 'テストケンセツ',
  corporateNumber: '7000012050002',
  wrongCorporateNumber: '7000012050003',
  invoiceNumber: 'T7000012050002',
  representativeTitle: '代表取締役',
  representativeName: '防府 太郎',
  postalCode: '747-0001',
  address: '山口県防府市大字台道1番地',
  phone: '0835-22-1111',
};

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const nav = (page: Page) => page.getByRole('navigation', { name: '業務メニュー' });
const gridRow = (page: Page, text: string) => page.locator('.ag-row', { hasText: text });

async function openTab(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

/** Opens the vendor from the list through the quick search (width- and kana-insensitive). */
async function openFromSearch(page: Page, q: string): Promise<void> {
  await nav(page).getByRole('link', { name: '業者', exact: true }).click();
  await page.getByRole('heading', { name: '業者', exact: true }).waitFor();
  const searched = page.waitForResponse((r) => r.url().includes('/api/vendors?') && decodeURIComponent(r.url()).includes(`q=${q}`));
  await page.getByRole('searchbox', { name: '検索' }).fill(q);
  await searched;
  await gridRow(page, VENDOR.name).dblclick();
  await page.getByRole('heading', { name: VENDOR.name }).waitFor();
}

describe('vendor registry', () => {
  const fx = useBrowser();

  it('registers a vendor with a permit, a 経審 result and a qualification', async () => {
    const { page } = fx;
    await login(fx, 'contract');
    await nav(page).getByRole('link', { name: '業者', exact: true }).click();
    await page.getByRole('heading', { name: '業者', exact: true }).waitFor();
    await page.getByRole('link', { name: '新規登録' }).click();
    await page.getByRole('heading', { name: '業者の新規登録' }).waitFor();

    // A mistyped 法人番号 is caught by its check digit before anything is sent.
    await page.getByLabel('法人番号').fill(VENDOR.wrongCorporateNumber);
    await page.getByLabel('商号又は名称').fill(VENDOR.name);
    await page.getByText('法人番号のチェックデジット（先頭の1桁）が正しくありません。').waitFor();
    await page.getByLabel('法人番号').fill(VENDOR.corporateNumber);
    await page.getByLabel('フリガナ').fill(VENDOR.kana);
    await page.getByLabel('登録番号（インボイス）').fill(VENDOR.invoiceNumber);
    await page.getByLabel('代表者役職').fill(VENDOR.representativeTitle);
    await page.getByLabel('代表者氏名').fill(VENDOR.representativeName);
    await page.getByLabel('郵便番号').fill(VENDOR.postalCode);
    await page.getByLabel('所在地').fill(VENDOR.address);
    await page.getByLabel('電話番号').fill(VENDOR.phone);
    await page.getByLabel('資本金（円）').fill('20000000');
    expect(await page.getByText('法人番号のチェックデジット').count()).toBe(0);
    const checked = page.waitForResponse((r) => r.url().endsWith('/api/vendors/check-duplicates'));
    await page.getByRole('button', { name: '登録', exact: true }).click();
    expect((await checked).status()).toBe(200);
    await page.getByRole('heading', { name: VENDOR.name }).waitFor();
    await page.getByText('業者番号 000001', { exact: true }).waitFor();
    await page.getByText('市内', { exact: true }).first().waitFor();

    // 建設業許可 土木 (the expiry follows from the permit date).
    await openTab(page, /^許可/);
    await page.getByRole('button', { name: '許可を追加' }).click();
    let dialog = await openedDialog(page);
    await chooseOption(page, dialog, '業種', '010 土木一式工事');
    await dialog.getByLabel('許可番号').fill('（特-5）第12345号');
    await dialog.getByLabel('許可年月日').fill('2023-07-01');
    expect(await dialog.getByLabel('有効期限').inputValue()).toBe('2028-06-30');
    await dialog.getByRole('button', { name: '追加', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const permits = page.getByRole('table', { name: '建設業許可' });
    await permits.getByText('010 土木').waitFor();

    // Someone else changes the permit while it is open here: 409, and the latest row is shown.
    await permits.getByRole('button', { name: '編集' }).click();
    dialog = await openedDialog(page);
    await dialog.getByLabel('許可番号').waitFor();
    const vendorId = new URL(page.url()).pathname.split('/').pop();
    const [permit] = (await pageFetch(page, `/api/vendors/${vendorId}/permits`)).body;
    const other = await pageFetch(page, `/api/vendors/${vendorId}/permits/${permit.id}`, { method: 'PATCH', body: { grade: 'special', version: permit.version }, csrf: true });
    expect(other.status).toBe(200);
    await dialog.getByLabel('許可番号').fill('（特-5）第54321号');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByRole('alert').filter({ hasText: '最新の内容を読み込みました' }).waitFor();
    expect(await dialog.getByLabel('許可番号').inputValue()).toBe('（特-5）第12345号');
    expect(await dialog.getByRole('radio', { name: '特定' }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await dialog.waitFor({ state: 'detached' });

    // 経審: P per trade appears while typing (0.25·800 + 0.15·700 + 0.20·850 + 0.25·900 + 0.15·1000 = 850).
    await openTab(page, /^経審/);
    await page.getByRole('button', { name: '経審結果を追加' }).click();
    dialog = await openedDialog(page);
    await dialog.getByLabel('審査基準日').fill('2025-03-31');
    await dialog.getByLabel('X2（自己資本額・利益額）').fill('700');
    await dialog.getByLabel('Y（経営状況）').fill('850');
    await dialog.getByLabel('W（その他の審査項目）').fill('1000');
    await dialog.getByLabel('X1（1行目）').fill('800');
    await dialog.getByLabel('Z（1行目）').fill('900');
    await dialog.getByLabel('P（1行目）').filter({ hasText: '850' }).waitFor();
    await dialog.getByRole('button', { name: '追加', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: '業種別の評点' }).getByRole('cell', { name: '850' }).waitFor();

    // 入札参加資格 R7-8 土木, entered by hand as C.
    await openTab(page, /^資格・格付/);
    await page.getByRole('button', { name: '資格を追加' }).click();
    dialog = await openedDialog(page);
    await chooseOption(page, dialog, '有効期間', /令和7・8年度/);
    await chooseOption(page, dialog, '業種', '010 土木一式工事');
    // 工事成績 for 主観点: the two fiscal years before R7-8 (from 2025-04-01); a new vendor has none.
    await dialog.locator('[data-figure="ratingAverage"]').filter({ hasText: '工事成績評定の実績はありません（2023・2024年度、この業種）' }).waitFor();
    await chooseOption(page, dialog, '等級', 'C');
    await dialog.getByRole('button', { name: '追加', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: '等級 C' }).waitFor();
    await screenshot(page, 'vendor-page');

    // 添付: the upload goes first (purpose=vendor); the file name becomes the document name.
    await openTab(page, /^添付/);
    await page.getByRole('button', { name: '書類を添付' }).click();
    dialog = await openedDialog(page);
    await dialog.getByLabel('添付するファイル').setInputFiles({ name: '建設業許可通知書.pdf', mimeType: 'application/pdf', buffer: PDF });
    expect(await dialog.getByLabel('書類名').inputValue()).toBe('建設業許可通知書');
    await dialog.getByRole('button', { name: '添付', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: '添付書類' }).getByRole('link', { name: '建設業許可通知書.pdf' }).waitFor();
  });

  it('re-ranks R7-8, and the new rank shows on the vendor with its history', async () => {
    const { page } = fx;
    await login(fx, 'contract');
    await nav(page).getByRole('link', { name: '格付', exact: true }).click();
    await page.getByRole('heading', { name: '格付', exact: true }).waitFor();
    // Chosen, not assumed: the newest term is the default, and registry-master.e2e adds R9-10 on the shared server.
    await chooseOption(page, page, '有効期間', /令和7・8年度/);
    await page.getByRole('button', { name: '再計算' }).click();

    // No previous term: this term's C is the baseline, and P 850 allows one step up: C → B.
    const row = gridRow(page, VENDOR.name);
    await row.waitFor({ timeout: 20_000 });
    await page.getByText('確認待ち（未確定）').waitFor();
    expect(await row.locator('[col-id="before"]').textContent()).toBe('C');
    expect(await row.locator('[col-id="after"]').textContent()).toBe('B');
    expect(await row.locator('[col-id="movement"]').textContent()).toBe('昇格');
    await row.locator('[col-id="reasons"]').filter({ hasText: '今期のCを基準' }).waitFor();
    await screenshot(page, 'vendors-ranking-preview');

    await page.getByRole('button', { name: '確定', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '確定する' }).click();
    await page.getByText(/確定しました。\d+件の格付を/).waitFor();

    // Found by half-width kana; the qualification now says B, set by the re-ranking.
    await openFromSearch(page, 'ﾃｽﾄｹﾝｾﾂ');
    await openTab(page, /^資格・格付/);
    await page.getByRole('cell', { name: '等級 B' }).waitFor();
    await page.getByRole('cell', { name: '格付の再計算' }).waitFor();

    // 履歴 opens on the latest change: the re-ranking, C → B.
    await openTab(page, /^履歴/);
    const diff = page.getByRole('table', { name: '差分' });
    const rank = diff.getByRole('row').filter({ hasText: '資格・格付 › R7-8 010 土木 › 等級' });
    await rank.waitFor();
    expect(await rank.getByRole('cell').allTextContents()).toEqual(['資格・格付 › R7-8 010 土木 › 等級', '変更', 'C', 'B']);
    await page.getByRole('table', { name: '変更履歴' }).getByText('格付の再計算を確定（R7-8）').waitFor();
    await screenshot(page, 'vendor-history');
  });

  it('lists vendors with filters and saved views', async () => {
    const { page } = fx;
    await login(fx, 'contract');
    await nav(page).getByRole('link', { name: '業者', exact: true }).click();
    await gridRow(page, VENDOR.name).waitFor();
    // 更新日時 in 和暦
    await page.getByRole('gridcell').filter({ hasText: /^令和\d+年\d+月\d+日 \d\d:\d\d$/ }).first().waitFor();
    await screenshot(page, 'vendors-list');

    const outside = page.waitForResponse((r) => r.url().includes('/api/vendors?') && r.url().includes('locality=outside'));
    await page.getByRole('option', { name: '市外' }).click();
    await outside;
    await page.getByText('該当するデータはありません').waitFor();

    // The filter is kept under a name and comes back on the next visit.
    await page.getByRole('button', { name: '表示条件の保存・削除' }).click();
    await page.getByRole('menuitem', { name: '名前を付けて保存' }).click();
    const viewDialog = await openedDialog(page);
    await viewDialog.getByLabel('名前').fill('市外業者');
    await viewDialog.getByRole('button', { name: '保存' }).click();
    await page.getByText('表示条件「市外業者」を保存しました。').waitFor();

    const again = page.waitForRequest((r) => r.url().includes('/api/vendors?') && r.url().includes('locality=outside'));
    await page.reload();
    await again;
    await page.getByRole('combobox', { name: '表示条件' }).filter({ hasText: '市外業者' }).waitFor();
    await chooseOption(page, page.locator('body'), '表示条件', '標準');
    await gridRow(page, VENDOR.name).waitFor();

    // The same 法人番号 again: the registered vendor is named before anything is saved.
    await page.getByRole('link', { name: '新規登録' }).click();
    await page.getByLabel('法人番号').fill(VENDOR.corporateNumber);
    await page.getByLabel('商号又は名称').fill('テスト建設株式会社');
    await page.getByLabel('フリガナ').fill(VENDOR.kana);
    await page.getByLabel('代表者氏名').fill(VENDOR.representativeName);
    await page.getByLabel('郵便番号').fill(VENDOR.postalCode);
    await page.getByLabel('所在地').fill(VENDOR.address);
    await page.getByLabel('電話番号').fill(VENDOR.phone);
    await page.getByRole('button', { name: '登録', exact: true }).click();
    const duplicates = page.getByRole('alert').filter({ hasText: '法人番号が同じ業者が既に登録されています' });
    await duplicates.getByRole('link', { name: `000001 ${VENDOR.name}` }).waitFor();
    expect(await page.getByRole('button', { name: '確認のうえ登録' }).isDisabled()).toBe(true);
  });
});
