import { DEFAULT_EVALUATION_DEFINITION, DEFAULT_EVALUATION_RULES } from './default-evaluation-rules';
import {
  calculateEvaluation, criteriaOf, EvaluationInput, EvaluationRuleDefinition, EvaluationRuleError, gradeFromChecklist, qualifiesForEvaluation, raterScore, roundScore,
  ruleSetProblems, selectEvaluationRule, suggestedSuspensionDeduction,
} from './evaluation-rules';
import { addCalendarDays, explanationDeadline } from './evaluation-status';

const rule = DEFAULT_EVALUATION_RULES[0];
const copy = (): EvaluationRuleDefinition => JSON.parse(JSON.stringify(DEFAULT_EVALUATION_DEFINITION));
const withDef = (definition: EvaluationRuleDefinition) => ({ code: 'TEST', definition });

/** The worked example of evaluation.md, written out again by hand. */
const WORKED: EvaluationInput = {
  chiefSupervisor: {
    'chief.1-1': { grade: 'b' }, // +0.5
    'chief.1-2': { grade: 'b' }, // +1.5
    'chief.2-1': { grade: 'a' }, // +4
    'chief.2-2': { grade: 'b' }, // +2
    'chief.2-3': { grade: 'b' }, // +2.5
    'chief.2-4': { grade: 'c' }, // 0
    'chief.3-1': { grade: 'b' }, // +2
    'chief.3-2': { grade: 'b' }, // +2.5
    'chief.5-1': { ticked: ['c51-1', 'c51-3', 'c51-5'] }, // +3
  },
  generalSupervisor: {
    'general.2-2': { grade: 'b' }, // +1
    'general.2-3': { grade: 'a' }, // +3
    'general.4-1': { ticked: ['g41-1'] }, // +4
    'general.6-1': { grade: 'c' }, // +5
  },
  inspector: {
    'inspector.2-1': { grade: 'b' }, // +2.5
    'inspector.3-1': { grade: 'b' }, // +5
    'inspector.3-2': { grade: "b'" }, // +4
    'inspector.3-3': { grade: 'b' }, // +2.5
  },
  deductions: ['oralWarning'],
};

describe('worked example of evaluation.md', () => {
  const r = calculateEvaluation(rule, WORKED);
  it('rater scores 83.0, 78.0 and 79.0', () => {
    expect([r.chiefSupervisor.points, r.generalSupervisor.points, r.inspector.points]).toEqual([18, 13, 14]);
    expect([r.chiefSupervisor.score, r.generalSupervisor.score, r.inspector.score]).toEqual([83, 78, 79]);
  });
  it('weighted total 80.4 without interim inspection, 口頭注意 −5, final 75 (band B)', () => {
    expect(r.weighting).toBe('withoutInterim');
    expect(r.total).toBe(80.4);
    expect(r.deduction).toBe(-5);
    expect(r.final).toBe(75);
    expect(r.band).toBe('B');
    expect(r.complete).toBe(true);
    expect(r.ruleVersion).toBe('WORKS-EVAL-2016');
  });
  it('without the deduction the final score is 80', () => {
    expect(calculateEvaluation(rule, { ...WORKED, deductions: [] }).final).toBe(80);
  });
});

