import { calculatePrice, DEFAULT_PRICE_RULES, judgeOpening } from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import { Contract, ContractChange, ContractPayment, Inspection } from '@keiyaku/server/contracts';
import { Bid, PriceRuleSet, Tender, TenderDesignation } from '@keiyaku/server/tenders';
import { Qualification, VendorHistoryService, VendorMeasure } from '@keiyaku/server/vendors';
import { Client, startTestApp, TestApp } from '../../../apps/api/src/testing/test-app';
import { BudgetLine } from '@keiyaku/server/imports';
import { seedDemoContractsIfEmpty } from './demo-contracts';
import { seedDemoTendersIfEmpty } from './demo-tenders';
import { seedDemoVendorsIfEmpty } from './demo-vendors';

const TODAY = new Date('2026-12-02T00:00:00Z');

describe('demo tenders', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    // The tenders module seeds the shipped price rules at start; this only covers a database without them.
    if (!(await t.dataSource.getRepository(PriceRuleSet).count())) {
      await t.dataSource.getRepository(PriceRuleSet).save(DEFAULT_PRICE_RULES.map((r) => ({ ...r, notes: null, active: true })));
    }
    await seedDemoVendorsIfEmpty(t.dataSource, t.app.get(AuditService), t.app.get(VendorHistoryService), { construction: 600, survey: 300, today: TODAY });
  });
  afterAll(async () => t?.close());

  it('fills three fiscal years and two lighter finished ones once, every price and verdict as the rules give them', async () => {
    const seed = () =>
      seedDemoTendersIfEmpty(t.dataSource, t.app.get(AuditService), { fiscalYears: [2024, 2025, 2026], perYear: 350, history: { fiscalYears: [2022, 2023], perYear: 120 }, today: TODAY });
    const started = Date.now();
    const count = await seed();
    console.log(`demo tenders: ${count} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(count).toBeGreaterThan(1140);
    expect(await seed()).toBe(0);

    const tenders = await t.dataSource.getRepository(Tender).find();
    const rules = new Map((await t.dataSource.getRepository(PriceRuleSet).find()).map((r) => [r.id, r]));
    const bids = await t.dataSource.getRepository(Bid).find();
    const designations = await t.dataSource.getRepository(TenderDesignation).find();
    const quals = await t.dataSource.getRepository(Qualification).find();
    const suspensions = await t.dataSource.getRepository(VendorMeasure).findBy({ kind: 'suspension' });
    const suspended = (vendorId: number, date: string) => suspensions.some((m) => m.vendorId === vendorId && m.startDate <= date && (m.endDate ?? '9999-12-31') >= date);
    const contracts = new Map((await t.dataSource.getRepository(Contract).find()).map((c) => [c.id, c]));
    expect(tenders.filter((x) => x.fiscalYear === 2024).length).toBe(350);
    // The history years: lighter, all opened (and their contracts concluded) within the year.
    for (const fy of [2022, 2023]) {
      const year = tenders.filter((x) => x.fiscalYear === fy);
      expect(year.length).toBe(120);
      expect(year.every((x) => ['awarded', 'unsuccessful', 'cancelled'].includes(x.status) && x.openingDate! < `${fy + 1}-03-18`)).toBe(true);
      expect(year.filter((x) => x.status === 'awarded').length).toBeGreaterThan(100);
    }
    expect(new Set(tenders.map((x) => x.status))).toEqual(new Set(['awarded', 'unsuccessful', 'cancelled', 'bidding', 'announced', 'draft']));

    let checked = 0;
    for (const tender of tenders) {
      if (tender.priceRuleSetId) {
        const rule = rules.get(tender.priceRuleSetId)!;
        expect(rule.effectiveFrom <= (tender.announcementDate ?? tender.designationDate)!).toBe(true);
        const price = calculatePrice(rule, { plannedPrice: tender.plannedPrice!, components: tender.priceComponents!, tradeCode: tender.tradeCode, building: tender.buildingKind, mode: tender.priceControl });
        expect([tender.minimumPrice, tender.lowBidThreshold]).toContain(price.price);
      }
      for (const d of designations.filter((x) => x.tenderId === tender.id && x.selected)) {
        const date = tender.designationDate!;
        expect(quals.some((q) => q.vendorId === d.vendorId && q.tradeCode === tender.tradeCode && q.validFrom <= date && q.validTo >= date)).toBe(true);
      }
      if (tender.status !== 'awarded' && tender.status !== 'unsuccessful') continue;
      const round = bids.filter((b) => b.tenderId === tender.id && b.round === tender.currentRound);
      const result = judgeOpening({
        plannedPrice: tender.plannedPrice!,
        minimumPrice: tender.minimumPrice,
        lowBidThreshold: tender.lowBidThreshold,
        disqualificationPrice: tender.disqualificationPrice,
        round: tender.currentRound,
        maxRounds: 3,
        bids: round.map((b) => ({ vendorId: b.vendorId, amount: b.amount, declined: b.declined, investigation: b.investigation, suspended: suspended(b.vendorId, tender.openingDate!) })),
        lotWinnerVendorId: tender.lotRecord?.winnerVendorId ?? null,
      });
      expect(result.outcome).toBe(tender.outcome);
      expect(result.winnerVendorId).toBe(tender.awardVendorId);
      for (const b of round) expect(result.judgements.find((j) => j.vendorId === b.vendorId)!.verdict).toBe(b.verdict);
      if (tender.status === 'awarded') {
        const contract = contracts.get(tender.contractId!)!;
        expect(contract).toMatchObject({ vendorId: tender.awardVendorId, status: 'draft', amount: tender.awardAmount! + contract.taxAmount });
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(900);
    // The rules' edge cases all occur: lots, investigations, re-bids, disqualifications.
    expect(tenders.some((x) => x.lotRecord)).toBe(true);
    expect(bids.some((b) => b.investigation === 'accepted') && bids.some((b) => b.investigation === 'rejected')).toBe(true);
    expect(tenders.some((x) => x.currentRound > 1)).toBe(true);
    expect(bids.some((b) => b.verdict === 'belowMinimum')).toBe(true);

    const admin = await Client.signIn(t, 'admin');
    expect((await admin.get('/api/audit?action=seed')).body.rows.map((r: any) => r.summary).join()).toContain('デモ入札案件');
  });

  it('turns the awards into contracts whose payments, changes and inspections agree', async () => {
    const seed = () => seedDemoContractsIfEmpty(t.dataSource, t.app.get(AuditService), { today: TODAY });
    const count = await seed();
    expect(count).toBeGreaterThan(700);
    expect(await seed()).toBe(0);
    const contracts = await t.dataSource.getRepository(Contract).find();
    const payments = await t.dataSource.getRepository(ContractPayment).find();
    const changes = await t.dataSource.getRepository(ContractChange).find();
    const inspections = await t.dataSource.getRepository(Inspection).find();
    expect(new Set(contracts.map((c) => c.status))).toEqual(new Set(['draft', 'inProgress', 'completed', 'inspected', 'paid']));
    expect(new Set(contracts.filter((c) => c.contractNumber).map((c) => c.contractNumber)).size).toBe(count);
    for (const c of contracts.filter((x) => x.status !== 'draft')) {
      const paid = payments.filter((p) => p.contractId === c.id).reduce((s, p) => s + p.amount, 0);
      expect(paid).toBeLessThanOrEqual(c.amount);
      const change = changes.find((x) => x.contractId === c.id);
      expect(c.amount).toBe(change ? change.amount : c.originalAmount);
      if (c.status === 'inspected' || c.status === 'paid') {
        expect(inspections.some((i) => i.contractId === c.id && i.kind === 'completion' && i.result === 'passed' && i.inspectedDate === c.inspectedOn)).toBe(true);
      }
      if (c.status === 'paid') expect(paid).toBe(c.amount);
      expect(c.periodTo! >= c.periodFrom!).toBe(true);
    }
    expect(inspections.some((i) => i.result === 'rework')).toBe(true);
    // The history years' works are all finished: concluded in their fiscal year, inspected and paid.
    const tenderYear = new Map((await t.dataSource.getRepository(Tender).find()).map((x) => [x.id, x.fiscalYear]));
    const history = contracts.filter((c) => tenderYear.get(c.tenderId!)! < 2024);
    expect(history.length).toBeGreaterThan(200);
    for (const c of history) expect([c.status, c.fiscalYear]).toEqual(['paid', tenderYear.get(c.tenderId!)]);
    expect(changes.length).toBeGreaterThan(50);

    // Every concluded contract sits on a budget line of its fiscal year; the lines cover their contracts but a few.
    const lines = await t.dataSource.getRepository(BudgetLine).find();
    const concludedContracts = contracts.filter((c) => c.status !== 'draft');
    for (const c of concludedContracts) expect(lines.some((l) => l.fiscalYear === c.fiscalYear && l.budgetCode === c.budgetLineCode)).toBe(true);
    const over = lines.filter((l) => concludedContracts.filter((c) => c.fiscalYear === l.fiscalYear && c.budgetLineCode === l.budgetCode).reduce((s, c) => s + c.amount, 0) > l.amount);
    expect(over.length).toBeGreaterThan(0);
    expect(over.length).toBeLessThan(lines.length / 3);
  });
});
