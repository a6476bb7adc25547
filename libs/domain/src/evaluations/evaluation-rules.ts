/**
 * 工事成績評定 (evaluation.md): a versioned rule set (items, raters, grades with points,
 * checklists, weights, deductions, rounding, bands) and the one calculation the server, the
 * live score on the rating sheet and the rule editor's preview all use.
 */
export type EvaluationCategory = 'construction' | 'survey';
export type RaterRole = 'chiefSupervisor' | 'generalSupervisor' | 'inspector';
/** The raters of a sheet: the three roles plus the interim (中間・既済部分) inspectors. */
export type RaterSlot = RaterRole | 'interimInspector';
export type ScoreRoundingMode = 'round' | 'floor' | 'ceil';

export const RATER_ROLES: readonly RaterRole[] = ['chiefSupervisor', 'generalSupervisor', 'inspector'];
export const RATER_LABELS: Record<RaterSlot, string> = {
  chiefSupervisor: '主任監督員',
  generalSupervisor: '総括監督員',
  inspector: '検査員',
  interimInspector: '検査員（中間・既済部分）',
};
export const SCORE_ROUNDING_LABELS: Record<ScoreRoundingMode, string> = { round: '四捨五入', floor: '切捨て', ceil: '切上げ' };
export const EVALUATION_CATEGORY_LABELS: Record<EvaluationCategory, string> = { construction: '建設工事', survey: '測量・建設コンサルタント等' };

export interface ScoreRounding {
  /** Decimal places kept: 0 = integer, 1 = one decimal. */
  decimals: number;
  mode: ScoreRoundingMode;
}

export interface GradeOption {
  /** a, a', b, b', c, d, e */
  grade: string;
  points: number;
  /** What the grade means, shown beside the choice (e.g. d = 改善指示書あり). */
  label?: string;
}

/** A statement of the checklist (評価対象項目); points only for additive criteria. */
export interface ChecklistStatement {
  key: string;
  text: string;
  points?: number;
}

/** At least `minTicked` ticked statements give `grade` (the highest matching rule wins). */
export interface ChecklistRule {
  minTicked: number;
  grade: string;
}

/**
 * One rater's part of a sub-item. `grade`: the rater chooses a grade (or it follows from the
 * checklist); `additive`: points = Σ points of the ticked statements (or entered), within `range`.
 */
export interface EvaluationCriterion {
  /** Unique within the rule set, e.g. `chief.2-1`. */
  key: string;
  rater: RaterRole;
  kind: 'grade' | 'additive';
  grades: GradeOption[];
  checklist: ChecklistStatement[];
  checklistRules: ChecklistRule[];
  range: { min: number; max: number } | null;
}

export interface EvaluationSubItem {
  key: string;
  /** Ⅰ, Ⅱ … */
  no: string;
  name: string;
  criteria: EvaluationCriterion[];
}

export interface EvaluationItem {
  key: string;
  no: number;
  name: string;
  subItems: EvaluationSubItem[];
}

export interface DeductionOption {
  key: string;
  label: string;
  /** Negative points, e.g. −5 for 口頭注意. */
  points: number;
  /** A 指名停止 of at least this many days is suggested as this entry (registry measures). */
  suspensionMinDays?: number | null;
}

export interface ScoreBand {
  band: string;
  /** Lowest final score of the band (inclusive); the last band has min 0 (or below). */
  min: number;
}

export interface EvaluationRuleDefinition {
  /** Each rater's score = baseScore + Σ points (65). */
  baseScore: number;
  items: EvaluationItem[];
  weights: {
    withoutInterim: { chiefSupervisor: number; generalSupervisor: number; inspector: number };
    withInterim: { chiefSupervisor: number; generalSupervisor: number; interimInspector: number; inspector: number };
  };
  deductions: DeductionOption[];
  raterRounding: ScoreRounding;
  /** Rounding of the weighted total before the deduction; null = none. */
  totalRounding: ScoreRounding | null;
  finalRounding: ScoreRounding;
  bands: ScoreBand[];
  /** Contracts with amount (tax-included) ≥ this are rated. */
  thresholdAmount: number;
}

