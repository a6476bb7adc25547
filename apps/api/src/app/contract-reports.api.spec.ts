/** The contract forms and the contract list (libs/server/contracts/src/contract-reports.ts) on rows inserted here. */
import { Workbook } from 'exceljs';
import { Department, User } from '@keiyaku/server/auth';
import { Approval, Contract, ContractChange, Inspection } from '@keiyaku/server/contracts';
import { TEST_VENDOR } from '../../../../libs/server/vendors/src/testing/fixtures';
import { binary, pdfText } from '../testing/outputs';
import { Client, startTestApp, TestApp } from '../testing/test-app';

describe('contract reports (HTTP)', () => {
  let t: TestApp;
  let contract: Client;
  let works: Client;
  let admin: Client;
  const ids = { big: 0, small: 0, draft: 0, change1: 0, change2: 0, rework: 0, recheck: 0, scheduled: 0, smallPassed: 0 };
  const download = (c: Client, url: string) => t.http().get(url).set('Cookie', c.cookieHeader).buffer(true).parse(binary);
  const pdf = async (c: Client, url: string) => {
    const res = await download(c, url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    // Table cells wrap: the words are checked without the line breaks.
    return pdfText(res.body).pages.map((p) => p.text.replace(/\n/g, '')).join('\n');
  };
  const sheet = async (c: Client, url: string) => {
    const res = await download(c, url);
    expect(res.status).toBe(200);
    const wb = new Workbook();
    await wb.xlsx.load(res.body);
    return Array.from(wb.worksheets[0].getSheetValues(), (r) => (Array.isArray(r) ? Array.from(r.slice(1), (x) => (x === null || x === undefined ? '' : x)) : []));
  };
  const dataRows = (values: unknown[][]) => values.slice(5).filter((r) => r.length);

  beforeAll(async () => {
    t = await startTestApp();
    const ds = t.dataSource;
    contract = await Client.signIn(t, 'contract');
    works = await Client.signIn(t, 'works');
    admin = await Client.signIn(t, 'admin');
    const vendor = await contract.post('/api/vendors', TEST_VENDOR);
    expect(vendor.status).toBe(201);
    const vendorId = vendor.body.id as number;

    const dept = async (code: string) => (await ds.getRepository(Department).findOneByOrFail({ code })).id;
    const user = async (loginId: string) => (await ds.getRepository(User).findOneByOrFail({ loginId })).id;
    const inspector = await user('inspector');
    const clerk = await user('contract');

    const base = {
      vendorId, tenderId: null, tradeCode: '010', category: 'construction', method: 'designated', taxRate: 10, negotiatedReason: null, smallContractKind: null,
      budgetLineCode: null, supervisorId: null, completedOn: null, inspectedOn: null, paidOn: null, cancelledOn: null, cancelReason: null, notes: null,
    };
    const save = async (row: Partial<Contract>) => (await ds.getRepository(Contract).save(ds.getRepository(Contract).create({ ...base, ...row }))).id;
    ids.big = await save({
      contractNumber: 'R8-K0001', fiscalYear: 2026, title: '市道台道線道路改良工事', location: '防府市台道', departmentId: await dept('DOBOKU'),
      amount: 33_000_000, taxAmount: 3_000_000, originalAmount: 30_800_000, contractDate: '2026-05-01', periodFrom: '2026-05-02', periodTo: '2027-01-29',
      originalPeriodTo: '2026-12-25', bondKind: 'insurance', bondAmount: 3_080_000, advanceRate: 40, status: 'inProgress', approvalStatus: 'approved',
    });
    ids.small = await save({
      contractNumber: 'R8-K0002', fiscalYear: 2026, title: '牟礼公民館屋根修繕工事', location: '防府市牟礼', departmentId: await dept('KENCHIKU'), method: 'negotiated',
      negotiatedReason: '地方自治法施行令第167条の2第1項第1号', smallContractKind: 'works', amount: 1_650_000, taxAmount: 150_000, originalAmount: 1_650_000,
      contractDate: '2026-06-10', periodFrom: '2026-06-11', periodTo: '2026-08-31', originalPeriodTo: '2026-08-31', bondKind: 'exempt', bondAmount: null, advanceRate: null,
      status: 'concluded', approvalStatus: 'approved',
    });
    ids.draft = await save({
      contractNumber: null, fiscalYear: null, title: '台道地区測量業務委託', location: '防府市台道', departmentId: await dept('DOBOKU'), category: 'survey', tradeCode: 'S10',
      amount: 5_000_000, taxAmount: 454_545, originalAmount: null, contractDate: null, periodFrom: '2026-07-01', periodTo: '2026-10-30', originalPeriodTo: null,
      bondKind: null, bondAmount: null, advanceRate: null, status: 'draft', approvalStatus: 'draft',
    });

    const change = (row: Partial<ContractChange>) => ds.getRepository(ContractChange).save(ds.getRepository(ContractChange).create({ contractId: ids.big, ...row }));
    ids.change1 = (await change({ changeNo: 1, changeDate: '2026-09-15', amount: 33_000_000, taxAmount: 3_000_000, periodTo: '2027-01-29', reason: '地盤改良工の追加', approvalStatus: 'approved' })).id;
    ids.change2 = (await change({ changeNo: 2, changeDate: '2026-12-01', amount: 34_100_000, taxAmount: 3_100_000, periodTo: null, reason: '排水施設の追加', approvalStatus: 'draft' })).id;

    const inspection = async (row: Partial<Inspection>) =>
      (
        await ds.getRepository(Inspection).save(
          ds.getRepository(Inspection).create({
            contractId: ids.big, kind: 'completion', inspectorIds: [inspector], attendees: '現場代理人 佐波 一郎', reworkDeadline: null, reinspectionOf: null, remarks: null, ...row,
          }),
        )
      ).id;
    ids.rework = await inspection({
      scheduledDate: '2027-02-03', inspectedDate: '2027-02-03', result: 'rework', reworkDeadline: '2027-02-17', remarks: '側溝の勾配不良', approvalStatus: 'approved',
    });
    ids.recheck = await inspection({ scheduledDate: '2027-02-18', inspectedDate: '2027-02-18', result: 'passed', reinspectionOf: ids.rework, remarks: '手直し完了を確認', approvalStatus: 'pending' });
    ids.scheduled = await inspection({ kind: 'interim', scheduledDate: '2026-10-01', inspectedDate: null, result: null, approvalStatus: 'draft' });
    ids.smallPassed = await inspection({ contractId: ids.small, scheduledDate: '2026-09-01', inspectedDate: '2026-09-01', result: 'passed', approvalStatus: 'approved' });
    await ds.getRepository(Approval).save([
      { subject: 'inspection' as const, subjectId: ids.rework, action: 'submit' as const, comment: null, userId: inspector, loginId: 'inspector', actedAt: new Date('2027-02-03T06:00:00Z') },
      { subject: 'inspection' as const, subjectId: ids.rework, action: 'approve' as const, comment: null, userId: clerk, loginId: 'contract', actedAt: new Date('2027-02-04T01:30:00Z') },
    ]);
  });
  afterAll(async () => t?.close());

  it('prints 建設工事請負契約書 above the 請書 limit: the cover facts and both parties', async () => {
    const text = await pdf(contract, `/api/reports/contract-document?format=pdf&contractId=${ids.big}`);
    for (const s of [
      '建設工事請負契約書', 'R8-K0001', '工事名', '市道台道線道路改良工事', '工事場所', '防府市台道', '工期', '自 令和8年5月2日', '至 令和9年1月29日',
      '請負代金額', '33,000,000円', 'うち取引に係る消費税及び地方消費税の額 3,000,000円', '契約保証金', '3,080,000円（履行保証保険）',
      '前払金', '請負代金額の40%以内、13,200,000円以内', '令和8年5月1日', '発注者', '山口県防府市寿町7番1号', '防府市長',
      '受注者', '〒747-0001 山口県防府市大字台道1番地', '株式会社テスト建設', '代表取締役 防府 太郎', '公正な請負契約を締結',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('請書');
  });

  it('prints a 請書 instead when the amount is at most contracts.ukeshoMaxAmount', async () => {
    const small = await pdf(contract, `/api/reports/contract-document?format=pdf&contractId=${ids.small}`);
    for (const s of ['工事請書', 'R8-K0002', '牟礼公民館屋根修繕工事', '1,650,000円', '150,000円', '免除', 'しない', '令和8年6月10日', '防府市長 様', '株式会社テスト建設', 'お請けします']) {
      expect(small).toContain(s);
    }
    expect(small).not.toContain('建設工事請負契約書');
    // Exactly the limit (5,000,000円) is still a 請書; a survey contract uses its own words; a draft has no number or date yet.
    const draft = await pdf(contract, `/api/reports/contract-document?format=pdf&contractId=${ids.draft}`);
    for (const s of ['業務委託請書', '業務名', '履行期間', '業務委託料', '5,000,000円', '（締結時に採番）']) expect(draft).toContain(s);

    // The limit is the setting's: lowered below both amounts, both print as contracts.
    const put = await admin.put('/api/settings/contracts.ukeshoMaxAmount', { value: 1_000_000, version: 0 });
    expect(put.status).toBe(200);
    try {
      expect(await pdf(contract, `/api/reports/contract-document?format=pdf&contractId=${ids.small}`)).toContain('建設工事請負契約書');
      const survey = await pdf(contract, `/api/reports/contract-document?format=pdf&contractId=${ids.draft}`);
      expect(survey).toContain('業務委託契約書');
      expect(survey).not.toContain('請書');
    } finally {
      await admin.put('/api/settings/contracts.ukeshoMaxAmount', { value: 5_000_000, version: put.body.version });
    }
  });

  it('prints 変更契約書 with the amount and period before and after, and the reason', async () => {
    const second = await pdf(contract, `/api/reports/contract-change?format=pdf&contractId=${ids.big}&changeId=${ids.change2}`);
    for (const s of [
      '建設工事請負変更契約書', 'R8-K0001', '第2回変更', '令和8年5月1日付けで締結した', '変更前', '変更後', '33,000,000円', '34,100,000円', '3,100,000円',
      '増 1,100,000円', '変更率 10.7%', '至 令和9年1月29日', '排水施設の追加', '令和8年12月1日', '防府市長', '株式会社テスト建設',
    ]) {
      expect(second).toContain(s);
    }
    // Change 1 starts from the contract as concluded: its amount, tax and end date.
    const first = await pdf(contract, `/api/reports/contract-change?format=pdf&contractId=${ids.big}&changeId=${ids.change1}`);
    for (const s of ['第1回変更', '30,800,000円', '2,800,000円', '33,000,000円', '増 2,200,000円', '変更率 7.1%', '至 令和8年12月25日', '至 令和9年1月29日', '地盤改良工の追加']) {
      expect(first).toContain(s);
    }
    expect(first).not.toContain('排水施設の追加');

    const other = await contract.get(`/api/reports/contract-change?format=pdf&contractId=${ids.small}&changeId=${ids.change1}`);
    expect(other.status).toBe(400);
    expect(other.body.errors[0]).toMatchObject({ field: 'changeId', message: expect.stringContaining('変更契約（changeId）') });
    expect((await contract.get(`/api/reports/contract-change?format=pdf&contractId=${ids.big}&changeId=999999`)).status).toBe(404);
  });

  it('prints 検査調書: contract facts, kind, date, inspectors, attendees, result, remarks and the decision', async () => {
    const text = await pdf(contract, `/api/reports/inspection-record?format=pdf&inspectionId=${ids.rework}`);
    for (const s of [
      '完成検査調書', '課長', '係長', 'R8-K0001', '市道台道線道路改良工事', '株式会社テスト建設', '33,000,000円', '検査の種類', '完成検査', '検査日', '令和9年2月3日',
      '検査員', '検査 三郎', '立会者', '現場代理人 佐波 一郎', '結果', '手直し', '手直し期限', '令和9年2月17日', '所見', '側溝の勾配不良', '決裁済', '契約 花子',
      '手直しを要するものと認める', '検査員 検査 三郎',
    ]) {
      expect(text).toContain(s);
    }
    const recheck = await pdf(contract, `/api/reports/inspection-record?format=pdf&inspectionId=${ids.recheck}`);
    for (const s of ['令和9年2月18日', '合格', '令和9年2月3日の完成検査（手直し）の再検査', '手直し完了を確認', '決裁待ち', '合格と認める']) expect(recheck).toContain(s);
    expect(recheck).not.toContain('手直し期限');
  });

  it('prints 検査結果通知書 addressed to the vendor, once the result is decided', async () => {
    const text = await pdf(contract, `/api/reports/inspection-notice?format=pdf&inspectionId=${ids.rework}`);
    for (const s of [
      '検査結果通知書', '〒747-0001', '山口県防府市大字台道1番地', '株式会社テスト建設', '代表取締役 防府 太郎 様', '防府市長', '防府市 総務部 契約課',
      '令和9年2月3日に実施した次の工事の完成検査の結果', '市道台道線道路改良工事', '検査結果', '手直し', '指摘事項', '側溝の勾配不良',
      '令和9年2月17日までに完了し、再検査を受けてください',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('課長');
    const passed = await pdf(contract, `/api/reports/inspection-notice?format=pdf&inspectionId=${ids.smallPassed}`);
    for (const s of ['牟礼公民館屋根修繕工事', '合格', '請負代金額の支払を請求してください']) expect(passed).toContain(s);

    const pending = await contract.get(`/api/reports/inspection-notice?format=pdf&inspectionId=${ids.recheck}`);
    expect(pending.status).toBe(400);
    expect(pending.body.errors[0]).toMatchObject({ field: 'inspectionId', message: expect.stringContaining('決裁待ち') });
    for (const report of ['inspection-record', 'inspection-notice']) {
      const res = await contract.get(`/api/reports/${report}?format=pdf&inspectionId=${ids.scheduled}`);
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'inspectionId', message: expect.stringContaining('まだ実施') });
    }
    expect((await contract.get('/api/reports/inspection-record?format=pdf&inspectionId=999999')).status).toBe(404);
  });

  it('lists contracts (契約一覧) as a workbook and a PDF with the filters', async () => {
    const values = await sheet(contract, '/api/reports/contracts?format=xlsx&fiscalYear=2026');
    expect(values[4]).toEqual([
      '契約番号', '年度', '件名', '契約の相手方', '担当課', '部門', '契約方法', '契約金額（税込）', '当初契約金額', '変更率（%）', '契約日', '履行期間（自）', '履行期間（至）', '状態', '決裁',
    ]);
    expect(values[2][0]).toContain('令和8年度');
    const rows = dataRows(values);
    expect(rows.map((r) => r[0])).toEqual(['R8-K0001', 'R8-K0002']);
    expect(rows[0].slice(0, 10)).toEqual(['R8-K0001', 2026, '市道台道線道路改良工事', '株式会社テスト建設', '土木課', '建設工事', '指名競争入札', 33_000_000, 30_800_000, 7.1]);
    expect((rows[0][10] as Date).toISOString().slice(0, 10)).toBe('2026-05-01');
    expect((rows[0][12] as Date).toISOString().slice(0, 10)).toBe('2027-01-29');
    expect(rows[0].slice(13)).toEqual(['施工中', '決裁済']);
    expect(rows[1].slice(4, 10)).toEqual(['建築課', '建設工事', '随意契約', 1_650_000, 1_650_000, 0]);

    expect(dataRows(await sheet(contract, '/api/reports/contracts?format=xlsx&status=concluded')).map((r) => r[0])).toEqual(['R8-K0002']);
    const surveys = dataRows(await sheet(contract, '/api/reports/contracts?format=xlsx&category=survey'));
    expect(surveys.map((r) => r[2])).toEqual(['台道地区測量業務委託']);
    expect(surveys[0].slice(13)).toEqual(['起案中', '起案中']);

    const text = await pdf(contract, '/api/reports/contracts?format=pdf&fiscalYear=2026');
    for (const s of ['契約一覧', '令和8年度', '2件', 'R8-K0001', 'R8-K0002', '市道台道線道路改良工事', '33,000,000円', '7.1%', '令和8年5月1日', '施工中']) expect(text).toContain(s);
    expect(text).not.toContain('台道地区測量業務委託');
  });

  it('keeps a works department to its own contracts and inspections', async () => {
    // R8-K0002 is 建築課's: "not found" for 土木課 in every form; the list leaves it out.
    for (const url of [
      `/api/reports/contract-document?format=pdf&contractId=${ids.small}`,
      `/api/reports/contract-change?format=pdf&contractId=${ids.small}&changeId=${ids.change1}`,
      `/api/reports/inspection-record?format=pdf&inspectionId=${ids.smallPassed}`,
      `/api/reports/inspection-notice?format=pdf&inspectionId=${ids.smallPassed}`,
    ]) {
      expect((await works.get(url)).status).toBe(404);
    }
    expect(await pdf(works, `/api/reports/contract-document?format=pdf&contractId=${ids.big}`)).toContain('R8-K0001');
    expect(await pdf(works, `/api/reports/inspection-record?format=pdf&inspectionId=${ids.rework}`)).toContain('R8-K0001');
    expect(dataRows(await sheet(works, '/api/reports/contracts?format=xlsx&fiscalYear=2026')).map((r) => r[0])).toEqual(['R8-K0001']);
    expect(await pdf(works, '/api/reports/contracts?format=pdf&fiscalYear=2026')).not.toContain('R8-K0002');
  });

  it('answers bad parameters with 400 naming the field in Japanese, and keeps the forms to their readers', async () => {
    const cases: Array<[string, string, string]> = [
      ['/api/reports/contract-document?format=pdf', 'contractId', '契約（contractId）'],
      ['/api/reports/contract-document?format=pdf&contractId=abc', 'contractId', '契約（contractId）'],
      [`/api/reports/contract-change?format=pdf&contractId=${ids.big}`, 'changeId', '変更契約（changeId）'],
      ['/api/reports/inspection-record?format=pdf&inspectionId=0', 'inspectionId', '検査（inspectionId）'],
      ['/api/reports/inspection-notice?format=pdf', 'inspectionId', '検査（inspectionId）'],
      ['/api/reports/contracts?format=xlsx&status=done', 'status', '状態（status）'],
      ['/api/reports/contracts?format=xlsx&category=food', 'category', '部門（category）'],
      ['/api/reports/contracts?format=xlsx&fiscalYear=abc', 'fiscalYear', '年度（fiscalYear）'],
    ];
    for (const [url, field, label] of cases) {
      const res = await contract.get(url);
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ field, message: expect.stringContaining(label) });
    }
    expect((await contract.get('/api/reports/contract-document?format=xlsx&contractId=1')).body.errors[0].field).toBe('format');
    expect((await contract.get('/api/reports/contract-document?format=pdf&contractId=999999')).status).toBe(404);

    const operator = await Client.signIn(t, 'operator');
    for (const url of [
      `/api/reports/contract-document?format=pdf&contractId=${ids.big}`,
      `/api/reports/contract-change?format=pdf&contractId=${ids.big}&changeId=${ids.change1}`,
      `/api/reports/inspection-record?format=pdf&inspectionId=${ids.rework}`,
      `/api/reports/inspection-notice?format=pdf&inspectionId=${ids.rework}`,
      '/api/reports/contracts?format=xlsx',
    ]) {
      expect((await operator.get(url)).status).toBe(403);
    }
    const available = (await contract.get('/api/reports')).body.map((r: { name: string }) => r.name);
    expect(available).toEqual(expect.arrayContaining(['contract-document', 'contract-change', 'inspection-record', 'inspection-notice', 'contracts']));
  });
});
