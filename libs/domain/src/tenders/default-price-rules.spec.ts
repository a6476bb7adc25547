import { DEFAULT_PRICE_RULES } from './default-price-rules';
import { calculatePrice, priceRuleProblems, PriceRuleVersion } from './price-rules';

// The tables of /work/shared/domain/pricing.md, written out again by hand.

/** The value, or a failing test when it is missing. */
const must = <T>(v: T | null | undefined): T => {
  if (v === null || v === undefined) throw new Error('missing value');
  return v;
};
const rule = (code: string): PriceRuleVersion => {
  const r = DEFAULT_PRICE_RULES.find((x) => x.code === code);
  if (!r) throw new Error(`no shipped rule ${code}`);
  return r;
};
const ratios = (r: PriceRuleVersion) => Object.fromEntries(r.definition.components.map((c) => [c.key, c.ratio]));

describe('shipped rule list', () => {
  it('has the four works versions and the five survey/consulting kinds, each code once', () => {
    expect(DEFAULT_PRICE_RULES.map((r) => r.code).sort()).toEqual(
      ['SURVEY-S10-2024', 'SURVEY-S20-2024', 'SURVEY-S30-2024', 'SURVEY-S40-2024', 'SURVEY-S50-2024', 'WORKS-2016', 'WORKS-2017', 'WORKS-2019', 'WORKS-2022'],
    );
  });
  it('passes its own validation', () => {
    for (const r of DEFAULT_PRICE_RULES) expect({ code: r.code, problems: priceRuleProblems(r.definition) }).toEqual({ code: r.code, problems: [] });
  });
});

describe('works versions (中央公契連モデル)', () => {
  it.each([
    ['WORKS-2016', '2016-04-01', 0.95, 0.9, 0.9, 0.55, 0.7, 0.9],
    ['WORKS-2017', '2017-04-01', 0.97, 0.9, 0.9, 0.55, 0.7, 0.9],
    ['WORKS-2019', '2019-04-01', 0.97, 0.9, 0.9, 0.55, 0.75, 0.92],
    ['WORKS-2022', '2022-04-01', 0.97, 0.9, 0.9, 0.68, 0.75, 0.92],
  ])('%s from %s: r_d %d, r_k %d, r_g %d, r_i %d, bounds %d … %d', (code, from, rd, rk, rg, ri, lower, upper) => {
    const r = rule(code);
    expect(r).toMatchObject({ category: 'construction', serviceKind: null, effectiveFrom: from });
    expect(ratios(r)).toEqual({ directCost: rd, commonTemporaryCost: rk, siteManagementCost: rg, generalAdminCost: ri });
    expect(r.definition.components.map((c) => c.label)).toEqual(['直接工事費', '共通仮設費', '現場管理費', '一般管理費等']);
    expect(r.definition).toMatchObject({ lower, upper, termRounding: null, resultRounding: null, fixedRateTrades: [], randomCoefficient: null });
  });
  it.each(['WORKS-2016', 'WORKS-2017', 'WORKS-2019', 'WORKS-2022'])('%s carries the building option (1/10, lifts 2/10, 直接工事費 → 現場管理費)', (code) => {
    expect(rule(code).definition.buildingAdjustment).toEqual({ fromKey: 'directCost', toKey: 'siteManagementCost', ratio: 0.1, liftRatio: 0.2 });
  });
  it.each(['WORKS-2016', 'WORKS-2017', 'WORKS-2019', 'WORKS-2022'])('%s carries a 失格判断基準価格 of 0.90/0.80/0.80/0.55', (code) => {
    const dq = must(rule(code).definition.disqualification);
    expect(Object.fromEntries(dq.components.map((c) => [c.key, c.ratio]))).toEqual({
      directCost: 0.9,
      commonTemporaryCost: 0.8,
      siteManagementCost: 0.8,
      generalAdminCost: 0.55,
    });
  });
  it('2016 vs 2017 differ only in r_d: D 10,000,000 alone gives 9,500,000 vs 9,700,000', () => {
    // P 12,000,000: bounds 8,400,000 … 10,800,000, both inside
    const input = { plannedPrice: 12_000_000, components: { directCost: 10_000_000 } };
    expect(calculatePrice(rule('WORKS-2016'), input).price).toBe(9_500_000);
    expect(calculatePrice(rule('WORKS-2017'), input).price).toBe(9_700_000);
  });
  it('2019 vs 2022 differ only in r_i: I 10,000,000 alone gives 5,500,000 vs 6,800,000 before clamping', () => {
    const input = { plannedPrice: 10_000_000, components: { generalAdminCost: 10_000_000 } };
    // both below P×0.75 = 7,500,000
    expect(calculatePrice(rule('WORKS-2019'), input)).toMatchObject({ base: 5_500_000, price: 7_500_000, clamped: 'lower' });
    expect(calculatePrice(rule('WORKS-2022'), input)).toMatchObject({ base: 6_800_000, price: 7_500_000, clamped: 'lower' });
  });
});

