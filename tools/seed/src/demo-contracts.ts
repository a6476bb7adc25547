import { DataSource, Not } from 'typeorm';
import { advanceLimit, consumptionTaxRate, ContractStatus, fiscalYearOf, formatTenderNumber, SETTING_DEFINITIONS, TaxRate, taxPortionOfIncluded } from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import { Department, User } from '@keiyaku/server/auth';
import { Approval, Contract, ContractChange, ContractPayment, Inspection } from '@keiyaku/server/contracts';
import { BudgetLine } from '@keiyaku/server/imports';
import { Tender } from '@keiyaku/server/tenders';
import { prng } from './demo-vendors';

export interface DemoContractOptions {
  seed?: number;
  /** The demo's "today" (tests fix it): contracts are placed relative to it. */
  today?: Date;
  /**
   * Works of tenders of fiscal years before it (the demo's finished history, see the tenders'
   * `history`) are concluded after the others from their own random stream, so adding the history
   * leaves the other contracts as they were. Defaults to the fiscal year two before today's.
   */
  historyBefore?: number;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (date: string, n: number) => iso(new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000));
const defaultOf = <T>(key: string) => SETTING_DEFINITIONS.find((d) => d.key === key)!.default as T;
const CHANGE_REASONS = ['設計数量の増', '地下埋設物への対応', '関係機関との協議による工法の変更', '用地交渉の遅れによる工期の延長', '降雨による工期の延長', '数量精査による減額'];

/**
 * Turns the demo awards into contracts the way the city runs them: 決裁, 締結 a week or two after
 * opening, 前払金, some 変更契約, 完成, 完成検査 (now and then 手直し first), 完成払 — each placed
 * by its dates relative to today, so the deadlines dashboard has something to show.
 */
