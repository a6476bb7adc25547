import { DEFAULT_PRICE_RULES } from './default-price-rules';
import {
  calculatePrice,
  drawRandomCoefficient,
  PriceRuleDefinition,
  PriceRuleError,
  priceRuleProblems,
  PriceRuleVersion,
  Rounding,
  roundYen,
  selectRuleVersion,
} from './price-rules';

// Every expected figure below is worked out by hand from /work/shared/domain/pricing.md.

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
const withDefinition = (code: string, extra: Partial<PriceRuleDefinition>): PriceRuleVersion => {
  const r = rule(code);
  return { ...r, code: `${code}-TEST`, definition: { ...r.definition, ...extra } };
};

/** The worked example of pricing.md: D 60,000,000 · K 5,000,000 · G 15,000,000 · I 10,000,000 · P 90,000,000. */
const EXAMPLE = {
  plannedPrice: 90_000_000,
  components: { directCost: 60_000_000, commonTemporaryCost: 5_000_000, siteManagementCost: 15_000_000, generalAdminCost: 10_000_000 },
};

/** Throws a PriceRuleError naming `field`, with a Japanese message. */
const expectRuleError = (fn: () => unknown, field: string, messagePart: string) => {
  let error: unknown = null;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(PriceRuleError);
  expect((error as PriceRuleError).field).toBe(field);
  expect((error as PriceRuleError).message).toContain(messagePart);
};

describe('worked example (pricing.md, 2022 version, no rounding)', () => {
  const result = calculatePrice(rule('WORKS-2022'), EXAMPLE);

  it('sums 58,200,000 + 4,500,000 + 13,500,000 + 6,800,000 = 83,000,000', () => {
    expect(result.steps.slice(0, 4).map((s) => s.value)).toEqual([58_200_000, 4_500_000, 13_500_000, 6_800_000]);
    expect(result.base).toBe(83_000_000);
  });
  it('bounds 67,500,000 … 82,800,000 and caps the price at 92 %: 82,800,000', () => {
    expect(result.lowerBound).toBe(67_500_000);
    expect(result.upperBound).toBe(82_800_000);
    expect(result.price).toBe(82_800_000);
    expect(result.minimumPrice).toBe(82_800_000);
    expect(result.clamped).toBe('upper');
  });
  it('is a minimum price by default, recording the rule version and nothing else', () => {
    expect(result).toMatchObject({
      lowBidThreshold: null,
      disqualificationPrice: null,
      fixedRate: null,
      randomCoefficient: null,
      overridden: false,
      ruleVersion: 'WORKS-2022',
    });
  });
});

describe('every shipped works version on the worked example inputs', () => {
  // 2016: 57,000,000 + 4,500,000 + 13,500,000 + 5,500,000 = 80,500,000; bounds 63,000,000 … 81,000,000
  // 2017: 58,200,000 + 4,500,000 + 13,500,000 + 5,500,000 = 81,700,000; bounds 63,000,000 … 81,000,000 → upper
  // 2019: 81,700,000; bounds 67,500,000 … 82,800,000 → inside
  // 2022: 83,000,000; bounds 67,500,000 … 82,800,000 → upper
  it.each([
    ['WORKS-2016', 80_500_000, 63_000_000, 81_000_000, 80_500_000, null],
    ['WORKS-2017', 81_700_000, 63_000_000, 81_000_000, 81_000_000, 'upper'],
    ['WORKS-2019', 81_700_000, 67_500_000, 82_800_000, 81_700_000, null],
    ['WORKS-2022', 83_000_000, 67_500_000, 82_800_000, 82_800_000, 'upper'],
  ])('%s: base %d, bounds %d … %d, price %d (clamped %s)', (code, base, lower, upper, price, clamped) => {
    const r = calculatePrice(rule(code), EXAMPLE);
    expect(r).toMatchObject({ base, lowerBound: lower, upperBound: upper, price, minimumPrice: price, clamped, ruleVersion: code });
  });
});

