import { DataSource, In } from 'typeorm';
import {
  addCalendarDays, calculateEvaluation, criteriaOf, DEFAULT_EVALUATION_RULES, EvaluationRuleDefinition, explanationDeadline, fiscalYearOf, qualifiesForEvaluation, RaterEntries, RaterSlot,
  selectEvaluationRule, SETTING_DEFINITIONS,
} from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import { Department, PasswordService, User } from '@keiyaku/server/auth';
import { Contract, Inspection } from '@keiyaku/server/contracts';
import { Evaluation, EvaluationPart, EvaluationRuleSet, ExplanationRequest } from '@keiyaku/server/evaluations';
import { DEMO_PASSWORD } from './departments';
import { prng } from './demo-vendors';

export interface DemoEvaluationOptions {
  seed?: number;
  /** The demo's "today": works inspected within `pendingDays` of it are still being rated. */
  today?: Date;
  pendingDays?: number;
  /**
   * Contracts of fiscal years before it (the demo's finished history) are rated after the others
   * from their own random stream, so adding the history leaves the other ratings as they were.
   * Defaults to the fiscal year two before today's.
   */
  historyBefore?: number;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const defaultOf = <T>(key: string) => SETTING_DEFINITIONS.find((d) => d.key === key)!.default as T;

/** The demo's 総括監督員 (the seeded users have one supervisor only). */
export const DEMO_GENERAL_SUPERVISOR = { loginId: 'gsupervisor', name: '総括 七郎', nameKana: 'ソウカツ シチロウ', department: 'DOBOKU' };

/**
 * Entries a rater of a given skill would give: grades weighted towards b/c (better vendors get
 * more a), checklists ticked, additive items ticked from their statements.
 */
function entriesFor(def: EvaluationRuleDefinition, rater: RaterSlot, r: ReturnType<typeof prng>, skill: number): RaterEntries {
  const out: RaterEntries = {};
  for (const c of criteriaOf(def, rater)) {
    if (c.kind === 'additive') {
      const ticked = c.checklist.filter(() => r.chance(0.12 + 0.25 * skill)).map((s) => s.key);
      out[c.key] = { ticked };
      continue;
    }
    if (c.checklistRules.length && r.chance(0.5)) {
      out[c.key] = { ticked: c.checklist.filter(() => r.chance(0.35 + 0.4 * skill)).map((s) => s.key) };
      continue;
    }
    const names = c.grades.map((g) => g.grade);
    const x = r.next() - 0.25 * skill;
    // a / a' / b / b' / c … by thresholds; d and e are rare (written improvement orders).
    const pick = x < 0.12 ? names[0] : x < 0.55 ? (names.includes('b') ? (names.includes("a'") && x < 0.22 ? "a'" : names.includes("b'") && x > 0.45 ? "b'" : 'b') : names[1]) : x < 0.985 ? (names.includes('c') ? 'c' : names[2]) : names.includes('d') ? 'd' : names[names.length - 1];
    out[c.key] = { grade: pick };
  }
  return out;
}

/**
 * Rates the demo's finished works (the history years' too) under the rule set of their
 * completion date: confirmed and noticed ratings for works inspected more than `pendingDays` ago,
 * sheets still being rated for the rest; a few explanation requests. Consistent with the domain calculation (scores are its output).
 */
export async function seedDemoEvaluationsIfEmpty(ds: DataSource, audit: AuditService, options: DemoEvaluationOptions = {}): Promise<{ approved: number; pending: number }> {
  if (await ds.getRepository(Evaluation).exists()) return { approved: 0, pending: 0 };
  const main = prng(options.seed ?? 23);
  const past = prng((options.seed ?? 23) + 1000);
  const today = iso(options.today ?? new Date());
  const historyBefore = options.historyBefore ?? fiscalYearOf(today)! - 2;
  const pendingBefore = addCalendarDays(today, -(options.pendingDays ?? 30));
  const explanationDays = defaultOf<number>('evaluations.explanationDays');

  let rules = await ds.getRepository(EvaluationRuleSet).find({ where: { status: 'active' } });
  if (!rules.length) {
    const d = DEFAULT_EVALUATION_RULES[0];
    rules = [await ds.getRepository(EvaluationRuleSet).save({ code: d.code, name: d.name, category: d.category, effectiveFrom: d.effectiveFrom, status: 'active', definition: d.definition, basedOnId: null, notes: null })];
  }
  const contracts = (await ds.getRepository(Contract).find({ where: { status: In(['inspected', 'paid']) }, order: { inspectedOn: 'ASC', id: 'ASC' } })).filter((c) => c.inspectedOn);
  if (!contracts.length) return { approved: 0, pending: 0 };

  const users = ds.getRepository(User);
  let general = await users.findOneBy({ loginId: DEMO_GENERAL_SUPERVISOR.loginId });
  if (!general) {
    const dept = await ds.getRepository(Department).findOneBy({ code: DEMO_GENERAL_SUPERVISOR.department });
    general = await users.save(
      users.create({
        loginId: DEMO_GENERAL_SUPERVISOR.loginId, name: DEMO_GENERAL_SUPERVISOR.name, nameKana: DEMO_GENERAL_SUPERVISOR.nameKana, email: null, departmentId: dept?.id ?? null, roles: ['supervisor'],
        active: true, passwordHash: await new PasswordService().hash(DEMO_PASSWORD), failedAttempts: 0, lockedUntil: null, passwordChangedAt: null, mustChangePassword: false, lastLoginAt: null,
      }),
    );
  }
  const approver = (await users.findOneBy({ loginId: 'contract' })) ?? (await users.findOneBy({ loginId: 'admin' }));
  const inspections = await ds.getRepository(Inspection).find({ where: { result: 'passed', approvalStatus: 'approved' }, order: { inspectedDate: 'ASC', id: 'ASC' } });
  const skills = new Map<number, number>();
  const skillOf = (vendorId: number, r: ReturnType<typeof prng>) => {
    if (!skills.has(vendorId)) skills.set(vendorId, r.next() * 2 - 1);
    return skills.get(vendorId)!;
  };

  type Planned = { evaluation: Partial<Evaluation>; parts: Array<Partial<EvaluationPart>>; explanation: Partial<ExplanationRequest> | null };
  const planned: Planned[] = [];
  const isHistory = (c: Contract) => (c.fiscalYear ?? historyBefore) < historyBefore;
  for (const { c, r } of [...contracts.filter((c) => !isHistory(c)).map((c) => ({ c, r: main })), ...contracts.filter(isHistory).map((c) => ({ c, r: past }))]) {
    const ruleDate = c.completedOn ?? c.inspectedOn!;
    const rule = selectEvaluationRule(rules, c.category, ruleDate);
    if (!rule || !qualifiesForEvaluation(rule.definition, c.amount)) continue;
    const completion = inspections.filter((i) => i.contractId === c.id && i.kind === 'completion').pop();
    const interim = inspections.filter((i) => i.contractId === c.id && i.kind !== 'completion');
    const skill = skillOf(c.vendorId, r);
    const chief = entriesFor(rule.definition, 'chiefSupervisor', r, skill);
    const gen = entriesFor(rule.definition, 'generalSupervisor', r, skill);
    const insp = entriesFor(rule.definition, 'inspector', r, skill);
    const interimEntries = interim.map(() => entriesFor(rule.definition, 'interimInspector', r, skill));
    const deductions = r.chance(0.03) ? ['oralWarning'] : r.chance(0.01) ? ['writtenWarning'] : [];
    const result = calculateEvaluation(rule, { chiefSupervisor: chief, generalSupervisor: gen, inspector: insp, interimInspectors: interimEntries, deductions });
    const evaluatedOn = completion?.inspectedDate ?? c.inspectedOn!;
    const pending = evaluatedOn >= pendingBefore;
    const approvedOn = addCalendarDays(evaluatedOn, r.int(10, 25));
    const approved = !pending && approvedOn < today;
    const noticeDate = approved ? addCalendarDays(approvedOn, r.int(1, 5)) : null;
    const noticed = noticeDate && noticeDate <= today ? noticeDate : null;
    // A pending sheet has some parts still in draft.
    const submittedCount = approved ? 99 : r.int(0, 2);
    const partRows: Array<Partial<EvaluationPart>> = ([
      { rater: 'chiefSupervisor', seq: 0, userId: c.supervisorId, inspectionId: null, entries: chief, points: result.chiefSupervisor.points, score: result.chiefSupervisor.score },
      { rater: 'generalSupervisor', seq: 0, userId: general.id, inspectionId: null, entries: gen, points: result.generalSupervisor.points, score: result.generalSupervisor.score },
      { rater: 'inspector', seq: 0, userId: completion?.inspectorIds[0] ?? null, inspectionId: completion?.id ?? null, entries: insp, points: result.inspector.points, score: result.inspector.score },
      ...interim.map((i, n): Partial<EvaluationPart> => ({ rater: 'interimInspector', seq: n, userId: i.inspectorIds[0] ?? null, inspectionId: i.id, entries: interimEntries[n], points: result.interimInspectors[n].points, score: result.interimInspectors[n].score })),
    ] as Array<Partial<EvaluationPart>>).map((p, n) => ({ ...p, status: n < submittedCount ? 'submitted' : 'draft', submittedAt: n < submittedCount ? new Date(`${approved ? addCalendarDays(approvedOn, -2) : evaluatedOn}T02:00:00Z`) : null, returnComment: null, version: 1 }) as Partial<EvaluationPart>);
    const explanation: Partial<ExplanationRequest> | null =
      noticed && r.chance(0.03)
        ? (() => {
            const receivedOn = addCalendarDays(noticed, r.int(3, 12));
            const answeredOn = addCalendarDays(receivedOn, r.int(5, 14));
            const answered = answeredOn < today;
            return {
              kind: 'explanation', receivedOn, content: '品質及び出来ばえの評定の理由について説明を求める。', dueOn: addCalendarDays(receivedOn, explanationDays),
              answer: answered ? '検査時の出来形管理資料及び仕上げの状況により評定しました。' : null, answeredOn: answered ? answeredOn : null, answeredBy: answered ? '契約課長' : null, answerFileId: null,
              status: answered ? 'answered' : 'open', version: 1,
            } as Partial<ExplanationRequest>;
          })()
        : null;
    planned.push({
      evaluation: {
        contractId: c.id, revision: 1, previousId: null, ruleSetId: rule.id, ruleCode: rule.code, category: c.category, vendorId: c.vendorId, departmentId: c.departmentId, tradeCode: c.tradeCode,
        fiscalYear: fiscalYearOf(ruleDate)!, evaluatedOn, status: approved ? 'approved' : partRows.every((p) => p.status === 'submitted') ? 'submitted' : 'rating',
        chiefScore: result.chiefSupervisor.score, generalScore: result.generalSupervisor.score, inspectorScore: result.inspector.score, interimScore: result.interimMean, total: result.total,
        deduction: result.deduction, finalScore: result.final, band: result.band, complete: result.complete, deductionKeys: deductions,
        deductionReason: deductions.length ? '施工中の安全管理について注意を行った' : null,
        approvedAt: approved ? new Date(`${approvedOn}T05:00:00Z`) : null, approvedBy: approved ? (approver?.id ?? null) : null,
        noticeDate: noticed, explanationDeadline: noticed ? explanationDeadline(noticed, explanationDays) : null, correctionReason: null, version: 1,
      },
      parts: partRows,
      explanation,
    });
  }

  await ds.transaction(async (m) => {
    for (let i = 0; i < planned.length; i += 100) {
      await m.createQueryBuilder().insert().into(Evaluation).values(planned.slice(i, i + 100).map((p) => p.evaluation) as never).callListeners(false).updateEntity(false).execute();
    }
    const ids = new Map((await m.find(Evaluation, { select: { id: true, contractId: true } })).map((e) => [e.contractId, e.id]));
    const parts = planned.flatMap((p) => p.parts.map((x) => ({ ...x, evaluationId: ids.get(p.evaluation.contractId!)! })));
    for (let i = 0; i < parts.length; i += 150) await m.createQueryBuilder().insert().into(EvaluationPart).values(parts.slice(i, i + 150) as never).callListeners(false).updateEntity(false).execute();
    const requests = planned.filter((p) => p.explanation).map((p) => ({ ...p.explanation, evaluationId: ids.get(p.evaluation.contractId!)! }));
    if (requests.length) await m.createQueryBuilder().insert().into(ExplanationRequest).values(requests as never).callListeners(false).updateEntity(false).execute();
    const approved = planned.filter((p) => p.evaluation.status === 'approved').length;
    await audit.record({ action: 'seed', entity: 'Evaluation', summary: `デモ工事成績評定 ${planned.length}件（確定 ${approved}件、採点中 ${planned.length - approved}件、説明請求 ${requests.length}件）` }, m);
  });
  const approved = planned.filter((p) => p.evaluation.status === 'approved').length;
  return { approved, pending: planned.length - approved };
}
