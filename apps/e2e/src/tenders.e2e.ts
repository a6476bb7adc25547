import { Page } from 'playwright-core';
import { chooseOption, login, openedDialog, pageFetch, screenshot, useBrowser } from './support/browser';
import { useOwnServer } from './support/server';

/**
 * 指名競争 土木一式 (010), 予定価格 15,000,000 円 → rank C (発注標準金額 10,000,000〜). WORKS-2022:
 * D 10,000,000×0.97 + K 800,000×0.90 + G 2,000,000×0.90 + I 1,500,000×0.68
 * = 9,700,000 + 720,000 + 1,800,000 + 1,020,000 = 13,240,000, inside 11,250,000〜13,800,000.
 */
const TITLE = '市道牟礼線道路改良工事（ブラウザ試験）';
const PLANNED = 15_000_000;
const COMPONENTS: Array<[string, number]> = [
  ['直接工事費', 10_000_000],
  ['共通仮設費', 800_000],
  ['現場管理費', 2_000_000],
  ['一般管理費等', 1_500_000],
];
const MINIMUM = '13,240,000円';

/** Three 土木 vendors ranked C for R7-8, with a valid permit and 経審 (created through the API). */
const VENDORS = [
  { name: '佐波川建設', kana: 'サバガワケンセツ', address: '山口県防府市佐波一丁目1番1号', bid: 13_500_000 },
  { name: '向島土木', kana: 'ムコウジマドボク', address: '山口県防府市向島2番地', bid: 13_000_000 },
  { name: '華城工務店', kana: 'ケジョウコウムテン', address: '山口県防府市華城中央3丁目3番3号', bid: 15_500_000 },
];

const nav = (page: Page) => page.getByRole('navigation', { name: '業務メニュー' });
const gridRow = (page: Page, text: string) => page.locator('.ag-row', { hasText: text });
const status = (page: Page) => page.getByRole('status', { name: '状態' });

async function createVendor(page: Page, v: (typeof VENDORS)[number], n: number): Promise<number> {
  const res = await pageFetch(page, '/api/vendors', {
    method: 'POST',
    csrf: true,
    body: {
      entityType: 'individual',
      corporateNumber: null,
      invoiceNumber: null,
      name: v.name,
      nameKana: v.kana,
      representativeTitle: '代表',
      representativeName: `防府 ${'一二三'[n]}郎`,
      postalCode: '747-0001',
      address: v.address,
      phone: `0835-2${n}-0000`,
      locality: 'local',
      capital: 10_000_000,
    },
  });
  expect(res.status).toBe(201);
  const id = res.body.id as number;
  const parts: Array<[string, unknown]> = [
    ['permits', { tradeCode: '010', issuer: 'governor', issuerPrefecture: '山口県', grade: 'general', permitNumber: `（般-5）第9${id}号`, permitDate: '2024-07-01', expiresOn: '2029-06-30' }],
    ['keishin', { baseDate: '2026-03-31', x2: 700, y: 850, w: 1000, scores: [{ tradeCode: '010', x1: 700, z: 800 }] }],
    ['qualifications', { category: 'construction', tradeCode: '010', termCode: 'R7-8', rank: 'C' }],
  ];
  for (const [part, body] of parts) {
    const r = await pageFetch(page, `/api/vendors/${id}/${part}`, { method: 'POST', csrf: true, body });
    expect([part, r.status]).toEqual([part, 201]);
  }
  return id;
}