describe('clamping', () => {
  it('raises a base below P×lower to the lower bound', () => {
    // 30,000,000×0.97 + 2,000,000×0.9 + 5,000,000×0.9 + 3,000,000×0.68 = 29,100,000 + 1,800,000 + 4,500,000 + 2,040,000
    const r = calculatePrice(rule('WORKS-2022'), {
      plannedPrice: 90_000_000,
      components: { directCost: 30_000_000, commonTemporaryCost: 2_000_000, siteManagementCost: 5_000_000, generalAdminCost: 3_000_000 },
    });
    expect(r.base).toBe(37_440_000);
    expect(r).toMatchObject({ price: 67_500_000, minimumPrice: 67_500_000, clamped: 'lower' });
  });
  it('keeps a base exactly on either bound without calling it clamped', () => {
    // 2016: only D, 60,000,000×0.95 = 57,000,000 … choose P so that P×0.90 = 57,000,000 → P = 63,333,333.33; use G instead:
    // G 70,000,000 × 0.9 = 63,000,000 = 90,000,000 × 0.70 (lower bound of 2016)
    const atLower = calculatePrice(rule('WORKS-2016'), { plannedPrice: 90_000_000, components: { siteManagementCost: 70_000_000 } });
    expect(atLower).toMatchObject({ base: 63_000_000, price: 63_000_000, clamped: null });
    // G 90,000,000 × 0.9 = 81,000,000 = 90,000,000 × 0.90 (upper bound of 2016)
    const atUpper = calculatePrice(rule('WORKS-2016'), { plannedPrice: 90_000_000, components: { siteManagementCost: 90_000_000 } });
    expect(atUpper).toMatchObject({ base: 81_000_000, price: 81_000_000, clamped: null });
  });
  it('treats a missing component as 0 yen', () => {
    // 2022, only D: 60,000,000 × 0.97 = 58,200,000 < 67,500,000
    const r = calculatePrice(rule('WORKS-2022'), { plannedPrice: 90_000_000, components: { directCost: 60_000_000 } });
    expect(r).toMatchObject({ base: 58_200_000, price: 67_500_000, clamped: 'lower' });
  });
});

describe('roundYen', () => {
  it('returns the value (without float noise) when there is no rounding', () => {
    expect(roundYen(60_000_000 * 0.97, null)).toBe(58_200_000);
    expect(roundYen(1234.5, undefined)).toBe(1234.5);
  });
  it.each<[number, Rounding, number]>([
    [12_345.5, { unit: 1, direction: 'down' }, 12_345],
    [12_345.5, { unit: 1, direction: 'up' }, 12_346],
    [12_345.4, { unit: 1, direction: 'nearest' }, 12_345],
    [12_345.5, { unit: 1, direction: 'nearest' }, 12_346],
    [12_345, { unit: 1_000, direction: 'down' }, 12_000],
    [12_345, { unit: 1_000, direction: 'up' }, 13_000],
    [12_345, { unit: 1_000, direction: 'nearest' }, 12_000],
    [12_500, { unit: 1_000, direction: 'nearest' }, 13_000],
    [12_499, { unit: 1_000, direction: 'nearest' }, 12_000],
    [12_000, { unit: 1_000, direction: 'up' }, 12_000],
    [15_000, { unit: 10_000, direction: 'down' }, 10_000],
    [15_000, { unit: 10_000, direction: 'nearest' }, 20_000],
    [10_001, { unit: 10_000, direction: 'up' }, 20_000],
    [25_000, { unit: 10_000, direction: 'nearest' }, 30_000],
  ])('%d with %o → %d', (value, rounding, expected) => {
    expect(roundYen(value, rounding)).toBe(expected);
  });
  it('does not round float noise up (60,000,000 × 0.97 = 58,200,000.000000004)', () => {
    expect(roundYen(60_000_000 * 0.97, { unit: 1, direction: 'up' })).toBe(58_200_000);
    expect(roundYen(60_000_000 * 0.97, { unit: 10_000, direction: 'up' })).toBe(58_200_000);
    expect(roundYen(0.1 + 0.2, { unit: 1, direction: 'up' })).toBe(1);
  });
});

