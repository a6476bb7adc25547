import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';
import { Department } from '@keiyaku/server/auth';
import { TEST_VENDOR } from '../../vendors/src/testing/fixtures';

/** Works 2022: D .97, K .90, G .90, I .68 → 27,674,000, capped at 92 % of 30,000,000. */
const COMPONENTS = { directCost: 20_000_000, commonTemporaryCost: 1_700_000, siteManagementCost: 5_000_000, generalAdminCost: 3_300_000 };

const TENDER = {
  title: '市道台道線道路改良工事',
  category: 'construction',
  tradeCode: '010',
  method: 'designated',
  location: '防府市大字台道',
  plannedPrice: 30_000_000,
  designPrice: 31_000_000,
  priceComponents: COMPONENTS,
  designationDate: '2026-10-01',
  bidDeadline: '2026-10-20',
  openingDate: '2026-10-21',
};

describe('tenders (HTTP)', () => {
  let t: TestApp;
  let contract: Client;
  let viewer: Client;
  let works: Client;
  const vendors: Record<string, number> = {};

  /** A vendor qualified for 土木一式 at a rank on R7-8, with a permit and a recent 経審. */
  async function qualifiedVendor(name: string, kana: string, rank: string) {
    const v = await contract.post('/api/vendors', { ...TEST_VENDOR, corporateNumber: null, invoiceNumber: null, entityType: 'individual', name, nameKana: kana });
    expect(v.status).toBe(201);
    const id = v.body.id;
    await contract.post(`/api/vendors/${id}/permits`, { tradeCode: '010', issuer: 'governor', issuerPrefecture: '山口県', grade: 'general', permitNumber: `(般-5)第${id}号`, permitDate: '2023-07-01', expiresOn: '2028-06-30' });
    await contract.post(`/api/vendors/${id}/keishin`, { baseDate: '2025-09-30', x2: 700, y: 850, w: 1000, scores: [{ tradeCode: '010', x1: 800, z: 900 }] });
    const q = await contract.post(`/api/vendors/${id}/qualifications`, { category: 'construction', tradeCode: '010', termCode: 'R7-8', rank });
    expect(q.status).toBe(201);
    return id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    contract = await Client.signIn(t, 'contract');
    viewer = await Client.signIn(t, 'viewer');
    works = await Client.signIn(t, 'works');
    vendors.a = await qualifiedVendor('佐波建設', 'サバケンセツ', 'B');
    vendors.b = await qualifiedVendor('台道土木', 'ダイドウドボク', 'B');
    vendors.c = await qualifiedVendor('牟礼工務店', 'ムレコウムテン', 'B');
    vendors.d = await qualifiedVendor('右田組', 'ミギタグミ', 'B');
    vendors.rankC = await qualifiedVendor('大道建設', 'ダイドウケンセツ', 'C');
    vendors.suspended = await qualifiedVendor('富海開発', 'トノミカイハツ', 'B');
    await contract.post(`/api/vendors/${vendors.suspended}/measures`, { kind: 'suspension', startDate: '2026-09-01', endDate: '2026-12-31', reason: '安全管理措置の不適切' });
  }, 60_000);
  afterAll(async () => t?.close());

  it('calculates the worked example of pricing.md with its rule version and steps', async () => {
    const res = await contract.post('/api/price-rules/calculate', {
      category: 'construction',
      date: '2026-04-01',
      plannedPrice: 90_000_000,
      components: { directCost: 60_000_000, commonTemporaryCost: 5_000_000, siteManagementCost: 15_000_000, generalAdminCost: 10_000_000 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ minimumPrice: 82_800_000, base: 83_000_000, lowerBound: 67_500_000, upperBound: 82_800_000, ruleVersion: 'WORKS-2022', clamped: 'upper' });
    expect(res.body.steps.length).toBeGreaterThan(3);
    const old = await contract.post('/api/price-rules/calculate', { category: 'construction', date: '2016-05-01', plannedPrice: 90_000_000, components: { directCost: 60_000_000 } });
    expect(old.body.ruleVersion).toBe('WORKS-2016');
    const none = await contract.post('/api/price-rules/calculate', { category: 'construction', date: '1999-01-01', plannedPrice: 1, components: {} });
    expect(none.status).toBe(404);
    const bad = await contract.post('/api/price-rules/calculate', { category: 'construction', date: '2026-04-01', plannedPrice: 'x', components: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('plannedPrice');
  });

  it('lists the shipped rule versions; only an administrator adds one, checked field by field', async () => {
    const list = (await viewer.get('/api/price-rules?category=construction')).body;
    expect(list.map((r: any) => r.code)).toEqual(expect.arrayContaining(['WORKS-2016', 'WORKS-2017', 'WORKS-2019', 'WORKS-2022']));
    const survey = (await viewer.get('/api/price-rules?category=survey')).body;
    expect(survey.length).toBeGreaterThanOrEqual(5);
    const w2022 = list.find((r: any) => r.code === 'WORKS-2022');
    const copy = { code: 'WORKS-2027', name: '建設工事 算定基準（2027年4月1日〜）', category: 'construction', effectiveFrom: '2027-04-01', definition: w2022.definition };
    expect((await contract.post('/api/price-rules', copy)).status).toBe(403);
    const admin = await Client.signIn(t, 'admin');
    const broken = await admin.post('/api/price-rules', { ...copy, definition: { ...w2022.definition, lower: 0.95, upper: 0.9 } });
    expect(broken.status).toBe(400);
    expect(broken.body.errors.some((e: any) => e.field.startsWith('definition.'))).toBe(true);
    const created = await admin.post('/api/price-rules', copy);
    expect(created.status).toBe(201);
    expect((await admin.post('/api/price-rules', copy)).status).toBe(409);
    const renamed = await admin.patch(`/api/price-rules/${created.body.id}`, { name: '改正後の基準', version: created.body.version });
    expect(renamed.body.name).toBe('改正後の基準');
    expect((await admin.patch(`/api/price-rules/${created.body.id}`, { name: '古い版', version: created.body.version })).status).toBe(409);
    expect((await viewer.get(`/api/price-rules/${created.body.id}`)).body.code).toBe('WORKS-2027');
  });

  it('runs a tender from draft to award: number, price, designation, bids, opening, contract draft', async () => {
    // 土木課's tender: 土木課 staff read it, 建築課 staff do not see it at all.
    const doboku = await t.dataSource.getRepository(Department).findOneByOrFail({ code: 'DOBOKU' });
    const created = await contract.post('/api/tenders', { ...TENDER, departmentId: doboku.id });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({
      tenderNumber: 'R8-0001',
      fiscalYear: 2026,
      status: 'draft',
      minimumPrice: 27_600_000,
      priceControl: 'minimum',
      ruleVersion: { code: 'WORKS-2022' },
      taxRate: 10,
      plannedPriceTaxIncluded: 33_000_000,
      allowedTransitions: ['designated', 'cancelled'],
      departmentName: doboku.name,
    });
    expect(created.body.priceCalc.steps.length).toBeGreaterThan(3);
    // 事後公表: its department's staff see the tender but not its prices before opening.
    const seen = (await works.get(`/api/tenders/${id}`)).body;
    expect(seen).toMatchObject({ pricesHidden: true, plannedPrice: null, minimumPrice: null, priceCalc: null, priceComponents: null, title: TENDER.title });
    expect((await works.get('/api/tenders?limit=10')).body.rows[0]).toMatchObject({ plannedPrice: null, pricesHidden: true });
    expect((await works.get('/api/tenders?sort=plannedPrice:asc')).status).toBe(400);
    // Another department's tender does not exist for a works-department user.
    expect((await viewer.get(`/api/tenders/${id}`)).status).toBe(404);
    expect((await viewer.get('/api/tenders')).body.total).toBe(0);

    // 指名: rank B holds 30,000,000; the suspended firm is listed with why, the rank-C firm is not.
    const candidates = (await contract.get(`/api/tenders/${id}/designation-candidates`)).body;
    expect(candidates.rank).toBe('B');
    const byId = new Map(candidates.rows.map((r: any) => [r.vendorId, r]));
    expect(byId.get(vendors.a)).toMatchObject({ eligible: true, rank: 'B', designationsThisYear: 0, awardsThisYear: 0, contractsInProgress: 0 });
    expect((byId.get(vendors.suspended) as any).eligible).toBe(false);
    expect((byId.get(vendors.suspended) as any).reasons.join()).toContain('指名停止');
    expect(byId.has(vendors.rankC)).toBe(false);
    const refused = await contract.put(`/api/tenders/${id}/designations`, { version: created.body.version, vendors: [{ vendorId: vendors.a, selected: true }, { vendorId: vendors.suspended, selected: true }] });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].field).toBe('vendors.1.vendorId');
    const chosen = [vendors.a, vendors.b, vendors.c].map((vendorId) => ({ vendorId, selected: true, reason: '施工実績・地域要件' }));
    let d = await contract.put(`/api/tenders/${id}/designations`, { version: created.body.version, vendors: [...chosen, { vendorId: vendors.d, selected: false, reason: '手持ち工事が多い' }] });
    expect(d.status).toBe(200);
    expect(d.body.designations.filter((x: any) => x.selected).map((x: any) => x.vendorId).sort()).toEqual([vendors.a, vendors.b, vendors.c].sort());
    expect(d.body.designations.find((x: any) => x.vendorId === vendors.d)).toMatchObject({ selected: false, reason: '手持ち工事が多い' });

    // Status: only allowed transitions.
    const wrong = await contract.post(`/api/tenders/${id}/transition`, { to: 'awarded', version: d.body.version });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe('to');
    expect(wrong.body.message).toContain('できません');
    d = await contract.post(`/api/tenders/${id}/transition`, { to: 'designated', version: d.body.version });
    expect(d.body.status).toBe('designated');
    expect(d.body.designations.find((x: any) => x.vendorId === vendors.a).notifiedAt).not.toBeNull();
    d = await contract.post(`/api/tenders/${id}/transition`, { to: 'bidding', version: d.body.version });
    expect(d.body.status).toBe('bidding');

    // Bids: designated vendors only, one transaction, stale versions refused.
    const stranger = await contract.put(`/api/tenders/${id}/bids`, { version: d.body.version, round: 1, bids: [{ vendorId: vendors.a, amount: 28_000_000 }, { vendorId: vendors.d, amount: 27_900_000 }] });
    expect(stranger.status).toBe(400);
    expect(stranger.body.errors[0].field).toBe('bids.1.vendorId');
    expect((await contract.get(`/api/tenders/${id}`)).body.bids).toEqual([]);
    const bids = [
      { vendorId: vendors.a, amount: 27_000_000 },
      { vendorId: vendors.b, amount: 28_000_000, lotNumber: '123' },
      { vendorId: vendors.c, declined: true },
    ];
    const saved = await contract.put(`/api/tenders/${id}/bids`, { version: d.body.version, round: 1, bids });
    expect(saved.status).toBe(200);
    expect((await contract.put(`/api/tenders/${id}/bids`, { version: d.body.version, round: 1, bids })).status).toBe(409);
    expect((await contract.put(`/api/tenders/${id}/bids`, { version: saved.body.version, round: 2, bids })).status).toBe(400);

    // 開札: below the minimum → 失格, the lowest valid wins, every verdict says why.
    const opened = await contract.post(`/api/tenders/${id}/open`, { version: saved.body.version });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ status: 'opened', outcome: 'awarded', awardVendorId: vendors.b, awardAmount: 28_000_000, awardRate: 93.3 });
    const verdicts = Object.fromEntries(opened.body.bids.map((b: any) => [b.vendorId, b]));
    expect(verdicts[vendors.a]).toMatchObject({ verdict: 'belowMinimum' });
    expect(verdicts[vendors.a].verdictReason).toContain('27,600,000円');
    expect(verdicts[vendors.b].verdict).toBe('winner');
    expect(verdicts[vendors.c].verdict).toBe('declined');
    // Opened: the prices are public now, and the price inputs are frozen.
    expect((await works.get(`/api/tenders/${id}`)).body).toMatchObject({ pricesHidden: false, plannedPrice: 30_000_000, minimumPrice: 27_600_000 });
    const frozen = await contract.patch(`/api/tenders/${id}`, { plannedPrice: 29_000_000, version: opened.body.version });
    expect(frozen.status).toBe(400);
    expect(frozen.body.errors[0].field).toBe('plannedPrice');

    const awarded = await contract.post(`/api/tenders/${id}/award`, { version: opened.body.version });
    expect(awarded.status).toBe(200);
    expect(awarded.body.status).toBe('awarded');
    expect(awarded.body.contract).toMatchObject({ status: 'draft', amount: 30_800_000 });
    expect(awarded.body.allowedTransitions).toEqual([]);

    const results = (await works.get('/api/tenders/results?fiscalYear=2026')).body;
    expect(results.rows.find((r: any) => r.id === id)).toMatchObject({ awardVendorName: '台道土木', awardAmount: 28_000_000, awardRate: 93.3, bidderCount: 2, plannedPrice: 30_000_000 });
    const csv = await t.http().get('/api/tenders/results?fiscalYear=2026&format=csv').set('Cookie', works.cookieHeader);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('台道土木');

    const history = (await works.get(`/api/tenders/${id}/history`)).body;
    const summaries = history.map((h: any) => h.summary ?? '').join('\n');
    expect(summaries).toContain('落札決定');
    expect(summaries).toContain('指名済');
    expect(history.some((h: any) => h.entity === 'Bid')).toBe(true);
    expect(history.some((h: any) => h.entity === 'TenderDesignation')).toBe(true);

    // The designation and award now count for the vendors' figures on the next tender.
    const next = await contract.post('/api/tenders', { ...TENDER, title: '市道牟礼線舗装工事' });
    expect(next.body.tenderNumber).toBe('R8-0002');
    const again = (await contract.get(`/api/tenders/${next.body.id}/designation-candidates`)).body.rows;
    expect(again.find((r: any) => r.vendorId === vendors.b)).toMatchObject({ designationsThisYear: 1, awardsThisYear: 1, contractsInProgress: 1, lastDesignatedOn: '2026-10-01' });
  });

  /** An opened 一般競争 tender with these bids (amounts in yen; null = declined). */
  async function openedWith(amounts: Array<number | null>, extra: Record<string, unknown> = {}) {
    let d = (await contract.post('/api/tenders', { ...TENDER, method: 'general', announcementDate: '2026-10-01', designationDate: null, ...extra })).body;
    d = (await contract.post(`/api/tenders/${d.id}/transition`, { to: 'announced', version: d.version })).body;
    d = (await contract.post(`/api/tenders/${d.id}/transition`, { to: 'bidding', version: d.version })).body;
    const ids = [vendors.a, vendors.b, vendors.c, vendors.d, vendors.suspended];
    const bids = amounts.map((amount, i) => (amount === null ? { vendorId: ids[i], declined: true } : { vendorId: ids[i], amount }));
    d = (await contract.put(`/api/tenders/${d.id}/bids`, { version: d.version, round: d.currentRound, bids })).body;
    return (await contract.post(`/api/tenders/${d.id}/open`, { version: d.version })).body;
  }

  it('goes to a next round when every bid is over the ceiling, and is 不調 after the last', async () => {
    let d = await openedWith([30_500_000, 31_000_000]);
    expect(d).toMatchObject({ status: 'opened', outcome: 'nextRound' });
    expect((await contract.post(`/api/tenders/${d.id}/award`, { version: d.version })).status).toBe(400);
    d = (await contract.post(`/api/tenders/${d.id}/next-round`, { version: d.version })).body;
    expect(d).toMatchObject({ status: 'bidding', currentRound: 2 });
    d = (await contract.put(`/api/tenders/${d.id}/bids`, { version: d.version, round: 2, bids: [{ vendorId: vendors.a, amount: 29_000_000 }] })).body;
    d = (await contract.post(`/api/tenders/${d.id}/open`, { version: d.version })).body;
    expect(d).toMatchObject({ outcome: 'awarded', awardVendorId: vendors.a });
    expect(d.bids.filter((b: any) => b.round === 1).every((b: any) => b.verdict === 'overCeiling')).toBe(true);

    let u = await openedWith([27_000_000, 26_000_000]);
    expect(u.outcome).toBe('unsuccessful');
    u = (await contract.post(`/api/tenders/${u.id}/transition`, { to: 'unsuccessful', version: u.version })).body;
    expect(u.status).toBe('unsuccessful');
  });

  it('draws lots between equal lowest bids and records who drew', async () => {
    let d = await openedWith([28_500_000, 28_500_000, 29_000_000]);
    expect(d.outcome).toBe('lot');
    expect(d.tiedVendorIds.sort()).toEqual([vendors.a, vendors.b].sort());
    const outsider = await contract.post(`/api/tenders/${d.id}/lot`, { version: d.version, winnerVendorId: vendors.c, drawnBy: '契約課 山田' });
    expect(outsider.status).toBe(400);
    d = (await contract.post(`/api/tenders/${d.id}/lot`, { version: d.version, winnerVendorId: vendors.a, drawnBy: '契約課 山田', note: '電子くじ' })).body;
    expect(d).toMatchObject({ outcome: 'awarded', awardVendorId: vendors.a, lotRecord: { drawnBy: '契約課 山田', winnerVendorId: vendors.a } });
    expect(d.bids.find((b: any) => b.vendorId === vendors.b).verdict).toBe('lotLost');
  });

  it('holds a low bid for investigation, then accepts or disqualifies it', async () => {
    // 調査基準価格 (investigation mode): 27,600,000; 失格判断基準 from the same components.
    let d = await openedWith([27_000_000, 29_000_000], { priceControl: 'investigation' });
    expect(d.lowBidThreshold).toBe(27_600_000);
    expect(d.outcome).toBe('investigation');
    expect(d.pendingInvestigation).toEqual([vendors.a]);
    d = (await contract.post(`/api/tenders/${d.id}/investigation`, { version: d.version, vendorId: vendors.a, result: 'accepted', note: '積算内訳に問題なし' })).body;
    expect(d).toMatchObject({ outcome: 'awarded', awardVendorId: vendors.a });

    let r = await openedWith([27_000_000, 29_000_000], { priceControl: 'investigation' });
    r = (await contract.post(`/api/tenders/${r.id}/investigation`, { version: r.version, vendorId: vendors.a, result: 'rejected' })).body;
    expect(r).toMatchObject({ outcome: 'awarded', awardVendorId: vendors.b });
    expect(r.bids.find((b: any) => b.vendorId === vendors.a).verdict).toBe('disqualified');
    expect((await contract.post(`/api/tenders/${r.id}/investigation`, { version: r.version, vendorId: vendors.b, result: 'accepted' })).status).toBe(400);
  });

  it('does not let a vendor suspended on the opening date win', async () => {
    const d = await openedWith([null, 29_000_000, null, null, 28_000_000]);
    expect(d.outcome).toBe('awarded');
    expect(d.awardVendorId).toBe(vendors.b);
    expect(d.bids.find((b: any) => b.vendorId === vendors.suspended).verdict).toBe('suspended');
  });

  it('checks the fields of a tender in Japanese, naming the field', async () => {
    const negotiated = await contract.post('/api/tenders', { ...TENDER, method: 'negotiated' });
    expect(negotiated.status).toBe(400);
    expect(negotiated.body.errors[0].field).toBe('negotiatedReason');
    const trade = await contract.post('/api/tenders', { ...TENDER, tradeCode: 'S10' });
    expect(trade.body.errors[0].field).toBe('tradeCode');
    const over = await contract.post('/api/tenders', { ...TENDER, plannedPrice: 32_000_000 });
    expect(over.body.errors[0].field).toBe('plannedPrice');
    const outside = await contract.post('/api/tenders', { ...TENDER, overridePrice: 20_000_000, overrideReason: '特別な事情' });
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].field).toBe('overridePrice');
    const override = await contract.post('/api/tenders', { ...TENDER, overridePrice: 25_000_000, overrideReason: '特別な事情' });
    expect(override.body).toMatchObject({ minimumPrice: 25_000_000 });
    const dates = await contract.post('/api/tenders', { ...TENDER, openingDate: '2026-10-10' });
    expect(dates.body.errors[0].field).toBe('openingDate');
    expect((await viewer.post('/api/tenders', TENDER)).status).toBe(403);
    const cancel = await contract.post(`/api/tenders/${override.body.id}/transition`, { to: 'cancelled', version: override.body.version });
    expect(cancel.body.errors[0].field).toBe('reason');
    const cancelled = await contract.post(`/api/tenders/${override.body.id}/transition`, { to: 'cancelled', version: override.body.version, reason: '設計の見直し' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '設計の見直し' });
  });

  it('re-runs a past year under another rule version (what-if)', async () => {
    const rules = (await contract.get('/api/price-rules?category=construction')).body;
    const w2016 = rules.find((r: any) => r.code === 'WORKS-2016');
    const res = await contract.post('/api/price-rules/what-if', { ruleSetId: w2016.id, fiscalYear: 2026 });
    expect(res.status).toBe(200);
    expect(res.body.summary.tenders).toBeGreaterThanOrEqual(5);
    const first = res.body.rows.find((r: any) => r.tenderNumber === 'R8-0001');
    // 2016: D .95, K .90, G .90, I .55 → 19,000,000 + 1,530,000 + 4,500,000 + 1,815,000 = 26,845,000 (within 70–90 %).
    expect(first).toMatchObject({ actualRule: 'WORKS-2022', actualMinimum: 27_600_000, whatIfMinimum: 26_845_000, difference: -755_000, bidsDisqualifiedActual: 1, bidsDisqualifiedWhatIf: 0 });
    expect(first.winnerActual).toBe('台道土木');
    expect(first.winnerWhatIf).toBe('佐波建設');
    expect((await viewer.post('/api/price-rules/what-if', { ruleSetId: w2016.id, fiscalYear: 2026 })).status).toBe(403);
  });
});
