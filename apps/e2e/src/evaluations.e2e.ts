import { Workbook } from 'exceljs';
import { Locator, Page } from 'playwright-core';
import { BrowserFixture, downloadOf, login, openedDialog, pageFetch, passwordOf, screenshot, submitLogin, useBrowser } from './support/browser';
import { useOwnServer } from './support/server';

/**
 * 工事成績評定 from the completion inspection to the notice. The contract is set up through the
 * API (the contract screens have their own browser test); the rating is done in the browser by
 * each rater with the worked example of evaluation.md: chief 83.0, general 78.0, inspector 79.0,
 * total 80.4, 口頭注意 −5 → 75 (B).
 */
const TITLE = '市道牟礼線舗装補修工事（評定ブラウザ試験）';
const GENERAL = { loginId: 'sokatsu', name: '総括 一郎', password: 'first-pass-2026-kz', final: 'general-e2e-2026' };

function day(offset: number): string {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** A signed-in API session from Node (cookie + CSRF header), for the set-up steps. */
class ApiSession {
  private readonly cookies = new Map<string, string>();
  private constructor(private readonly base: string) {}

  static async as(base: string, loginId: string, password = passwordOf(loginId)): Promise<ApiSession> {
    const s = new ApiSession(base);
    const res = await s.call('POST', '/api/auth/login', { loginId, password });
    if (res.status !== 200) throw new Error(`login ${loginId}: ${res.status} ${JSON.stringify(res.body)}`);
    return s;
  }

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    const csrf = this.cookies.get('XSRF-TOKEN');
    if (csrf) headers['x-xsrf-token'] = decodeURIComponent(csrf);
    const res = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed };
  }

  /** A call that must succeed (200/201/204). */
  async ok(method: string, path: string, body?: unknown): Promise<any> {
    const res = await this.call(method, path, body);
    expect([method, path, [200, 201, 204].includes(res.status) ? 'ok' : `${res.status} ${JSON.stringify(res.body)}`]).toEqual([method, path, 'ok']);
    return res.body;
  }
}

