import { calculateEvaluation, fiscalYearOf, qualifiesForEvaluation, selectEvaluationRule } from '@keiyaku/domain';
import { Contract } from '@keiyaku/server/contracts';
import { Tender } from '@keiyaku/server/tenders';
import { AuditService } from '@keiyaku/server/audit';
import { Evaluation, EvaluationPart, EvaluationRuleSet } from '@keiyaku/server/evaluations';
import { VendorHistoryService } from '@keiyaku/server/vendors';
import { Client, startTestApp, TestApp } from '../../../apps/api/src/testing/test-app';
import { seedDemoContractsIfEmpty } from './demo-contracts';
import { DEMO_GENERAL_SUPERVISOR, seedDemoEvaluationsIfEmpty } from './demo-evaluations';
import { seedDemoTendersIfEmpty } from './demo-tenders';
import { seedDemoVendorsIfEmpty } from './demo-vendors';

const TODAY = new Date('2026-12-02T00:00:00Z');

describe('demo ratings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const audit = t.app.get(AuditService);
    await seedDemoVendorsIfEmpty(t.dataSource, audit, t.app.get(VendorHistoryService), { construction: 150, survey: 40, today: TODAY });
    await seedDemoTendersIfEmpty(t.dataSource, audit, { fiscalYears: [2024, 2025, 2026], perYear: 80, history: { fiscalYears: [2022, 2023], perYear: 40 }, today: TODAY });
    await seedDemoContractsIfEmpty(t.dataSource, audit, { today: TODAY });
  }, 300_000);
  afterAll(async () => t?.close());

  it('rates five fiscal years of finished works once, every score as the domain computes it under the rules of its date', async () => {
    const seed = () => seedDemoEvaluationsIfEmpty(t.dataSource, t.app.get(AuditService), { today: TODAY });
    const counts = await seed();
    expect(counts.approved).toBeGreaterThan(20);
    expect(counts.pending).toBeGreaterThan(0);
    expect(await seed()).toEqual({ approved: 0, pending: 0 });

    const rules = new Map((await t.dataSource.getRepository(EvaluationRuleSet).find()).map((r) => [r.id, r]));
    const evaluations = await t.dataSource.getRepository(Evaluation).find();
    const parts = await t.dataSource.getRepository(EvaluationPart).find();
    const contracts = new Map((await t.dataSource.getRepository(Contract).find()).map((c) => [c.id, c]));
    for (const e of evaluations) {
      const c = contracts.get(e.contractId)!;
      const ruleDate = c.completedOn ?? c.inspectedOn!;
      expect(e.ruleSetId).toBe(selectEvaluationRule([...rules.values()].filter((x) => x.status === 'active'), c.category, ruleDate)!.id);
      expect(e.fiscalYear).toBe(fiscalYearOf(ruleDate));
      const own = parts.filter((p) => p.evaluationId === e.id);
      const of = (rater: string) => own.find((p) => p.rater === rater)!.entries;
      const r = calculateEvaluation(rules.get(e.ruleSetId)!, {
        chiefSupervisor: of('chiefSupervisor'), generalSupervisor: of('generalSupervisor'), inspector: of('inspector'),
        interimInspectors: own.filter((p) => p.rater === 'interimInspector').sort((a, b) => a.seq - b.seq).map((p) => p.entries), deductions: e.deductionKeys,
      });
      expect([e.chiefScore, e.generalScore, e.inspectorScore, e.interimScore, e.total, e.deduction, e.finalScore, e.band]).toEqual([
        r.chiefSupervisor.score, r.generalSupervisor.score, r.inspector.score, r.interimMean, r.total, r.deduction, r.final, r.band,
      ]);
      if (e.status === 'approved') expect(own.every((p) => p.status === 'submitted')).toBe(true);
      expect(e.fiscalYear).toBeGreaterThanOrEqual(2022);
    }
    expect(new Set(evaluations.map((e) => e.status))).toEqual(new Set(['approved', 'rating']));
    // Five fiscal years of confirmed, noticed ratings; the two history years all finished, paid and rated.
    const approved = evaluations.filter((e) => e.status === 'approved');
    for (const fy of [2022, 2023, 2024, 2025, 2026]) expect(approved.filter((e) => e.fiscalYear === fy && e.noticeDate).length).toBeGreaterThan(2);
    const historyTenders = (await t.dataSource.getRepository(Tender).find()).filter((x) => x.fiscalYear < 2024);
    expect(new Set(historyTenders.map((x) => x.fiscalYear))).toEqual(new Set([2022, 2023]));
    const history = historyTenders.filter((x) => x.status === 'awarded').map((x) => contracts.get(x.contractId!)!);
    expect(history.every((c) => c.fiscalYear! < 2024)).toBe(true);
    expect(history.length).toBeGreaterThan(30);
    expect(history.every((c) => c.status === 'paid')).toBe(true);
    const activeRules = [...rules.values()].filter((x) => x.status === 'active');
    const rated = history.filter((c) => {
      const rule = selectEvaluationRule(activeRules, c.category, c.completedOn!);
      return !!rule && qualifiesForEvaluation(rule.definition, c.amount);
    });
    expect(rated.length).toBeGreaterThan(10);
    for (const c of rated) {
      expect(evaluations.find((e) => e.contractId === c.id)).toMatchObject({ status: 'approved', noticeDate: expect.any(String) });
    }

    // The statistics screens have something to show, and the dashboard lists the pending sheets.
    const contract = await Client.signIn(t, 'contract');
    const fy = fiscalYearOf(TODAY)!;
    const stats = (await contract.get(`/api/evaluations/statistics?fiscalYear=${fy}&years=5`)).body;
    expect(stats.count).toBe(approved.length);
    expect(stats.trend.map((x: any) => x.fiscalYear)).toEqual([2022, 2023, 2024, 2025, 2026]);
    expect(stats.trend.every((x: any) => x.count > 0 && x.average > 60)).toBe(true);
    expect(stats.average).toBeGreaterThan(60);
    expect(stats.bands.filter((b: any) => b.count > 0).length).toBeGreaterThan(1);
    expect(stats.byVendor.length).toBeGreaterThan(5);
    const general = await Client.signIn(t, DEMO_GENERAL_SUPERVISOR.loginId);
    expect((await general.get('/api/evaluations?mine=1')).body.total).toBe(evaluations.length);
  });
});