describe('tenders', () => {
  const fx = useBrowser();
  // Its own server: the vendors made here would otherwise change the numbering other browser tests expect.
  const server = useOwnServer();

  it('runs a 指名競争 tender: create, price with the live panel, designate, bid, open, award, print the results', async () => {
    const { page } = fx;
    await login(fx, 'contract', undefined, server.baseUrl);
    for (const [i, v] of VENDORS.entries()) await createVendor(page, v, i);

    // 新規登録: the 概要 and 予定価格 (tax-included amount beside it).
    await nav(page).getByRole('link', { name: '入札案件', exact: true }).click();
    await page.getByRole('heading', { name: '入札案件', exact: true }).waitFor();
    await page.getByRole('link', { name: '新規登録' }).click();
    await page.getByRole('heading', { name: '入札案件の新規登録' }).waitFor();
    await page.getByLabel('件名').fill(TITLE);
    await chooseOption(page, page.locator('form'), '業種', '010 土木一式工事');
    await page.getByRole('combobox', { name: '入札方法' }).filter({ hasText: '指名競争入札' }).waitFor();
    await page.getByLabel('場所').fill('防府市大字牟礼 地内');
    await page.getByLabel('予定価格（税抜）').fill(String(PLANNED));
    await page.getByText('税込 16,500,000円（消費税率10%）').waitFor();
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await status(page).filter({ hasText: '起案中' }).waitFor();
    const tenderId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(tenderId).toBeGreaterThan(0);

    // 価格: the breakdown, computed in the browser as it is typed (rule version and every step).
    await page.getByRole('tab', { name: '価格' }).click();
    await page.getByText('税込 16,500,000円（消費税率10%）').first().waitFor();
    const panel = page.getByRole('region', { name: '最低制限価格等の算定（入力中の内容で試算）' });
    await panel.getByText('内訳（直接工事費など）を入力すると').waitFor();
    for (const [label, amount] of COMPONENTS) await page.getByLabel(label, { exact: true }).fill(String(amount));
    await panel.locator('[data-figure="minimumPrice"]').filter({ hasText: MINIMUM }).waitFor();
    await panel.getByText('WORKS-2022', { exact: true }).waitFor();
    await panel.getByText('令和4年4月1日').waitFor();
    const steps = panel.getByRole('table', { name: '算定の過程' }).getByRole('row');
    expect(await steps.count()).toBe(9); // header + 4 terms + 算定額 + 下限 + 上限 + 範囲内に補正
    await panel.getByRole('row').filter({ hasText: '直接工事費×0.97' }).getByText('9,700,000円').waitFor();
    await screenshot(page, 'tender-price-live');

    // Someone else saves the tender meanwhile: 409, the shared conflict message, the latest loaded.
    const before = (await pageFetch(page, `/api/tenders/${tenderId}`)).body;
    const other = await pageFetch(page, `/api/tenders/${tenderId}`, { method: 'PATCH', csrf: true, body: { notes: '他の職員が更新', version: before.version } });
    expect(other.status).toBe(200);
    await page.getByRole('button', { name: '価格を保存' }).click();
    await page.getByRole('alert').filter({ hasText: '最新の内容を読み込みました' }).waitFor();
    expect(await page.getByLabel('直接工事費', { exact: true }).inputValue()).toBe('');
    for (const [label, amount] of COMPONENTS) await page.getByLabel(label, { exact: true }).fill(String(amount));
    const patched = page.waitForResponse((r) => r.url().endsWith(`/api/tenders/${tenderId}`) && r.request().method() === 'PATCH');
    await page.getByRole('button', { name: '価格を保存' }).click();
    expect((await patched).status()).toBe(200);
    // The server recomputed the same figure.
    await page.locator('[data-figure="savedMinimumPrice"]').filter({ hasText: MINIMUM }).waitFor();

    // 指名: the three vendors from the candidates, then 指名を確定.
    await page.getByRole('tab', { name: /^指名/ }).click();
    const candidates = page.getByRole('table', { name: '指名候補' });
    for (const v of VENDORS) await candidates.getByRole('checkbox', { name: `${v.name}を指名` }).check();
    await page.getByText('指名 3者').waitFor();
    await screenshot(page, 'tender-designation');
    await candidates.getByRole('textbox', { name: `${VENDORS[0].name}の理由` }).fill('同種工事の実績');
    await page.getByRole('button', { name: '指名を保存' }).click();
    await page.getByText('指名業者を保存しました（3者）。').waitFor();
    await page.getByRole('tab', { name: '指名（3）' }).waitFor();
    await page.getByRole('button', { name: '指名を確定' }).click();
    await status(page).filter({ hasText: '指名済' }).waitFor();
    await page.getByRole('button', { name: '入札受付を開始' }).click();
    await status(page).filter({ hasText: '入札中' }).waitFor();

    // 入札/開札: one row per designated vendor.
    await page.getByRole('tab', { name: '入札/開札' }).click();
    const entry = page.getByRole('region', { name: '入札書の入力' });
    for (const v of VENDORS) await entry.getByRole('spinbutton', { name: new RegExp(`${v.name}の入札金額`) }).fill(String(v.bid));
    await entry.getByRole('textbox', { name: new RegExp(`${VENDORS[0].name}のくじ番号`) }).fill('123');
    await entry.getByRole('button', { name: '入札書を保存' }).click();
    await page.getByText('第1回の入札書を保存しました（3者）。').waitFor();
    await entry.getByRole('button', { name: '開札', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '開札する' }).click();
    await status(page).filter({ hasText: '開札済' }).waitFor();

    // Every verdict with its reason.
    const verdicts = page.getByRole('table', { name: '第1回の判定' });
    const rowOf = (name: string) => verdicts.getByRole('row').filter({ hasText: name });
    await rowOf(VENDORS[0].name).getByText('落札', { exact: true }).waitFor();
    await rowOf(VENDORS[0].name).getByText('有効な入札のうち最低価格ため落札者に決定（落札率90.0%）').waitFor();
    await rowOf(VENDORS[1].name).getByText('失格（最低制限価格未満）').waitFor();
    await rowOf(VENDORS[1].name).getByText(`最低制限価格（${MINIMUM}）未満のため失格`).waitFor();
    await rowOf(VENDORS[2].name).getByText('予定価格超過').waitFor();
    await rowOf(VENDORS[2].name).getByText('予定価格（15,000,000円）を超えるため落札者となれない').waitFor();
    const outcome = page.getByRole('status', { name: '開札の結果' });
    await outcome.getByText('落札者決定').waitFor();
    await screenshot(page, 'tender-opening');

    // 落札決定: the contract draft is made.
    await outcome.getByRole('button', { name: '落札決定' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '落札決定' }).click();
    await status(page).filter({ hasText: '落札決定' }).waitFor();

    // 結果: 落札者, 落札額, 落札率 and the contract draft; 入札結果表 through the preview.
    await page.getByRole('tab', { name: '結果' }).click();
    expect(await page.locator('[data-figure="awardVendorName"]').textContent()).toBe(VENDORS[0].name);
    expect(await page.locator('[data-figure="awardAmount"]').textContent()).toBe('13,500,000円');
    expect(await page.locator('[data-figure="awardRate"]').textContent()).toBe('90.0%');
    await page.getByRole('link', { name: /^契約案（契約ID \d+・起案中/ }).waitFor();
    await screenshot(page, 'tender-result');
    await page.getByRole('button', { name: '入札結果表' }).click();
    const preview = await openedDialog(page);
    await preview.locator('iframe[title="入札結果表のプレビュー"]').waitFor({ timeout: 30_000 });
    expect(await preview.getByRole('button', { name: 'PDF保存' }).isEnabled()).toBe(true);
    await screenshot(page, 'tender-results-preview');
    await preview.getByRole('button', { name: '閉じる' }).click();
    await preview.waitFor({ state: 'detached' });

    // 履歴: the status changes are in the audit trail.
    await page.getByRole('tab', { name: '履歴' }).click();
    const history = page.getByRole('table', { name: '履歴' });
    await history.getByRole('row').filter({ hasText: '落札決定' }).first().waitFor();
    await history.getByRole('row').filter({ hasText: '指名済 → 入札中' }).waitFor();

    // The list shows it awarded, with the winner.
    await nav(page).getByRole('link', { name: '入札案件', exact: true }).click();
    const row = gridRow(page, TITLE);
    await row.waitFor();
    await row.getByText('落札決定').waitFor();
    await row.getByText(VENDORS[0].name).waitFor();
    await screenshot(page, 'tenders-list');
  });

  it('shows what another rule version would have changed (what-if) for the opened tender', async () => {
    const { page } = fx;
    await login(fx, 'contract', undefined, server.baseUrl);
    await nav(page).getByRole('link', { name: '最低制限価格の試算' }).click();
    await page.getByRole('heading', { name: '最低制限価格の試算' }).waitFor();
    // WORKS-2016 (I×0.55, 70〜90 %): 12,845,000 — 向島土木's 13,000,000 would no longer be disqualified, and would win.
    await chooseOption(page, page.locator('body'), '算定基準の版', /^WORKS-2016 /);
    await page.getByRole('button', { name: '試算する' }).click();
    const summary = page.getByRole('definition').filter({ hasText: /^1件$/ });
    await summary.first().waitFor();
    const row = page.getByRole('table', { name: '試算の結果' }).getByRole('row').filter({ hasText: TITLE });
    await row.getByText(MINIMUM).waitFor();
    await row.getByText('12,845,000円').waitFor();
    await row.getByText('−395,000円').waitFor();
    await row.getByText(`${VENDORS[0].name} → ${VENDORS[1].name}`).waitFor();
    await row.getByText(`${VENDORS[1].name} 13,000,000円: 失格（最低制限価格未満） → 落札`).waitFor();
    await screenshot(page, 'tenders-what-if');
  });

  it('lets an administrator copy a rule version, with problems per field and a calculation preview', async () => {
    const { page } = fx;
    await login(fx, 'admin', undefined, server.baseUrl);
    await nav(page).getByRole('link', { name: '価格算定基準' }).click();
    await page.getByRole('heading', { name: '価格算定基準' }).waitFor();
    await page.getByRole('button', { name: 'WORKS-2022をコピーして新しい版を作成' }).click();
    const dialog = await openedDialog(page);
    expect(await dialog.getByLabel('算定基準コード').inputValue()).toBe('WORKS-2022-COPY');
    await dialog.getByLabel('算定基準コード').fill('WORKS-2027');
    await dialog.getByLabel('名称', { exact: true }).fill('建設工事 最低制限価格等算定基準（2027年4月1日〜）');
    // The same start date as an existing version: the server names the field.
    await dialog.getByLabel('適用開始日').fill('2022-04-01');

    // A ratio out of range is named beside its input before anything is sent.
    await dialog.getByRole('spinbutton', { name: '算定項目4の率', exact: true }).fill('2.5');
    await dialog.getByText('算定項目4の率（ratio）は0〜2の数値で入力してください。', { exact: true }).waitFor();
    await dialog.getByRole('spinbutton', { name: '算定項目4の率', exact: true }).fill('0.7');
    expect(await dialog.getByText(/^算定項目\d+の/).count()).toBe(0);

    // pricing.md's worked example under the new ratio: 58,200,000 + 4,500,000 + 13,500,000 + 7,000,000 = 83,200,000 → 92 % cap.
    const preview = dialog.getByRole('region', { name: '計算の確認' });
    await preview.getByLabel('予定価格（税抜）').fill('90000000');
    for (const [label, amount] of [['直接工事費', 60_000_000], ['共通仮設費', 5_000_000], ['現場管理費', 15_000_000], ['一般管理費等', 10_000_000]] as const) {
      await preview.getByLabel(label, { exact: true }).fill(String(amount));
    }
    await preview.getByRole('row').filter({ hasText: '一般管理費等×0.7' }).getByText('7,000,000円').waitFor();
    await preview.getByText('算定額（各項目の合計）').waitFor();
    await preview.locator('[data-figure="minimumPrice"]').filter({ hasText: '82,800,000円' }).waitFor();
    await preview.getByText('算定額が上限を上回るため、上限としています。').waitFor();

    await screenshot(page, 'tenders-price-rule-dialog');
    await dialog.getByRole('button', { name: '登録' }).click();
    await dialog.getByText('この部門の適用開始日「2022-04-01」は既に登録されています。').waitFor();
    await dialog.getByLabel('適用開始日').fill('2027-04-01');
    await dialog.getByRole('button', { name: '登録' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('価格算定基準「WORKS-2027」を登録しました。').waitFor();
    const table = page.getByRole('table', { name: '建設工事' });
    await table.getByRole('row').filter({ hasText: 'WORKS-2027' }).getByText('令和9年4月1日').waitFor();
    await screenshot(page, 'tenders-price-rules');
  });

  it('takes bids from anyone on a 一般競争 tender, decides equal lowest bids by lot, and cancels another tender with its reason', async () => {
    const { page } = fx;
    await login(fx, 'contract', undefined, server.baseUrl);
    const created = await pageFetch(page, '/api/tenders', {
      method: 'POST',
      csrf: true,
      body: { title: '佐波川緑地公園整備工事（一般競争）', category: 'construction', tradeCode: '010', method: 'general', plannedPrice: 20_000_000, priceControl: 'none' },
    });
    expect(created.status).toBe(201);
    await fx.goto(`/tenders/${created.body.id}`, server.baseUrl);
    await page.getByRole('heading', { name: '佐波川緑地公園整備工事（一般競争）' }).waitFor();
    await page.getByRole('button', { name: '公告する' }).click();
    await status(page).filter({ hasText: '公告済' }).waitFor();
    await page.getByRole('button', { name: '入札受付を開始' }).click();
    await status(page).filter({ hasText: '入札中' }).waitFor();

    // Free entry: bidders are found by name (no designation for 一般競争).
    await page.getByRole('tab', { name: '入札/開札' }).click();
    const entry = page.getByRole('region', { name: '入札書の入力' });
    for (const v of [VENDORS[0], VENDORS[2]]) {
      await entry.getByLabel('入札者を追加（業者番号・名称で検索）').fill(v.name.slice(0, 3));
      await page.getByRole('option', { name: new RegExp(v.name) }).click();
      await entry.getByRole('spinbutton', { name: new RegExp(`${v.name}の入札金額`) }).fill('18000000');
    }
    await entry.getByRole('textbox', { name: new RegExp(`${VENDORS[2].name}のくじ番号`) }).fill('456');
    await entry.getByRole('button', { name: '入札書を保存' }).click();
    await page.getByText('第1回の入札書を保存しました（2者）。').waitFor();
    await entry.getByRole('button', { name: '開札', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '開札する' }).click();

    // Equal lowest bids: くじ, then the winner can be awarded.
    const outcome = page.getByRole('status', { name: '開札の結果' });
    await outcome.getByText('くじ引きが必要').waitFor();
    const verdicts = page.getByRole('table', { name: '第1回の判定' });
    expect(await verdicts.getByText('くじ待ち', { exact: true }).count()).toBe(2);
    expect(await outcome.getByRole('button', { name: '落札決定' }).isDisabled()).toBe(true);
    await outcome.getByRole('button', { name: 'くじの結果を入力' }).click();
    const lot = await openedDialog(page);
    await lot.getByRole('radio', { name: new RegExp(`${VENDORS[2].name}（くじ番号 456）`) }).check();
    await lot.getByLabel('くじを引いた者').fill('契約課 契約 花子（立会人 入札参加者2名）');
    await lot.getByRole('button', { name: '記録する' }).click();
    await lot.waitFor({ state: 'detached' });
    await outcome.getByText('落札者決定').waitFor();
    await verdicts.getByRole('row').filter({ hasText: VENDORS[2].name }).getByText('落札', { exact: true }).waitFor();
    await verdicts.getByRole('row').filter({ hasText: VENDORS[0].name }).getByText('くじ（非落札）').waitFor();
    await page.getByText(`${VENDORS[2].name}が当選（くじを引いた者: 契約課 契約 花子（立会人 入札参加者2名））`).waitFor();
    expect(await outcome.getByRole('button', { name: '落札決定' }).isEnabled()).toBe(true);

    // 中止 asks the reason, which stays on the tender.
    const other = await pageFetch(page, '/api/tenders', {
      method: 'POST',
      csrf: true,
      body: { title: '旧牟礼保育園解体工事（中止試験）', category: 'construction', tradeCode: '290', method: 'designated', priceControl: 'none' },
    });
    expect(other.status).toBe(201);
    await fx.goto(`/tenders/${other.body.id}`, server.baseUrl);
    await page.getByRole('heading', { name: '旧牟礼保育園解体工事（中止試験）' }).waitFor();
    await page.getByRole('button', { name: '中止' }).click();
    const cancel = await openedDialog(page);
    await cancel.getByRole('button', { name: '中止する' }).click();
    await cancel.getByText('中止の理由を入力してください。').waitFor();
    await cancel.getByLabel('中止の理由').fill('予算措置の見直しのため');
    await cancel.getByRole('button', { name: '中止する' }).click();
    await cancel.waitFor({ state: 'detached' });
    await status(page).filter({ hasText: '中止' }).waitFor();
    await page.getByText('中止の理由: 予算措置の見直しのため').waitFor();
    expect(await page.getByRole('group', { name: '状態の変更' }).count()).toBe(0);
  });
});
