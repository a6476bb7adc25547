import type { EntityManager } from 'typeorm';
import { bandOf, EvaluationCategory, fiscalYearOf, selectEvaluationRule } from '@keiyaku/domain';
import type { AuditService } from '@keiyaku/server/audit';
import { Contract } from '@keiyaku/server/contracts';
import { Evaluation, EvaluationRuleSet } from '@keiyaku/server/evaluations';
import { byKeys, insertAudited, KindHandler, ParsedRow, PlanContext, RowPlan } from './kind';

const RATED: EvaluationCategory[] = ['construction', 'survey'];

/**
 * 工事成績評定 of the legacy system: one approved sheet per contract with the raters' scores and
 * the final score as the old system computed them (kept as they were, not recomputed: the
 * rules of those years may differ). The rule version in force on the rating date (or the
 * earliest, for years before the first) gives the band. A contract already rated in keiyaku is
 * left alone; re-running the file changes nothing.
 */
export function legacyEvaluationsHandler(audit: AuditService): KindHandler {
  return {
    kind: 'legacyEvaluations',
    async plan(m: EntityManager, rows: ParsedRow[], ctx: PlanContext) {
      const contracts = new Map((await byKeys(m, Contract, 'contractNumber', rows.map((r) => r.values['contractNumber']))).map((c) => [c.contractNumber!, c]));
      const existing = new Map<number, Evaluation>();
      for (const e of await byKeys(m, Evaluation, 'contractId', [...contracts.values()].map((c) => c.id))) if (e.status !== 'superseded') existing.set(e.contractId, e);
      const rules = (await m.find(EvaluationRuleSet, { where: { status: 'active' } })).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
      const seen = new Map<string, number>();
      const next = new Map<number, Evaluation>();
      const planned = rows.map((r) => {
        const p = new RowPlan(r.line, ctx);
        const v = r.values;
        const number = v['contractNumber'] as string;
        const c = contracts.get(number);
        if (!c) return p.error('contractNumber', `契約番号「${number}」の契約がありません（契約を先に移行してください）。`);
        if (seen.has(number)) return p.error('contractNumber', `${seen.get(number)}行目と同じ契約の評定です。`);
        seen.set(number, r.line);
        const category = c.category as EvaluationCategory;
        if (!RATED.includes(category)) return p.error('contractNumber', `契約「${number}」は工事成績評定の対象の部門（建設工事・測量等）ではありません。`);
        const score = v['score'] as number;
        const deduction = (v['deduction'] as number | null) ?? 0;
        for (const f of ['chiefScore', 'generalScore', 'inspectorScore', 'interimScore', 'score'] as const) {
          const x = v[f] as number | null;
          if (x !== null && (x < 0 || x > 100)) p.error(f, `${x}点は0〜100点の範囲にありません。`);
        }
        if (deduction > 0) p.error('deduction', '法令遵守等減点は0以下（例: -5）で入力してください。');
        const evaluatedOn = v['evaluatedOn'] as string;
        if (c.contractDate && evaluatedOn < c.contractDate) p.error('evaluatedOn', `評定日（${evaluatedOn}）が契約日（${c.contractDate}）より前です。`);
        const rule = selectEvaluationRule(rules, category, evaluatedOn) ?? rules.find((x) => x.category === category);
        if (!rule) p.error(null, `部門の評定要領が登録されていません。`);
        if (!p.ok || !rule) return p;
        const current = existing.get(c.id);
        if (current) {
          // Already in keiyaku: the same rating again is unchanged, a different one is not overwritten.
          if (current.evaluatedOn === evaluatedOn && Number(current.finalScore) === score) p.action = 'unchanged';
          else p.error('contractNumber', `契約「${number}」には既に評定（${current.finalScore ?? '採点中'}点）があります。変更は評定の訂正で行ってください。`);
          return p;
        }
        next.set(
          r.line,
          m.create(Evaluation, {
            contractId: c.id,
            revision: 1,
            previousId: null,
            ruleSetId: rule.id,
            ruleCode: rule.code,
            category,
            vendorId: c.vendorId,
            departmentId: c.departmentId,
            tradeCode: c.tradeCode,
            fiscalYear: c.fiscalYear ?? fiscalYearOf(evaluatedOn)!,
            evaluatedOn,
            status: 'approved',
            chiefScore: (v['chiefScore'] as number | null) ?? null,
            generalScore: (v['generalScore'] as number | null) ?? null,
            inspectorScore: (v['inspectorScore'] as number | null) ?? null,
            interimScore: (v['interimScore'] as number | null) ?? null,
            total: Math.round((score - deduction) * 1000) / 1000,
            deduction,
            finalScore: score,
            band: bandOf(rule.definition.bands, score),
            complete: true,
            deductionKeys: [],
            deductionReason: deduction ? '移行データ（減点の内訳なし）' : null,
            approvedAt: new Date(`${evaluatedOn}T00:00:00Z`),
            approvedBy: null,
            noticeDate: null,
            explanationDeadline: null,
            correctionReason: null,
          }),
        );
        p.action = 'create';
        return p;
      });
      return {
        rows: planned,
        async apply(tx, lines, progress) {
          const created = [...next.entries()].filter(([line]) => lines.has(line)).map(([, e]) => e);
          await insertAudited(tx, ctx.simulated ? null : audit, Evaluation, created, { column: 'contractId', columns: ['status'], key: (e) => `${e.contractId}|${e.status}` }, progress);
        },
      };
    },
  };
}
