import type { EntityManager } from 'typeorm';
import { consumptionTaxRate, CONSTRUCTION_TRADES, ContractStatus, GOODS_KINDS, SURVEY_KINDS, TaxRate, taxPortionOfIncluded } from '@keiyaku/domain';
import type { AuditService } from '@keiyaku/server/audit';
import { Department } from '@keiyaku/server/auth';
import { Contract, ContractChange } from '@keiyaku/server/contracts';
import { Tender } from '@keiyaku/server/tenders';
import { Vendor } from '@keiyaku/server/vendors';
import { byKeys, insertAudited, KindHandler, ParsedRow, PlanContext, RowPlan, sameValues, saveChanged } from './kind';

const TRADES: Record<string, string[]> = {
  construction: CONSTRUCTION_TRADES.map((t) => t.code),
  survey: SURVEY_KINDS.map((k) => k.code),
  goods: GOODS_KINDS.map((k) => k.code),
};

/**
 * 契約 of the legacy system, upserted by 契約番号. A migrated contract is history: finished ones
 * are 支払済, the rest 施工中 (or 完成 when the completion date is given), all 決裁済.
 */
export function legacyContractsHandler(taxRates: () => Promise<TaxRate[]>, audit: AuditService): KindHandler {
  return {
    kind: 'legacyContracts',
    async plan(m: EntityManager, rows: ParsedRow[], ctx: PlanContext) {
      const rates = await taxRates();
      const stored = new Map((await byKeys(m, Contract, 'contractNumber', rows.map((r) => r.values['contractNumber']))).map((c) => [c.contractNumber!, c]));
      const vendors = new Map((await byKeys(m, Vendor, 'vendorCode', rows.map((r) => r.values['vendorCode']))).map((v) => [v.vendorCode, v]));
      const tenders = new Map((await byKeys(m, Tender, 'tenderNumber', rows.map((r) => r.values['tenderNumber']))).map((t) => [t.tenderNumber, t]));
      const departments = new Map((await m.find(Department)).map((d) => [d.code, d]));
      const seen = new Map<string, number>();
      const next = new Map<number, Partial<Contract>>();
      const planned = rows.map((r) => {
        const p = new RowPlan(r.line, ctx);
        const v = r.values;
        const number = v['contractNumber'] as string;
        if (seen.has(number)) p.error('contractNumber', `${seen.get(number)}行目と同じ契約番号です。`);
        seen.set(number, r.line);
        const vendor = vendors.get(v['vendorCode'] as string);
        if (!vendor) p.error('vendorCode', `業者番号「${v['vendorCode']}」の業者が登録されていません（業者を先に移行してください）。`);
        const tenderNumber = v['tenderNumber'] as string | null;
        const tender = tenderNumber ? tenders.get(tenderNumber) : undefined;
        if (tenderNumber && !tender) p.warn('tenderNumber', `案件番号「${tenderNumber}」の入札案件がないため、案件とは結び付けずに登録します。`);
        const deptCode = v['departmentCode'] as string | null;
        const dept = deptCode ? departments.get(deptCode) : undefined;
        if (deptCode && !dept) p.warn('departmentCode', `担当課コード「${deptCode}」の課が登録されていないため、担当課なしで登録します。`);
        const category = v['category'] as string;
        const trade = v['tradeCode'] as string | null;
        if (trade && !TRADES[category]?.includes(trade)) p.error('tradeCode', `工種コード「${trade}」は部門の業種にありません。`);
        const amount = v['amount'] as number;
        const date = v['contractDate'] as string;
        const rate = consumptionTaxRate(date, rates);
        const tax = (v['taxAmount'] as number | null) ?? taxPortionOfIncluded(amount, rate);
        if (v['taxAmount'] !== null && Math.abs(tax - taxPortionOfIncluded(amount, rate)) > 1) p.warn('taxAmount', `うち消費税額（${tax.toLocaleString('ja-JP')}円）が契約日の税率${rate}%による額（${taxPortionOfIncluded(amount, rate).toLocaleString('ja-JP')}円）と異なります。`);
        const from = v['periodFrom'] as string | null;
        const to = v['periodTo'] as string | null;
        if (from && to && to < from) p.error('periodTo', `工期終了（${to}）が工期開始（${from}）より前です。`);
        const completedOn = v['completedOn'] as string | null;
        const status: ContractStatus = completedOn && completedOn < ctx.today ? 'paid' : to && to < ctx.today ? 'completed' : 'inProgress';
        if (!p.ok) return p;
        const fieldsOf: Partial<Contract> = {
          fiscalYear: v['fiscalYear'] as number,
          tenderId: tender?.id ?? null,
          title: v['title'] as string,
          location: (v['location'] as string | null) ?? null,
          departmentId: dept?.id ?? null,
          category,
          tradeCode: trade,
          method: v['method'] as string,
          vendorId: vendor!.id,
          amount,
          taxAmount: tax,
          taxRate: rate,
          contractDate: date,
          periodFrom: from,
          periodTo: to,
          completedOn,
          status,
        };
        next.set(r.line, fieldsOf);
        const current = stored.get(number);
        // Amount and period of a migrated contract are the originals; the change file moves them on.
        p.action = !current ? 'create' : sameValues(current, { ...fieldsOf, amount: current.amount, taxAmount: current.taxAmount, periodTo: current.periodTo }) && current.originalAmount === amount ? 'unchanged' : 'update';
        return p;
      });
      return {
        rows: planned,
        async apply(tx, lines, progress) {
          const toSave: Contract[] = [];
          const updating = rows.filter((r) => lines.has(r.line) && next.has(r.line) && stored.has(r.values['contractNumber'] as string));
          // Which of the stored contracts already have migrated changes (one query per 900, not one per row).
          const ids = updating.map((r) => stored.get(r.values['contractNumber'] as string)!.id);
          const changed = new Set((await byKeys(tx, ContractChange, 'contractId', ids)).map((x) => x.contractId));
          for (const r of rows) {
            if (!lines.has(r.line) || !next.has(r.line)) continue;
            const f = next.get(r.line)!;
            const number = r.values['contractNumber'] as string;
            const current = stored.get(number);
            if (current) {
              if (sameValues(current, { ...f, amount: current.amount, taxAmount: current.taxAmount, periodTo: current.periodTo }) && current.originalAmount === f.amount) continue;
              // Changes already migrated keep the current amount and period.
              toSave.push(Object.assign(current, f, { originalAmount: f.amount, originalPeriodTo: f.periodTo }, changed.has(current.id) ? { amount: current.amount, taxAmount: current.taxAmount, periodTo: current.periodTo } : {}));
            } else {
              toSave.push(tx.create(Contract, { ...f, contractNumber: number, originalAmount: f.amount, originalPeriodTo: f.periodTo, approvalStatus: 'approved', paidOn: f.status === 'paid' ? f.completedOn : null }));
            }
          }
          // Written a hundred per statement (each row still audited), not one statement per contract.
          const created = toSave.filter((c) => !c.id);
          // Taken before the insert gives the new rows their ids (a filter on `created` was O(n²)).
          const existing = toSave.filter((c) => !!c.id);
          await insertAudited(tx, ctx.simulated ? null : audit, Contract, created, { column: 'contractNumber', key: (c) => c.contractNumber! }, progress);
          await saveChanged(tx, existing, async (n) => progress(created.length + n));
        },
      };
    },
  };
}

