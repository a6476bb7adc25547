import { Page } from 'playwright-core';
import { login, pageFetch, screenshot, useBrowser } from './support/browser';
import { useOwnServer } from './support/server';

/**
 * The qualification loop in the browser: a vendor signs up in the portal (the verification link
 * read from the outbox), applies with attachments → staff ask for a correction of the address →
 * the vendor fixes it and resubmits → staff see the change and approve → the registry holds the
 * vendor with the new address and its rank. Staff and vendor share one browser: their cookies
 * differ (keiyaku_sid / keiyaku_vsid), as they would for a clerk testing the portal.
 */
const CORP = '4000012090001'; // check digit valid
const COMPANY = '華浦土木株式会社';
const EMAIL = 'kaho-doboku@example.jp';
const PASSWORD = 'kaho-doboku-2026x';
const OLD_ADDRESS = '山口県防府市華浦1丁目';
const NEW_ADDRESS = '山口県防府市華浦1丁目2番3号';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function staffApi(page: Page, method: string, path: string, body?: unknown): Promise<any> {
  const res = await pageFetch(page, path, { method, csrf: true, body });
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Opens the 定期 period whatever today is (the seeded settings may lie outside it). */
async function openPeriod(page: Page): Promise<void> {
  const settings: Array<{ key: string; version?: number }> = await staffApi(page, 'GET', '/api/settings');
  for (const [key, value] of [['applications.regularOpensOn', '2000-01-01'], ['applications.regularClosesOn', '2999-12-31']]) {
    await staffApi(page, 'PUT', `/api/settings/${key}`, { value, version: settings.find((s) => s.key === key)?.version ?? 0 });
  }
}

/** The verification token from the last mail to the address, read from the outbox. */
async function mailedToken(page: Page, to: string): Promise<string> {
  const list = await staffApi(page, 'GET', `/api/mail/outbox?q=${encodeURIComponent(to)}&sort=createdAt:desc&limit=5`);
  const mail = list.rows.find((m: { toAddress: string }) => m.toAddress === to);
  const token = /token=([A-Za-z0-9_-]+)/.exec(mail?.body ?? '')?.[1];
  if (!token) throw new Error(`no token mailed to ${to}: ${JSON.stringify(list.rows)}`);
  return token;
}

async function saveNext(page: Page): Promise<void> {
  const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/steps/'));
  await page.getByRole('button', { name: '保存して次へ' }).click();
  const res = await saved;
  expect([res.url(), res.status()]).toEqual([res.url(), 200]);
}

describe('qualification applications: sign-up → apply → correction → approval', () => {
  const fx = useBrowser();
  const server = useOwnServer();

  it('runs the whole loop and the registry shows the vendor with its new values and rank', async () => {
    const page = fx.page;
    const portal = (path: string) => fx.goto(`/portal${path}`, server.baseUrl);
    await login(fx, 'admin', undefined, server.baseUrl);
    await openPeriod(page);

    // ---- the vendor signs up and verifies the address through the mailed link ----
    await portal('/signup');
    await page.getByLabel('法人番号（13桁）').fill(CORP);
    await page.getByLabel('商号又は名称').fill(COMPANY);
    await page.getByLabel('メールアドレス').fill(EMAIL);
    await page.getByLabel('パスワード（10文字以上）').fill(PASSWORD);
    await page.getByRole('button', { name: '登録する' }).click();
    await page.getByRole('status').filter({ hasText: '確認メールを送信しました' }).waitFor();
    await portal(`/verify?token=${await mailedToken(page, EMAIL)}`);
    await page.getByRole('status').filter({ hasText: 'メールアドレスを確認しました' }).waitFor();
    await portal('/login');
    await page.getByLabel('メールアドレス または 事業者ID').fill(EMAIL);
    await page.getByLabel('パスワード', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('heading', { name: '申請一覧' }).waitFor();

    // ---- a 定期申請 for 建設工事, step by step ----
    await page.getByRole('button', { name: '申請を始める' }).click();
    await page.getByRole('heading', { name: '定期申請（建設工事）' }).waitFor();
    const appId = Number(/applications\/(\d+)/.exec(page.url())?.[1]);
    expect(appId).toBeGreaterThan(0);
    await page.getByLabel('フリガナ').fill('カホドボク');
    await page.getByLabel('郵便番号').fill('747-0823');
    await page.getByLabel('所在地').fill(OLD_ADDRESS);
    await page.getByLabel('電話番号').fill('0835-22-0000');
    await page.getByLabel('資本金（千円）').fill('20000');
    await saveNext(page);
    await page.getByLabel('代表者役職').fill('代表取締役');
    await page.getByLabel('代表者氏名').fill('華浦 一郎');
    await page.getByLabel('担当者氏名').fill('華浦 花子');
    await page.getByLabel('担当者電話番号').fill('0835-22-0001');
    await saveNext(page);
    await saveNext(page); // 営業所: none
    // 許可, 経審の業種 and 希望業種 start with one empty row each.
    await page.getByLabel('許可業種').selectOption('010');
    await page.getByLabel('許可番号').fill('（般-6）第12345号');
    await page.getByLabel('許可年月日').fill('2024-04-01');
    await page.getByLabel('有効期限').fill('2029-03-31');
    await saveNext(page);
    await page.getByLabel('審査基準日').fill('2026-03-31');
    await page.getByLabel('通知日').fill('2026-06-01');
    await page.getByLabel('X2', { exact: true }).fill('700');
    await page.getByLabel('Y', { exact: true }).fill('800');
    await page.getByLabel('W', { exact: true }).fill('600');
    await page.getByLabel('評点の業種').selectOption('010');
    await page.getByLabel('X1', { exact: true }).fill('800');
    await page.getByLabel('Z', { exact: true }).fill('750');
    await saveNext(page);
    await page.getByLabel('職員数（合計）').fill('20');
    await page.getByLabel('建設業従事者数').fill('15');
    await page.getByLabel('技術職員数').fill('8');
    await page.getByLabel('その他の職員数').fill('5');
    await saveNext(page);
    await page.getByLabel('希望業種', { exact: true }).selectOption('010');
    await saveNext(page);
    await page.getByLabel('地域区分').selectOption('local');
    await page.getByLabel('自治会名').fill('華浦自治会');
    await saveNext(page);
    await page.getByText('暴力団等の排除に関する事項に該当しないことを誓約します').click();
    await page.getByText('申請内容は事実と相違ないことを誓約します').click();
    await page.getByText('税の滞納がないことを誓約します').click();
    await saveNext(page);
    // Attachments: one PDF per required document of this form.
    const table = page.getByRole('table', { name: '添付書類' });
    const rows = table.locator('tbody tr');
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      if ((await row.locator('td').nth(1).textContent())?.trim() !== '必須') continue;
      const uploaded = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/applications/${appId}/attachments`));
      await row.locator('input[type=file]').setInputFiles({ name: `書類${i + 1}.pdf`, mimeType: 'application/pdf', buffer: PDF });
      expect((await uploaded).status()).toBe(201);
      await row.getByText(`書類${i + 1}.pdf`).waitFor();
    }
    await page.getByRole('button', { name: '確認・提出' }).click();
    await page.getByRole('button', { name: '提出する' }).click();
    await page.getByTestId('status').filter({ hasText: '受付' }).waitFor();
    const receipt = ((await page.getByTestId('receipt').textContent()) ?? '').trim();
    expect(receipt).toMatch(/^\d{4}-K-\d{5}$/);

    // ---- staff: the queue, the application beside the registry, a correction of the address ----
    await fx.goto('/qualification', server.baseUrl);
    await page.getByRole('heading', { name: '資格審査' }).waitFor();
    const queued = page.locator('.ag-row', { hasText: receipt });
    await queued.waitFor();
    await page.getByTestId('count-submitted').filter({ hasText: '1' }).waitFor();
    await queued.dblclick();
    await page.getByRole('heading', { name: COMPANY }).waitFor();
    await page.getByText('新規（台帳に未登録）').waitFor();
    // The attachments open from the review page.
    const file = await pageFetch(page, (await page.locator('a.file').first().getAttribute('href'))!);
    expect(file.status).toBe(200);
    await page.getByRole('button', { name: '所在地の補正を求める' }).click();
    await page.getByLabel('商号・所在地: 所在地の補正の内容').fill('所在地は登記簿のとおり番地まで記入してください。');
    await screenshot(page, 'application-correction');
    await page.getByRole('button', { name: '補正を依頼（1件）' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '補正を依頼' }).click();
    await page.getByRole('status').filter({ hasText: '補正を依頼しました。' }).waitFor();
    await page.getByTestId('status').filter({ hasText: '補正依頼中' }).waitFor();

    // ---- the vendor sees the request, corrects the address and resubmits ----
    await portal(`/applications/${appId}`);
    const note = page.getByRole('note', { name: '補正依頼' });
    await note.getByText('所在地は登記簿のとおり番地まで記入してください。').waitFor();
    await page.getByLabel('所在地').fill(NEW_ADDRESS);
    await saveNext(page);
    await page.getByRole('button', { name: '確認・提出' }).click();
    await page.getByRole('button', { name: '再提出する' }).click();
    await page.getByTestId('status').filter({ hasText: '再提出' }).waitFor();

    // ---- staff: every round is kept, the changed field is marked; checklist, approval ----
    await fx.goto(`/qualification/applications/${appId}`, server.baseUrl);
    await page.getByTestId('status').filter({ hasText: '再提出' }).waitFor();
    const addressRow = page.locator('tr[data-field="company.address"]');
    await addressRow.getByText('再提出で変更').waitFor();
    await addressRow.getByText(NEW_ADDRESS).waitFor();
    const history = page.getByRole('list', { name: '提出と補正の履歴' });
    await history.locator('[data-round="1"]').getByText('所在地は登記簿のとおり番地まで記入してください。').waitFor();
    await history.locator('[data-round="2"]').getByText('商号・所在地: 所在地').waitFor();
    await screenshot(page, 'application-review');
    for (const label of ['資格要件（欠格事由・営業年数）を確認した', '申請書・添付書類がそろっている']) await page.getByText(label).click();
    await page.getByRole('button', { name: 'チェックを保存' }).click();
    await page.getByRole('status').filter({ hasText: '審査チェックリストを保存しました。' }).waitFor();
    await page.getByRole('button', { name: '認定', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '認定する' }).click();
    const done = page.getByRole('status').filter({ hasText: '認定しました。' });
    await done.waitFor();
    expect(await done.textContent()).toContain('010: D');
    await page.getByTestId('status').filter({ hasText: '認定' }).waitFor();
    await screenshot(page, 'application-approved');

    // ---- the registry: the vendor with the corrected address and its rank; the 名簿 lists it ----
    await page.getByRole('link', { name: /業者台帳/ }).click();
    await page.waitForURL(/\/vendors\/\d+/);
    await page.getByRole('heading', { name: COMPANY }).waitFor();
    await page.getByText(NEW_ADDRESS).first().waitFor();
    const vendorId = Number(/vendors\/(\d+)/.exec(page.url())?.[1]);
    const vendor = await staffApi(page, 'GET', `/api/vendors/${vendorId}`);
    expect(vendor).toMatchObject({ name: COMPANY, corporateNumber: CORP, address: NEW_ADDRESS, representativeName: '華浦 一郎', locality: 'local' });
    expect(vendor.qualifications.map((q: { tradeCode: string; rank: string }) => [q.tradeCode, q.rank])).toEqual([['010', 'D']]);
    await fx.goto('/qualification/qualified', server.baseUrl);
    await page.getByRole('table', { name: '入札参加資格者名簿' }).getByText(COMPANY).waitFor();

    // ---- accounts: staff lock the vendor's account (its portal session ends) ----
    await fx.goto('/qualification/accounts', server.baseUrl);
    const account = page.locator('.ag-row', { hasText: EMAIL });
    await account.click();
    await page.getByRole('button', { name: '利用停止' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '利用停止' }).click();
    await page.getByRole('status').filter({ hasText: 'を利用停止にしました。' }).waitFor();
    await account.getByText('利用停止').waitFor();
    expect((await pageFetch(page, '/api/portal/auth/me')).status).toBe(401);
    // Staff invite another company: the account waits for its password (set from the mailed link).
    await page.getByRole('button', { name: '招待' }).click();
    const invite = page.getByRole('dialog');
    await invite.getByLabel('商号又は名称').fill('三田尻設備株式会社');
    await invite.getByLabel('メールアドレス').fill('mitajiri@example.jp');
    await invite.getByLabel('法人番号（13桁）').fill('1234567890123');
    await invite.getByRole('button', { name: '招待メールを送る' }).click();
    await invite.getByRole('alert').filter({ hasText: '法人番号は13桁の正しい番号' }).waitFor();
    await invite.getByLabel('法人番号（13桁）').fill('7000012050002');
    await invite.getByRole('button', { name: '招待メールを送る' }).click();
    await page.getByRole('status').filter({ hasText: '三田尻設備株式会社（mitajiri@example.jp）に招待メールを送りました。' }).waitFor();
    await page.locator('.ag-row', { hasText: 'mitajiri@example.jp' }).getByText('確認待ち').waitFor();
    expect(await mailedToken(page, 'mitajiri@example.jp')).toBeTruthy();
    // Co-deployed: approvals write the registry directly, no packages are made.
    await fx.goto('/qualification/packages', server.baseUrl);
    await page.getByRole('heading', { name: '承認パッケージ', exact: true }).waitFor();
    await page.getByText('0件').waitFor();
  }, 240_000);
});