export async function seedDemoContractsIfEmpty(ds: DataSource, audit: AuditService, options: DemoContractOptions = {}): Promise<number> {
  if (await ds.getRepository(Contract).exists({ where: { status: Not('draft') } })) return 0;
  const drafts = await ds.getRepository(Contract).find({ where: { status: 'draft' }, order: { id: 'ASC' } });
  if (!drafts.length) return 0;
  const main = prng(options.seed ?? 11);
  const past = prng((options.seed ?? 11) + 1000);
  const today = iso(options.today ?? new Date());
  const historyBefore = options.historyBefore ?? fiscalYearOf(today)! - 2;
  const taxTable = defaultOf<TaxRate[]>('tax.consumptionRates');
  const numberFormat = defaultOf<string>('contracts.numberFormat');
  const tenderRows = await ds.getRepository(Tender).find({ select: { id: true, openingDate: true, fiscalYear: true } });
  const openings = new Map(tenderRows.map((t) => [t.id, t.openingDate]));
  const tenderYears = new Map(tenderRows.map((t) => [t.id, t.fiscalYear]));
  const users = await ds.getRepository(User).find({ select: { id: true, loginId: true, roles: true } });
  const inspectors = users.filter((u) => u.roles.includes('inspector')).map((u) => u.id);
  const drafter = users.find((u) => u.loginId === 'contract') ?? users[0];
  const approver = users.find((u) => u.loginId === 'admin') ?? users[0];
  const supervisor = users.find((u) => u.roles.includes('supervisor'));

  const seqs = new Map<number, number>();
  const changes: Array<Partial<ContractChange> & { contractId: number }> = [];
  const payments: Array<Partial<ContractPayment>> = [];
  const inspections: Array<Partial<Inspection> & { passes?: boolean }> = [];
  const approvals: Array<Partial<Approval> & { history: boolean }> = [];
  const historyIds = new Set<number>();
  const updates: Contract[] = [];
  const approve = (subject: Approval['subject'], subjectId: number, at: string, history: boolean) => {
    approvals.push({ subject, subjectId, action: 'submit', userId: drafter.id, loginId: drafter.loginId, actedAt: new Date(`${at}T01:00:00Z`), comment: null, history });
    approvals.push({ subject, subjectId, action: 'approve', userId: approver.id, loginId: approver.loginId, actedAt: new Date(`${at}T05:00:00Z`), comment: null, history });
  };

  // Conclusion order within a fiscal year gives the contract numbers.
  const concluded = drafts
    .map((c) => ({ c, opening: c.tenderId ? openings.get(c.tenderId) ?? null : null }))
    .filter((x): x is { c: Contract; opening: string } => !!x.opening && addDays(x.opening, 14) < today)
    .sort((a, b) => a.opening.localeCompare(b.opening) || a.c.id - b.c.id);
  const isHistory = (c: Contract) => (tenderYears.get(c.tenderId!) ?? historyBefore) < historyBefore;

  for (const { c, opening, r } of [
    ...concluded.filter((x) => !isHistory(x.c)).map((x) => ({ ...x, r: main })),
    ...concluded.filter((x) => isHistory(x.c)).map((x) => ({ ...x, r: past })),
  ]) {
    const contractDate = addDays(opening, r.int(5, 14));
    const fy = fiscalYearOf(contractDate)!;
    const seq = (seqs.get(fy) ?? 0) + 1;
    seqs.set(fy, seq);
    const days = c.category === 'construction' ? r.int(60, 240) : r.int(45, 180);
    const periodFrom = addDays(contractDate, 1);
    let periodTo = addDays(periodFrom, days);
    const rate = consumptionTaxRate(contractDate, taxTable);
    Object.assign(c, {
      contractNumber: formatTenderNumber(numberFormat, fy, seq),
      fiscalYear: fy,
      contractDate,
      periodFrom,
      periodTo,
      originalPeriodTo: periodTo,
      taxRate: rate,
      taxAmount: taxPortionOfIncluded(c.amount, rate),
      originalAmount: c.amount,
      bondKind: c.amount >= 5_000_000 ? 'insurance' : 'exempt',
      bondAmount: c.amount >= 5_000_000 ? Math.floor(c.amount / 10) : null,
      advanceRate: c.category === 'construction' && c.amount >= 1_300_000 ? 40 : null,
      supervisorId: supervisor?.id ?? null,
      approvalStatus: 'approved',
      status: 'concluded' as ContractStatus,
    });
    if (r === past) historyIds.add(c.id);
    approve('contract', c.id, contractDate, r === past);
    if (c.advanceRate) payments.push({ contractId: c.id, kind: 'advance', dueDate: addDays(contractDate, 14), paidDate: addDays(contractDate, 14) <= today ? addDays(contractDate, 14) : null, amount: advanceLimit(c.amount, c.advanceRate), notes: null });

    // About a fifth of the works change (amount and/or period) halfway through.
    const changeDate = addDays(periodFrom, Math.floor(days / 2));
    if (r.chance(0.22) && changeDate < today) {
      const pct = r.pick([-0.05, 0.04, 0.08, 0.12, 0.18, 0.35]);
      const amount = Math.round((c.amount * (1 + pct)) / 1000) * 1000;
      const extended = r.chance(0.5) ? addDays(periodTo, r.int(14, 60)) : null;
      changes.push({ contractId: c.id, changeNo: 1, changeDate, amount, taxAmount: taxPortionOfIncluded(amount, consumptionTaxRate(changeDate, taxTable)), periodTo: extended, reason: r.pick(CHANGE_REASONS), approvalStatus: 'approved' });
      c.amount = amount;
      c.taxAmount = taxPortionOfIncluded(amount, consumptionTaxRate(changeDate, taxTable));
      if (extended) periodTo = c.periodTo = extended;
    }

    if (periodFrom <= today) c.status = 'inProgress';
    const completedOn = addDays(periodTo, -r.int(0, 5));
    if (completedOn < today) {
      c.status = 'completed';
      c.completedOn = completedOn;
      const scheduled = addDays(completedOn, r.int(3, 10));
      const rework = r.chance(0.06);
      if (scheduled < today) {
        const inspectorIds = inspectors.length ? [r.pick(inspectors)] : [];
        inspections.push({ contractId: c.id, kind: 'completion', scheduledDate: scheduled, inspectedDate: scheduled, inspectorIds, attendees: '現場代理人', result: rework ? 'rework' : 'passed', reworkDeadline: rework ? addDays(scheduled, 14) : null, remarks: rework ? '出来形の一部に手直しを要する' : null, approvalStatus: 'approved', passes: !rework });
        let passedOn: string | null = rework ? null : scheduled;
        if (rework && addDays(scheduled, 20) < today) {
          passedOn = addDays(scheduled, 20);
          inspections.push({ contractId: c.id, kind: 'completion', scheduledDate: passedOn, inspectedDate: passedOn, inspectorIds, attendees: '現場代理人', result: 'passed', reworkDeadline: null, remarks: '手直し完了を確認', approvalStatus: 'approved', passes: true });
        }
        if (passedOn) {
          c.status = 'inspected';
          c.inspectedOn = passedOn;
          const paidAdvance = payments.filter((p) => p.contractId === c.id && p.paidDate).reduce((s, p) => s + (p.amount ?? 0), 0);
          const due = addDays(passedOn, 30);
          payments.push({ contractId: c.id, kind: 'final', dueDate: due, paidDate: due < today ? due : null, amount: c.amount - paidAdvance, notes: null });
          if (due < today) {
            c.status = 'paid';
            c.paidOn = due;
          }
        }
      } else {
        inspections.push({ contractId: c.id, kind: 'completion', scheduledDate: scheduled, inspectedDate: null, inspectorIds: inspectors.length ? [r.pick(inspectors)] : [], attendees: null, result: null, reworkDeadline: null, remarks: null, approvalStatus: 'draft' });
      }
    }
    updates.push(c);
  }

  const budgetLines = demoBudgetLines(updates, await ds.getRepository(Department).find({ select: { id: true, code: true, name: true } }), main);

  await ds.transaction(async (m) => {
    const insert = async <T>(entity: new () => T, rows: object[]) => {
      for (let i = 0; i < rows.length; i += 150) await m.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + 150) as never).callListeners(false).updateEntity(false).execute();
    };
    for (const c of updates) {
      c.refreshSearchText();
      const { vendor: _v, department: _d, id: _i, createdAt: _c, updatedAt: _u, version: _n, ...row } = c;
      await m.createQueryBuilder().update(Contract).set({ ...row, searchText: c.searchText }).where('id = :id', { id: c.id }).callListeners(false).execute();
    }
    await insert(BudgetLine, budgetLines.map((x) => ({ ...x, version: 1 })));
    await insert(ContractChange, changes.map((x) => ({ ...x, version: 1 })));
    await insert(ContractPayment, payments.map((x) => ({ ...x, version: 1 })));
    await insert(Inspection, inspections.map(({ passes: _p, ...x }) => ({ ...x, version: 1 })));
    const changeIds = await m.find(ContractChange, { select: { id: true, contractId: true, changeDate: true } });
    for (const x of changeIds) approve('change', x.id, x.changeDate, historyIds.has(x.contractId));
    const inspectionIds = await m.find(Inspection, { where: { approvalStatus: 'approved' }, select: { id: true, contractId: true, inspectedDate: true } });
    for (const x of inspectionIds) approve('inspection', x.id, x.inspectedDate!, historyIds.has(x.contractId));
    // The history's approvals after the others'.
    await insert(Approval, [...approvals.filter((a) => !a.history), ...approvals.filter((a) => a.history)].map(({ history: _h, ...a }) => a));
    const count = (s: ContractStatus) => updates.filter((c) => c.status === s).length;
    await audit.record(
      {
        action: 'seed',
        entity: 'Contract',
        summary: `デモ契約 ${updates.length}件を締結（施工中 ${count('inProgress')}件、完成 ${count('completed')}件、検査済 ${count('inspected')}件、支払済 ${count('paid')}件、変更 ${changes.length}件、検査 ${inspections.length}件）`,
      },
      m,
    );
  });
  return updates.length;
}