export interface EvaluationRuleVersion {
  id?: number;
  code: string;
  name: string;
  category: EvaluationCategory;
  effectiveFrom: string;
  definition: EvaluationRuleDefinition;
}

/** What a rater entered for one criterion. */
export interface CriterionEntry {
  /** The chosen grade; when absent it follows from the checklist (grade criteria). */
  grade?: string | null;
  /** Keys of the ticked statements (stored, not only the grade). */
  ticked?: string[];
  /** Keys of statements struck out as not applicable. */
  struck?: string[];
  /** Additive criteria: points entered directly (else Σ ticked). */
  points?: number | null;
  reason?: string | null;
}
export type RaterEntries = Record<string, CriterionEntry>;

export interface EvaluationInput {
  chiefSupervisor?: RaterEntries | null;
  generalSupervisor?: RaterEntries | null;
  /** The completion inspection's inspector. */
  inspector?: RaterEntries | null;
  /** One entry set per interim / partial inspection rating; their mean is weighted. */
  interimInspectors?: RaterEntries[] | null;
  /** Keys of the deduction table chosen by the 総括監督員. */
  deductions?: string[] | null;
}

export interface CriterionScore {
  key: string;
  itemName: string;
  subItemName: string;
  grade: string | null;
  points: number;
  source: 'grade' | 'checklist' | 'additive' | 'none';
  ticked: number;
}

export interface RaterScore {
  rater: RaterSlot;
  /** Σ points. */
  points: number;
  /** baseScore + points, rounded by raterRounding. */
  score: number;
  criteria: CriterionScore[];
  /** Criterion keys still without a grade. */
  missing: string[];
}

export interface EvaluationResult {
  ruleVersion: string;
  chiefSupervisor: RaterScore;
  generalSupervisor: RaterScore;
  inspector: RaterScore;
  interimInspectors: RaterScore[];
  /** Mean of the interim inspectors' scores (rater rounding), null without interim. */
  interimMean: number | null;
  weighting: 'withInterim' | 'withoutInterim';
  total: number;
  /** Σ of the chosen deductions (≤ 0). */
  deduction: number;
  deductionKeys: string[];
  final: number;
  band: string | null;
  complete: boolean;
  steps: Array<{ label: string; formula: string; value: number }>;
}

export class EvaluationRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Removes binary floating-point noise (83 × 0.4 = 33.2000000004). */
const clean = (v: number) => Math.round(v * 1e9) / 1e9;

/** Rounds to `decimals` places; 四捨五入 rounds halves away from zero. */
export function roundScore(value: number, rounding: ScoreRounding | null | undefined): number {
  const v = clean(value);
  if (!rounding) return v;
  const f = 10 ** Math.max(0, Math.trunc(rounding.decimals));
  const q = clean(v * f);
  let n: number;
  if (rounding.mode === 'floor') n = Math.floor(q);
  else if (rounding.mode === 'ceil') n = Math.ceil(q);
  else n = Math.sign(q) * Math.round(Math.abs(q));
  return clean(n / f) + 0; // + 0 turns −0 into 0
}

export function allCriteria(def: EvaluationRuleDefinition): Array<EvaluationCriterion & { itemName: string; subItemName: string; itemNo: number; subItemNo: string }> {
  return def.items.flatMap((i) => i.subItems.flatMap((s) => s.criteria.map((c) => ({ ...c, itemName: i.name, subItemName: s.name, itemNo: i.no, subItemNo: s.no }))));
}

export function criteriaOf(def: EvaluationRuleDefinition, rater: RaterSlot) {
  const role: RaterRole = rater === 'interimInspector' ? 'inspector' : rater;
  return allCriteria(def).filter((c) => c.rater === role);
}

/** The grade a checklist gives for a count of ticked statements (null when no rule matches). */
export function gradeFromChecklist(rules: readonly ChecklistRule[], ticked: number): string | null {
  let best: ChecklistRule | null = null;
  for (const r of rules) if (ticked >= r.minTicked && (!best || r.minTicked > best.minTicked)) best = r;
  return best ? best.grade : null;
}