describe('weightings', () => {
  it('with an interim inspection: chief×0.4 + general×0.2 + mean(interim)×0.2 + completion×0.2', () => {
    const interimA = { 'inspector.2-1': { grade: 'a' }, 'inspector.3-1': { grade: 'a' }, 'inspector.3-2': { grade: 'b' }, 'inspector.3-3': { grade: 'c' } }; // 5+10+7.5+0 = 22.5 → 87.5
    const interimB = { 'inspector.2-1': { grade: 'c' }, 'inspector.3-1': { grade: 'c' }, 'inspector.3-2': { grade: 'c' }, 'inspector.3-3': { grade: 'c' } }; // 65.0
    const r = calculateEvaluation(rule, { ...WORKED, deductions: [], interimInspectors: [interimA, interimB] });
    expect(r.weighting).toBe('withInterim');
    expect(r.interimInspectors.map((x) => x.score)).toEqual([87.5, 65]);
    expect(r.interimMean).toBe(76.3); // (87.5 + 65) / 2 = 76.25 → 76.3 (1 decimal, 四捨五入)
    // 83×0.4 + 78×0.2 + 76.3×0.2 + 79×0.2 = 33.2 + 15.6 + 15.26 + 15.8 = 79.86 → 80
    expect(r.total).toBe(79.86);
    expect(r.final).toBe(80);
  });
  it('one interim inspection equal to the completion gives the same total as without', () => {
    const r = calculateEvaluation(rule, { ...WORKED, interimInspectors: [WORKED.inspector ?? {}] });
    expect(r.total).toBe(80.4);
  });
  it('uses the rule set’s weights, not fixed ones', () => {
    const def = copy();
    def.weights.withoutInterim = { chiefSupervisor: 0.5, generalSupervisor: 0.2, inspector: 0.3 };
    // 83×0.5 + 78×0.2 + 79×0.3 = 41.5 + 15.6 + 23.7 = 80.8 → −5 → 75.8 → 76
    const r = calculateEvaluation(withDef(def), WORKED);
    expect(r.total).toBe(80.8);
    expect(r.final).toBe(76);
  });
});

describe('deductions', () => {
  it('sums several measures (文書注意 −8 + 技術提案不履行 −3)', () => {
    const r = calculateEvaluation(rule, { ...WORKED, deductions: ['writtenWarning', 'proposalNotMet'] });
    expect(r.deduction).toBe(-11);
    expect(r.final).toBe(69); // 80.4 − 11 = 69.4
    expect(r.band).toBe('C');
  });
  it('指名停止 3か月以上 −20 drops to band D', () => {
    const r = calculateEvaluation(rule, { ...WORKED, deductions: ['suspension3m'] });
    expect(r.final).toBe(60);
    expect(r.band).toBe('D');
  });
  it('counts a repeated key once and refuses an unknown one', () => {
    expect(calculateEvaluation(rule, { ...WORKED, deductions: ['oralWarning', 'oralWarning'] }).deduction).toBe(-5);
    expect(() => calculateEvaluation(rule, { ...WORKED, deductions: ['nope'] })).toThrow(EvaluationRuleError);
  });
  it.each([
    [100, 'suspension3m', -20],
    [90, 'suspension3m', -20],
    [75, 'suspension2m', -15],
    [45, 'suspension1m', -13],
    [20, 'suspension2w', -10],
    [14, 'suspension2w', -10],
  ])('suggests the entry for a %d-day 指名停止: %s (%d)', (days, key, points) => {
    expect(suggestedSuspensionDeduction(DEFAULT_EVALUATION_DEFINITION, days)).toMatchObject({ key, points });
  });
  it('suggests nothing for a suspension shorter than two weeks', () => {
    expect(suggestedSuspensionDeduction(DEFAULT_EVALUATION_DEFINITION, 13)).toBeNull();
  });
});

describe('rounding modes', () => {
  it.each([
    [75.5, 0, 'round', 76],
    [75.49, 0, 'round', 75],
    [75.9, 0, 'floor', 75],
    [75.1, 0, 'ceil', 76],
    [75, 0, 'ceil', 75],
    [83.25, 1, 'round', 83.3],
    [83.25, 1, 'floor', 83.2],
    [83.21, 1, 'ceil', 83.3],
    [-2.5, 0, 'round', -3],
    [33.2 + 15.6 + 31.6, 1, 'round', 80.4],
  ] as const)('%d to %d decimals (%s) → %d', (v, decimals, mode, expected) => {
    expect(roundScore(v, { decimals, mode })).toBe(expected);
  });
  it('no rounding keeps the value without floating-point noise', () => {
    expect(roundScore(83 * 0.4 + 78 * 0.2 + 79 * 0.4, null)).toBe(80.4);
  });
  it('the final rounding mode changes the worked example: floor 75, ceil 76', () => {
    const floor = copy();
    floor.finalRounding = { decimals: 0, mode: 'floor' };
    const ceil = copy();
    ceil.finalRounding = { decimals: 0, mode: 'ceil' };
    const tenth = copy();
    tenth.finalRounding = { decimals: 1, mode: 'round' };
    expect(calculateEvaluation(withDef(floor), WORKED).final).toBe(75);
    expect(calculateEvaluation(withDef(ceil), WORKED).final).toBe(76);
    expect(calculateEvaluation(withDef(tenth), WORKED).final).toBe(75.4);
  });
  it('rater rounding applies to each rater score (integer floor: 83.5 → 83)', () => {
    const def = copy();
    def.raterRounding = { decimals: 0, mode: 'floor' };
    const r = raterScore(def, 'chiefSupervisor', { ...WORKED.chiefSupervisor, 'chief.2-4': { grade: 'b' } }); // +1 … 19 → 84
    expect(r.score).toBe(84);
    const half = raterScore(def, 'inspector', { 'inspector.2-1': { grade: 'b' } }); // 67.5 → 67
    expect(half.score).toBe(67);
  });
});