/** 節 of the city's budget by contract category (工事請負費, 委託料, 需用費). */
const BUDGET_ITEMS: Record<string, { code: string; name: string }> = {
  construction: { code: '14', name: '工事請負費' },
  survey: { code: '12', name: '委託料' },
  goods: { code: '10', name: '需用費' },
};

/**
 * One budget line per fiscal year, department and category, as the finance system's export would
 * give them; each contract gets its line's code. Most lines keep a margin, a few run close to or
 * over their amount so the warnings show.
 */
function demoBudgetLines(contracts: Contract[], departments: Department[], r: ReturnType<typeof prng>): Array<Partial<BudgetLine>> {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const lines = new Map<string, Partial<BudgetLine> & { committed: number }>();
  for (const c of contracts) {
    const dept = c.departmentId ? byId.get(c.departmentId) : undefined;
    const item = BUDGET_ITEMS[c.category];
    if (!dept || !item || !c.fiscalYear) continue;
    const code = `${dept.code}-${item.code}`;
    const key = `${c.fiscalYear}:${code}`;
    let line = lines.get(key);
    if (!line) {
      line = { fiscalYear: c.fiscalYear, account: '一般会計', budgetCode: code, budgetName: `${dept.name} ${item.name}`, departmentCode: dept.code, projectName: null, amount: 0, executed: null, committed: 0 };
      lines.set(key, line);
    }
    c.budgetLineCode = code;
    line.committed += c.amount;
  }
  return [...lines.values()].map(({ committed, ...line }) => {
    const factor = r.pick([1.08, 1.15, 1.2, 1.25, 1.3, 1.4, 1.5, 0.97, 1.03]);
    return { ...line, amount: Math.ceil((committed * factor) / 1000) * 1000 };
  });
}