/** Vendor → award → contract (監督員 = supervisor) → 締結 → 完成 → completion inspection approved (合格). */
async function inspectedContract(base: string): Promise<number> {
  const clerk = await ApiSession.as(base, 'contract');
  const admin = await ApiSession.as(base, 'admin');
  const inspector = await ApiSession.as(base, 'inspector');
  const v = await clerk.ok('POST', '/api/vendors', {
    entityType: 'individual', corporateNumber: null, invoiceNumber: null, name: '牟礼舗道', nameKana: 'ムレホドウ', representativeTitle: '代表',
    representativeName: '防府 牟礼男', postalCode: '747-1232', address: '山口県防府市大字牟礼3番地', phone: '0835-38-0000', locality: 'local', capital: 10_000_000,
  });
  await clerk.ok('POST', `/api/vendors/${v.id}/permits`, { tradeCode: '010', issuer: 'governor', issuerPrefecture: '山口県', grade: 'general', permitNumber: `（般-5）第9${v.id}号`, permitDate: '2024-07-01', expiresOn: '2029-06-30' });
  await clerk.ok('POST', `/api/vendors/${v.id}/keishin`, { baseDate: '2026-03-31', x2: 700, y: 850, w: 1000, scores: [{ tradeCode: '010', x1: 700, z: 800 }] });
  await clerk.ok('POST', `/api/vendors/${v.id}/qualifications`, { category: 'construction', tradeCode: '010', termCode: 'R7-8', rank: 'C' });
  let t = await clerk.ok('POST', '/api/tenders', { title: TITLE, category: 'construction', tradeCode: '010', method: 'general', location: '防府市大字牟礼 地内', plannedPrice: 20_000_000, priceControl: 'none' });
  t = await clerk.ok('POST', `/api/tenders/${t.id}/transition`, { to: 'announced', version: t.version });
  t = await clerk.ok('POST', `/api/tenders/${t.id}/transition`, { to: 'bidding', version: t.version });
  t = await clerk.ok('PUT', `/api/tenders/${t.id}/bids`, { version: t.version, round: t.currentRound, bids: [{ vendorId: v.id, amount: 18_000_000 }] });
  t = await clerk.ok('POST', `/api/tenders/${t.id}/open`, { version: t.version });
  t = await clerk.ok('POST', `/api/tenders/${t.id}/award`, { version: t.version });
  const id: number = t.contract.id;
  const [supervisor] = (await clerk.ok('GET', '/api/contracts/supervisor-candidates')) as Array<{ id: number }>;
  let c = await clerk.ok('GET', `/api/contracts/${id}`);
  c = await clerk.ok('PATCH', `/api/contracts/${id}`, { version: c.version, contractDate: day(-120), periodFrom: day(-119), periodTo: day(-5), supervisorId: supervisor.id });
  c = await clerk.ok('POST', `/api/contracts/${id}/submit`, { version: c.version });
  c = await admin.ok('POST', `/api/contracts/${id}/approve`, { version: c.version });
  c = await clerk.ok('POST', `/api/contracts/${id}/transition`, { to: 'concluded', version: c.version });
  c = await clerk.ok('POST', `/api/contracts/${id}/transition`, { to: 'inProgress', version: c.version });
  c = await clerk.ok('POST', `/api/contracts/${id}/transition`, { to: 'completed', version: c.version, date: day(-4) });
  const [inspectorUser] = (await clerk.ok('GET', '/api/contracts/inspector-candidates')) as Array<{ id: number; name: string }>;
  c = await clerk.ok('POST', `/api/contracts/${id}/inspections`, { version: c.version, kind: 'completion', scheduledDate: day(-2), inspectorIds: [inspectorUser.id], attendees: '現場代理人' });
  let x = c.inspections[0];
  c = await inspector.ok('PATCH', `/api/contracts/${id}/inspections/${x.id}`, { version: x.version, inspectedDate: day(-2), result: 'passed', remarks: '出来形・品質とも良好。' });
  x = c.inspections[0];
  c = await inspector.ok('POST', `/api/contracts/${id}/inspections/${x.id}/submit`, { version: x.version });
  x = c.inspections[0];
  c = await admin.ok('POST', `/api/contracts/${id}/inspections/${x.id}/approve`, { version: x.version });
  expect(c.status).toBe('inspected');

  // The 総括監督員: a second supervisor who has signed in once and chosen his own password.
  const departments = (await admin.ok('GET', '/api/departments?limit=100')).rows as Array<{ id: number; code: string }>;
  const doboku = departments.find((d) => d.code === 'DOBOKU');
  expect(doboku).toBeDefined();
  await admin.ok('POST', '/api/users', { loginId: GENERAL.loginId, name: GENERAL.name, departmentId: doboku?.id, roles: ['supervisor'], password: GENERAL.password });
  const general = await ApiSession.as(base, GENERAL.loginId, GENERAL.password);
  await general.ok('POST', '/api/auth/password', { currentPassword: GENERAL.password, newPassword: GENERAL.final });
  return id;
}

const nav = (page: Page) => page.getByRole('navigation', { name: '業務メニュー' });
const part = (page: Page, rater: string) => page.getByRole('region', { name: `${rater}の評定`, exact: true });
const live = (page: Page, key: string) => page.locator(`[data-live="${key}"]`);

async function switchUser(fx: BrowserFixture, loginId: string, path: string, base: string, password = passwordOf(loginId)): Promise<void> {
  const { page } = fx;
  await page.getByRole('button', { name: 'ユーザーメニュー' }).click();
  await page.getByRole('menuitem', { name: 'ログアウト' }).click();
  await page.waitForURL(/\/login/);
  await submitLogin(page, loginId, password);
  await nav(page).waitFor();
  await fx.goto(path, base);
}

/** Chooses a grade of a criterion (its radio group is named after the sub-item). */
async function grade(scope: Locator, subItem: string, value: string): Promise<void> {
  await scope.getByRole('radiogroup', { name: `${subItem}の評定` }).getByRole('radio', { name: value, exact: true }).check();
}

