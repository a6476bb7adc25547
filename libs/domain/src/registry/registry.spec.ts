import { exclusionReasons, EligibilityFacts } from './eligibility';
import { invoiceNumberProblem, isPhoneNumber, isPostalCode } from './identifiers';
import { keishinP, keishinValidOn } from './keishin';
import { rankFor, rankForPrice, RankingRule, ratingItemsFor } from './ranking';
import { CONSTRUCTION_TRADES } from './trades';

describe('trades', () => {
  it('lists the 29 trades with codes ×10 and 解体 as 290', () => {
    expect(CONSTRUCTION_TRADES).toHaveLength(29);
    expect(CONSTRUCTION_TRADES[0]).toMatchObject({ code: '010', name: '土木一式工事' });
    expect(CONSTRUCTION_TRADES[28]).toMatchObject({ code: '290', shortName: '解体' });
  });
});

describe('経審 P', () => {
  it('weights X1 .25, X2 .15, Y .20, Z .25, W .15 and rounds', () => {
    // 0.25·800 + 0.15·700 + 0.20·850 + 0.25·900 + 0.15·1000 = 200 + 105 + 170 + 225 + 150 = 850
    expect(keishinP({ x1: 800, x2: 700, y: 850, z: 900, w: 1000 })).toBe(850);
    // 0.25·701 + 0.15·650 + 0.20·700 + 0.25·703 + 0.15·600 = 175.25+97.5+140+175.75+90 = 678.5 → 679
    expect(keishinP({ x1: 701, x2: 650, y: 700, z: 703, w: 600 })).toBe(679);
  });
  it('can be negative (W below zero) and rounds half away from zero', () => {
    expect(keishinP({ x1: 0, x2: 0, y: 0, z: 0, w: -1690 })).toBe(-254); // -253.5
  });
  it('accepts a 審査基準日 inside the window only', () => {
    expect(keishinValidOn('2025-03-31', '2026-10-31', 19)).toBe(true);
    expect(keishinValidOn('2025-03-31', '2026-11-01', 19)).toBe(false);
    expect(keishinValidOn('2025-07-31', '2027-02-28', 19)).toBe(true); // 31st → end of February
  });
});

const civil: RankingRule = {
  thresholds: [
    { rank: 'A', minTotal: 1000 },
    { rank: 'B', minTotal: 800 },
    { rank: 'C', minTotal: 650 },
    { rank: 'D', minTotal: 0 },
  ],
  maxStepUp: 1,
  localOnly: false,
  newApplicantsStartLowest: true,
};

describe('ranking', () => {
  it('ranks by thresholds on P + 主観点, edges included', () => {
    expect(rankFor(civil, { p: 950, subjectiveScore: 50, locality: 'local', previousRank: 'A' }).rank).toBe('A');
    expect(rankFor(civil, { p: 950, subjectiveScore: 49, locality: 'local', previousRank: 'A' }).rank).toBe('B');
    expect(rankFor(civil, { p: 600, subjectiveScore: 49, locality: 'local', previousRank: 'C' }).rank).toBe('D');
  });
  it('caps a rise at one step per term but never caps a fall', () => {
    const up = rankFor(civil, { p: 1100, subjectiveScore: 0, locality: 'local', previousRank: 'C' });
    expect(up).toMatchObject({ rank: 'B', byPoints: 'A' });
    expect(up.reasons.join()).toContain('1段階まで');
    expect(rankFor(civil, { p: 500, subjectiveScore: 0, locality: 'local', previousRank: 'A' }).rank).toBe('D');
  });
  it('starts a new applicant at the lowest rank', () => {
    expect(rankFor(civil, { p: 1200, subjectiveScore: 0, locality: 'local', previousRank: null })).toMatchObject({ rank: 'D', byPoints: 'A' });
    expect(rankFor({ ...civil, newApplicantsStartLowest: false }, { p: 1200, subjectiveScore: 0, locality: 'local', previousRank: null }).rank).toBe('A');
  });
  it('ranks only 市内 firms where the trade is local-only', () => {
    const rule = { ...civil, localOnly: true };
    expect(rankFor(rule, { p: 1200, subjectiveScore: 0, locality: 'outside', previousRank: 'A' }).rank).toBeNull();
    expect(rankFor(rule, { p: 1200, subjectiveScore: 0, locality: 'local', previousRank: 'A' }).rank).toBe('A');
  });
  it('treats a blank (null) minimum as none', () => {
    const rule: RankingRule = { ...civil, thresholds: [{ rank: 'A', minTotal: 1000, minP: null, minTurnover: null }, ...civil.thresholds.slice(1)] };
    expect(rankFor(rule, { p: 1000, subjectiveScore: 0, turnover: null, locality: 'local', previousRank: 'A' }).rank).toBe('A');
  });
  it('honours a minimum P as well as the total', () => {
    const rule: RankingRule = { ...civil, thresholds: [{ rank: 'A', minTotal: 1000, minP: 900 }, ...civil.thresholds.slice(1)] };
    expect(rankFor(rule, { p: 850, subjectiveScore: 200, locality: 'local', previousRank: 'A' }).rank).toBe('B');
  });
  it('finds the rank whose 発注標準金額 band holds the planned price', () => {
    const bands = [{ rank: 'A', minPrice: 50_000_000 }, { rank: 'B', minPrice: 20_000_000 }, { rank: 'C', minPrice: 10_000_000 }, { rank: 'D', minPrice: 0 }];
    expect(rankForPrice(bands, 50_000_000)).toBe('A');
    expect(rankForPrice(bands, 49_999_999)).toBe('B');
    expect(rankForPrice(bands, 9_999_999)).toBe('D');
  });
});

