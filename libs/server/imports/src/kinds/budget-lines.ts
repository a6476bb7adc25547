import type { EntityManager } from 'typeorm';
import { BudgetLine } from '../entities';
import { KindHandler, ParsedRow, PlanContext, RowPlan, sameValues } from './kind';

const keyOf = (v: Record<string, unknown>) => `${v['fiscalYear']}|${v['account']}|${v['budgetCode']}`;

/** 予算 from the finance system: upserted by (年度, 会計, 予算科目コード). */
export const budgetLinesHandler: KindHandler = {
  kind: 'budgetLines',
  async plan(m: EntityManager, rows: ParsedRow[], ctx: PlanContext) {
    const years = [...new Set(rows.map((r) => r.values['fiscalYear'] as number))];
    const stored = new Map<string, BudgetLine>();
    for (const fy of years) for (const b of await m.find(BudgetLine, { where: { fiscalYear: fy } })) stored.set(`${b.fiscalYear}|${b.account}|${b.budgetCode}`, b);
    const seen = new Map<string, number>();
    const planned = rows.map((r) => {
      const p = new RowPlan(r.line, ctx);
      const v = r.values;
      const fy = v['fiscalYear'] as number;
      if (fy < 2000 || fy > 2100) p.error('fiscalYear', `年度「${fy}」が正しくありません（西暦4桁）。`);
      if (!/^[0-9A-Za-z]+(-[0-9A-Za-z]+)*$/.test(String(v['budgetCode']))) p.error('budgetCode', `予算科目コード「${v['budgetCode']}」は 08-02-01-15-01 の形で入力してください。`);
      if ((v['amount'] as number) < 0) p.error('amount', '予算現額が負の値です。');
      if (v['executed'] !== null && (v['executed'] as number) > (v['amount'] as number)) p.warn('executed', '執行済額が予算現額を超えています。');
      const key = keyOf(v);
      if (seen.has(key)) p.error('budgetCode', `${seen.get(key)}行目と同じ予算科目です。`);
      seen.set(key, r.line);
      const current = stored.get(key);
      p.action = !current ? 'create' : sameValues(current, fields(v)) ? 'unchanged' : 'update';
      return p;
    });
    return {
      rows: planned,
      async apply(tx, lines, progress) {
        let done = 0;
        for (const r of rows) {
          if (!lines.has(r.line)) continue;
          const current = stored.get(keyOf(r.values));
          if (current && sameValues(current, fields(r.values))) continue;
          await tx.save(current ? Object.assign(current, fields(r.values)) : tx.create(BudgetLine, { fiscalYear: r.values['fiscalYear'] as number, account: r.values['account'] as string, budgetCode: r.values['budgetCode'] as string, ...fields(r.values) }));
          if (++done % 200 === 0) await progress(done);
        }
      },
    };
  },
};

function fields(v: Record<string, unknown>) {
  return {
    budgetName: v['budgetName'] as string,
    departmentCode: (v['departmentCode'] as string | null) ?? null,
    projectName: (v['projectName'] as string | null) ?? null,
    amount: v['amount'] as number,
    executed: (v['executed'] as number | null) ?? null,
  };
}
