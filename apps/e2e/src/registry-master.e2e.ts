import { Page } from 'playwright-core';
import { login, openedDialog, pageFetch, screenshot, useBrowser } from './support/browser';

const nav = (page: Page) => page.getByRole('navigation', { name: '業務メニュー' });

async function openRegistry(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: '業者マスタ' }).click();
  await page.getByRole('heading', { name: '業者マスタ' }).waitFor();
}

/** The construction master rows as the server has them now. */
async function masterRows(page: Page, master: string): Promise<any[]> {
  const res = await pageFetch(page, `/api/registry/${master}?category=construction`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('業者マスタ (registry master data)', () => {
  const fx = useBrowser();

  it('lists the trades, adds a term, and edits a 主観点 item after someone else saved it first', async () => {
    const { page } = fx;
    await login(fx, 'admin');
    await openRegistry(page);

    // 業種: the 29 construction trades, 010 土木一式 … 290 解体.
    const trades = page.getByRole('table', { name: '業種' });
    await trades.getByRole('row', { name: /土木一式工事/ }).waitFor();
    expect(await trades.getByRole('row').count()).toBe(30); // with the header row
    await trades.getByRole('row', { name: /解体工事/ }).waitFor();
    await page.getByText('29件').waitFor();

    // 有効期間: a new term; an end before the start is refused before anything is sent.
    await page.getByRole('tab', { name: '有効期間' }).click();
    const terms = page.getByRole('table', { name: '有効期間' });
    await terms.getByRole('row', { name: /R7-8/ }).waitFor();
    await page.getByRole('button', { name: '追加' }).click();
    let dialog = await openedDialog(page);
    await dialog.getByRole('heading', { name: '有効期間の追加' }).waitFor();
    await dialog.getByLabel('コード').fill('R9-10');
    await dialog.getByLabel('名称').fill('令和9・10年度');
    await dialog.getByLabel('開始日').fill('2027-04-01');
    await dialog.getByLabel('終了日').fill('2027-03-31');
    await dialog.getByRole('button', { name: '登録' }).click();
    await dialog.getByText('終了日は開始日以降の日付にしてください。').waitFor();
    await dialog.getByLabel('終了日').fill('2029-03-31');
    await dialog.getByText('令和11年3月31日').waitFor(); // the 和暦 under the date input
    await dialog.getByRole('button', { name: '登録' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('有効期間「令和9・10年度」を登録しました。').waitFor();
    const added = terms.getByRole('row', { name: /R9-10/ });
    await added.getByRole('cell', { name: '令和11年3月31日' }).waitFor(); // the list reloads after the snackbar
    expect((await added.getByRole('cell').allTextContents()).map((t) => t.trim())).toEqual(expect.arrayContaining(['R9-10', '令和9・10年度', '令和9年4月1日', '令和11年3月31日']));
    expect((await masterRows(page, 'terms')).find((t) => t.code === 'R9-10')).toMatchObject({ name: '令和9・10年度', validFrom: '2027-04-01', validTo: '2029-03-31' });

    // 主観点項目: another administrator changes the item while the dialog is open.
    await page.getByRole('tab', { name: '主観点項目' }).click();
    const items = page.getByRole('table', { name: '主観点項目' });
    const volunteer = items.getByRole('row', { name: /VOLUNTEER/ });
    await volunteer.getByRole('button', { name: '「地域貢献・ボランティア活動」を編集' }).click();
    dialog = await openedDialog(page);
    await dialog.getByRole('heading', { name: '主観点項目の編集' }).waitFor();
    expect(await dialog.getByLabel('点数').inputValue()).toBe('5');
    const before = (await masterRows(page, 'subjective-items')).find((i) => i.code === 'VOLUNTEER');
    const other = await pageFetch(page, `/api/registry/subjective-items/${before.id}`, { method: 'PATCH', body: { points: 6, version: before.version }, csrf: true });
    expect(other.status).toBe(200);

    await dialog.getByLabel('点数').fill('8');
    const conflict = page.waitForResponse((r) => r.url().endsWith(`/api/registry/subjective-items/${before.id}`) && r.request().method() === 'PATCH');
    await dialog.getByRole('button', { name: '保存' }).click();
    expect((await conflict).status()).toBe(409);
    await dialog.getByRole('alert').filter({ hasText: '最新の内容を読み込みました' }).waitFor();
    expect(await dialog.getByLabel('点数').inputValue()).toBe('6');
    // Redone on top of the other change, it saves.
    await dialog.getByLabel('点数').fill('8');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('主観点項目「地域貢献・ボランティア活動」を更新しました。').waitFor();
    await volunteer.getByRole('cell', { name: '+8' }).waitFor();
    expect((await masterRows(page, 'subjective-items')).find((i) => i.code === 'VOLUNTEER')).toMatchObject({ points: 8, version: before.version + 2 });
  });

  it('creates a new 格付基準 version for 土木 by copying, refusing an out-of-order table first', async () => {
    const { page } = fx;
    await login(fx, 'admin');
    await openRegistry(page);
    await page.getByRole('tab', { name: '格付基準' }).click();
    // 土木 is chosen first: the first trade that has rules.
    await page.getByRole('heading', { name: '010 土木一式工事' }).waitFor();
    const original = page.getByRole('group', { name: '令和5年4月1日から適用' });
    await original.getByRole('button', { name: 'この版をコピーして新しい版' }).click();

    const dialog = await openedDialog(page);
    await dialog.getByRole('heading', { name: '格付基準の新しい版' }).waitFor();
    const thresholds = dialog.getByRole('table', { name: '等級の基準' });
    // The copy carries the source's table; only the date is left to fill.
    expect(await thresholds.getByRole('spinbutton', { name: '1行目の総合点数の下限' }).inputValue()).toBe('1000');
    expect(await dialog.getByLabel('適用開始日').inputValue()).toBe('');

    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/registry/ranking-rules')) posts.push(r.url());
    });

    // B above A: refused in the server's own words, and nothing is sent.
    await dialog.getByLabel('適用開始日').fill('2023-04-01');
    await thresholds.getByRole('spinbutton', { name: '2行目の総合点数の下限' }).fill('1200');
    await dialog.getByRole('button', { name: '登録' }).click();
    const orderMessage = '等級の基準の2行目: 下の等級ほど総合点数の下限を小さくしてください。';
    await dialog.getByRole('alert').filter({ hasText: orderMessage }).waitFor();
    expect(await thresholds.getByRole('spinbutton', { name: '2行目の総合点数の下限' }).getAttribute('aria-invalid')).toBe('true');
    expect(posts).toEqual([]);
    await screenshot(page, 'registry-ranking-rule-invalid');
    // The server says exactly the same about the same table.
    const rule = (await masterRows(page, 'ranking-rules')).find((r) => r.tradeCode === '010' && r.effectiveFrom === '2023-04-01');
    const { id: _id, version: _version, createdAt: _c, updatedAt: _u, ...copy } = rule;
    const refused = await pageFetch(page, '/api/registry/ranking-rules', {
      method: 'POST',
      body: { ...copy, effectiveFrom: '2027-04-01', thresholds: copy.thresholds.map((t: any, i: number) => (i === 1 ? { ...t, minTotal: 1200 } : t)) },
      csrf: true,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'thresholds[1].minTotal', message: orderMessage }]);
    posts.length = 0; // that request was the test's own

    // In order, the server refuses the date instead: 土木 already has a version from that day.
    await thresholds.getByRole('spinbutton', { name: '2行目の総合点数の下限' }).fill('850');
    await dialog.getByRole('button', { name: '登録' }).click();
    await dialog.getByText(/は既に登録されています。/).waitFor();
    expect(posts).toHaveLength(1);

    await dialog.getByLabel('適用開始日').fill('2027-04-01');
    await dialog.getByText('令和9年4月1日').waitFor();
    // 土木 ships with 発注標準金額, so the copy has them too.
    expect(await dialog.getByRole('checkbox', { name: '発注標準金額を定める' }).isChecked()).toBe(true);
    const bands = dialog.getByRole('table', { name: '発注標準金額' });
    await bands.getByRole('textbox', { name: '1行目の金額の下限' }).fill('60000000');
    await dialog.getByLabel('1期の昇格上限（段階）').fill('2');
    await dialog.getByRole('heading', { name: '格付基準の新しい版' }).click(); // blur: the amount is regrouped
    expect(await bands.getByRole('textbox', { name: '1行目の金額の下限' }).inputValue()).toBe('60,000,000');
    await screenshot(page, 'registry-ranking-rule-editor');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/registry/ranking-rules') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: '登録' }).click();
    expect((await created).status()).toBe(201);
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('土木の格付基準（令和9年4月1日から適用）を登録しました。').waitFor();

    // Newest first, beside the version it was copied from.
    const groups = page.getByRole('group', { name: /から適用$/ });
    await page.getByRole('group', { name: '令和9年4月1日から適用' }).waitFor();
    expect(await groups.first().getAttribute('aria-label')).toBe('令和9年4月1日から適用');
    const fresh = page.getByRole('group', { name: '令和9年4月1日から適用' });
    await fresh.getByRole('cell', { name: '850' }).waitFor();
    await fresh.getByRole('cell', { name: '60,000,000円' }).waitFor();
    await fresh.getByText('2段階').waitFor();
    await screenshot(page, 'registry-ranking-rules');

    const saved = (await masterRows(page, 'ranking-rules')).find((r) => r.tradeCode === '010' && r.effectiveFrom === '2027-04-01');
    expect(saved.thresholds.map((t: { rank: string; minTotal: number }) => [t.rank, t.minTotal])).toEqual([
      ['A', 1000],
      ['B', 850],
      ['C', 650],
      ['D', 0],
    ]);
    expect(saved.priceBands[0]).toEqual({ rank: 'A', minPrice: 60_000_000 });
    expect(saved).toMatchObject({ maxStepUp: 2, localOnly: rule.localOnly, newApplicantsStartLowest: rule.newApplicantsStartLowest });
  });

  it('is neither offered to nor opened for the 契約課 (no admin.settings)', async () => {
    const { page } = fx;
    await login(fx, 'contract');
    const labels = (await nav(page).locator('.mdc-list-item__primary-text').allTextContents()).map((t) => t.trim());
    expect(labels).toContain('契約管理');
    expect(labels).not.toContain('業者マスタ');
    await fx.goto('/admin/registry');
    await page.getByRole('heading', { name: '権限がありません' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/registry');
  });
});