function scoreCriterion(c: ReturnType<typeof allCriteria>[number], entry: CriterionEntry | undefined, raterLabel: string): CriterionScore {
  const struck = new Set(entry?.struck ?? []);
  const ticked = (entry?.ticked ?? []).filter((k) => !struck.has(k));
  const base = { key: c.key, itemName: c.itemName, subItemName: c.subItemName, ticked: ticked.length };
  if (c.kind === 'additive') {
    const range = c.range ?? { min: 0, max: Number.POSITIVE_INFINITY };
    let points: number;
    if (entry?.points !== null && entry?.points !== undefined) {
      points = entry.points;
      if (!Number.isFinite(points) || points < range.min || points > range.max) {
        throw new EvaluationRuleError(`${c.key}.points`, `${raterLabel}の「${c.subItemName}」の点数は${range.min}〜${range.max}の範囲で入力してください。`);
      }
    } else {
      const byKey = new Map(c.checklist.map((s) => [s.key, s.points ?? 0]));
      points = Math.min(range.max, Math.max(range.min, clean(ticked.reduce((sum, k) => sum + (byKey.get(k) ?? 0), 0))));
    }
    return { ...base, grade: null, points, source: entry ? 'additive' : 'none' };
  }
  let grade = entry?.grade ?? null;
  let source: CriterionScore['source'] = grade ? 'grade' : 'none';
  if (!grade && c.checklistRules.length && entry?.ticked) {
    grade = gradeFromChecklist(c.checklistRules, ticked.length);
    source = grade ? 'checklist' : 'none';
  }
  if (!grade) return { ...base, grade: null, points: 0, source: 'none' };
  const option = c.grades.find((g) => g.grade === grade);
  if (!option) {
    throw new EvaluationRuleError(`${c.key}.grade`, `${raterLabel}の「${c.subItemName}」に評定「${grade}」はありません（${c.grades.map((g) => g.grade).join('・')}）。`);
  }
  return { ...base, grade, points: option.points, source };
}

/** One rater's score: baseScore + Σ points of that rater's criteria. Unknown keys are refused. */
export function raterScore(def: EvaluationRuleDefinition, rater: RaterSlot, entries: RaterEntries | null | undefined): RaterScore {
  const criteria = criteriaOf(def, rater);
  const label = RATER_LABELS[rater];
  const known = new Set(criteria.map((c) => c.key));
  for (const key of Object.keys(entries ?? {})) {
    if (!known.has(key)) throw new EvaluationRuleError(key, `${label}の評定項目に「${key}」はありません。`);
  }
  const scored = criteria.map((c) => scoreCriterion(c, entries?.[c.key], label));
  const points = clean(scored.reduce((s, c) => s + c.points, 0));
  return {
    rater,
    points,
    score: roundScore(def.baseScore + points, def.raterRounding),
    criteria: scored,
    missing: criteria.filter((c, i) => c.kind === 'grade' && scored[i].source === 'none').map((c) => c.key),
  };
}

export function bandOf(bands: readonly ScoreBand[], score: number): string | null {
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  for (const b of sorted) if (score >= b.min) return b.band;
  return sorted.length ? sorted[sorted.length - 1].band : null;
}

const fmt = (v: number) => v.toLocaleString('ja-JP', { maximumFractionDigits: 4 });

