import { consumptionTaxRate, settingDefinition, taxPortionOfIncluded, TaxRate } from '../settings';
import {
  advanceLimit, changeExceedsWarning, changeRatePercent, CONTRACT_STATUSES, contractTransitionProblem, contractTransitions, SMALL_CONTRACT_KINDS, smallContractLimit,
} from './contract-rules';

const rates = settingDefinition('tax.consumptionRates')!.default as TaxRate[];

describe('contract rules', () => {
  it('takes the consumption tax of a tax-included amount at the rate of the contract date', () => {
    expect(consumptionTaxRate('2019-09-30', rates)).toBe(8);
    expect(consumptionTaxRate('2019-10-01', rates)).toBe(10);
    // 10 %: 33,000,000 includes 3,000,000; 8 %: 10,800,000 includes 800,000.
    expect(taxPortionOfIncluded(33_000_000, consumptionTaxRate('2026-06-01', rates))).toBe(3_000_000);
    expect(taxPortionOfIncluded(10_800_000, consumptionTaxRate('2019-09-30', rates))).toBe(800_000);
    // Fractions of a yen are dropped: 1,500,000 × 10/110 = 136,363.6…
    expect(taxPortionOfIncluded(1_500_000, 10)).toBe(136_363);
  });

  it('applies the 少額随意契約 limits of 別表第五 before and after 2025-04-01', () => {
    const expected: Record<string, [number, number]> = {
      works: [1_300_000, 2_000_000], purchase: [800_000, 1_500_000], leaseIn: [400_000, 800_000], sale: [300_000, 500_000], leaseOut: [300_000, 300_000], other: [500_000, 1_000_000],
    };
    expect(SMALL_CONTRACT_KINDS.map((k) => k.code).sort()).toEqual(Object.keys(expected).sort());
    for (const [kind, [before, after]] of Object.entries(expected)) {
      expect(smallContractLimit(kind, '2025-03-31')).toBe(before);
      expect(smallContractLimit(kind, '2025-04-01')).toBe(after);
    }
  });

  it('lets a city adopt the new limits on its own date', () => {
    expect(smallContractLimit('works', '2025-05-31', '2025-06-01')).toBe(1_300_000);
    expect(smallContractLimit('works', '2025-06-01', '2025-06-01')).toBe(2_000_000);
    expect(smallContractLimit('unknown', '2025-06-01')).toBeNull();
  });

  it('computes the change rate against the original amount, to 0.1 % towards zero', () => {
    expect(changeRatePercent(33_000_000, 45_100_000)).toBe(36.6);
    expect(changeRatePercent(10_000_000, 9_000_000)).toBe(-10);
    expect(changeRatePercent(3_000_000, 2_999_999)).toBe(0);
    expect(changeRatePercent(3_000_000, 2_996_999)).toBe(-0.1);
    expect(changeRatePercent(0, 1)).toBeNull();
  });

  it('warns above the threshold, for increases and decreases, not at it', () => {
    expect(changeExceedsWarning(10_000_000, 13_000_000, 30)).toBe(false);
    expect(changeExceedsWarning(10_000_000, 13_000_001 + 9_999, 30)).toBe(true);
    expect(changeExceedsWarning(10_000_000, 6_900_000, 30)).toBe(true);
  });

  it('limits the advance payment to its rate of the amount', () => {
    expect(advanceLimit(45_100_000, 40)).toBe(18_040_000);
    expect(advanceLimit(1_000_001, 40)).toBe(400_000);
    expect(advanceLimit(1_000_000, null)).toBe(0);
  });

  it('allows only the lifecycle transitions and says why others are refused', () => {
    expect(contractTransitions('draft')).toEqual(['concluded']);
    expect(contractTransitions('completed')).toEqual(['inspected', 'cancelled']);
    expect(contractTransitions('paid')).toEqual([]);
    expect(contractTransitionProblem('draft', 'paid')).toBe('「起案中」の契約を「支払済」にすることはできません。');
    expect(contractTransitionProblem('inProgress', 'completed')).toBeNull();
    for (const s of CONTRACT_STATUSES) expect(contractTransitions(s)).not.toContain(s);
  });
});
