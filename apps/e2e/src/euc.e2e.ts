import { Workbook } from 'exceljs';
import { Page } from 'playwright-core';
import { BrowserFixture, chooseOption, downloadOf, login, pageFetch, passwordOf, screenshot, submitLogin, useBrowser } from './support/browser';
import { useOwnServer } from './support/server';

/**
 * EUC: build 今年度 contracts grouped by department with the sum of amounts, save it, share it
 * with everyone, sign in as another user (閲覧者, 建築課), run it, export it. The expected sums
 * come from the contracts list, computed here.
 */
const NAME = '今年度の契約（担当課別・ブラウザ試験）';

function day(offset: number): string {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}
const today = day(0);
const [ty, tm] = today.split('-').map(Number);
const fy = tm >= 4 ? ty : ty - 1;
const inThisFy = (d: string | null) => !!d && d >= `${fy}-04-01` && d <= `${fy + 1}-03-31`;

const nav = (page: Page) => page.getByRole('navigation', { name: '業務メニュー' });
const gridRow = (page: Page, text: string) => page.locator('.ag-row', { hasText: text });

async function api(page: Page, method: string, path: string, body?: unknown): Promise<any> {
  const res = await pageFetch(page, path, { method, csrf: true, body });
  expect([method, path, res.status]).toEqual([method, path, method === 'POST' ? 201 : 200]);
  return res.body;
}

async function switchUser(fx: BrowserFixture, loginId: string, path: string, base: string): Promise<void> {
  const { page } = fx;
  await page.getByRole('button', { name: 'ユーザーメニュー' }).click();
  await page.getByRole('menuitem', { name: 'ログアウト' }).click();
  await page.waitForURL(/\/login/);
  await submitLogin(page, loginId, passwordOf(loginId));
  await nav(page).waitFor();
  await fx.goto(path, base);
}

const yen = (n: number) => n.toLocaleString('ja-JP');

