import { Locator, Page } from 'playwright-core';
import { BrowserFixture, chooseOption, login, openedDialog, pageFetch, passwordOf, screenshot, submitLogin, useBrowser } from './support/browser';
import { useOwnServer } from './support/server';

/**
 * Award → contract → change → inspection → completion. A 一般競争 tender for 土木一式 is awarded
 * through the API at 18,000,000 円 (税抜) → the contract draft carries 19,800,000 円 (税込 10 %).
 * The 変更契約 raises it to 26,400,000 円: +33.3 %, over the 30 % warning.
 */
const TITLE = '市道江泊線側溝改良工事（契約ブラウザ試験）';
const VENDOR = { name: '江泊建設', kana: 'エドマリケンセツ', address: '山口県防府市大字江泊1番地' };
const CHANGED = 26_400_000;

/** Dates around today (Japan), so the deadlines dashboard has something to show. */
function day(offset: number): string {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

const nav = (page: Page) => page.getByRole('navigation', { name: '業務メニュー' });
const gridRow = (page: Page, text: string) => page.locator('.ag-row', { hasText: text });
const status = (page: Page) => page.getByRole('status', { name: '状態', exact: true });
const approval = (page: Page, name: string) => page.getByRole('group', { name: `${name}の決裁`, exact: true });

async function api(page: Page, method: string, path: string, body?: unknown): Promise<any> {
  const res = await pageFetch(page, path, { method, csrf: true, body });
  expect([method, path, res.status]).toEqual([method, path, method === 'POST' && !/\/(transition|open|award)$/.test(path) ? 201 : 200]);
  return res.body;
}

/** A 土木 vendor ranked C for R7-8 with a valid permit and 経審. */
async function createVendor(page: Page): Promise<number> {
  const v = await api(page, 'POST', '/api/vendors', {
    entityType: 'individual',
    corporateNumber: null,
    invoiceNumber: null,
    name: VENDOR.name,
    nameKana: VENDOR.kana,
    representativeTitle: '代表',
    representativeName: '防府 江太郎',
    postalCode: '747-0001',
    address: VENDOR.address,
    phone: '0835-29-0000',
    locality: 'local',
    capital: 10_000_000,
  });
  await api(page, 'POST', `/api/vendors/${v.id}/permits`, { tradeCode: '010', issuer: 'governor', issuerPrefecture: '山口県', grade: 'general', permitNumber: `（般-5）第8${v.id}号`, permitDate: '2024-07-01', expiresOn: '2029-06-30' });
  await api(page, 'POST', `/api/vendors/${v.id}/keishin`, { baseDate: '2026-03-31', x2: 700, y: 850, w: 1000, scores: [{ tradeCode: '010', x1: 700, z: 800 }] });
  await api(page, 'POST', `/api/vendors/${v.id}/qualifications`, { category: 'construction', tradeCode: '010', termCode: 'R7-8', rank: 'C' });
  return v.id;
}

/** 一般競争: announce, take one bid, open and award; returns the contract draft's id. */
async function awardedContract(page: Page, vendorId: number): Promise<number> {
  let t = await api(page, 'POST', '/api/tenders', { title: TITLE, category: 'construction', tradeCode: '010', method: 'general', location: '防府市大字江泊 地内', plannedPrice: 20_000_000, priceControl: 'none' });
  t = await api(page, 'POST', `/api/tenders/${t.id}/transition`, { to: 'announced', version: t.version });
  t = await api(page, 'POST', `/api/tenders/${t.id}/transition`, { to: 'bidding', version: t.version });
  t = await api(page, 'PUT', `/api/tenders/${t.id}/bids`, { version: t.version, round: t.currentRound, bids: [{ vendorId, amount: 18_000_000 }] });
  t = await api(page, 'POST', `/api/tenders/${t.id}/open`, { version: t.version });
  expect(t.outcome).toBe('awarded');
  t = await api(page, 'POST', `/api/tenders/${t.id}/award`, { version: t.version });
  expect(t.contract).toMatchObject({ status: 'draft', amount: 19_800_000 });
  return t.contract.id;
}

/** Signs out through the user menu and signs in as another user, then opens `path`. */
async function switchUser(fx: BrowserFixture, loginId: string, path: string, base: string): Promise<void> {
  const { page } = fx;
  await page.getByRole('button', { name: 'ユーザーメニュー' }).click();
  await page.getByRole('menuitem', { name: 'ログアウト' }).click();
  await page.waitForURL(/\/login/);
  await submitLogin(page, loginId, passwordOf(loginId));
  await nav(page).waitFor();
  await fx.goto(path, base);
}

/** Presses a button of an approval bar and confirms its dialog (the comment is optional). */
async function decide(page: Page, bar: Locator, button: '起案' | '決裁', comment?: string): Promise<void> {
  await bar.getByRole('button', { name: button, exact: true }).click();
  const dialog = await openedDialog(page);
  if (comment) await dialog.getByLabel('コメント（任意）').fill(comment);
  await dialog.getByRole('button', { name: button === '起案' ? '起案する' : '決裁する' }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('contracts', () => {
  const fx = useBrowser();
  // Its own server: the vendors made here would otherwise change the numbering other browser tests expect.
  const server = useOwnServer();

  it('runs an awarded contract: draft, 決裁 by another user, 締結, 変更契約, 完成, completion inspection, 検査済', async () => {
    const { page } = fx;
    await login(fx, 'contract', undefined, server.baseUrl);
    const vendorId = await createVendor(page);
    const contractId = await awardedContract(page, vendorId);

    // 契約一覧: the draft the award made.
    await nav(page).getByRole('link', { name: '契約', exact: true }).click();
    await page.getByRole('heading', { name: '契約', exact: true }).waitFor();
    const row = gridRow(page, TITLE);
    await row.waitFor();
    await row.getByText(VENDOR.name).waitFor();
    await row.getByText('19,800,000円').waitFor();
    await screenshot(page, 'contracts-list');
    await row.dblclick();
    await page.getByRole('heading', { name: TITLE }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/contracts/${contractId}`);
    await status(page).filter({ hasText: '起案中' }).waitFor();
    expect(await page.getByRole('button', { name: '締結', exact: true }).isDisabled()).toBe(true);

    // 概要: the contract date and the period, then 起案.
    await page.getByRole('button', { name: '概要を編集' }).click();
    const edit = await openedDialog(page);
    await edit.getByLabel('契約日', { exact: true }).fill(day(-120));
    await edit.getByLabel('工期（自）').fill(day(-119));
    await edit.getByLabel('工期（至）').fill(day(-10));
    await edit.getByLabel('前払金の割合（%）').fill('40');
    // 監督員: only users with the supervisor role are offered.
    await edit.getByLabel('監督員').click();
    await page.getByRole('option', { name: /監督 次郎/ }).click();
    await edit.getByRole('button', { name: '保存' }).click();
    await edit.waitFor({ state: 'detached' });
    await page.getByRole('definition').filter({ hasText: /^監督 次郎$/ }).waitFor();
    await page.locator('[data-figure="amount"]').filter({ hasText: '19,800,000円（うち消費税 1,800,000円・10%）' }).waitFor();
    const bar = approval(page, '契約');
    await decide(page, bar, '起案', '落札者との契約案です');
    await bar.getByRole('status').filter({ hasText: '決裁待ち' }).waitFor();
    // The drafter cannot approve their own draft.
    expect(await bar.getByRole('button', { name: '決裁', exact: true }).isDisabled()).toBe(true);

    // 決裁 by another user (admin).
    await switchUser(fx, 'admin', `/contracts/${contractId}`, server.baseUrl);
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await decide(page, approval(page, '契約'), '決裁');
    await approval(page, '契約').getByRole('status').filter({ hasText: '決裁済' }).waitFor();

    // 締結 → 施工中 by the clerk.
    await switchUser(fx, 'contract', `/contracts/${contractId}`, server.baseUrl);
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await page.getByRole('button', { name: '締結', exact: true }).click();
    await (await openedDialog(page)).getByRole('button', { name: '締結する' }).click();
    await status(page).filter({ hasText: '締結' }).waitFor();
    await page.getByText(/^契約番号 R\d+-K\d{4}$/).waitFor();
    await page.getByRole('button', { name: '施工中にする' }).click();
    await status(page).filter({ hasText: '施工中' }).waitFor();

    // 変更契約: +33.3 % warns while typing and once approved.
    await page.getByRole('tab', { name: '変更' }).click();
    await page.locator('[data-figure="originalAmount"]').filter({ hasText: '19,800,000円' }).waitFor();
    await page.getByRole('button', { name: '変更契約を追加' }).click();
    const change = await openedDialog(page);
    await change.getByLabel('変更契約日').fill(day(-60));
    await change.getByLabel('変更後の契約金額（税込）').fill(String(CHANGED));
    await change.getByLabel('変更後の工期（至）').fill(day(7));
    await change.locator('[data-figure="changeRate"]').filter({ hasText: '+33.3%' }).waitFor();
    await change.getByRole('alert').filter({ hasText: '変更率が30%を超えます' }).waitFor();
    await change.getByLabel('変更の理由').fill('既設側溝の破損範囲の拡大による延長の増');
    await screenshot(page, 'contract-change-dialog');
    await change.getByRole('button', { name: '保存' }).click();
    await change.waitFor({ state: 'detached' });
    const changeBar = approval(page, '第1回変更契約');
    await decide(page, changeBar, '起案');
    await changeBar.getByRole('status').filter({ hasText: '決裁待ち' }).waitFor();
    // Not applied before its approval.
    await page.locator('[data-figure="currentAmount"]').filter({ hasText: '19,800,000円' }).waitFor();

    await switchUser(fx, 'admin', `/contracts/${contractId}?tab=changes`, server.baseUrl);
    await decide(page, approval(page, '第1回変更契約'), '決裁');
    await page.locator('[data-figure="currentAmount"]').filter({ hasText: '26,400,000円' }).waitFor();
    await page.locator('[data-figure="changeRate"]').filter({ hasText: '+33.3%' }).waitFor();
    await page.getByRole('alert').filter({ hasText: '変更率が30%を超えています' }).waitFor();
    await screenshot(page, 'contract-changes');

    // The clerk's home: the work ends within the next days (the period now ends in 7 days).
    await switchUser(fx, 'contract', '/', server.baseUrl);
    const ending = page.getByRole('table', { name: '工期末が近い工事' });
    await ending.getByRole('link', { name: new RegExp(TITLE) }).waitFor();
    await screenshot(page, 'home-deadlines');
    await ending.getByRole('link', { name: new RegExp(TITLE) }).click();
    await page.getByRole('heading', { name: TITLE }).waitFor();

    // 完成 asks the date; then the completion inspection with the inspector.
    await page.getByRole('button', { name: '完成', exact: true }).click();
    const completed = await openedDialog(page);
    await completed.getByLabel('完成の日').fill(day(-2));
    await completed.getByRole('button', { name: '完成とする' }).click();
    await completed.waitFor({ state: 'detached' });
    await status(page).filter({ hasText: '完成' }).waitFor();
    const inspectors = (await pageFetch(page, '/api/contracts/inspector-candidates')).body as Array<{ id: number; name: string }>;
    expect(inspectors.length).toBeGreaterThan(0);
    await page.getByRole('tab', { name: /^検査/ }).click();
    await page.getByRole('button', { name: '検査を予定' }).click();
    const schedule = await openedDialog(page);
    await schedule.getByRole('combobox', { name: '検査の種類' }).filter({ hasText: '完成検査' }).waitFor();
    await schedule.getByLabel('検査予定日').fill(day(-1));
    await schedule.getByRole('combobox', { name: '検査員' }).click();
    await page.getByRole('option', { name: new RegExp(`^${inspectors[0].name}`) }).click();
    await page.keyboard.press('Escape');
    await schedule.getByLabel('立会者').fill('現場代理人 江泊一郎');
    await schedule.getByRole('button', { name: '保存' }).click();
    await schedule.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: '検査' }).getByText(inspectors[0].name).waitFor();

    // The inspector finds it on the home page, records 合格 and submits the result.
    await switchUser(fx, 'inspector', '/', server.baseUrl);
    await page.getByRole('table', { name: '検査予定' }).getByRole('link', { name: new RegExp(TITLE) }).click();
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await page.getByRole('button', { name: '完成検査の結果を入力' }).click();
    const result = await openedDialog(page);
    await result.getByLabel('検査日').fill(day(-1));
    await result.getByRole('radio', { name: '合格', exact: true }).check();
    await result.getByLabel('所見').fill('出来形・品質とも設計図書どおり。');
    await result.getByRole('button', { name: '保存' }).click();
    await result.waitFor({ state: 'detached' });
    const resultBar = approval(page, '完成検査の結果');
    await decide(page, resultBar, '起案');
    await resultBar.getByRole('status').filter({ hasText: '決裁待ち' }).waitFor();
    expect(await resultBar.getByRole('button', { name: '決裁', exact: true }).count()).toBe(0);

    // The inspectors' list (their own) and the month calendar.
    await nav(page).getByRole('link', { name: '検査', exact: true }).click();
    await page.getByRole('heading', { name: '検査', exact: true }).waitFor();
    expect(await page.getByRole('switch', { name: '自分の担当のみ' }).isChecked()).toBe(true);
    await gridRow(page, TITLE).getByText('合格').waitFor();
    await page.locator('mat-button-toggle', { hasText: 'カレンダー' }).locator('button').click();
    await page.getByRole('grid', { name: /の検査予定$/ }).getByRole('link', { name: new RegExp(TITLE) }).first().waitFor();
    await screenshot(page, 'inspections-calendar');

    // admin approves the result: the contract is 検査済; 検査調書 in the preview.
    await switchUser(fx, 'admin', `/contracts/${contractId}?tab=inspections`, server.baseUrl);
    await decide(page, approval(page, '完成検査の結果'), '決裁');
    await status(page).filter({ hasText: '検査済' }).waitFor();
    await page.getByRole('button', { name: '完成検査の検査調書' }).click();
    const preview = await openedDialog(page);
    await preview.locator('iframe[title="検査調書のプレビュー"]').waitFor({ timeout: 30_000 });
    expect(await preview.getByRole('button', { name: 'PDF保存' }).isEnabled()).toBe(true);
    await screenshot(page, 'inspection-record-preview');
    await preview.getByRole('button', { name: '閉じる' }).click();
    await preview.waitFor({ state: 'detached' });

    // 評定: the approved completion inspection opened the rating sheet; 履歴 has every status change.
    await page.getByRole('tab', { name: '評定' }).click();
    await page.locator('[data-figure="ratingStatus"]').filter({ hasText: '採点中' }).waitFor();
    await page.getByRole('link', { name: '評定表を開く' }).waitFor();
    await page.getByRole('tab', { name: '履歴' }).click();
    const history = page.getByRole('table', { name: '履歴' });
    await history.getByRole('row').filter({ hasText: '完成 → 検査済' }).waitFor();
    await history.getByRole('row').filter({ hasText: '起案中 → 締結' }).waitFor();
    // 起案 with its comment and 決裁 by the other user are part of the history.
    await history.getByRole('row').filter({ hasText: '起案（決裁へ回付）' }).filter({ hasText: '落札者との契約案です' }).first().waitFor();
    await history.getByRole('row').filter({ hasText: 'admin' }).filter({ hasText: '決裁' }).first().waitFor();
    await screenshot(page, 'contract-history');
  });

  it('registers a 少額随意契約 directly, showing the limit and refusing an amount above it', async () => {
    const { page } = fx;
    await login(fx, 'contract', undefined, server.baseUrl);
    const vendor = await api(page, 'POST', '/api/vendors', {
      entityType: 'individual', corporateNumber: null, invoiceNumber: null, name: '牟礼造園', nameKana: 'ムレゾウエン', representativeTitle: '代表',
      representativeName: '防府 牟礼子', postalCode: '747-1232', address: '山口県防府市大字台道2番地', phone: '0835-32-0000', locality: 'local', capital: 3_000_000,
    });
    await nav(page).getByRole('link', { name: '契約', exact: true }).click();
    await page.getByRole('link', { name: '新規登録' }).click();
    await page.getByRole('heading', { name: '契約の新規登録' }).waitFor();
    await page.getByLabel('件名').fill('江泊公園遊具修繕工事（少額随契）');
    await page.getByLabel('契約の相手方（業者番号・名称で検索）').fill('牟礼造園');
    await page.getByRole('option', { name: new RegExp(`${vendor.vendorCode} 牟礼造園`) }).click();
    await page.getByRole('combobox', { name: '契約方法' }).filter({ hasText: '随意契約' }).waitFor();
    await chooseOption(page, page.locator('form'), '少額随意契約の区分', '工事又は製造の請負');
    await page.getByLabel('契約日', { exact: true }).fill(day(0));
    await page.locator('[data-figure="smallContractLimit"]').filter({ hasText: '限度額 2,000,000円' }).waitFor();
    await page.getByLabel('随意契約の理由').fill('地方自治法施行令第167条の2第1項第1号（予定価格が規則で定める額以下）');
    await page.getByLabel('契約金額（税込）').fill('2500000');
    await page.getByText('少額随意契約の限度額を超えています。').waitFor();
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.getByText(/少額随意契約の限度額（2,000,000円/).first().waitFor();
    await page.getByLabel('契約金額（税込）').fill('1980000');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.getByRole('heading', { name: '江泊公園遊具修繕工事（少額随契）' }).waitFor();
    await status(page).filter({ hasText: '起案中' }).waitFor();
    await page.locator('[data-figure="smallContractLimit"]').filter({ hasText: '2,000,000円' }).waitFor();
    await screenshot(page, 'contract-small-negotiated');
  });
});