describe('rounding options in a rule set', () => {
  // 2022, P 20,000,000 (bounds 15,000,000 … 18,400,000), terms:
  // D 12,345,678 × 0.97 = 11,975,307.66 · K 1,234,567 × 0.9 = 1,111,110.3
  // G 2,345,678 × 0.9 = 2,111,110.2 · I 1,111,111 × 0.68 = 755,555.48 → 15,953,083.64 unrounded
  const input = {
    plannedPrice: 20_000_000,
    components: { directCost: 12_345_678, commonTemporaryCost: 1_234_567, siteManagementCost: 2_345_678, generalAdminCost: 1_111_111 },
  };

  it('without rounding keeps the fractions', () => {
    const r = calculatePrice(rule('WORKS-2022'), input);
    expect(r.base).toBeCloseTo(15_953_083.64, 4);
    expect(r.price).toBeCloseTo(15_953_083.64, 4);
    expect(r.clamped).toBeNull();
  });

  it.each<[number, Rounding['direction'], number[], number]>([
    [1, 'down', [11_975_307, 1_111_110, 2_111_110, 755_555], 15_953_082],
    [1, 'up', [11_975_308, 1_111_111, 2_111_111, 755_556], 15_953_086],
    [1, 'nearest', [11_975_308, 1_111_110, 2_111_110, 755_555], 15_953_083],
    [1_000, 'down', [11_975_000, 1_111_000, 2_111_000, 755_000], 15_952_000],
    [1_000, 'up', [11_976_000, 1_112_000, 2_112_000, 756_000], 15_956_000],
    [1_000, 'nearest', [11_975_000, 1_111_000, 2_111_000, 756_000], 15_953_000],
    [10_000, 'down', [11_970_000, 1_110_000, 2_110_000, 750_000], 15_940_000],
    [10_000, 'up', [11_980_000, 1_120_000, 2_120_000, 760_000], 15_980_000],
    [10_000, 'nearest', [11_980_000, 1_110_000, 2_110_000, 760_000], 15_960_000],
  ])('per term: unit %d, %s → terms %o, base %d', (unit, direction, terms, base) => {
    const r = calculatePrice(withDefinition('WORKS-2022', { termRounding: { unit, direction } }), input);
    expect(r.steps.slice(0, 4).map((s) => s.value)).toEqual(terms);
    expect(r.base).toBe(base);
    expect(r.price).toBe(base);
  });

  it.each<[number, Rounding['direction'], number]>([
    [1, 'down', 15_953_083],
    [1, 'up', 15_953_084],
    [1, 'nearest', 15_953_084],
    [1_000, 'down', 15_953_000],
    [1_000, 'up', 15_954_000],
    [1_000, 'nearest', 15_953_000],
    [10_000, 'down', 15_950_000],
    [10_000, 'up', 15_960_000],
    [10_000, 'nearest', 15_950_000],
  ])('on the result: unit %d, %s → %d', (unit, direction, price) => {
    const r = calculatePrice(withDefinition('WORKS-2022', { resultRounding: { unit, direction } }), input);
    expect(r.base).toBeCloseTo(15_953_083.64, 4);
    expect(r.price).toBe(price);
    expect(r.minimumPrice).toBe(price);
    expect(r.steps.find((s) => s.label === '端数処理')?.value).toBe(price);
  });

  it('rounds the result after clamping (地質調査 lower bound 2/3 of P)', () => {
    // P 10,000,000 × 2/3 = 6,666,666.67; base 3,000,000 is below → 6,666,666.67 → 1円未満切捨て 6,666,666
    const plain = calculatePrice(rule('SURVEY-S40-2024'), { plannedPrice: 10_000_000, components: { directInvestigationCost: 3_000_000 } });
    expect(plain.clamped).toBe('lower');
    expect(plain.price).toBeCloseTo(20_000_000 / 3, 3);
    const rounded = calculatePrice(withDefinition('SURVEY-S40-2024', { resultRounding: { unit: 1, direction: 'down' } }), {
      plannedPrice: 10_000_000,
      components: { directInvestigationCost: 3_000_000 },
    });
    expect(rounded.price).toBe(6_666_666);
    const thousands = calculatePrice(withDefinition('SURVEY-S40-2024', { resultRounding: { unit: 1_000, direction: 'up' } }), {
      plannedPrice: 10_000_000,
      components: { directInvestigationCost: 3_000_000 },
    });
    expect(thousands.price).toBe(6_667_000);
  });
});

