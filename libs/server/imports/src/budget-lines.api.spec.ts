import { Department } from '@keiyaku/server/auth';
import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';
import { TEST_VENDOR } from '../../vendors/src/testing/fixtures';
import { BudgetLine } from './entities';

describe('budget lines and contract commitments (HTTP)', () => {
  let t: TestApp;
  let contract: Client;
  let admin: Client;
  let vendorId: number;
  let kenchikuId: number;

  const WORK = {
    title: '予算執行テスト工事',
    category: 'construction',
    tradeCode: '180',
    method: 'designated',
    location: '防府市寿町',
    contractDate: '2026-06-01',
    periodFrom: '2026-06-02',
    periodTo: '2026-10-30',
    bondKind: 'exempt',
  };

  /** A contract through 決裁 and 締結: only concluded contracts commit a budget line. */
  async function concluded(extra: Record<string, unknown>) {
    let d = (await contract.post('/api/contracts', { ...WORK, vendorId, departmentId: kenchikuId, ...extra })).body;
    d = (await contract.post(`/api/contracts/${d.id}/submit`, { version: d.version })).body;
    d = (await admin.post(`/api/contracts/${d.id}/approve`, { version: d.version })).body;
    d = (await contract.post(`/api/contracts/${d.id}/transition`, { to: 'concluded', version: d.version })).body;
    expect(d.status).toBe('concluded');
    return d;
  }

  beforeAll(async () => {
    t = await startTestApp();
    contract = await Client.signIn(t, 'contract');
    admin = await Client.signIn(t, 'admin');
    vendorId = (await contract.post('/api/vendors', TEST_VENDOR)).body.id;
    kenchikuId = (await t.dataSource.getRepository(Department).findOneByOrFail({ code: 'KENCHIKU' })).id;
    const line = (fiscalYear: number, budgetCode: string, amount: number, budgetName: string) =>
      Object.assign(new BudgetLine(), { fiscalYear, account: '一般会計', budgetCode, budgetName, departmentCode: 'KENCHIKU', projectName: '学校施設改修事業', amount, executed: null });
    await t.dataSource.getRepository(BudgetLine).save([
      line(2026, '10-05-01-15', 50_000_000, '工事請負費（小学校）'),
      line(2026, '10-05-02-15', 20_000_000, '工事請負費（中学校）'),
      line(2026, '10-05-03-15', 10_000_000, '工事請負費（幼稚園）'),
      line(2025, '10-05-01-15', 99_000_000, '工事請負費（小学校）'),
    ]);
  }, 60_000);
  afterAll(async () => t?.close());

  it('sums the concluded contracts of the fiscal year per line, with warnings', async () => {
    await concluded({ budgetLineCode: '10-05-01-15', amount: 30_000_000 });
    await concluded({ budgetLineCode: '10-05-01-15', amount: 16_000_000 });
    await concluded({ budgetLineCode: '10-05-02-15', amount: 21_000_000 });
    // Not commitments: a draft, a cancelled contract, a contract of another fiscal year.
    await contract.post('/api/contracts', { ...WORK, vendorId, departmentId: kenchikuId, budgetLineCode: '10-05-03-15', amount: 9_000_000 });
    const cancelled = await concluded({ budgetLineCode: '10-05-03-15', amount: 5_000_000 });
    const c = await contract.post(`/api/contracts/${cancelled.id}/transition`, { to: 'cancelled', version: cancelled.version, reason: '事業の中止' });
    expect(c.body.status).toBe('cancelled');
    await concluded({ budgetLineCode: '10-05-03-15', amount: 1_000_000, contractDate: '2026-03-01', periodFrom: '2026-03-02', periodTo: '2026-03-31' });

    const res = await contract.get('/api/budget-lines?fiscalYear=2026');
    expect(res.status).toBe(200);
    expect(res.body.warningPercent).toBe(90);
    const byCode = Object.fromEntries(res.body.items.map((i: any) => [i.budgetCode, i]));
    expect(Object.keys(byCode)).toEqual(['10-05-01-15', '10-05-02-15', '10-05-03-15']);
    expect(byCode['10-05-01-15']).toMatchObject({ amount: 50_000_000, committed: 46_000_000, remaining: 4_000_000, percent: 92, level: 'near', contracts: 2 });
    expect(byCode['10-05-02-15']).toMatchObject({ committed: 21_000_000, remaining: -1_000_000, level: 'over', contracts: 1 });
    expect(byCode['10-05-03-15']).toMatchObject({ committed: 0, remaining: 10_000_000, level: 'ok', contracts: 0 });

    const last = (await contract.get('/api/budget-lines?fiscalYear=2025')).body.items;
    expect(last).toHaveLength(1);
    expect(last[0]).toMatchObject({ budgetCode: '10-05-01-15', committed: 0 });
    expect((await contract.get('/api/budget-lines?fiscalYear=2026&q=中学校')).body.items.map((i: any) => i.budgetCode)).toEqual(['10-05-02-15']);
    // LIKE wildcards in the search are plain characters.
    expect((await contract.get('/api/budget-lines?fiscalYear=2026&q=%25')).body.items).toHaveLength(0);
  });

  it('answers one line by code for the contract page, and refuses what it cannot know', async () => {
    const one = await contract.get('/api/budget-lines/by-code/10-05-01-15?fiscalYear=2026');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ budgetName: '工事請負費（小学校）', level: 'near' });
    const missing = await contract.get('/api/budget-lines/by-code/99-99?fiscalYear=2026');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toContain('99-99');
    const bad = await contract.get('/api/budget-lines/by-code/10-05-01-15?fiscalYear=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('fiscalYear');
  });

  it('follows the warning setting', async () => {
    const setting = (await admin.get('/api/settings')).body.find((s: any) => s.key === 'contracts.budgetWarningPercent');
    expect(setting.value).toBe(90);
    const put = await admin.put('/api/settings/contracts.budgetWarningPercent', { value: 95, version: setting.version });
    expect(put.status).toBe(200);
    expect((await contract.get('/api/budget-lines/by-code/10-05-01-15?fiscalYear=2026')).body.level).toBe('ok');
  });

  it('is for staff who may read contracts', async () => {
    expect((await (await Client.signIn(t, 'viewer')).get('/api/budget-lines')).status).toBe(200);
    expect((await t.http().get('/api/budget-lines')).status).toBe(401);
  });
});