describe('EUC query builder', () => {
  const fx = useBrowser();
  // Its own server: the vendor made here would otherwise change the numbering other browser tests expect.
  const server = useOwnServer();

  it('groups 今年度 contracts by department, saves and shares the query; another user runs and exports it', async () => {
    const { page } = fx;
    await login(fx, 'admin', undefined, server.baseUrl);

    // Contracts in three departments, this fiscal year and last.
    const departments: Array<{ id: number; code: string; name: string }> = (await pageFetch(page, '/api/departments?limit=100')).body.rows;
    const dept = (code: string) => departments.find((d) => d.code === code)!;
    const vendor = await api(page, 'POST', '/api/vendors', {
      entityType: 'individual', corporateNumber: null, invoiceNumber: null, name: '佐波建設', nameKana: 'サバケンセツ', representativeTitle: '代表',
      representativeName: '佐波 一郎', postalCode: '747-0002', address: '山口県防府市佐波1丁目1番1号', phone: '0835-22-0000', locality: 'local', capital: 10_000_000,
    });
    const work = (title: string, code: string, amount: number, contractDate: string) => ({
      title, category: 'construction', tradeCode: '010', method: 'designated', location: '防府市内', amount, contractDate, periodFrom: contractDate, periodTo: day(120),
      bondKind: 'exempt', vendorId: vendor.id, departmentId: dept(code).id,
    });
    await api(page, 'POST', '/api/contracts', work('市道改良工事（EUC試験1）', 'DOBOKU', 22_000_000, today));
    await api(page, 'POST', '/api/contracts', work('市道舗装工事（EUC試験2）', 'DOBOKU', 5_500_000, day(-5)));
    await api(page, 'POST', '/api/contracts', work('校舎改修工事（EUC試験3）', 'KENCHIKU', 13_200_000, `${fy}-04-01`));
    await api(page, 'POST', '/api/contracts', work('体育館改修工事（EUC試験4）', 'KENCHIKU', 3_300_000, day(-2)));
    await api(page, 'POST', '/api/contracts', work('前年度の工事（EUC試験5）', 'KENCHIKU', 9_900_000, `${fy - 1}-06-01`));
    await api(page, 'POST', '/api/contracts', work('河川護岸工事（EUC試験6）', 'KASEN', 7_700_000, day(-1)));
    const list = (await pageFetch(page, '/api/contracts?limit=1000')).body.rows as Array<{ departmentName: string | null; amount: number; contractDate: string | null }>;
    const sums = new Map<string, number>();
    for (const c of list) if (inThisFy(c.contractDate)) sums.set(c.departmentName ?? '', (sums.get(c.departmentName ?? '') ?? 0) + c.amount);
    expect(sums.get(dept('KENCHIKU').name)).toBe(16_500_000);

    // Build: 契約 (chosen first), 契約日 = 今年度, 集計 by 担当課 with the sum of 契約金額.
    await fx.goto('/', server.baseUrl);
    await nav(page).getByRole('link', { name: '検索・抽出' }).click();
    const builder = page.getByRole('form', { name: '検索条件' });
    await builder.getByRole('combobox', { name: 'データの種類' }).filter({ hasText: '契約' }).waitFor();
    await builder.getByRole('button', { name: '条件を追加' }).click();
    const filter = builder.getByRole('group', { name: '条件1' });
    await chooseOption(page, filter, '項目', '契約日');
    await chooseOption(page, filter, '条件の種類', '今年度');
    await builder.getByRole('checkbox', { name: /集計する/ }).check();
    await chooseOption(page, builder, '集計の単位', '担当課', { keepOpen: true });
    await page.keyboard.press('Escape');
    await page.locator('.cdk-overlay-transparent-backdrop').waitFor({ state: 'detached' });
    await builder.getByRole('button', { name: '集計値を追加' }).click();
    const aggregate = builder.getByRole('group', { name: '集計値1' });
    await chooseOption(page, aggregate, '集計の種類', '合計');
    await chooseOption(page, aggregate, '集計する項目', '契約金額（税込）');
    await builder.getByRole('button', { name: '実行' }).click();
    for (const [name, sum] of sums) await gridRow(page, name).filter({ hasText: yen(sum) }).waitFor();
    await page.getByRole('img', { name: /契約金額（税込）（合計）（棒グラフ）/ }).waitFor();
    await screenshot(page, 'euc-grouped');

    // Save, shared with everyone.
    await builder.getByLabel('名前').fill(NAME);
    await chooseOption(page, builder, '共有', '全員に共有');
    await builder.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('status').filter({ hasText: `「${NAME}」を保存しました（全員に共有）` }).waitFor();

    // 閲覧者 (建築課) finds it among the shared queries, runs it within their department, exports it.
    await switchUser(fx, 'viewer', '/euc', server.baseUrl);
    await page.getByRole('complementary', { name: '保存した検索条件' }).locator('mat-button-toggle', { hasText: '共有' }).click();
    await page.getByRole('button', { name: `開いて実行: ${NAME}` }).click();
    const kenchiku = dept('KENCHIKU').name;
    await gridRow(page, kenchiku).filter({ hasText: yen(16_500_000) }).waitFor();
    // Their own department only: one group.
    expect(await page.locator('.ky-grid-total').textContent()).toBe('1件');
    await screenshot(page, 'euc-shared-run');

    const xlsx = await downloadOf(page, () => page.getByRole('button', { name: 'Excel出力' }).click());
    expect(xlsx.name).toMatch(new RegExp(`^${NAME.replace(/[()（）]/g, '.')}_\\d{8}\\.xlsx$`));
    const wb = new Workbook();
    await wb.xlsx.load(xlsx.bytes as any);
    const sheet = wb.worksheets[0];
    const rows: unknown[][] = [];
    sheet.eachRow((r) => void rows.push((r.values as unknown[]).slice(1)));
    expect(rows).toEqual([['担当課', '契約金額（税込）（合計）'], [kenchiku, 16_500_000]]);
  }, 120_000);

  it('登録帳票 lists the forms with their parameters and opens the preview', async () => {
    const { page } = fx;
    await login(fx, 'admin', undefined, server.baseUrl);
    await nav(page).getByRole('link', { name: '登録帳票' }).click();
    const contractDoc = page.getByRole('group', { name: '契約書', exact: true });
    await contractDoc.getByLabel('契約（必須）').waitFor();
    // A required parameter left empty is named before anything is asked of the server.
    await contractDoc.getByRole('button', { name: '契約書をプレビュー' }).click();
    await page.getByRole('alert').filter({ hasText: '「契約書」の契約を入力してください。' }).waitFor();

    const list = page.getByRole('group', { name: '契約一覧', exact: true });
    await list.getByLabel('年度').fill(String(fy));
    const rendered = page.waitForResponse((r) => r.url().includes('/api/reports/contract-list?') || (r.url().includes('/api/reports/') && r.url().includes('fiscalYear=')));
    await list.getByRole('button', { name: '契約一覧をプレビュー' }).click();
    await page.getByRole('dialog').getByRole('heading', { name: '契約一覧（プレビュー）' }).waitFor();
    const response = await rendered;
    expect(response.url()).toContain(`fiscalYear=${fy}`);
    expect(response.status()).toBe(200);
    await page.getByRole('dialog').getByRole('button', { name: '閉じる' }).click();
  }, 60_000);
});