describe('building adjustment (建築工事)', () => {
  it('building: moves 直接工事費×1/10 to 現場管理費 before the ratios', () => {
    // D 60,000,000 → moved 6,000,000: D 54,000,000, G 21,000,000
    // 54,000,000×0.97 + 5,000,000×0.9 + 21,000,000×0.9 + 10,000,000×0.68
    // = 52,380,000 + 4,500,000 + 18,900,000 + 6,800,000 = 82,580,000 (inside 67,500,000 … 82,800,000)
    const r = calculatePrice(rule('WORKS-2022'), { ...EXAMPLE, building: 'building' });
    expect(r.steps[0].value).toBe(6_000_000);
    expect(r.steps[0].label).toContain('10分の1');
    expect(r.steps.slice(1, 5).map((s) => s.value)).toEqual([52_380_000, 4_500_000, 18_900_000, 6_800_000]);
    expect(r).toMatchObject({ base: 82_580_000, price: 82_580_000, clamped: null });
  });
  it('lift: moves ×2/10', () => {
    // moved 12,000,000: D 48,000,000, G 27,000,000
    // 46,560,000 + 4,500,000 + 24,300,000 + 6,800,000 = 82,160,000
    const r = calculatePrice(rule('WORKS-2022'), { ...EXAMPLE, building: 'lift' });
    expect(r.steps[0].value).toBe(12_000_000);
    expect(r.steps[0].label).toContain('10分の2');
    expect(r).toMatchObject({ base: 82_160_000, price: 82_160_000, clamped: null });
  });
  it('moves whole yen only (the moved amount is rounded down)', () => {
    // D 1,234,567 × 0.1 = 123,456.7 → 123,456 moved: D 1,111,111, G 123,456
    // 2016: 1,111,111 × 0.95 = 1,055,555.45; 123,456 × 0.9 = 111,110.4 → 1,166,665.85
    const r = calculatePrice(rule('WORKS-2016'), { plannedPrice: 1_500_000, components: { directCost: 1_234_567 }, building: 'building' });
    expect(r.steps[0].value).toBe(123_456);
    expect(r.base).toBeCloseTo(1_166_665.85, 4);
  });
  it('does nothing for building none / not given', () => {
    expect(calculatePrice(rule('WORKS-2022'), { ...EXAMPLE, building: 'none' }).base).toBe(83_000_000);
    expect(calculatePrice(rule('WORKS-2022'), { ...EXAMPLE, building: null }).base).toBe(83_000_000);
  });
  it('does nothing when the rule has no adjustment', () => {
    expect(calculatePrice(withDefinition('WORKS-2022', { buildingAdjustment: null }), { ...EXAMPLE, building: 'lift' }).base).toBe(83_000_000);
  });
});

describe('fixed-rate trades', () => {
  const demolition = withDefinition('WORKS-2016', { fixedRateTrades: [{ tradeCode: '290', rate: 0.7 }] });

  it('prices 解体 at P×0.70 instead of the formula', () => {
    // 90,000,000 × 0.70 = 63,000,000 (2016 bounds 63,000,000 … 81,000,000)
    const r = calculatePrice(demolition, { ...EXAMPLE, tradeCode: '290' });
    expect(r).toMatchObject({ base: 63_000_000, price: 63_000_000, minimumPrice: 63_000_000, fixedRate: 0.7, clamped: null });
  });
  it('uses the formula for other trades', () => {
    const r = calculatePrice(demolition, { ...EXAMPLE, tradeCode: '010' });
    expect(r).toMatchObject({ base: 80_500_000, price: 80_500_000, fixedRate: null });
    expect(calculatePrice(demolition, EXAMPLE).fixedRate).toBeNull();
  });
  it('takes the rate of the matching trade among several', () => {
    // 90,000,000 × 0.80 = 72,000,000 (2022 bounds 67,500,000 … 82,800,000)
    const r = calculatePrice(
      withDefinition('WORKS-2022', { fixedRateTrades: [{ tradeCode: '290', rate: 0.76 }, { tradeCode: '200', rate: 0.8 }] }),
      { ...EXAMPLE, tradeCode: '200' },
    );
    expect(r).toMatchObject({ price: 72_000_000, fixedRate: 0.8 });
  });
  it('keeps the fixed rate even below the version\'s lower bound (pricing.md: demolition = P×0.70)', () => {
    // 2022 bounds start at 75 %: 90,000,000 × 0.70 = 63,000,000 stays, it is not raised to 67,500,000.
    const r = calculatePrice(withDefinition('WORKS-2022', { fixedRateTrades: [{ tradeCode: '290', rate: 0.7 }] }), { ...EXAMPLE, tradeCode: '290' });
    expect(r).toMatchObject({ price: 63_000_000, minimumPrice: 63_000_000, lowerBound: 67_500_000, clamped: null });
  });
});