/** The whole rating: rater scores, weighting (with / without interim), deduction, final score and band. */
export function calculateEvaluation(rule: Pick<EvaluationRuleVersion, 'code' | 'definition'>, input: EvaluationInput): EvaluationResult {
  const def = rule.definition;
  const chief = raterScore(def, 'chiefSupervisor', input.chiefSupervisor);
  const general = raterScore(def, 'generalSupervisor', input.generalSupervisor);
  const inspector = raterScore(def, 'inspector', input.inspector);
  const interim = (input.interimInspectors ?? []).map((e) => raterScore(def, 'interimInspector', e));
  const steps: EvaluationResult['steps'] = [
    { label: RATER_LABELS.chiefSupervisor, formula: `${def.baseScore} + ${fmt(chief.points)}`, value: chief.score },
    { label: RATER_LABELS.generalSupervisor, formula: `${def.baseScore} + ${fmt(general.points)}`, value: general.score },
    { label: RATER_LABELS.inspector, formula: `${def.baseScore} + ${fmt(inspector.points)}`, value: inspector.score },
  ];
  let total: number;
  let interimMean: number | null = null;
  if (interim.length) {
    interimMean = roundScore(interim.reduce((s, r) => s + r.score, 0) / interim.length, def.raterRounding);
    const w = def.weights.withInterim;
    total = chief.score * w.chiefSupervisor + general.score * w.generalSupervisor + interimMean * w.interimInspector + inspector.score * w.inspector;
    steps.push({ label: '中間・既済部分検査（平均）', formula: interim.map((r) => fmt(r.score)).join('・'), value: interimMean });
    steps.push({
      label: '加重合計（中間検査あり）',
      formula: `${fmt(chief.score)}×${w.chiefSupervisor} + ${fmt(general.score)}×${w.generalSupervisor} + ${fmt(interimMean)}×${w.interimInspector} + ${fmt(inspector.score)}×${w.inspector}`,
      value: roundScore(total, def.totalRounding),
    });
  } else {
    const w = def.weights.withoutInterim;
    total = chief.score * w.chiefSupervisor + general.score * w.generalSupervisor + inspector.score * w.inspector;
    steps.push({
      label: '加重合計',
      formula: `${fmt(chief.score)}×${w.chiefSupervisor} + ${fmt(general.score)}×${w.generalSupervisor} + ${fmt(inspector.score)}×${w.inspector}`,
      value: roundScore(total, def.totalRounding),
    });
  }
  total = roundScore(total, def.totalRounding);
  const keys = [...new Set(input.deductions ?? [])];
  let deduction = 0;
  for (const key of keys) {
    const d = def.deductions.find((x) => x.key === key);
    if (!d) throw new EvaluationRuleError(`deductions`, `法令遵守等の減点に「${key}」はありません。`);
    deduction += d.points;
  }
  deduction = clean(deduction);
  const final = roundScore(total + deduction, def.finalRounding);
  steps.push({ label: '法令遵守等', formula: keys.length ? keys.map((k) => def.deductions.find((d) => d.key === k)?.label ?? k).join('・') : 'なし', value: deduction });
  steps.push({ label: '評定点', formula: `${fmt(total)} ${deduction < 0 ? '−' : '+'} ${fmt(Math.abs(deduction))}（${SCORE_ROUNDING_LABELS[def.finalRounding.mode]}）`, value: final });
  return {
    ruleVersion: rule.code,
    chiefSupervisor: chief,
    generalSupervisor: general,
    inspector,
    interimInspectors: interim,
    interimMean,
    weighting: interim.length ? 'withInterim' : 'withoutInterim',
    total,
    deduction,
    deductionKeys: keys,
    final,
    band: bandOf(def.bands, final),
    complete: !chief.missing.length && !general.missing.length && !inspector.missing.length && interim.every((r) => !r.missing.length),
    steps,
  };
}

/** The rule version in force on a date for a category: the latest effectiveFrom ≤ date. */
export function selectEvaluationRule<T extends { category: string; effectiveFrom: string }>(rules: readonly T[], category: string, date: string): T | null {
  let best: T | null = null;
  for (const r of rules) {
    if (r.category !== category || r.effectiveFrom > date) continue;
    if (!best || r.effectiveFrom > best.effectiveFrom) best = r;
  }
  return best;
}

/** Whether a contract is rated under a rule set: construction (or the rule's category) with amount ≥ the threshold. */
export function qualifiesForEvaluation(def: Pick<EvaluationRuleDefinition, 'thresholdAmount'>, amount: number): boolean {
  return amount >= def.thresholdAmount;
}

/**
 * The 法令遵守等 entry suggested for a 指名停止 of `days` days: the entry with the largest
 * `suspensionMinDays` not above it (null when none applies).
 */