/** 変更契約 of the legacy system, upserted by (契約番号, 変更回); the contract takes the latest. */
export function legacyChangesHandler(taxRates: () => Promise<TaxRate[]>, audit: AuditService): KindHandler {
  return {
    kind: 'legacyContractChanges',
    async plan(m: EntityManager, rows: ParsedRow[], ctx: PlanContext) {
      const rates = await taxRates();
      const contracts = new Map((await byKeys(m, Contract, 'contractNumber', rows.map((r) => r.values['contractNumber']))).map((c) => [c.contractNumber!, c]));
      const stored = new Map<string, ContractChange>();
      for (const x of await byKeys(m, ContractChange, 'contractId', [...contracts.values()].map((c) => c.id))) stored.set(`${x.contractId}|${x.changeNo}`, x);
      const seen = new Map<string, number>();
      const planned = rows.map((r) => {
        const p = new RowPlan(r.line, ctx);
        const v = r.values;
        const c = contracts.get(v['contractNumber'] as string);
        if (!c) return p.error('contractNumber', `契約番号「${v['contractNumber']}」の契約がありません（契約を先に移行してください）。`);
        const key = `${c.id}|${v['changeNo']}`;
        if (seen.has(key)) p.error('changeNo', `${seen.get(key)}行目と同じ変更回です。`);
        seen.set(key, r.line);
        if ((v['changeNo'] as number) < 1) p.error('changeNo', '変更回は1以上で入力してください。');
        if (c.contractDate && (v['changeDate'] as string) < c.contractDate) p.error('changeDate', `変更日（${v['changeDate']}）が契約日（${c.contractDate}）より前です。`);
        const current = stored.get(key);
        const f = changeFields(v, rates);
        p.action = !current ? 'create' : sameValues(current, f) ? 'unchanged' : 'update';
        return p;
      });
      return {
        rows: planned,
        async apply(tx, lines, progress) {
          const toSave: ContractChange[] = [];
          for (const r of rows) {
            if (!lines.has(r.line)) continue;
            const c = contracts.get(r.values['contractNumber'] as string)!;
            const key = `${c.id}|${r.values['changeNo']}`;
            const current = stored.get(key);
            const f = changeFields(r.values, rates);
            if (current && sameValues(current, f)) continue;
            const change = current ? Object.assign(current, f) : tx.create(ContractChange, { contractId: c.id, changeNo: r.values['changeNo'] as number, ...f });
            stored.set(key, change);
            toSave.push(change);
          }
          const created = toSave.filter((x) => !x.id);
          // Taken before the insert gives the new rows their ids (a filter on `created` was O(n²)).
          const existing = toSave.filter((x) => !!x.id);
          await insertAudited(tx, ctx.simulated ? null : audit, ContractChange, created, { column: 'contractId', columns: ['changeNo'], key: (x) => `${x.contractId}|${x.changeNo}` }, progress);
          await saveChanged(tx, existing);
          // The contract's current amount and period are its latest change's (every change of it is in `stored`).
          const byContract = new Map<number, ContractChange[]>();
          for (const x of stored.values()) byContract.set(x.contractId, [...(byContract.get(x.contractId) ?? []), x]);
          const touched = new Set(toSave.map((x) => x.contractId));
          const updated: Contract[] = [];
          for (const c of contracts.values()) {
            if (!touched.has(c.id)) continue;
            const all = [...(byContract.get(c.id) ?? [])].sort((a, b) => b.changeNo - a.changeNo);
            c.amount = all[0].amount;
            c.taxAmount = all[0].taxAmount;
            // A change that leaves the period as it was has no end date: the last one that moved it counts.
            c.periodTo = all.find((x) => x.periodTo)?.periodTo ?? c.originalPeriodTo ?? c.periodTo;
            updated.push(c);
          }
          await saveChanged(tx, updated);
        },
      };
    },
  };
}

function changeFields(v: Record<string, unknown>, rates: TaxRate[]) {
  const amount = v['amount'] as number;
  const date = v['changeDate'] as string;
  return {
    changeDate: date,
    amount,
    taxAmount: taxPortionOfIncluded(amount, consumptionTaxRate(date, rates)),
    periodTo: (v['periodTo'] as string | null) ?? null,
    reason: v['reason'] as string,
    approvalStatus: 'approved' as const,
  };
}