describe('主観点 by the 工事成績 average', () => {
  const items = [
    { code: 'RATING-H', ratingMin: 80, ratingMax: null },
    { code: 'RATING-M', ratingMin: 75, ratingMax: 80 },
    { code: 'RATING-L', ratingMin: null, ratingMax: 65 },
    { code: 'ISO9001', ratingMin: null, ratingMax: null },
  ];
  const codes = (avg: number | null) => ratingItemsFor(items, avg).map((i) => i.code);
  it('offers the item whose range holds the average, the lower end included and the upper excluded', () => {
    expect(codes(80)).toEqual(['RATING-H']);
    expect(codes(79.9)).toEqual(['RATING-M']);
    expect(codes(75)).toEqual(['RATING-M']);
    expect(codes(70)).toEqual([]);
    expect(codes(65)).toEqual([]);
    expect(codes(64.9)).toEqual(['RATING-L']);
  });
  it('offers nothing without rated works, and never an item without a range', () => {
    expect(codes(null)).toEqual([]);
    expect(codes(0)).toEqual(['RATING-L']);
  });
});

describe('eligibility', () => {
  const facts: EligibilityFacts = {
    status: 'active',
    qualification: { rank: 'B', validFrom: '2025-04-01', validTo: '2027-03-31' },
    permit: { expiresOn: '2026-06-30' },
    keishinBaseDate: '2025-03-31',
    suspensions: [{ kind: 'suspension', start: '2026-05-01', end: '2026-05-31' }],
  };
  const check = { date: '2026-06-30', rank: 'B', keishinWindowMonths: 19, requirePermit: true, requireKeishin: true };
  it('is eligible when a suspension ended the day before and the permit expires on the date', () => {
    expect(exclusionReasons(facts, { ...check, date: '2026-06-01' })).toEqual([]);
    expect(exclusionReasons(facts, check)).toEqual([]);
  });
  it('excludes inside a suspension (both ends) and after the permit expired', () => {
    expect(exclusionReasons(facts, { ...check, date: '2026-05-31' })[0]).toContain('指名停止期間中');
    expect(exclusionReasons(facts, { ...check, date: '2026-05-01' })[0]).toContain('指名停止期間中');
    expect(exclusionReasons(facts, { ...check, date: '2026-07-01' })).toEqual(['建設業許可の有効期限切れ（2026-06-30）']);
  });
  it('excludes outside the qualification, another rank, a stale 経審, a closed business', () => {
    expect(exclusionReasons(facts, { ...check, date: '2027-04-01' })).toContain('入札参加資格の有効期間外');
    expect(exclusionReasons(facts, { ...check, rank: 'A' })[0]).toContain('等級が異なる');
    expect(exclusionReasons({ ...facts, keishinBaseDate: '2024-10-31' }, check)[0]).toContain('経審');
    expect(exclusionReasons({ ...facts, status: 'closed' }, check)[0]).toBe('廃業');
  });
});

describe('identifiers', () => {
  it('checks invoice numbers against the corporate number', () => {
    expect(invoiceNumberProblem('T7000012050002', '7000012050002')).toBeNull();
    expect(invoiceNumberProblem('T7000012050002', '8000012050002')).toContain('法人番号');
    expect(invoiceNumberProblem('7000012050002')).toContain('「T」');
    expect(invoiceNumberProblem('T7000012050002')).toBeNull();
  });
  it('checks postal codes and phone numbers', () => {
    expect(isPostalCode('747-8501')).toBe(true);
    expect(isPostalCode('7478501')).toBe(false);
    expect(isPhoneNumber('0835-25-2111')).toBe(true);
    expect(isPhoneNumber('090-1234-5678')).toBe(true);
    expect(isPhoneNumber('0835-25-211')).toBe(false);
    expect(isPhoneNumber('０８３５-25-2111')).toBe(false);
  });
});