async function tick(scope: Locator, subItem: string, statement: string): Promise<void> {
  await scope.getByRole('group', { name: `${subItem}の評価対象項目` }).getByRole('checkbox', { name: new RegExp(`^${statement}`) }).check();
}

async function submitPart(page: Page, scope: Locator): Promise<void> {
  // Waits for the save itself: a snack bar from an earlier save may still be showing the same words.
  const saved = page.waitForResponse((r) => /\/api\/evaluations\/\d+\/parts\/\d+$/.test(r.url()) && r.request().method() === 'PUT');
  await scope.getByRole('button', { name: '下書き保存' }).click();
  expect((await saved).status()).toBe(200);
  await page.getByText(/の評定を下書き保存しました/).last().waitFor();
  await scope.getByRole('button', { name: '提出', exact: true }).click();
  await (await openedDialog(page)).getByRole('button', { name: '提出する' }).click();
  await scope.getByRole('status').filter({ hasText: '提出済' }).waitFor();
}

describe('evaluations', () => {
  const fx = useBrowser();
  // Its own server: the vendor and the user made here would change what other browser tests expect.
  const server = useOwnServer();
  let contractId = 0;
  beforeAll(async () => {
    contractId = await inspectedContract(server.baseUrl);
  }, 120_000);

  it('rates a finished work: three raters with a live score, confirmation, score and band, the notice', async () => {
    const { page } = fx;
    const base = server.baseUrl;

    // 主任監督員: his sheet is in his list (自分の担当のみ).
    await login(fx, 'supervisor', undefined, base);
    await nav(page).getByRole('link', { name: '評定一覧' }).click();
    await page.getByRole('heading', { name: '工事成績評定', exact: true }).waitFor();
    const row = page.locator('.ag-row', { hasText: TITLE });
    await row.waitFor();
    await row.dblclick();
    await page.getByRole('heading', { name: TITLE }).waitFor();
    const sheetPath = new URL(page.url()).pathname;
    expect(sheetPath).toMatch(/^\/evaluations\/\d+$/);
    await page.getByRole('status', { name: '状態', exact: true }).filter({ hasText: '採点中' }).waitFor();

    // Only his own part is editable; the others' contents are not shown.
    const chief = part(page, '主任監督員');
    const inspectorPart = part(page, '検査員');
    await inspectorPart.getByText('検査員の評定内容は担当者（検査 三郎）のみが確認できます').waitFor();
    expect(await inspectorPart.getByRole('radio').count()).toBe(0);
    expect(await inspectorPart.getByRole('button', { name: '提出', exact: true }).count()).toBe(0);
    expect(await part(page, '総括監督員').getByRole('button', { name: '下書き保存' }).count()).toBe(0);

    // The live score follows each choice (65 + points).
    await live(page, 'chiefSupervisor').filter({ hasText: '65点' }).waitFor();
    await grade(chief, '施工体制一般', 'b（+0.5）');
    await live(page, 'chiefSupervisor').filter({ hasText: '65.5点' }).waitFor();
    // Saved meanwhile elsewhere (another tab): the stale save is refused with a clear message, the entries stay.
    const sheetId = Number(sheetPath.split('/').pop());
    const before = (await pageFetch(page, `/api/evaluations/${sheetId}`)).body;
    const own = before.parts.find((p: { rater: string }) => p.rater === 'chiefSupervisor');
    expect((await pageFetch(page, `/api/evaluations/${sheetId}/parts/${own.id}`, { method: 'PUT', csrf: true, body: { version: own.version, entries: { 'chief.2-4': { grade: 'c' } } } })).status).toBe(200);
    await chief.getByRole('button', { name: '下書き保存' }).click();
    await chief.getByRole('alert').filter({ hasText: '他の利用者によって更新されています。最新の内容を読み込みました。入力中の内容は画面に残っています' }).waitFor();
    await live(page, 'chiefSupervisor').filter({ hasText: '65.5点' }).waitFor();
    await chief.getByRole('button', { name: '下書き保存' }).click();
    await page.getByText('主任監督員の評定を下書き保存しました。').last().waitFor();
    await grade(chief, '配置技術者', 'b（+1.5）');
    await grade(chief, '施工管理', 'a（+4）');
    await grade(chief, '工程管理', 'b（+2）');
    await grade(chief, '安全対策', 'b（+2.5）');
    await grade(chief, '対外関係', 'c（0）');
    await grade(chief, '出来形', 'b（+2）');
    await grade(chief, '品質', 'b（+2.5）');
    await live(page, 'chiefSupervisor').filter({ hasText: '80点' }).waitFor();
    // 創意工夫: the sum of the ticked items.
    await tick(chief, '創意工夫', '施工に関する工夫');
    await tick(chief, '創意工夫', '品質向上の工夫');
    await tick(chief, '創意工夫', '安全衛生の工夫');
    await live(page, 'chiefSupervisor').filter({ hasText: '83点' }).waitFor();
    await chief.getByLabel('品質の理由・所見').fill('品質管理記録が適切に整理されている。');
    await screenshot(page, 'evaluation-chief-rating');
    await submitPart(page, chief);
    // Submitted: no longer editable.
    expect(await chief.getByRole('button', { name: '下書き保存' }).count()).toBe(0);

    // 検査員: the chief's part is hidden from him; 施工管理 follows from the checklist (3 ticked → b).
    await switchUser(fx, 'inspector', sheetPath, base);
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await part(page, '主任監督員').getByText('主任監督員の評定内容は担当者（監督 次郎）のみが確認できます').waitFor();
    expect(await part(page, '主任監督員').getByRole('checkbox').count()).toBe(0);
    const insp = part(page, '検査員');
    await tick(insp, '施工管理', '施工計画書が工事着手前に提出され');
    await tick(insp, '施工管理', '工事材料の品質確認');
    await tick(insp, '施工管理', '段階確認・立会い');
    await insp.locator('[data-result="inspector.2-1"]').filter({ hasText: '評定 b' }).waitFor();
    await live(page, 'inspector').filter({ hasText: '67.5点' }).waitFor();
    await grade(insp, '出来形', 'b（+5）');
    await grade(insp, '品質', "b'（+4）");
    await grade(insp, '出来ばえ', 'b（+2.5）');
    await live(page, 'inspector').filter({ hasText: '79点' }).waitFor();
    await submitPart(page, insp);

    // The clerk (evaluation.manage) assigns the 総括監督員.
    await switchUser(fx, 'contract', sheetPath, base);
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await part(page, '総括監督員').getByRole('status').filter({ hasText: '評定者未割当' }).waitFor();
    await page.getByRole('button', { name: '評定者の割当' }).click();
    const assign = await openedDialog(page);
    await assign.getByRole('combobox', { name: '総括監督員' }).click();
    await page.getByRole('option', { name: new RegExp(`^${GENERAL.name}`) }).click();
    await assign.getByRole('button', { name: '割り当てる' }).click();
    await assign.waitFor({ state: 'detached' });
    await part(page, '総括監督員').getByText(GENERAL.name).waitFor();
    expect(await page.getByRole('button', { name: '確定' }).isDisabled()).toBe(true);

    // 総括監督員: his items and the 法令遵守等 deduction (口頭注意, with a reason: not suggested by the registry).
    await switchUser(fx, GENERAL.loginId, sheetPath, base, GENERAL.final);
    await page.getByRole('heading', { name: TITLE }).waitFor();
    const general = part(page, '総括監督員');
    await grade(general, '工程管理', 'b（+1）');
    await grade(general, '安全対策', 'a（+3）');
    await tick(general, '施工条件等への対応', '構造物の特殊性への対応');
    await grade(general, '地域への貢献等', 'c（+5）');
    await live(page, 'generalSupervisor').filter({ hasText: '78点' }).waitFor();
    const deduction = page.getByRole('region', { name: '法令遵守等' });
    await deduction.getByRole('checkbox', { name: /^口頭注意/ }).check();
    await deduction.getByLabel('減点の理由').fill('工事中の安全管理について口頭注意を行った。');
    await deduction.getByRole('button', { name: '減点を保存' }).click();
    await page.getByText('法令遵守等の減点を保存しました。').waitFor();
    await submitPart(page, general);
    await page.getByRole('status', { name: '状態', exact: true }).filter({ hasText: '承認待ち' }).waitFor();

    // The clerk confirms: total 80.4 − 5 → 75 (B).
    await switchUser(fx, 'contract', sheetPath, base);
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await live(page, 'final').filter({ hasText: '75点' }).waitFor();
    await live(page, 'band').filter({ hasText: 'B' }).waitFor();
    await page.getByText('83×0.4 + 78×0.2 + 79×0.4').waitFor();
    await page.getByRole('button', { name: '確定' }).click();
    const confirm = await openedDialog(page);
    await confirm.getByText(/評定点 75点（B）\s?で確定します/).waitFor();
    await confirm.getByRole('button', { name: '確定する' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('status', { name: '状態', exact: true }).filter({ hasText: '承認済' }).waitFor();
    await page.locator('[data-figure="finalScore"]').filter({ hasText: '75点' }).waitFor();
    await page.locator('[data-figure="band"]').filter({ hasText: 'B' }).waitFor();
    await screenshot(page, 'evaluation-approved');

    // 工事成績採点表 as Excel from the preview: the work, its raters' scores and the final 75.
    await page.getByRole('button', { name: '工事成績採点表' }).click();
    const sheetPreview = await openedDialog(page);
    await sheetPreview.locator('iframe[title="工事成績採点表のプレビュー"]').waitFor({ timeout: 30_000 });
    const xlsx = await downloadOf(page, () => sheetPreview.getByRole('button', { name: 'Excel出力' }).click());
    expect(xlsx.name).toMatch(/\.xlsx$/);
    const book = new Workbook();
    await book.xlsx.load(xlsx.bytes as any);
    const cells: string[] = [];
    book.worksheets[0].eachRow((r) => r.eachCell((c) => void cells.push(String(c.text ?? '').trim())));
    expect(cells.some((c) => c.includes(TITLE))).toBe(true);
    expect(cells.some((c) => /^75(\.0)?(点)?$/.test(c))).toBe(true);
    await sheetPreview.getByRole('button', { name: '閉じる' }).click();
    await sheetPreview.waitFor({ state: 'detached' });

    // 工事成績評定通知書 in the report preview.
    await page.getByRole('button', { name: '工事成績評定通知書' }).click();
    const preview = await openedDialog(page);
    await preview.locator('iframe[title="工事成績評定通知書のプレビュー"]').waitFor({ timeout: 30_000 });
    expect(await preview.getByRole('button', { name: 'PDF保存' }).isEnabled()).toBe(true);
    await preview.getByRole('button', { name: '閉じる' }).click();
    await preview.waitFor({ state: 'detached' });

    // Notice date → 説明請求 within the deadline → its answer.
    await page.getByRole('button', { name: '通知日の登録' }).click();
    const notice = await openedDialog(page);
    await notice.getByLabel('通知日').fill(day(0));
    await notice.getByRole('button', { name: '登録する' }).click();
    await notice.waitFor({ state: 'detached' });
    await page.getByText('通知日を').first().waitFor();
    await page.getByRole('button', { name: '説明請求を登録' }).click();
    const request = await openedDialog(page);
    await request.getByLabel('請求の内容').fill('出来ばえの評定（b）の理由の説明を求めます。');
    await request.getByRole('button', { name: '登録する' }).click();
    await request.waitFor({ state: 'detached' });
    const requests = page.getByRole('table', { name: '説明請求' });
    await requests.getByRole('row').filter({ hasText: '出来ばえの評定' }).filter({ hasText: '回答待ち' }).waitFor();
    await requests.getByRole('button', { name: '回答を登録' }).click();
    const answer = await openedDialog(page);
    await answer.getByLabel('回答', { exact: true }).fill('出来ばえは仕上げの一部に不揃いがあるため b としました。');
    await answer.getByLabel('回答文書（任意）').setInputFiles({ name: '回答書.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n') });
    await answer.getByRole('button', { name: '回答を登録' }).click();
    await answer.waitFor({ state: 'detached' });
    const answeredRow = requests.getByRole('row').filter({ hasText: '仕上げの一部に不揃い' }).filter({ hasText: '回答済' });
    await answeredRow.waitFor();
    const answerDoc = await downloadOf(page, () => answeredRow.getByRole('link', { name: '回答書.pdf' }).click());
    expect(answerDoc.bytes.subarray(0, 5).toString()).toBe('%PDF-');

    // The contract's 評定 tab shows the sheet with its score and links to it.
    await fx.goto(`/contracts/${contractId}?tab=rating`, base);
    await page.locator('[data-figure="ratingStatus"]').filter({ hasText: '承認済' }).waitFor();
    await page.locator('[data-figure="ratingScore"]').filter({ hasText: '75点（評定 B）' }).waitFor();
    await page.getByRole('link', { name: '評定表を開く' }).click();
    await page.getByRole('heading', { name: TITLE }).waitFor();

    // 評定の統計: the approved sheet counts, and the charts are drawn (Chart.js on a canvas).
    await fx.goto('/evaluations/statistics', base);
    await page.locator('[data-figure="summary"]').waitFor();
    const bands = page.getByRole('img', { name: '評定の分布（棒グラフ）' });
    await bands.waitFor();
    await page.getByRole('img', { name: '年度別の平均点（折れ線グラフ）' }).waitFor();
    // Something was painted: the canvas is not blank.
    const painted = (c: HTMLCanvasElement) => {
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n > 500;
    };
    for (let tries = 0; !(await bands.evaluate(painted)); tries++) {
      expect(tries).toBeLessThan(50);
      await page.waitForTimeout(200);
    }
    expect(await bands.evaluate((c: HTMLCanvasElement) => c.textContent)).toContain('B:');
    await screenshot(page, 'evaluation-statistics');
  });
  it('starts the next 評定要領 as a copy, refuses inconsistent weights, previews and activates it', async () => {
    const { page } = fx;
    await login(fx, 'contract', undefined, server.baseUrl);
    await nav(page).getByRole('link', { name: '評定要領' }).click();
    await page.getByRole('heading', { name: '評定要領', exact: true }).waitFor();
    const row = page.getByRole('table', { name: '評定要領' }).getByRole('row').filter({ hasText: 'WORKS-EVAL-2016' });
    await row.getByText('有効').waitFor();
    await row.getByRole('button', { name: '複写して新しい版' }).click();
    const copy = await openedDialog(page);
    await copy.getByLabel('評定要領コード（半角英数字）').fill('WORKS-EVAL-2027');
    await copy.getByLabel('名称').fill('工事成績評定要領（令和9年度改定）');
    await copy.getByLabel('適用開始日').fill('2027-04-01');
    await copy.getByRole('button', { name: '下書きを作成' }).click();
    await page.getByRole('heading', { name: 'WORKS-EVAL-2027 工事成績評定要領（令和9年度改定）' }).waitFor();

    // Weights that do not sum to 1 are named and block the activation.
    const weight = page.getByLabel('主任監督員').first();
    await weight.fill('0.5');
    await page.getByRole('alert', { name: '評定要領の問題' }).filter({ hasText: '中間検査なしの重みの合計が1になりません（合計 1.1）' }).waitFor();
    expect(await page.getByRole('button', { name: '有効にする' }).isDisabled()).toBe(true);
    await weight.fill('0.4');
    await page.getByRole('alert', { name: '評定要領の問題' }).waitFor({ state: 'detached' });

    // A new 検査員 criterion in the structured editor: a new 細別 of 施工状況 with two statements,
    // its problems named until it is complete.
    const problems = page.getByRole('alert', { name: '評定要領の問題' });
    const inspectorItems = page.getByRole('table', { name: '検査員の考査項目', exact: true });
    const adding = page.getByRole('group', { name: '検査員の項目の追加' });
    await adding.getByLabel('考査項目', { exact: true }).selectOption({ label: '2 施工状況' });
    await adding.getByLabel('細別', { exact: true }).selectOption({ label: '（新しい細別）' });
    await adding.getByLabel('種類', { exact: true }).selectOption({ label: '評定' });
    await adding.getByRole('button', { name: '項目を追加' }).click();
    await problems.filter({ hasText: /考査項目「施工状況」の細別\d+の名称を入力してください/ }).waitFor();
    expect(await page.getByRole('button', { name: '有効にする' }).isDisabled()).toBe(true);
    await inspectorItems.getByLabel('新しい細別（検査員）の細別の名称').fill('環境対策');
    await problems.filter({ hasText: '「施工状況・環境対策」（検査員）に評定（a〜e）がありません' }).waitFor();
    const grades = inspectorItems.getByLabel('環境対策（検査員）の評定と点数');
    await grades.fill('a=3 b=1.5 c=0');
    await grades.blur();
    const statements = inspectorItems.getByRole('table', { name: '環境対策（検査員）の評価対象項目', exact: true });
    const addStatement = inspectorItems.getByRole('button', { name: '文を追加' });
    await addStatement.click();
    await addStatement.click();
    await addStatement.click();
    await problems.filter({ hasText: '「施工状況・環境対策」（検査員）の評価対象項目1の文を入力してください' }).waitFor();
    await statements.getByLabel('評価対象項目1の文', { exact: true }).fill('建設副産物の再資源化に取り組んでいる');
    await statements.getByLabel('評価対象項目2の文', { exact: true }).fill('騒音・振動の低減に配慮している');
    await statements.getByRole('button', { name: '評価対象項目3を削除' }).click();
    expect(await statements.getByRole('row').count()).toBe(3); // the header and two statements
    const rules = inspectorItems.getByLabel('環境対策（検査員）の判定規則');
    await rules.fill('2:a 1:b 0:c');
    await rules.blur();
    await problems.waitFor({ state: 'detached' });
    const saved = page.waitForResponse((r) => /\/api\/evaluations\/rule-sets\/\d+$/.test(r.url()) && r.request().method() === 'PATCH');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    expect((await saved).status()).toBe(200);
    await page.getByText('評定要領を保存しました。').last().waitFor();
    const ruleSetId = Number(new URL(page.url()).pathname.split('/').pop());
    const stored = await pageFetch(page, `/api/evaluations/rule-sets/${ruleSetId}`);
    expect(stored.status).toBe(200);
    const works = stored.body.definition.items.find((i: { name: string }) => i.name === '施工状況');
    expect(works.subItems.find((s: { name: string }) => s.name === '環境対策')).toMatchObject({
      criteria: [
        {
          rater: 'inspector',
          kind: 'grade',
          grades: [{ grade: 'a', points: 3 }, { grade: 'b', points: 1.5 }, { grade: 'c', points: 0 }],
          checklist: [{ text: '建設副産物の再資源化に取り組んでいる' }, { text: '騒音・振動の低減に配慮している' }],
          checklistRules: [{ minTicked: 2, grade: 'a' }, { minTicked: 1, grade: 'b' }, { minTicked: 0, grade: 'c' }],
          range: null,
        },
      ],
    });

    // 試算 on the server with the unsaved draft: every criterion b, additive items at half their range.
    await page.getByRole('button', { name: '試算' }).click();
    await page.getByRole('table', { name: '試算の結果' }).getByRole('row').filter({ hasText: '評定点' }).first().waitFor();
    await page.locator('[data-figure="previewBand"]').filter({ hasText: /^[A-E]$/ }).waitFor();
    await page.getByRole('button', { name: '有効にする' }).click();
    await (await openedDialog(page)).getByRole('button', { name: '有効にする' }).click();
    await page.locator('.head').getByText('有効', { exact: true }).waitFor();
    await screenshot(page, 'evaluation-rule-set');
  });
});
