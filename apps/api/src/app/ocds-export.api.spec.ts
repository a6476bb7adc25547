/** Open data: GET /api/exports/ocds (libs/server/imports/src/ocds) on the demo tenders and contracts, validated against the committed OCDS schemas. */
import { DEFAULT_PRICE_RULES, SETTING_DEFINITIONS } from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import { Department, User } from '@keiyaku/server/auth';
import { Contract, ContractChange, ContractPayment } from '@keiyaku/server/contracts';
import { Bid, PriceRuleSet, Tender } from '@keiyaku/server/tenders';
import { Vendor, VendorHistoryService } from '@keiyaku/server/vendors';
import { seedDemoContractsIfEmpty, seedDemoTendersIfEmpty, seedDemoVendorsIfEmpty, SEED_USERS } from '@keiyaku/seed';
import { mergePatch, ocdsPackageValidator } from '../../../../libs/server/imports/src/ocds/testing/ocds-schema';
import { Client, startTestApp, TestApp } from '../testing/test-app';

const TODAY = new Date('2026-12-02T00:00:00Z');

describe('OCDS export (HTTP)', () => {
  let t: TestApp;
  let contract: Client;
  const validate = ocdsPackageValidator();

  beforeAll(async () => {
    t = await startTestApp();
    if (!(await t.dataSource.getRepository(PriceRuleSet).count())) {
      await t.dataSource.getRepository(PriceRuleSet).save(DEFAULT_PRICE_RULES.map((r) => ({ ...r, notes: null, active: true })));
    }
    const audit = t.app.get(AuditService);
    await seedDemoVendorsIfEmpty(t.dataSource, audit, t.app.get(VendorHistoryService), { construction: 120, survey: 40, today: TODAY });
    await seedDemoTendersIfEmpty(t.dataSource, audit, { fiscalYears: [2025, 2026], perYear: 40, today: TODAY });
    await seedDemoContractsIfEmpty(t.dataSource, audit, { today: TODAY });
    contract = await Client.signIn(t, 'contract');
  }, 120_000);
  afterAll(async () => t?.close());

  it('merges the bid extension into the schema (JSON Merge Patch)', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, d: 1 }, { a: { b: null, e: 3 }, d: [1] })).toEqual({ a: { c: 2, e: 3 }, d: [1] });
    // The validator fails what is not OCDS.
    expect(validate({ uri: 'x', version: '1.1', releases: [{}] }).length).toBeGreaterThan(0);
  });

  it('publishes a fiscal year as a valid release package with the bid extension', async () => {
    const res = await contract.get('/api/exports/ocds?fiscalYear=2025');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('ocds-2025.json');
    const pkg = res.body;
    expect(validate(pkg)).toEqual([]);
    expect(pkg).toMatchObject({ version: '1.1', uri: 'https://www.city.hofu.yamaguchi.jp/opendata/ocds/2025.json', publisher: { name: '防府市', scheme: 'JP-JCN', uid: '2000020352063' } });
    expect(pkg.extensions[0]).toContain('ocds_bid_extension');

    const tenders = await t.dataSource.getRepository(Tender).find({ where: { fiscalYear: 2025 } });
    const published = tenders.filter((x) => x.status !== 'draft');
    const releases: any[] = pkg.releases;
    const byTender = new Map(releases.map((r) => [r.tender.id, r]));
    for (const x of published) expect(byTender.has(x.tenderNumber)).toBe(true);

    // An awarded tender: method, category, planned price, every bid with its status, the award and its contract.
    const awarded = published.find((x) => x.status === 'awarded' && x.contractId)!;
    const r = byTender.get(awarded.tenderNumber);
    expect(r.ocid).toBe(`ocds-000000-${awarded.tenderNumber}`);
    expect(r.tender).toMatchObject({
      status: 'complete',
      procurementMethod: { general: 'open', designated: 'selective' }[awarded.method as string] ?? expect.stringMatching(/limited|direct/),
      mainProcurementCategory: { construction: 'works', survey: 'services', goods: 'goods' }[awarded.category],
      value: { amount: awarded.plannedPrice, currency: 'JPY' },
    });
    const bids = await t.dataSource.getRepository(Bid).find({ where: { tenderId: awarded.id } });
    expect(r.bids.details).toHaveLength(bids.length);
    expect(r.awards[0]).toMatchObject({ status: 'active', value: { amount: awarded.awardAmount, currency: 'JPY' } });
    expect(r.bids.details.map((b: any) => b.id)).toContain(r.awards[0].relatedBid);
    const winner = await t.dataSource.getRepository(Vendor).findOneByOrFail({ id: awarded.awardVendorId! });
    expect(r.awards[0].suppliers[0]).toEqual({ id: winner.corporateNumber ? `JP-JCN-${winner.corporateNumber}` : `JP-KEIYAKU-${winner.vendorCode}`, name: winner.name });
    const party = r.parties.find((p: any) => p.id === r.awards[0].suppliers[0].id);
    expect(party.roles).toEqual(expect.arrayContaining(['tenderer', 'supplier']));
    if (winner.corporateNumber) expect(party.identifier).toEqual({ scheme: 'JP-JCN', id: winner.corporateNumber, legalName: winner.name });
    const c = await t.dataSource.getRepository(Contract).findOneByOrFail({ id: awarded.contractId! });
    expect(r.contracts[0]).toMatchObject({ id: c.contractNumber, awardID: r.awards[0].id, value: { amount: c.amount, currency: 'JPY' } });
    expect(r.tag).toEqual(expect.arrayContaining(['tender', 'award', 'contract']));

    // 辞退 → withdrawn, 失格 (below the minimum price) → disqualified, across the year.
    const all = await t.dataSource.getRepository(Bid).find();
    const tenderIds = new Set(published.filter((x) => ['opened', 'awarded', 'unsuccessful'].includes(x.status)).map((x) => x.id));
    const statuses = releases.flatMap((x) => x.bids?.details ?? []).map((b: any) => b.status);
    expect(new Set(statuses)).toEqual(new Set(['valid', 'withdrawn', 'disqualified']));
    expect(statuses.filter((s: string) => s === 'withdrawn')).toHaveLength(all.filter((b) => tenderIds.has(b.tenderId) && b.declined).length);
    expect(statuses.filter((s: string) => s === 'disqualified')).toHaveLength(
      all.filter((b) => tenderIds.has(b.tenderId) && !b.declined && ['disqualified', 'invalid', 'belowMinimum', 'overCeiling', 'suspended'].includes(b.verdict ?? '')).length,
    );

    // 変更契約 → amendments, payments → implementation.transactions.
    const contracts = releases.flatMap((x) => x.contracts ?? []);
    const changes = await t.dataSource.getRepository(ContractChange).find({ where: { approvalStatus: 'approved' } });
    const inYear = new Set((await t.dataSource.getRepository(Contract).find()).filter((x) => contracts.some((o: any) => o.id === x.contractNumber)).map((x) => x.id));
    expect(contracts.flatMap((x: any) => x.amendments ?? [])).toHaveLength(changes.filter((x) => inYear.has(x.contractId)).length);
    const paid = (await t.dataSource.getRepository(ContractPayment).find()).filter((p) => p.paidDate && inYear.has(p.contractId));
    expect(paid.length).toBeGreaterThan(0);
    expect(contracts.flatMap((x: any) => x.implementation?.transactions ?? [])).toHaveLength(paid.length);

    // No personal names of staff (raters, supervisors, clerks) anywhere.
    const text = JSON.stringify(pkg);
    for (const u of SEED_USERS) expect(text).not.toContain(u.name);
  });

  it('keeps prices secret before opening, and adds the year’s contracts made without a tender', async () => {
    const d = (await contract.post('/api/tenders', {
      title: '市道華城線舗装工事', category: 'construction', tradeCode: '130', method: 'general', plannedPrice: 30_000_000, announcementDate: '2026-10-01',
      priceComponents: { directCost: 20_000_000, commonTemporaryCost: 1_700_000, siteManagementCost: 5_000_000, generalAdminCost: 3_300_000 },
    })).body;
    const announced = (await contract.post(`/api/tenders/${d.id}/transition`, { to: 'announced', version: d.version })).body;
    const vendor = (await t.dataSource.getRepository(Vendor).find({ take: 1 }))[0];
    const dept = await t.dataSource.getRepository(Department).findOneByOrFail({ code: 'KENCHIKU' });
    await t.dataSource.getRepository(Contract).save(
      t.dataSource.getRepository(Contract).create({
        contractNumber: 'R8-K9001', fiscalYear: 2026, title: '牟礼公民館屋根修繕工事', departmentId: dept.id, vendorId: vendor.id, tenderId: null, category: 'construction', tradeCode: '010',
        method: 'negotiated', negotiatedReason: '地方自治法施行令第167条の2第1項第1号', smallContractKind: 'works', amount: 1_650_000, taxAmount: 150_000, taxRate: 10, originalAmount: 1_650_000,
        contractDate: '2026-06-10', periodFrom: '2026-06-11', periodTo: '2026-08-31', status: 'inProgress', approvalStatus: 'approved',
      }),
    );
    const pkg = (await contract.get('/api/exports/ocds?fiscalYear=2026')).body;
    expect(validate(pkg)).toEqual([]);
    const open = pkg.releases.find((r: any) => r.tender.id === announced.tenderNumber);
    expect(open.tender).toMatchObject({ status: 'active', procurementMethod: 'open' });
    expect(open.tender.value).toBeUndefined();
    expect(open.bids).toBeUndefined();
    const direct = pkg.releases.find((r: any) => r.ocid === 'ocds-000000-R8-K9001');
    expect(direct).toMatchObject({
      tender: { procurementMethod: 'direct', procurementMethodRationale: '地方自治法施行令第167条の2第1項第1号' },
      awards: [{ value: { amount: 1_650_000 } }],
      contracts: [{ id: 'R8-K9001', status: 'active', period: { startDate: '2026-06-11T00:00:00+09:00', endDate: '2026-08-31T00:00:00+09:00' } }],
    });
    // The drafts are not published.
    const drafts = await t.dataSource.getRepository(Tender).find({ where: { fiscalYear: 2026, status: 'draft' } });
    for (const x of drafts) expect(pkg.releases.some((r: any) => r.tender.id === x.tenderNumber)).toBe(false);
  });

  it('scopes a works department to its own tenders, uses the settings, and refuses others', async () => {
    const works = await Client.signIn(t, 'works');
    const me = await t.dataSource.getRepository(User).findOneByOrFail({ loginId: 'works' });
    const pkg = (await works.get('/api/exports/ocds?fiscalYear=2025')).body;
    expect(validate(pkg)).toEqual([]);
    const own = await t.dataSource.getRepository(Tender).find({ where: { fiscalYear: 2025, departmentId: me.departmentId! } });
    expect(own.length).toBeGreaterThan(0);
    expect(pkg.releases.length).toBeGreaterThan(0);
    expect(pkg.releases.filter((r: any) => own.some((x) => x.tenderNumber === r.tender.id)).length).toBe(pkg.releases.length);

    // The city's registered prefix, once it has one, names every process.
    const admin = await Client.signIn(t, 'admin');
    expect(SETTING_DEFINITIONS.find((s) => s.key === 'opendata.ocidPrefix')?.default).toBe('ocds-000000');
    expect((await admin.put('/api/settings/opendata.ocidPrefix', { value: 'ocds-abc123', version: 0 })).status).toBe(200);
    const renamed = (await contract.get('/api/exports/ocds?fiscalYear=2025')).body;
    expect(renamed.releases.every((r: any) => r.ocid.startsWith('ocds-abc123-'))).toBe(true);
    const operator = await Client.signIn(t, 'operator');
    expect((await operator.get('/api/exports/ocds?fiscalYear=2025')).status).toBe(403);
    const bad = await contract.get('/api/exports/ocds?fiscalYear=abc');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('年度');
  });
});