describe('checklists and additive items', () => {
  it('a grade follows from the number of ticked statements (struck statements do not count)', () => {
    const c = criteriaOf(DEFAULT_EVALUATION_DEFINITION, 'inspector').find((x) => x.key === 'inspector.2-1');
    expect(c?.checklistRules.length).toBeGreaterThan(0);
    const ticked = ['i21-1', 'i21-2', 'i21-3', 'i21-4', 'i21-5'];
    expect(raterScore(DEFAULT_EVALUATION_DEFINITION, 'inspector', { 'inspector.2-1': { ticked } }).criteria[0]).toMatchObject({ grade: 'a', points: 5, source: 'checklist' });
    expect(raterScore(DEFAULT_EVALUATION_DEFINITION, 'inspector', { 'inspector.2-1': { ticked, struck: ['i21-5', 'i21-4'] } }).criteria[0]).toMatchObject({ grade: 'b', points: 2.5 });
    expect(gradeFromChecklist([{ minTicked: 6, grade: 'a' }, { minTicked: 5, grade: "a'" }, { minTicked: 4, grade: 'b' }], 3)).toBeNull();
  });
  it('a chosen grade wins over the checklist (a judgment such as d = 改善指示)', () => {
    const r = raterScore(DEFAULT_EVALUATION_DEFINITION, 'inspector', { 'inspector.2-1': { ticked: ['i21-1', 'i21-2', 'i21-3', 'i21-4', 'i21-5'], grade: 'd' } });
    expect(r.criteria[0]).toMatchObject({ grade: 'd', points: -7.5, source: 'grade' });
  });
  it('工事特性 sums the ticked conditions within 0 … 20; a direct entry outside the range is refused', () => {
    const all = ['g41-1', 'g41-2', 'g41-3', 'g41-4', 'g41-5', 'g41-6']; // 4+4+4+3+3+2 = 20
    expect(raterScore(DEFAULT_EVALUATION_DEFINITION, 'generalSupervisor', { 'general.4-1': { ticked: all } }).points).toBe(20);
    expect(raterScore(DEFAULT_EVALUATION_DEFINITION, 'generalSupervisor', { 'general.4-1': { points: 12 } }).points).toBe(12);
    expect(() => raterScore(DEFAULT_EVALUATION_DEFINITION, 'generalSupervisor', { 'general.4-1': { points: 21 } })).toThrow(/0〜20/);
  });
  it('創意工夫 is capped at +7', () => {
    const def = copy();
    const c = def.items[4].subItems[0].criteria[0];
    c.checklist = c.checklist.map((s) => ({ ...s, points: 2 }));
    const ticked = c.checklist.map((s) => s.key);
    expect(raterScore(def, 'chiefSupervisor', { 'chief.5-1': { ticked } }).points).toBe(7);
  });
  it('reports the grade items still missing; the sheet is not complete', () => {
    const r = calculateEvaluation(rule, { ...WORKED, inspector: { 'inspector.2-1': { grade: 'b' } } });
    expect(r.inspector.missing).toEqual(['inspector.3-1', 'inspector.3-2', 'inspector.3-3']);
    expect(r.complete).toBe(false);
  });
  it('refuses another rater’s item and an unknown grade', () => {
    expect(() => raterScore(DEFAULT_EVALUATION_DEFINITION, 'inspector', { 'chief.1-1': { grade: 'a' } })).toThrow(/検査員の評定項目/);
    expect(() => raterScore(DEFAULT_EVALUATION_DEFINITION, 'inspector', { 'inspector.3-3': { grade: "a'" } })).toThrow(/評定「a'」はありません/);
  });
});

describe('rule versions and threshold', () => {
  const versions = [
    { code: 'A', category: 'construction', effectiveFrom: '2016-04-01' },
    { code: 'B', category: 'construction', effectiveFrom: '2024-04-01' },
    { code: 'S', category: 'survey', effectiveFrom: '2020-04-01' },
  ];
  it.each([
    ['construction', '2024-03-31', 'A'],
    ['construction', '2024-04-01', 'B'],
    ['survey', '2025-01-01', 'S'],
  ])('%s on %s → %s', (category, date, code) => {
    expect(selectEvaluationRule(versions, category, date)?.code).toBe(code);
  });
  it('nothing before the first version', () => {
    expect(selectEvaluationRule(versions, 'construction', '2015-01-01')).toBeNull();
  });
  it('rates contracts of 5,000,000 yen and more', () => {
    expect(qualifiesForEvaluation(DEFAULT_EVALUATION_DEFINITION, 5_000_000)).toBe(true);
    expect(qualifiesForEvaluation(DEFAULT_EVALUATION_DEFINITION, 4_999_999)).toBe(false);
  });
  it('explanation deadline: 14 calendar days after the notice, across month and year ends', () => {
    expect(explanationDeadline('2026-03-20', 14)).toBe('2026-04-03');
    expect(explanationDeadline('2026-12-25', 14)).toBe('2027-01-08');
    expect(addCalendarDays('2028-02-20', 14)).toBe('2028-03-05');
  });
});

describe('rule-set validation', () => {
  const fields = (def: EvaluationRuleDefinition) => ruleSetProblems(def).map((p) => p.field);
  it('the shipped default passes', () => {
    expect(ruleSetProblems(DEFAULT_EVALUATION_DEFINITION)).toEqual([]);
  });
  it('weights not summing to 1', () => {
    const def = copy();
    def.weights.withoutInterim.inspector = 0.3;
    def.weights.withInterim.interimInspector = 0.3;
    const problems = ruleSetProblems(def);
    expect(problems.map((p) => p.field)).toEqual(['weights.withoutInterim', 'weights.withInterim']);
    expect(problems[0].message).toContain('合計が1になりません（合計 0.9）');
  });
  it('a grade without points, a duplicate grade, a checklist rule naming a missing grade', () => {
    const def = copy();
    const c = def.items[0].subItems[0].criteria[0];
    (c.grades[1] as { points: unknown }).points = null;
    c.grades.push({ grade: 'a', points: 1 });
    c.checklistRules = [{ minTicked: 2, grade: 'z' }];
    expect(fields(def)).toEqual(['items.0.subItems.0.criteria.0.grades.1.points', 'items.0.subItems.0.criteria.0.grades.5.grade', 'items.0.subItems.0.criteria.0.checklistRules.0.grade']);
  });
  it('duplicate criterion keys, an additive range upside down, a statement without points', () => {
    const def = copy();
    def.items[0].subItems[1].criteria[0].key = 'chief.1-1';
    const add = def.items[3].subItems[0].criteria[0];
    add.range = { min: 10, max: 0 };
    delete add.checklist[0].points;
    expect(fields(def)).toEqual(['items.0.subItems.1.criteria.0.key', 'items.3.subItems.0.criteria.0.checklist.0.points', 'items.3.subItems.0.criteria.0.range']);
  });
  it('a positive deduction, bands out of order, a bad rounding, a rater without items', () => {
    const def = copy();
    def.deductions[0].points = 5;
    def.bands[2].min = 90;
    def.finalRounding = { decimals: 5, mode: 'round' };
    def.items = def.items.map((i) => ({ ...i, subItems: i.subItems.map((s) => ({ ...s, criteria: s.criteria.filter((c) => c.rater !== 'inspector') })).filter((s) => s.criteria.length) }));
    expect(fields(def)).toEqual(['items', 'deductions.0.points', 'finalRounding.decimals', 'bands.2.min']);
  });
});
