import { DataSource, Not } from 'typeorm';
import { advanceLimit, consumptionTaxRate, ContractStatus, fiscalYearOf, formatTenderNumber, SETTING_DEFINITIONS, TaxRate, taxPortionOfIncluded } from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import { User } from '@keiyaku/server/auth';
import { Approval, Contract, ContractChange, ContractPayment, Inspection } from '@keiyaku/server/contracts';
import { Tender } from '@keiyaku/server/tenders';
import { prng } from './demo-vendors';

export interface DemoContractOptions {
  seed?: number;
  /** The demo's "today" (tests fix it): contracts are placed relative to it. */
  today?: Date;
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
  const r = prng(options.seed ?? 11);
  const today = iso(options.today ?? new Date());
  const taxTable = defaultOf<TaxRate[]>('tax.consumptionRates');
  const numberFormat = defaultOf<string>('contracts.numberFormat');
  const openings = new Map((await ds.getRepository(Tender).find({ select: { id: true, openingDate: true } })).map((t) => [t.id, t.openingDate]));
  const users = await ds.getRepository(User).find({ select: { id: true, loginId: true, roles: true } });
  const inspectors = users.filter((u) => u.roles.includes('inspector')).map((u) => u.id);
  const drafter = users.find((u) => u.loginId === 'contract') ?? users[0];
  const approver = users.find((u) => u.loginId === 'admin') ?? users[0];
  const supervisor = users.find((u) => u.roles.includes('supervisor'));

  const seqs = new Map<number, number>();
  const changes: Array<Partial<ContractChange> & { contractId: number }> = [];
  const payments: Array<Partial<ContractPayment>> = [];
  const inspections: Array<Partial<Inspection> & { passes?: boolean }> = [];
  const approvals: Array<Partial<Approval>> = [];
  const updates: Contract[] = [];
  const approve = (subject: Approval['subject'], subjectId: number, at: string) => {
    approvals.push({ subject, subjectId, action: 'submit', userId: drafter.id, loginId: drafter.loginId, actedAt: new Date(`${at}T01:00:00Z`), comment: null });
    approvals.push({ subject, subjectId, action: 'approve', userId: approver.id, loginId: approver.loginId, actedAt: new Date(`${at}T05:00:00Z`), comment: null });
  };

  // Conclusion order within a fiscal year gives the contract numbers.
  const concluded = drafts
    .map((c) => ({ c, opening: c.tenderId ? openings.get(c.tenderId) ?? null : null }))
    .filter((x): x is { c: Contract; opening: string } => !!x.opening && addDays(x.opening, 14) < today)
    .sort((a, b) => a.opening.localeCompare(b.opening) || a.c.id - b.c.id);

  for (const { c, opening } of concluded) {
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
    approve('contract', c.id, contractDate);
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

  await ds.transaction(async (m) => {
    const insert = async <T>(entity: new () => T, rows: object[]) => {
      for (let i = 0; i < rows.length; i += 150) await m.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + 150) as never).callListeners(false).execute();
    };
    for (const c of updates) {
      c.refreshSearchText();
      const { vendor: _v, department: _d, id: _i, createdAt: _c, updatedAt: _u, version: _n, ...row } = c;
      await m.createQueryBuilder().update(Contract).set({ ...row, searchText: c.searchText }).where('id = :id', { id: c.id }).callListeners(false).execute();
    }
    await insert(ContractChange, changes.map((x) => ({ ...x, version: 1 })));
    await insert(ContractPayment, payments.map((x) => ({ ...x, version: 1 })));
    await insert(Inspection, inspections.map(({ passes: _p, ...x }) => ({ ...x, version: 1 })));
    const changeIds = await m.find(ContractChange, { select: { id: true, contractId: true, changeDate: true } });
    for (const x of changeIds) approve('change', x.id, x.changeDate);
    const inspectionIds = await m.find(Inspection, { where: { approvalStatus: 'approved' }, select: { id: true, inspectedDate: true } });
    for (const x of inspectionIds) approve('inspection', x.id, x.inspectedDate!);
    await insert(Approval, approvals);
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
