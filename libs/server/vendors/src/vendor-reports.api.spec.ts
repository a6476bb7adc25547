import { Workbook } from 'exceljs';
import { A4, binary, pdfText } from '../../../../apps/api/src/testing/outputs';
import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';
import { TEST_VENDOR } from './testing/fixtures';

describe('vendor registry forms and exports (HTTP)', () => {
  let t: TestApp;
  let contract: Client;
  let vendorId: number;
  const download = (c: Client, url: string) => t.http().get(url).set('Cookie', c.cookieHeader).buffer(true).parse(binary);

  beforeAll(async () => {
    t = await startTestApp();
    contract = await Client.signIn(t, 'contract');
    vendorId = (await contract.post('/api/vendors', TEST_VENDOR)).body.id;
    await contract.post('/api/vendors', { ...TEST_VENDOR, corporateNumber: null, invoiceNumber: null, entityType: 'individual', name: '佐波造園', nameKana: 'サバゾウエン', locality: 'outside', address: '山口県山口市中央1番地' });
    await contract.post(`/api/vendors/${vendorId}/permits`, { tradeCode: '010', issuer: 'governor', issuerPrefecture: '山口県', grade: 'special', permitNumber: '(特-5)第12345号', permitDate: '2023-07-01', expiresOn: '2028-06-30' });
    await contract.post(`/api/vendors/${vendorId}/keishin`, { baseDate: '2025-03-31', x2: 700, y: 850, w: 1000, scores: [{ tradeCode: '010', x1: 800, z: 900 }] });
    await contract.post(`/api/vendors/${vendorId}/qualifications`, { category: 'construction', tradeCode: '010', termCode: 'R7-8', rank: 'B', subjectiveBreakdown: [{ code: 'DISASTER', points: 20 }] });
    await contract.post(`/api/vendors/${vendorId}/measures`, { kind: 'suspension', startDate: '2026-05-01', endDate: '2026-05-31', reason: '公衆損害事故' });
  });
  afterAll(async () => t?.close());

  it('exports the vendor list with the grid\'s filter, in Japanese', async () => {
    const res = await download(contract, '/api/vendors?format=csv&locality=local&columns=vendorCode,name,locality,capital');
    expect(res.status).toBe(200);
    const lines = res.body.toString('utf8').replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    expect(lines).toEqual(['業者番号,商号又は名称,地域区分,資本金（円）', '000001,株式会社テスト建設,市内,20000000']);
    const audit = (await (await Client.signIn(t, 'admin')).get('/api/audit?action=export&entity=vendors')).body.rows[0];
    expect(audit.summary).toContain('地域区分: 市内');
  });

  it('prints 業者一覧 as xlsx and as an A4 landscape PDF', async () => {
    const xlsx = await download(contract, '/api/reports/vendors?format=xlsx');
    expect(xlsx.status).toBe(200);
    const wb = new Workbook();
    await wb.xlsx.load(xlsx.body);
    const values = wb.worksheets[0].getSheetValues().flat().map(String);
    expect(values).toEqual(expect.arrayContaining(['株式会社テスト建設', '佐波造園', '市外']));
    const pdf = await download(contract, '/api/reports/vendors?format=pdf&locality=outside');
    const { pages } = pdfText(pdf.body);
    expect(pages[0].width).toBeCloseTo(A4.long, 0);
    expect(pages[0].text).toContain('業者一覧');
    expect(pages[0].text).toContain('佐波造園');
    expect(pages[0].text).not.toContain('株式会社テスト建設');
  });

  it('prints a vendor\'s 業者台帳 with permits, 経審, ranks and measures', async () => {
    const res = await download(contract, `/api/reports/vendor-ledger?format=pdf&vendorId=${vendorId}`);
    expect(res.status).toBe(200);
    const text = pdfText(res.body).pages.map((p) => p.text).join('\n');
    for (const s of ['業者台帳', '株式会社テスト建設', '7000012050002', '(特-5)第12345号', '令和10年6月30日', '850', '指名停止', '公衆損害事故', '防府市']) {
      expect(text).toContain(s);
    }
    expect((await contract.get('/api/reports/vendor-ledger?format=pdf&vendorId=9999')).status).toBe(404);
    expect((await contract.get('/api/reports/vendor-ledger?format=pdf')).body.errors[0].field).toBe('vendorId');
  });

  it('prints 格付一覧 for a term, by trade and rank', async () => {
    const xlsx = await download(contract, '/api/reports/rank-list?format=xlsx&termCode=R7-8');
    const wb = new Workbook();
    await wb.xlsx.load(xlsx.body);
    const rows = wb.worksheets[0].getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1).map(String) : []));
    expect(rows.some((r) => r.join('|') === '土木|B|000001|株式会社テスト建設|市内|850|20|870')).toBe(true);
    const pdf = pdfText((await download(contract, '/api/reports/rank-list?format=pdf&termCode=R7-8&tradeCode=010')).body);
    expect(pdf.pages[0].text).toContain('有効期間: 令和7・8年度');
    expect((await contract.get('/api/reports/rank-list?format=pdf&termCode=R99')).body.errors[0].field).toBe('termCode');
  });

  it('keeps the forms to those who may read the registry', async () => {
    const operator = await Client.signIn(t, 'operator');
    expect((await operator.get(`/api/reports/vendor-ledger?format=pdf&vendorId=${vendorId}`)).status).toBe(403);
    expect((await operator.get('/api/reports/rank-list?format=xlsx&termCode=R7-8')).status).toBe(403);
    expect((await operator.get('/api/vendors?format=xlsx')).status).toBe(403);
  });
});