describe('random coefficient', () => {
  const random = withDefinition('WORKS-2022', { randomCoefficient: { min: 0.995, max: 1.0049 } });
  // D 55,000,000: 53,350,000 + 4,500,000 + 13,500,000 + 6,800,000 = 78,150,000
  const inside = { ...EXAMPLE, components: { ...EXAMPLE.components, directCost: 55_000_000 } };

  it('multiplies the drawn coefficient into the base and records it', () => {
    // 78,150,000 × 0.9981 = 78,150,000 − 148,485 = 78,001,515
    const r = calculatePrice(random, { ...inside, randomCoefficient: 0.9981 });
    expect(r).toMatchObject({ base: 78_001_515, price: 78_001_515, randomCoefficient: 0.9981, clamped: null });
  });
  it('applies it before clamping', () => {
    // 83,000,000 × 0.995 = 82,585,000: now inside the bounds (after clamping it would be 82,386,000)
    const low = calculatePrice(random, { ...EXAMPLE, randomCoefficient: 0.995 });
    expect(low).toMatchObject({ base: 82_585_000, price: 82_585_000, clamped: null });
    // 83,000,000 × 1.0049 = 83,406,700 → capped at 82,800,000
    const high = calculatePrice(random, { ...EXAMPLE, randomCoefficient: 1.0049 });
    expect(high).toMatchObject({ base: 83_406_700, price: 82_800_000, clamped: 'upper', randomCoefficient: 1.0049 });
  });
  it('applies none before it is drawn (the preview)', () => {
    const r = calculatePrice(random, inside);
    expect(r).toMatchObject({ base: 78_150_000, randomCoefficient: null });
  });
  it('refuses a coefficient outside the range, naming the field', () => {
    expectRuleError(() => calculatePrice(random, { ...inside, randomCoefficient: 0.9949 }), 'randomCoefficient', 'ランダム係数');
    expectRuleError(() => calculatePrice(random, { ...inside, randomCoefficient: 1.005 }), 'randomCoefficient', 'ランダム係数');
  });
  it('ignores a coefficient when the rule has none', () => {
    const r = calculatePrice(rule('WORKS-2022'), { ...inside, randomCoefficient: 0.995 });
    expect(r).toMatchObject({ base: 78_150_000, randomCoefficient: null });
  });
});

describe('drawRandomCoefficient', () => {
  const range = { min: 0.995, max: 1.0049 };
  const decimals = (v: number) => (String(v).split('.')[1] ?? '').length;

  it('gives the minimum for 0 and the maximum for the top of the random range', () => {
    expect(drawRandomCoefficient(range, () => 0)).toBe(0.995);
    expect(drawRandomCoefficient(range, () => 0.999_999_999)).toBe(1.0049);
    expect(drawRandomCoefficient(range, () => 1)).toBe(1.0049);
  });
  it('reaches each of the 100 values 0.9950 … 1.0049 exactly once, to 4 decimals', () => {
    const seen = new Set<number>();
    for (let k = 0; k < 100; k++) {
      const v = drawRandomCoefficient(range, () => (k + 0.5) / 100);
      expect(v).toBeGreaterThanOrEqual(0.995);
      expect(v).toBeLessThanOrEqual(1.0049);
      expect(decimals(v)).toBeLessThanOrEqual(4);
      expect(v).toBe((9950 + k) / 10_000);
      seen.add(v);
    }
    expect(seen.size).toBe(100);
  });
  it('stays within [min, max] with Math.random and is accepted by calculatePrice', () => {
    const rnd = withDefinition('WORKS-2022', { randomCoefficient: range });
    for (let i = 0; i < 2000; i++) {
      const v = drawRandomCoefficient(range);
      expect(v >= 0.995 && v <= 1.0049 && decimals(v) <= 4).toBe(true);
      expect(calculatePrice(rnd, { ...EXAMPLE, randomCoefficient: v }).randomCoefficient).toBe(v);
    }
  });
  it('gives the single value of a one-point range', () => {
    expect(drawRandomCoefficient({ min: 1, max: 1 }, () => 0.7)).toBe(1);
  });
});

describe('manual override (特別な場合)', () => {
  const r2022 = rule('WORKS-2022');

  it('sets a price inside [lower, upper] with a reason', () => {
    const r = calculatePrice(r2022, { ...EXAMPLE, override: { price: 80_000_000, reason: '災害復旧工事のため' } });
    expect(r).toMatchObject({ price: 80_000_000, minimumPrice: 80_000_000, overridden: true, base: 83_000_000 });
    expect(r.steps[r.steps.length - 1]).toMatchObject({ label: '手動設定（特別な場合）', formula: '災害復旧工事のため', value: 80_000_000 });
  });
  it('accepts both bounds exactly (67,500,000 and 82,800,000)', () => {
    expect(calculatePrice(r2022, { ...EXAMPLE, override: { price: 67_500_000, reason: '理由' } }).price).toBe(67_500_000);
    expect(calculatePrice(r2022, { ...EXAMPLE, override: { price: 82_800_000, reason: '理由' } }).price).toBe(82_800_000);
  });
  it('refuses a price outside the bounds, naming override.price', () => {
    expectRuleError(() => calculatePrice(r2022, { ...EXAMPLE, override: { price: 67_499_999, reason: '理由' } }), 'override.price', '67,500,000円〜82,800,000円');
    expectRuleError(() => calculatePrice(r2022, { ...EXAMPLE, override: { price: 82_800_001, reason: '理由' } }), 'override.price', '範囲');
    expectRuleError(() => calculatePrice(r2022, { ...EXAMPLE, override: { price: Number.NaN, reason: '理由' } }), 'override.price', '範囲');
  });
  it('refuses an override without a reason, naming override.reason', () => {
    expectRuleError(() => calculatePrice(r2022, { ...EXAMPLE, override: { price: 80_000_000, reason: '' } }), 'override.reason', '理由');
    expectRuleError(() => calculatePrice(r2022, { ...EXAMPLE, override: { price: 80_000_000, reason: '   ' } }), 'override.reason', '理由');
  });
});

