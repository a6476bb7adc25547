/** The tender reports (libs/server/tenders/src/tender-reports.ts) on demo data; here because it needs the seed. */
import { Workbook } from 'exceljs';
import { DEFAULT_PRICE_RULES } from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import { Department } from '@keiyaku/server/auth';
import { Vendor, VendorHistoryService } from '@keiyaku/server/vendors';
import { seedDemoTendersIfEmpty, seedDemoVendorsIfEmpty } from '@keiyaku/seed';
import { Bid, PriceRuleSet, Tender, TenderDesignation } from '@keiyaku/server/tenders';
import { binary, pdfText } from '../testing/outputs';
import { Client, startTestApp, TestApp } from '../testing/test-app';

const TODAY = new Date('2026-03-31T00:00:00Z');
const FY = 2030;

describe('tender reports (HTTP)', () => {
  let t: TestApp;
  let contract: Client;
  let viewer: Client;
  let works: Client;
  const v: Vendor[] = [];
  const ids: Record<'awarded' | 'lot' | 'designated' | 'draft', number> = { awarded: 0, lot: 0, designated: 0, draft: 0 };
  const download = (c: Client, url: string) => t.http().get(url).set('Cookie', c.cookieHeader).buffer(true).parse(binary);
  const pdf = async (c: Client, url: string) => {
    const res = await download(c, url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    // Table cells wrap: the words are checked without the line breaks.
    return pdfText(res.body).pages.map((p) => p.text.replace(/\n/g, ''));
  };
  const sheets = async (c: Client, url: string) => {
    const res = await download(c, url);
    expect(res.status).toBe(200);
    const wb = new Workbook();
    await wb.xlsx.load(res.body);
    return wb.worksheets.map((ws) => Array.from(ws.getSheetValues(), (r) => (Array.isArray(r) ? Array.from(r.slice(1), (x) => (x === null || x === undefined ? '' : x)) : [])));
  };

  beforeAll(async () => {
    t = await startTestApp();
    const ds = t.dataSource;
    // Demo data first (it only fills an empty register), then this test's own tenders beside it.
    if (!(await ds.getRepository(PriceRuleSet).count())) {
      await ds.getRepository(PriceRuleSet).save(DEFAULT_PRICE_RULES.map((r) => ({ ...r, notes: null, active: true })));
    }
    await seedDemoVendorsIfEmpty(ds, t.app.get(AuditService), t.app.get(VendorHistoryService), { construction: 120, survey: 40, today: TODAY });
    await seedDemoTendersIfEmpty(ds, t.app.get(AuditService), { fiscalYears: [2025], perYear: 40, today: TODAY });

    const dept = async (code: string) => (await ds.getRepository(Department).findOneByOrFail({ code })).id;
    const doboku = await dept('DOBOKU');
    const kenchiku = await dept('KENCHIKU');
    const names = ['株式会社佐波建設', '有限会社牟礼工業', '富海土木株式会社', '株式会社向島組'];
    for (const [i, name] of names.entries()) {
      v.push(
        await ds.getRepository(Vendor).save(
          ds.getRepository(Vendor).create({
            vendorCode: `T0000${i + 1}`, corporateNumber: null, invoiceNumber: null, name, nameKana: 'テスト', representativeTitle: '代表取締役',
            representativeName: `代表 ${i + 1}郎`, postalCode: '747-0001', address: `山口県防府市大字台道${i + 1}番地`, phone: '0835-22-1111', fax: null, email: null,
            locality: 'local', capital: null, entityType: 'corporation', status: 'active', notes: null,
          }),
        ),
      );
    }
    const base = {
      fiscalYear: FY, location: '防府市台道', category: 'construction' as const, tradeCode: '010', method: 'designated' as const, comprehensiveEval: false,
      negotiatedReason: null, budgetLineCode: null, designPrice: 10_200_000, priceComponents: null, buildingKind: 'none' as const, pricePublication: 'after' as const,
      priceRuleSetId: null, priceCalc: null, lowBidThreshold: null, disqualificationPrice: null, randomCoeff: null, overridePrice: null, overrideReason: null,
      announcementDate: null, designationDate: `${FY}-06-01`, questionDeadline: `${FY}-06-08`, bidDeadline: `${FY}-06-15`, openingDate: `${FY}-06-16`,
      contractId: null, cancelReason: null, notes: null, lotRecord: null, awardVendorId: null, awardAmount: null, outcome: null, currentRound: 1,
    };
    const tender = async (row: Partial<Tender>) => (await ds.getRepository(Tender).save(ds.getRepository(Tender).create({ ...base, ...row }))).id;
    ids.awarded = await tender({
      tenderNumber: 'TST-0001', title: '市道台道線道路改良工事', departmentId: doboku, plannedPrice: 10_000_000, minimumPrice: 8_500_000, priceControl: 'minimum',
      status: 'awarded', outcome: 'awarded', currentRound: 2, awardVendorId: v[0].id, awardAmount: 8_900_000,
    });
    ids.lot = await tender({
      tenderNumber: 'TST-0002', title: '牟礼公民館改築工事', departmentId: kenchiku, plannedPrice: 20_000_000, minimumPrice: 17_000_000, priceControl: 'minimum',
      status: 'awarded', outcome: 'awarded', awardVendorId: v[1].id, awardAmount: 17_000_000, openingDate: `${FY}-07-01`,
      lotRecord: { round: 1, winnerVendorId: v[1].id, tiedVendorIds: [v[0].id, v[1].id], drawnBy: '契約課 立会者', note: '電子くじ', recordedAt: `${FY}-07-01T02:00:00.000Z`, recordedBy: 'contract' },
    });
    ids.designated = await tender({
      tenderNumber: 'TST-0003', title: '富海漁港物揚場改良工事', departmentId: kenchiku, plannedPrice: 12_345_000, minimumPrice: 10_493_000, priceControl: 'minimum', status: 'designated',
    });
    ids.draft = await tender({ tenderNumber: 'TST-0004', title: '右田地区排水路整備工事', departmentId: doboku, plannedPrice: 5_000_000, minimumPrice: null, priceControl: 'minimum', status: 'draft' });

    const bid = (tenderId: number, round: number, vendor: Vendor, amount: number | null, verdict: Bid['verdict'], verdictReason: string, extra: Partial<Bid> = {}) =>
      ds.getRepository(Bid).create({ tenderId, round, vendorId: vendor.id, amount, declined: false, invalidReason: null, lotNumber: null, verdict, verdictReason, investigation: null, investigationNote: null, ...extra });
    await ds.getRepository(Bid).save([
      bid(ids.awarded, 1, v[0], 10_200_000, 'overCeiling', '予定価格（10,000,000円）を超えるため落札者となれない'),
      bid(ids.awarded, 1, v[1], 10_500_000, 'overCeiling', '予定価格（10,000,000円）を超えるため落札者となれない'),
      bid(ids.awarded, 1, v[2], null, 'declined', '入札を辞退', { declined: true }),
      bid(ids.awarded, 2, v[0], 8_900_000, 'winner', '最低価格の有効な入札'),
      bid(ids.awarded, 2, v[1], 8_000_000, 'belowMinimum', '最低制限価格（8,500,000円）未満のため失格'),
      bid(ids.lot, 1, v[0], 17_000_000, 'lotLost', 'くじにより落札者とならない', { lotNumber: '123' }),
      bid(ids.lot, 1, v[1], 17_000_000, 'winner', 'くじにより落札者', { lotNumber: '456' }),
      bid(ids.lot, 1, v[3], 18_000_000, 'valid', '有効'),
    ]);
    const designation = (tenderId: number, vendor: Vendor, selected: boolean) =>
      ds.getRepository(TenderDesignation).create({ tenderId, vendorId: vendor.id, selected, reason: selected ? '地域要件' : '手持ち工事量', rank: 'B', locality: 'local', stats: null, notifiedAt: null });
    await ds.getRepository(TenderDesignation).save([
      designation(ids.awarded, v[0], true), designation(ids.awarded, v[1], true), designation(ids.awarded, v[2], true), designation(ids.awarded, v[3], false),
      designation(ids.designated, v[1], true), designation(ids.designated, v[3], true),
    ]);

    contract = await Client.signIn(t, 'contract');
    viewer = await Client.signIn(t, 'viewer');
    works = await Client.signIn(t, 'works');
  });
  afterAll(async () => t?.close());

  it('prints 入札結果表 with the header, every round\'s bidders and verdicts', async () => {
    const text = (await pdf(contract, `/api/reports/tender-results?format=pdf&tenderId=${ids.awarded}`)).join('\n');
    for (const s of [
      '入札結果表', 'TST-0001', '市道台道線道路改良工事', '防府市台道', '指名競争入札', '令和12年6月16日', '10,000,000円', '最低制限価格（税抜）', '8,500,000円',
      '8,900,000円', '89.0%', '第1回入札', '第2回入札', '株式会社佐波建設', '有限会社牟礼工業', '富海土木株式会社', '予定価格超過', '辞退', '失格（最低制限価格未満）',
      '最低制限価格（8,500,000円）未満のため失格', '落札決定', '土木課',
    ]) {
      expect(text).toContain(s);
    }
    // Not designated for this tender, did not bid.
    expect(text).not.toContain('株式会社向島組');
  });

  it('prints 入札結果表 as a workbook: the header values and one row per bid', async () => {
    const [facts, bids] = await sheets(contract, `/api/reports/tender-results?format=xlsx&tenderId=${ids.awarded}`);
    const factOf = (label: string) => facts.find((r) => r[0] === label)?.[1];
    expect(factOf('案件番号')).toBe('TST-0001');
    expect(factOf('予定価格（税抜）')).toBe('10,000,000円');
    expect(factOf('落札者')).toBe('株式会社佐波建設');
    expect(factOf('落札率')).toBe('89.0%');
    const lines = bids.filter((r) => typeof r[0] === 'number').map((r) => r.map(String).join('|'));
    expect(lines).toEqual([
      '1|T00001|株式会社佐波建設|10200000||予定価格超過|予定価格（10,000,000円）を超えるため落札者となれない',
      '1|T00002|有限会社牟礼工業|10500000||予定価格超過|予定価格（10,000,000円）を超えるため落札者となれない',
      '1|T00003|富海土木株式会社|辞退||辞退|入札を辞退',
      '2|T00002|有限会社牟礼工業|8000000||失格（最低制限価格未満）|最低制限価格（8,500,000円）未満のため失格',
      '2|T00001|株式会社佐波建設|8900000||落札|最低価格の有効な入札',
    ]);
  });

  it('records the lot (くじ) on the results table', async () => {
    const text = (await pdf(contract, `/api/reports/tender-results?format=pdf&tenderId=${ids.lot}`)).join('\n');
    for (const s of ['TST-0002', 'くじ（非落札）', '456', '株式会社佐波建設、有限会社牟礼工業', '有限会社牟礼工業を落札者とした', '契約課 立会者', '85.0%']) expect(text).toContain(s);
  });

  it('refuses the results of a tender not yet opened, naming tenderId in Japanese', async () => {
    const res = await contract.get(`/api/reports/tender-results?format=pdf&tenderId=${ids.designated}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('tenderId');
    expect(res.body.errors[0].message).toContain('TST-0003');
    expect(res.body.errors[0].message).toContain('開札後');
    const missing = await contract.get('/api/reports/tender-results?format=pdf');
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]).toMatchObject({ field: 'tenderId', message: expect.stringContaining('入札案件（tenderId）') });
    expect((await contract.get('/api/reports/tender-results?format=pdf&tenderId=999999')).status).toBe(404);
  });

  it('prints one 指名通知書 page per designated vendor, addressed to it, with the issuer', async () => {
    const pages = await pdf(contract, `/api/reports/designation-notice?format=pdf&tenderId=${ids.awarded}`);
    expect(pages).toHaveLength(3);
    for (const [i, page] of pages.entries()) {
      for (const s of ['指名通知書', 'TST-0001', '市道台道線道路改良工事', '防府市台道', '令和12年6月1日', '令和12年6月8日', '令和12年6月15日', '令和12年6月16日', '防府市長', '総務部 契約課']) {
        expect(page).toContain(s);
      }
      expect(page).toContain(v[i].name);
      expect(page).toContain(`代表 ${i + 1}郎 様`);
      expect(page).toContain(`山口県防府市大字台道${i + 1}番地`);
      for (const other of v.filter((_, j) => j !== i)) expect(page).not.toContain(other.name);
    }
    const one = await pdf(contract, `/api/reports/designation-notice?format=pdf&tenderId=${ids.awarded}&vendorId=${v[1].id}`);
    expect(one).toHaveLength(1);
    expect(one[0]).toContain('有限会社牟礼工業');
    // Eligible but not selected: no notice.
    const notSelected = await contract.get(`/api/reports/designation-notice?format=pdf&tenderId=${ids.awarded}&vendorId=${v[3].id}`);
    expect(notSelected.status).toBe(400);
    expect(notSelected.body.errors[0]).toMatchObject({ field: 'vendorId', message: expect.stringContaining('指名されていません') });
  });

  it('refuses a notice for a tender without designated vendors', async () => {
    const res = await contract.get(`/api/reports/designation-notice?format=pdf&tenderId=${ids.draft}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'tenderId', message: expect.stringContaining('指名された業者がない') });
  });

  it('prints no price on a notice before opening (事後公表)', async () => {
    // viewer (建築課, tenders.read only) may see 建築課's tender, not its prices yet.
    const pages = await pdf(viewer, `/api/reports/designation-notice?format=pdf&tenderId=${ids.designated}`);
    expect(pages).toHaveLength(2);
    const text = pages.join('\n');
    expect(text).toContain('TST-0003');
    for (const secret of ['予定価格', '12,345,000', '10,493,000', '最低制限']) expect(text).not.toContain(secret);
  });

  it('lists the fiscal year\'s results (入札結果一覧) as a workbook and a PDF', async () => {
    const [sheet] = await sheets(contract, `/api/reports/tender-results-list?format=xlsx&fiscalYear=${FY}`);
    expect(sheet[4]).toEqual(['案件番号', '件名', '入札方法', '開札日', '予定価格', '最低制限価格', '調査基準価格', '落札者', '落札金額', '落札率（%）', '入札者数', '結果']);
    const rows = sheet.slice(5).filter((r) => r.length);
    expect(rows.map((r) => r[0])).toEqual(['TST-0001', 'TST-0002']);
    const [first] = rows;
    expect(first[1]).toBe('市道台道線道路改良工事');
    expect(first[2]).toBe('指名競争入札');
    expect(first[3]).toBeInstanceOf(Date);
    expect((first[3] as Date).toISOString().slice(0, 10)).toBe(`${FY}-06-16`);
    expect(first.slice(4)).toEqual([10_000_000, 8_500_000, '', '株式会社佐波建設', 8_900_000, 89, 2, '落札決定']);
    expect(rows[1].slice(7)).toEqual(['有限会社牟礼工業', 17_000_000, 85, 3, '落札決定']);
    expect(sheet[2][0]).toContain('令和12年度');

    const text = (await pdf(contract, `/api/reports/tender-results-list?format=pdf&fiscalYear=${FY}`)).join('\n');
    for (const s of ['入札結果一覧', '令和12年度', 'TST-0001', 'TST-0002', '株式会社佐波建設', '8,900,000円', '89.0%', '2件']) expect(text).toContain(s);
    expect(text).not.toContain('TST-0003');
    // 建築課's viewer sees 建築課's results only.
    const [own] = await sheets(viewer, `/api/reports/tender-results-list?format=xlsx&fiscalYear=${FY}`);
    expect(own.slice(5).filter((r) => r.length).map((r) => r[0])).toEqual(['TST-0002']);
  });

  it('lists every opened demo tender of a fiscal year', async () => {
    const expected = await t.dataSource
      .getRepository(Tender)
      .createQueryBuilder('t')
      .where('t.fiscalYear = 2025')
      .andWhere("t.status IN ('opened', 'awarded', 'unsuccessful')")
      .orderBy('t.tenderNumber')
      .getMany();
    expect(expected.length).toBeGreaterThan(10);
    const [sheet] = await sheets(contract, '/api/reports/tender-results-list?format=xlsx&fiscalYear=2025');
    const rows = sheet.slice(5).filter((r) => r.length);
    expect(rows.map((r) => r[0]).sort()).toEqual(expected.map((x) => x.tenderNumber).sort());
    for (const row of rows) {
      const tender = expected.find((x) => x.tenderNumber === row[0]) as Tender;
      expect(row[11]).toBe(tender.status === 'awarded' ? '落札決定' : '不調');
      if (tender.status === 'awarded') expect(row[8]).toBe(tender.awardAmount);
    }
    // A demo tender decided by lot prints its lot record.
    const lot = expected.find((x) => x.lotRecord) as Tender;
    expect(lot).toBeDefined();
    const text = (await pdf(contract, `/api/reports/tender-results?format=pdf&tenderId=${lot.id}`)).join('\n');
    expect(text).toContain(lot.tenderNumber);
    expect(text).toContain('によるくじの結果');
  });

  it('keeps a works department to its own tenders', async () => {
    // TST-0002 is 建築課's: "not found" for 土木課, in every report.
    expect((await works.get(`/api/reports/tender-results?format=pdf&tenderId=${ids.lot}`)).status).toBe(404);
    expect((await works.get(`/api/reports/tender-results?format=xlsx&tenderId=${ids.lot}`)).status).toBe(404);
    expect((await works.get(`/api/reports/designation-notice?format=pdf&tenderId=${ids.lot}`)).status).toBe(404);
    expect((await pdf(works, `/api/reports/tender-results?format=pdf&tenderId=${ids.awarded}`)).join('\n')).toContain('TST-0001');
    const [sheet] = await sheets(works, `/api/reports/tender-results-list?format=xlsx&fiscalYear=${FY}`);
    expect(sheet.slice(5).filter((r) => r.length).map((r) => r[0])).toEqual(['TST-0001']);
  });

  it('validates the fiscal year and keeps the reports to those who may read tenders', async () => {
    const bad = await contract.get('/api/reports/tender-results-list?format=xlsx&fiscalYear=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'fiscalYear', message: expect.stringContaining('年度（fiscalYear）') });
    const operator = await Client.signIn(t, 'operator');
    expect((await operator.get(`/api/reports/tender-results?format=pdf&tenderId=${ids.awarded}`)).status).toBe(403);
    expect((await operator.get(`/api/reports/designation-notice?format=pdf&tenderId=${ids.awarded}`)).status).toBe(403);
    expect((await operator.get(`/api/reports/tender-results-list?format=xlsx&fiscalYear=${FY}`)).status).toBe(403);
  });
});