describe('survey and consulting kinds (R6)', () => {
  it.each([
    ['SURVEY-S10-2024', 'S10', { directSurveyCost: 1, surveyInvestigationCost: 1, overheadCost: 0.48 }, 0.6, 0.82],
    ['SURVEY-S40-2024', 'S40', { directInvestigationCost: 1, indirectInvestigationCost: 0.9, analysisCost: 0.8, overheadCost: 0.48 }, 2 / 3, 0.85],
    ['SURVEY-S30-2024', 'S30', { directLaborCost: 1, directExpense: 1, otherCost: 0.9, generalAdminCost: 0.48 }, 0.6, 0.8],
    ['SURVEY-S20-2024', 'S20', { directLaborCost: 1, technicalExpense: 0.6, specialExpense: 1, overheadCost: 0.6 }, 0.6, 0.8],
    ['SURVEY-S50-2024', 'S50', { directLaborCost: 1, directExpense: 1, otherCost: 0.9, generalAdminCost: 0.45 }, 0.6, 0.8],
  ])('%s (%s): ratios and bounds', (code, kind, expected, lower, upper) => {
    const r = rule(code);
    expect(r).toMatchObject({ category: 'survey', serviceKind: kind, effectiveFrom: '2024-04-01' });
    expect(ratios(r)).toEqual(expected);
    expect(r.definition.lower).toBeCloseTo(lower, 12);
    expect(r.definition.upper).toBe(upper);
    expect(r.definition.buildingAdjustment).toBeNull();
    expect(r.definition.disqualification).toBeNull();
  });

  it('測量: 直接測量費 + 測量調査費 + 諸経費×0.48', () => {
    // 6,000,000 + 1,000,000 + 2,000,000×0.48 (960,000) = 7,960,000; P 10,000,000 → 6,000,000 … 8,200,000
    const r = calculatePrice(rule('SURVEY-S10-2024'), {
      plannedPrice: 10_000_000,
      components: { directSurveyCost: 6_000_000, surveyInvestigationCost: 1_000_000, overheadCost: 2_000_000 },
    });
    expect(r).toMatchObject({ base: 7_960_000, lowerBound: 6_000_000, upperBound: 8_200_000, price: 7_960_000, clamped: null, ruleVersion: 'SURVEY-S10-2024' });
    // P 9,000,000 → upper 7,380,000
    const capped = calculatePrice(rule('SURVEY-S10-2024'), {
      plannedPrice: 9_000_000,
      components: { directSurveyCost: 6_000_000, surveyInvestigationCost: 1_000_000, overheadCost: 2_000_000 },
    });
    expect(capped).toMatchObject({ price: 7_380_000, clamped: 'upper' });
  });
  it('地質調査: 直接調査費 + 間接調査費×0.9 + 解析等調査業務費×0.8 + 諸経費×0.48, bounds 2/3 … 0.85', () => {
    // 5,000,000 + 900,000 + 800,000 + 960,000 = 7,660,000
    const components = { directInvestigationCost: 5_000_000, indirectInvestigationCost: 1_000_000, analysisCost: 1_000_000, overheadCost: 2_000_000 };
    const r = calculatePrice(rule('SURVEY-S40-2024'), { plannedPrice: 10_000_000, components });
    expect(r).toMatchObject({ base: 7_660_000, upperBound: 8_500_000, price: 7_660_000, clamped: null });
    expect(r.lowerBound).toBeCloseTo(6_666_666.67, 2);
    // P 8,000,000 → upper 6,800,000
    expect(calculatePrice(rule('SURVEY-S40-2024'), { plannedPrice: 8_000_000, components })).toMatchObject({ price: 6_800_000, clamped: 'upper' });
  });
  it('土木コンサル: 直接人件費 + 直接経費 + その他原価×0.9 + 一般管理費等×0.48', () => {
    // 4,000,000 + 500,000 + 2,700,000 + 960,000 = 8,160,000; P 11,000,000 → 6,600,000 … 8,800,000
    const r = calculatePrice(rule('SURVEY-S30-2024'), {
      plannedPrice: 11_000_000,
      components: { directLaborCost: 4_000_000, directExpense: 500_000, otherCost: 3_000_000, generalAdminCost: 2_000_000 },
    });
    expect(r).toMatchObject({ base: 8_160_000, lowerBound: 6_600_000, upperBound: 8_800_000, price: 8_160_000, clamped: null });
  });
  it('補償コンサル: the same with 一般管理費等×0.45', () => {
    // 4,000,000 + 500,000 + 2,700,000 + 900,000 = 8,100,000
    const r = calculatePrice(rule('SURVEY-S50-2024'), {
      plannedPrice: 11_000_000,
      components: { directLaborCost: 4_000_000, directExpense: 500_000, otherCost: 3_000_000, generalAdminCost: 2_000_000 },
    });
    expect(r).toMatchObject({ base: 8_100_000, price: 8_100_000, clamped: null });
  });
  it('建築コンサル: 直接人件費 + 技術経費×0.6 + 特別経費 + 諸経費×0.6', () => {
    // 4,000,000 + 1,200,000 + 300,000 + 1,500,000 = 7,000,000; P 10,000,000 → 6,000,000 … 8,000,000
    const r = calculatePrice(rule('SURVEY-S20-2024'), {
      plannedPrice: 10_000_000,
      components: { directLaborCost: 4_000_000, technicalExpense: 2_000_000, specialExpense: 300_000, overheadCost: 2_500_000 },
    });
    expect(r).toMatchObject({ base: 7_000_000, lowerBound: 6_000_000, upperBound: 8_000_000, price: 7_000_000, clamped: null });
    // only 直接人件費 3,000,000 → below 6,000,000
    expect(calculatePrice(rule('SURVEY-S20-2024'), { plannedPrice: 10_000_000, components: { directLaborCost: 3_000_000 } })).toMatchObject({
      price: 6_000_000,
      clamped: 'lower',
    });
  });
});