describe('low-bid investigation and 失格判断基準価格', () => {
  it('gives the threshold and the disqualification price (0.90/0.80/0.80/0.55) in investigation mode', () => {
    // threshold as the minimum price: 82,800,000
    // 60,000,000×0.9 + 5,000,000×0.8 + 15,000,000×0.8 + 10,000,000×0.55 = 54,000,000 + 4,000,000 + 12,000,000 + 5,500,000
    const r = calculatePrice(rule('WORKS-2022'), { ...EXAMPLE, mode: 'investigation' });
    expect(r).toMatchObject({ minimumPrice: null, lowBidThreshold: 82_800_000, disqualificationPrice: 75_500_000, price: 82_800_000 });
  });
  it('uses the building-adjusted amounts for the disqualification price too', () => {
    // D 54,000,000, G 21,000,000: 48,600,000 + 4,000,000 + 16,800,000 + 5,500,000 = 74,900,000
    const r = calculatePrice(rule('WORKS-2022'), { ...EXAMPLE, building: 'building', mode: 'investigation' });
    expect(r).toMatchObject({ lowBidThreshold: 82_580_000, disqualificationPrice: 74_900_000 });
  });
  it('clamps and rounds the disqualification price with its own bounds and the result rounding', () => {
    // bounds P×0.70 … P×0.80 = 63,000,000 … 72,000,000: 75,500,000 → 72,000,000
    const capped = withDefinition('WORKS-2022', { disqualification: { ...must(rule('WORKS-2022').definition.disqualification), lower: 0.7, upper: 0.8 } });
    expect(calculatePrice(capped, { ...EXAMPLE, mode: 'investigation' }).disqualificationPrice).toBe(72_000_000);
    // lower P×0.85 = 76,500,000 raises it
    const raised = withDefinition('WORKS-2022', { disqualification: { ...must(rule('WORKS-2022').definition.disqualification), lower: 0.85, upper: null } });
    expect(calculatePrice(raised, { ...EXAMPLE, mode: 'investigation' }).disqualificationPrice).toBe(76_500_000);
    // D 60,000,001: 54,000,000.9 + … = 75,500,000.9 → 10,000円未満切捨て 75,500,000; threshold 82,800,000 stays
    const rounded = withDefinition('WORKS-2022', { resultRounding: { unit: 10_000, direction: 'down' } });
    const r = calculatePrice(rounded, { ...EXAMPLE, components: { ...EXAMPLE.components, directCost: 60_000_001 }, mode: 'investigation' });
    expect(r.disqualificationPrice).toBe(75_500_000);
  });
  it('gives no disqualification price in minimum mode, nor without one in the rule', () => {
    expect(calculatePrice(rule('WORKS-2022'), { ...EXAMPLE, mode: 'minimum' }).disqualificationPrice).toBeNull();
    const none = calculatePrice(withDefinition('WORKS-2022', { disqualification: null }), { ...EXAMPLE, mode: 'investigation' });
    expect(none).toMatchObject({ lowBidThreshold: 82_800_000, disqualificationPrice: null });
  });
  it('mode none computes the price but sets neither', () => {
    const r = calculatePrice(rule('WORKS-2022'), { ...EXAMPLE, mode: 'none' });
    expect(r).toMatchObject({ minimumPrice: null, lowBidThreshold: null, disqualificationPrice: null, price: 82_800_000 });
  });
});

describe('bad inputs', () => {
  it('refuses a 予定価格 below 1 yen', () => {
    expectRuleError(() => calculatePrice(rule('WORKS-2022'), { ...EXAMPLE, plannedPrice: 0 }), 'plannedPrice', '予定価格');
    expectRuleError(() => calculatePrice(rule('WORKS-2022'), { ...EXAMPLE, plannedPrice: Number.NaN }), 'plannedPrice', '予定価格');
  });
  it('refuses a negative or non-numeric component, naming it', () => {
    expectRuleError(
      () => calculatePrice(rule('WORKS-2022'), { ...EXAMPLE, components: { ...EXAMPLE.components, siteManagementCost: -1 } }),
      'components.siteManagementCost',
      '現場管理費',
    );
    expectRuleError(
      () => calculatePrice(rule('WORKS-2022'), { ...EXAMPLE, components: { ...EXAMPLE.components, directCost: Number.POSITIVE_INFINITY } }),
      'components.directCost',
      '直接工事費',
    );
  });
});