export function suggestedSuspensionDeduction(def: Pick<EvaluationRuleDefinition, 'deductions'>, days: number): DeductionOption | null {
  let best: DeductionOption | null = null;
  for (const d of def.deductions) {
    if (d.suspensionMinDays === null || d.suspensionMinDays === undefined || days < d.suspensionMinDays) continue;
    if (!best || (d.suspensionMinDays ?? 0) > (best.suspensionMinDays ?? 0)) best = d;
  }
  return best;
}

export interface RuleProblem {
  field: string;
  message: string;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const WEIGHT_LABELS: Record<string, string> = { ...RATER_LABELS, interimInspector: '中間・既済部分検査員' };

/** Inconsistencies of a rule definition, in Japanese, with the field (relative to `definition`). Empty = acceptable. */
export function ruleSetProblems(def: EvaluationRuleDefinition): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!def || typeof def !== 'object') return [{ field: '', message: '評定要領の内容がありません。' }];
  if (!finite(def.baseScore) || def.baseScore < 0 || def.baseScore > 100) add('baseScore', '基礎点（baseScore）は0〜100の数値で入力してください。');
  if (!finite(def.thresholdAmount) || def.thresholdAmount < 0) add('thresholdAmount', '評定対象の契約金額（thresholdAmount）は0以上の金額で入力してください。');
  const keys = new Set<string>();
  const raters = new Set<RaterRole>();
  if (!Array.isArray(def.items) || !def.items.length) add('items', '考査項目（items）を1つ以上登録してください。');
  (def.items ?? []).forEach((item, i) => {
    if (!item.name) add(`items.${i}.name`, `考査項目${i + 1}の名称を入力してください。`);
    if (!item.subItems?.length) add(`items.${i}.subItems`, `考査項目「${item.name}」に細別がありません。`);
    (item.subItems ?? []).forEach((sub, j) => {
      const at = `items.${i}.subItems.${j}`;
      if (!sub.name) add(`${at}.name`, `考査項目「${item.name}」の細別${j + 1}の名称を入力してください。`);
      if (!sub.criteria?.length) add(`${at}.criteria`, `細別「${sub.name}」に評定者がいません。`);
      (sub.criteria ?? []).forEach((c, k) => {
        const cf = `${at}.criteria.${k}`;
        const where = `「${item.name}・${sub.name}」（${RATER_LABELS[c.rater] ?? c.rater}）`;
        if (!c.key) add(`${cf}.key`, `${where}のキーを入力してください。`);
        else if (keys.has(c.key)) add(`${cf}.key`, `評定項目のキー「${c.key}」が重複しています。`);
        keys.add(c.key);
        if (!(RATER_ROLES as readonly string[]).includes(c.rater)) add(`${cf}.rater`, `${where}の評定者が正しくありません。`);
        else raters.add(c.rater);
        const statementKeys = new Set<string>();
        (c.checklist ?? []).forEach((s, n) => {
          if (!s.key || statementKeys.has(s.key)) add(`${cf}.checklist.${n}.key`, `${where}の評価対象項目${n + 1}のキーが空か重複しています。`);
          statementKeys.add(s.key);
          if (!s.text) add(`${cf}.checklist.${n}.text`, `${where}の評価対象項目${n + 1}の文を入力してください。`);
          if (c.kind === 'additive' && !finite(s.points)) add(`${cf}.checklist.${n}.points`, `${where}の評価対象項目${n + 1}に点数がありません。`);
        });
        if (c.kind === 'grade') {
          if (!c.grades?.length) add(`${cf}.grades`, `${where}に評定（a〜e）がありません。`);
          const grades = new Set<string>();
          (c.grades ?? []).forEach((g, n) => {
            if (!g.grade) add(`${cf}.grades.${n}.grade`, `${where}の評定${n + 1}の記号を入力してください。`);
            else if (grades.has(g.grade)) add(`${cf}.grades.${n}.grade`, `${where}の評定「${g.grade}」が重複しています。`);
            grades.add(g.grade);
            if (!finite(g.points)) add(`${cf}.grades.${n}.points`, `${where}の評定「${g.grade}」に点数がありません。`);
          });
          (c.checklistRules ?? []).forEach((r, n) => {
            if (!Number.isInteger(r.minTicked) || r.minTicked < 0) add(`${cf}.checklistRules.${n}.minTicked`, `${where}の判定規則${n + 1}の該当数は0以上の整数で入力してください。`);
            if (!grades.has(r.grade)) add(`${cf}.checklistRules.${n}.grade`, `${where}の判定規則${n + 1}の評定「${r.grade}」は評定の一覧にありません。`);
          });
        } else if (c.kind === 'additive') {
          if (!c.range || !finite(c.range.min) || !finite(c.range.max) || c.range.min > c.range.max) add(`${cf}.range`, `${where}の加点の範囲（下限 ≤ 上限）を入力してください。`);
        } else {
          add(`${cf}.kind`, `${where}の種類は grade（評定）か additive（加点）です。`);
        }
      });
    });
  });
  const checkWeights = (name: 'withoutInterim' | 'withInterim', label: string) => {
    const w = def.weights?.[name] as Record<string, number> | undefined;
    if (!w) {
      add(`weights.${name}`, `${label}の重み（weights.${name}）を入力してください。`);
      return;
    }
    let sum = 0;
    for (const [slot, v] of Object.entries(w)) {
      if (!finite(v) || v < 0 || v > 1) add(`weights.${name}.${slot}`, `${label}の${WEIGHT_LABELS[slot] ?? slot}の重みは0〜1の数値で入力してください。`);
      else sum += v;
    }
    if (Math.abs(sum - 1) > 1e-9) add(`weights.${name}`, `${label}の重みの合計が1になりません（合計 ${clean(sum)}）。`);
  };
  checkWeights('withoutInterim', '中間検査なし');
  checkWeights('withInterim', '中間検査あり');
  for (const role of RATER_ROLES) if (!raters.has(role) && (def.items ?? []).length) add('items', `${RATER_LABELS[role]}の評定項目がありません。`);
  const dedKeys = new Set<string>();
  (def.deductions ?? []).forEach((d, i) => {
    if (!d.key || dedKeys.has(d.key)) add(`deductions.${i}.key`, `減点${i + 1}のキーが空か重複しています。`);
    dedKeys.add(d.key);
    if (!d.label) add(`deductions.${i}.label`, `減点${i + 1}の名称を入力してください。`);
    if (!finite(d.points) || d.points > 0) add(`deductions.${i}.points`, `減点「${d.label}」の点数は0以下の数値で入力してください。`);
  });
  const checkRounding = (field: string, r: ScoreRounding | null, label: string) => {
    if (!r) return;
    if (!Number.isInteger(r.decimals) || r.decimals < 0 || r.decimals > 3) add(`${field}.decimals`, `${label}の桁数は0〜3の整数で入力してください。`);
    if (!['round', 'floor', 'ceil'].includes(r.mode)) add(`${field}.mode`, `${label}の端数処理は四捨五入・切捨て・切上げのいずれかです。`);
  };
  if (!def.raterRounding) add('raterRounding', '評定者ごとの点の端数処理を入力してください。');
  else checkRounding('raterRounding', def.raterRounding, '評定者ごとの点');
  checkRounding('totalRounding', def.totalRounding, '加重合計');
  if (!def.finalRounding) add('finalRounding', '評定点の端数処理を入力してください。');
  else checkRounding('finalRounding', def.finalRounding, '評定点');
  const bandNames = new Set<string>();
  if (!def.bands?.length) add('bands', '評定の段階（bands）を1つ以上入力してください。');
  (def.bands ?? []).forEach((b, i) => {
    if (!b.band || bandNames.has(b.band)) add(`bands.${i}.band`, `段階${i + 1}の記号が空か重複しています。`);
    bandNames.add(b.band);
    if (!finite(b.min)) add(`bands.${i}.min`, `段階「${b.band}」の下限点を入力してください。`);
    if (i > 0 && finite(b.min) && finite(def.bands[i - 1].min) && b.min >= def.bands[i - 1].min) add(`bands.${i}.min`, `段階は下限点の高い順に並べてください（「${b.band}」）。`);
  });
  return problems;
}