describe('selectRuleVersion', () => {
  it.each([
    ['2016-03-31', null],
    ['2016-04-01', 'WORKS-2016'],
    ['2017-03-31', 'WORKS-2016'],
    ['2017-04-01', 'WORKS-2017'],
    ['2019-03-31', 'WORKS-2017'],
    ['2019-04-01', 'WORKS-2019'],
    ['2022-03-31', 'WORKS-2019'],
    ['2022-04-01', 'WORKS-2022'],
    ['2026-06-15', 'WORKS-2022'],
  ])('works on %s → %s', (date, code) => {
    expect(selectRuleVersion(DEFAULT_PRICE_RULES, 'construction', null, date)?.code ?? null).toBe(code);
  });
  it('does not depend on the order of the list', () => {
    const reversed = [...DEFAULT_PRICE_RULES].reverse();
    expect(selectRuleVersion(reversed, 'construction', null, '2020-01-01')?.code).toBe('WORKS-2019');
    expect(selectRuleVersion(reversed, 'construction', null, '2017-04-01')?.code).toBe('WORKS-2017');
  });
  it('ignores the service kind for works', () => {
    expect(selectRuleVersion(DEFAULT_PRICE_RULES, 'construction', 'S10', '2023-01-01')?.code).toBe('WORKS-2022');
  });
  it('matches survey rules by kind and date', () => {
    expect(selectRuleVersion(DEFAULT_PRICE_RULES, 'survey', 'S10', '2024-04-01')?.code).toBe('SURVEY-S10-2024');
    expect(selectRuleVersion(DEFAULT_PRICE_RULES, 'survey', 'S40', '2025-01-01')?.code).toBe('SURVEY-S40-2024');
    expect(selectRuleVersion(DEFAULT_PRICE_RULES, 'survey', 'S10', '2024-03-31')).toBeNull();
    expect(selectRuleVersion(DEFAULT_PRICE_RULES, 'survey', 'S99', '2025-01-01')).toBeNull();
    expect(selectRuleVersion(DEFAULT_PRICE_RULES, 'survey', null, '2025-01-01')).toBeNull();
  });
  it('prefers a newer version added later (a city changes its rule)', () => {
    const newer: PriceRuleVersion = { ...rule('SURVEY-S10-2024'), code: 'SURVEY-S10-2025', effectiveFrom: '2025-10-01' };
    const rules = [newer, ...DEFAULT_PRICE_RULES];
    expect(selectRuleVersion(rules, 'survey', 'S10', '2025-09-30')?.code).toBe('SURVEY-S10-2024');
    expect(selectRuleVersion(rules, 'survey', 'S10', '2025-10-01')?.code).toBe('SURVEY-S10-2025');
  });
});

describe('priceRuleProblems', () => {
  const good = rule('WORKS-2022').definition;
  // The options that refer to component keys are left out unless a test sets them.
  const bare: PriceRuleDefinition = { ...good, buildingAdjustment: null, disqualification: null };
  const fields = (d: Partial<PriceRuleDefinition>) => priceRuleProblems({ ...bare, ...d }).map((p) => p.field);
  const problem = (d: Partial<PriceRuleDefinition>, field: string) => priceRuleProblems({ ...bare, ...d }).find((p) => p.field === field);

  it('finds nothing wrong in the shipped rules', () => {
    for (const r of DEFAULT_PRICE_RULES) expect(priceRuleProblems(r.definition)).toEqual([]);
  });
  it('needs at least one component', () => {
    expect(fields({ components: [] })).toEqual(['components']);
    expect(problem({ components: [] }, 'components')?.message).toContain('（components）');
  });
  it('checks each component: key, duplicate key, label, ratio', () => {
    const c = good.components;
    expect(fields({ components: [{ ...c[0], key: '1direct' }, ...c.slice(1)] })).toEqual(['components.0.key']);
    expect(fields({ components: [{ ...c[0], key: 'direct-cost' }, ...c.slice(1)] })).toEqual(['components.0.key']);
    expect(problem({ components: [c[0], { ...c[1], key: 'directCost' }, ...c.slice(2)] }, 'components.1.key')?.message).toContain('「directCost」が重複');
    expect(fields({ components: [c[0], c[1], { ...c[2], label: ' ' }, c[3]] })).toEqual(['components.2.label']);
    expect(fields({ components: [c[0], c[1], c[2], { ...c[3], ratio: -0.1 }] })).toEqual(['components.3.ratio']);
    expect(fields({ components: [{ ...c[0], ratio: 2.01 }, ...c.slice(1)] })).toEqual(['components.0.ratio']);
    expect(problem({ components: [{ ...c[0], ratio: Number.NaN }, ...c.slice(1)] }, 'components.0.ratio')?.message).toContain('算定項目1の率（ratio）');
  });
  it('checks the bounds: each within 0…1 and lower ≤ upper', () => {
    // above 1 and so also above upper: both messages name lower
    expect(fields({ lower: 1.2 })).toEqual(['lower', 'lower']);
    expect(fields({ lower: 2.5 })).toEqual(['lower']);
    expect(fields({ lower: -0.1 })).toEqual(['lower']);
    expect(fields({ upper: 1.01 })).toEqual(['upper']);
    expect(problem({ upper: 1.01 }, 'upper')?.message).toContain('（upper）');
    expect(fields({ lower: 0.95, upper: 0.9 })).toEqual(['lower']);
    expect(problem({ lower: 0.95, upper: 0.9 }, 'lower')?.message).toContain('以下');
    expect(fields({ lower: 0.9, upper: 0.9 })).toEqual([]);
  });
  it('checks rounding unit and direction', () => {
    expect(fields({ termRounding: { unit: 0, direction: 'down' } })).toEqual(['termRounding']);
    expect(fields({ termRounding: { unit: 1.5, direction: 'down' } })).toEqual(['termRounding']);
    expect(fields({ resultRounding: { unit: 1000, direction: 'sideways' as never } })).toEqual(['resultRounding']);
    expect(problem({ resultRounding: { unit: -1000, direction: 'up' } }, 'resultRounding')?.message).toContain('（resultRounding）');
    expect(fields({ termRounding: { unit: 1, direction: 'nearest' }, resultRounding: { unit: 10_000, direction: 'up' } })).toEqual([]);
  });
  it('checks the random coefficient range', () => {
    expect(fields({ randomCoefficient: { min: 0, max: 1.0049 } })).toEqual(['randomCoefficient']);
    expect(fields({ randomCoefficient: { min: 1.0049, max: 0.995 } })).toEqual(['randomCoefficient']);
    expect(fields({ randomCoefficient: { min: 0.995, max: 2.5 } })).toEqual(['randomCoefficient']);
    expect(fields({ randomCoefficient: { min: 0.995, max: 1.0049 } })).toEqual([]);
  });
  it('checks the building adjustment keys and ratios', () => {
    const a = must(good.buildingAdjustment);
    expect(fields({ buildingAdjustment: { ...a, fromKey: 'nothing' } })).toEqual(['buildingAdjustment']);
    expect(fields({ buildingAdjustment: { ...a, toKey: 'nothing' } })).toEqual(['buildingAdjustment']);
    expect(fields({ buildingAdjustment: { ...a, liftRatio: 1.5 } })).toEqual(['buildingAdjustment']);
    expect(problem({ buildingAdjustment: { ...a, ratio: -0.1 } }, 'buildingAdjustment')?.message).toContain('建築工事の補正');
  });
  it('checks fixed-rate trades', () => {
    expect(fields({ fixedRateTrades: [{ tradeCode: '', rate: 0.7 }] })).toEqual(['fixedRateTrades.0.tradeCode']);
    expect(fields({ fixedRateTrades: [{ tradeCode: '290', rate: 0.7 }, { tradeCode: '200', rate: 1.1 }] })).toEqual(['fixedRateTrades.1.rate']);
    expect(problem({ fixedRateTrades: [{ tradeCode: '290', rate: 1.1 }] }, 'fixedRateTrades.0.rate')?.message).toContain('（rate）');
  });
  it('checks the disqualification components against the rule components', () => {
    const dq = must(good.disqualification);
    const [first, ...rest] = dq.components;
    expect(fields({ disqualification: { ...dq, components: [{ ...first, key: 'unknownCost' }, ...rest] } })).toEqual(['disqualification.components.0.key']);
    expect(problem({ disqualification: { ...dq, components: [{ ...first, key: 'unknownCost' }, ...rest] } }, 'disqualification.components.0.key')?.message).toContain('unknownCost');
    expect(fields({ disqualification: { ...dq, components: [first, { ...rest[0], ratio: 3 }, ...rest.slice(1)] } })).toEqual(['disqualification.components.1.ratio']);
  });
  it('reports every problem at once', () => {
    expect(fields({ components: [], lower: 2, upper: -1, buildingAdjustment: good.buildingAdjustment, disqualification: good.disqualification })).toEqual(['components', 'lower', 'upper', 'buildingAdjustment', ...must(good.disqualification).components.map((_, i) => `disqualification.components.${i}.key`)]);
  });
});
