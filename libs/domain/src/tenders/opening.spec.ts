import { awardRatePercent, BidVerdict, judgeOpening, OpeningBid, OpeningInput, OpeningResult } from './opening';

// 予定価格 10,000,000 throughout; 最低制限価格 8,500,000 for minimum-price tenders;
// 調査基準価格 8,500,000 and 失格判断基準価格 7,500,000 for investigation tenders.
const P = 10_000_000;

const minimum = (bids: OpeningBid[], extra: Partial<OpeningInput> = {}): OpeningResult =>
  judgeOpening({ plannedPrice: P, minimumPrice: 8_500_000, lowBidThreshold: null, disqualificationPrice: null, round: 1, maxRounds: 3, bids, ...extra });
const investigation = (bids: OpeningBid[], extra: Partial<OpeningInput> = {}): OpeningResult =>
  judgeOpening({ plannedPrice: P, minimumPrice: null, lowBidThreshold: 8_500_000, disqualificationPrice: 7_500_000, round: 1, maxRounds: 3, bids, ...extra });

const bid = (vendorId: number, amount: number | null, extra: Partial<OpeningBid> = {}): OpeningBid => ({ vendorId, amount, ...extra });
const verdicts = (r: OpeningResult): Record<number, BidVerdict> => Object.fromEntries(r.judgements.map((j) => [j.vendorId, j.verdict]));
const ranks = (r: OpeningResult): Record<number, number | null> => Object.fromEntries(r.judgements.map((j) => [j.vendorId, j.rank]));
const reason = (r: OpeningResult, vendorId: number) => r.judgements.find((j) => j.vendorId === vendorId)?.reason ?? `no judgement for ${vendorId}`;

describe('awardRatePercent (落札率, to 0.1 % rounded down)', () => {
  it.each([
    [82_800_000, 90_000_000, 92],
    [8_800_000, 10_000_000, 88],
    [8_299_999, 10_000_000, 82.9], // 82.99999 % — rounding would give 83.0
    [8_888_888, 10_000_000, 88.8], // 88.88888 % — rounding would give 88.9
    [2, 3, 66.6], // 66.666… %
    [1, 3, 33.3],
    [10_000_000, 10_000_000, 100],
    [9_999_999, 10_000_000, 99.9],
  ])('%d ÷ %d → %d %%', (amount, planned, expected) => {
    expect(awardRatePercent(amount, planned)).toBe(expected);
  });
});

describe('a plain award', () => {
  const r = minimum([bid(1, 9_000_000), bid(2, 8_888_888), bid(3, 9_500_000)]);

  it('awards the lowest valid bid and gives its 落札率', () => {
    expect(r).toMatchObject({ outcome: 'awarded', winnerVendorId: 2, winningAmount: 8_888_888, awardRate: 88.8, tiedVendorIds: [], pendingInvestigation: [] });
    expect(reason(r, 2)).toContain('落札率88.8%');
  });
  it('ranks the bids by amount and keeps the input order in the judgements', () => {
    expect(r.judgements.map((j) => j.vendorId)).toEqual([1, 2, 3]);
    expect(verdicts(r)).toEqual({ 1: 'valid', 2: 'winner', 3: 'valid' });
    expect(ranks(r)).toEqual({ 1: 2, 2: 1, 3: 3 });
  });
  it('accepts a bid exactly at 予定価格 and exactly at 最低制限価格', () => {
    expect(minimum([bid(1, 10_000_000)])).toMatchObject({ outcome: 'awarded', winnerVendorId: 1, awardRate: 100 });
    expect(minimum([bid(1, 8_500_000), bid(2, 9_000_000)])).toMatchObject({ outcome: 'awarded', winnerVendorId: 1, awardRate: 85 });
  });
  it('awards without any price control (none)', () => {
    const r2 = judgeOpening({ plannedPrice: P, minimumPrice: null, lowBidThreshold: null, disqualificationPrice: null, round: 1, maxRounds: 3, bids: [bid(1, 5_000_000), bid(2, 6_000_000)] });
    expect(r2).toMatchObject({ outcome: 'awarded', winnerVendorId: 1, awardRate: 50 });
  });
});

describe('over the ceiling (予定価格超過) and 再度入札', () => {
  const allOver = [bid(1, 10_000_001), bid(2, 10_500_000), bid(3, 11_000_000)];

  it('marks a bid above 予定価格 and awards the next one', () => {
    const r = minimum([bid(1, 10_000_001), bid(2, 9_900_000)]);
    expect(verdicts(r)).toEqual({ 1: 'overCeiling', 2: 'winner' });
    expect(ranks(r)[1]).toBeNull();
    expect(reason(r, 1)).toContain('10,000,000円');
  });
  it('all over the ceiling in round 1 of 3 → nextRound (第2回)', () => {
    const r = minimum(allOver, { round: 1, maxRounds: 3 });
    expect(r).toMatchObject({ outcome: 'nextRound', winnerVendorId: null, winningAmount: null, awardRate: null });
    expect(r.message).toContain('第2回');
    expect(Object.values(verdicts(r))).toEqual(['overCeiling', 'overCeiling', 'overCeiling']);
  });
  it('round 2 of 3 → nextRound (第3回)', () => {
    const r = minimum(allOver, { round: 2, maxRounds: 3 });
    expect(r.outcome).toBe('nextRound');
    expect(r.message).toContain('第3回');
  });
  it('the last round (3 of 3) → unsuccessful (不調)', () => {
    const r = minimum(allOver, { round: 3, maxRounds: 3 });
    expect(r.outcome).toBe('unsuccessful');
    expect(r.message).toContain('上限（3回）');
  });
  it('maxRounds 1 → unsuccessful at once', () => {
    expect(minimum(allOver, { round: 1, maxRounds: 1 }).outcome).toBe('unsuccessful');
  });
  it('declined and invalid bids do not stop a new round', () => {
    const r = minimum([bid(1, 10_200_000), bid(2, null, { declined: true }), bid(3, 9_000_000, { invalidReason: '記名押印なし' })]);
    expect(r.outcome).toBe('nextRound');
    expect(verdicts(r)).toEqual({ 1: 'overCeiling', 2: 'declined', 3: 'invalid' });
  });
  it('a mix of over-ceiling and disqualified bids is unsuccessful, not a new round', () => {
    const r = minimum([bid(1, 10_200_000), bid(2, 8_000_000)]);
    expect(r.outcome).toBe('unsuccessful');
    expect(verdicts(r)).toEqual({ 1: 'overCeiling', 2: 'belowMinimum' });
  });
});

describe('disqualified (最低制限価格未満) and no awardable bid', () => {
  it('disqualifies a bid 1 yen below the minimum', () => {
    const r = minimum([bid(1, 8_499_999), bid(2, 9_000_000)]);
    expect(verdicts(r)).toEqual({ 1: 'belowMinimum', 2: 'winner' });
    expect(reason(r, 1)).toContain('最低制限価格（8,500,000円）未満');
  });
  it('all disqualified → unsuccessful', () => {
    const r = minimum([bid(1, 8_000_000), bid(2, 7_000_000)]);
    expect(r).toMatchObject({ outcome: 'unsuccessful', winnerVendorId: null, message: '落札者となれる入札がないため不調です。' });
    expect(verdicts(r)).toEqual({ 1: 'belowMinimum', 2: 'belowMinimum' });
  });
  it('all declined → unsuccessful', () => {
    const r = minimum([bid(1, null, { declined: true }), bid(2, null, { declined: true })]);
    expect(r.outcome).toBe('unsuccessful');
  });
  it('no bids at all → unsuccessful', () => {
    expect(minimum([]).outcome).toBe('unsuccessful');
  });
});

describe('declined and invalid bids', () => {
  it('declined wins over an amount; an invalid reason is shown; a missing amount is invalid', () => {
    const r = minimum([
      bid(1, 8_600_000, { declined: true }),
      bid(2, 8_700_000, { invalidReason: '記名押印なし' }),
      bid(3, null),
      bid(4, 9_000_000),
    ]);
    expect(verdicts(r)).toEqual({ 1: 'declined', 2: 'invalid', 3: 'invalid', 4: 'winner' });
    expect(reason(r, 1)).toBe('入札を辞退');
    expect(reason(r, 2)).toBe('無効（記名押印なし）');
    expect(reason(r, 3)).toBe('無効（入札金額なし）');
    expect(ranks(r)).toEqual({ 1: null, 2: null, 3: null, 4: 1 });
  });
});

describe('a suspended bidder (指名停止) cannot win', () => {
  it('passes over the lowest bid of a suspended vendor', () => {
    const r = minimum([bid(1, 8_600_000, { suspended: true }), bid(2, 9_000_000)]);
    expect(r).toMatchObject({ outcome: 'awarded', winnerVendorId: 2, winningAmount: 9_000_000, awardRate: 90 });
    expect(verdicts(r)).toEqual({ 1: 'suspended', 2: 'winner' });
    expect(ranks(r)[1]).toBeNull();
  });
  it('is unsuccessful when the only bidder is suspended', () => {
    expect(minimum([bid(1, 9_000_000, { suspended: true })]).outcome).toBe('unsuccessful');
  });
  it('a suspended vendor does not take part in a tie', () => {
    const r = minimum([bid(1, 9_000_000, { suspended: true }), bid(2, 9_000_000)]);
    expect(r).toMatchObject({ outcome: 'awarded', winnerVendorId: 2, tiedVendorIds: [] });
  });
});

describe('equal lowest bids (くじ)', () => {
  const bids = [bid(1, 9_000_000), bid(2, 9_000_000), bid(3, 9_200_000)];

  it('asks for a lot between the tied vendors', () => {
    const r = minimum(bids);
    expect(r).toMatchObject({ outcome: 'lot', tiedVendorIds: [1, 2], winnerVendorId: null, winningAmount: null, awardRate: null });
    expect(verdicts(r)).toEqual({ 1: 'lotPending', 2: 'lotPending', 3: 'valid' });
    expect(ranks(r)).toMatchObject({ 1: 1, 2: 1 });
    expect(reason(r, 1)).toContain('2者');
  });
  it('the lot result decides the winner; the other tied vendor loses the lot', () => {
    const r = minimum(bids, { lotWinnerVendorId: 2 });
    expect(r).toMatchObject({ outcome: 'awarded', winnerVendorId: 2, winningAmount: 9_000_000, awardRate: 90, tiedVendorIds: [1, 2] });
    expect(verdicts(r)).toEqual({ 1: 'lotLost', 2: 'winner', 3: 'valid' });
    expect(reason(r, 2)).toContain('くじ');
  });
  it('the lot may pick the vendor listed first as well', () => {
    expect(minimum(bids, { lotWinnerVendorId: 1 })).toMatchObject({ outcome: 'awarded', winnerVendorId: 1 });
  });
  it('ignores a lot winner who is not among the tied vendors', () => {
    expect(minimum(bids, { lotWinnerVendorId: 3 }).outcome).toBe('lot');
    expect(minimum(bids, { lotWinnerVendorId: 99 }).outcome).toBe('lot');
  });
  it('a three-way tie', () => {
    const r = minimum([bid(5, 8_800_000), bid(6, 8_800_000), bid(7, 8_800_000)]);
    expect(r).toMatchObject({ outcome: 'lot', tiedVendorIds: [5, 6, 7] });
    expect(minimum([bid(5, 8_800_000), bid(6, 8_800_000), bid(7, 8_800_000)], { lotWinnerVendorId: 7 })).toMatchObject({ outcome: 'awarded', winnerVendorId: 7 });
  });
  it('a tie above the lowest bid needs no lot', () => {
    const r = minimum([bid(1, 9_000_000), bid(2, 9_000_000), bid(3, 8_900_000)]);
    expect(r).toMatchObject({ outcome: 'awarded', winnerVendorId: 3, tiedVendorIds: [] });
  });
  it('a tie between disqualified bids needs no lot', () => {
    const r = minimum([bid(1, 8_000_000), bid(2, 8_000_000), bid(3, 9_100_000)]);
    expect(r).toMatchObject({ outcome: 'awarded', winnerVendorId: 3 });
  });
});

describe('low-bid investigation (低入札価格調査)', () => {
  it('holds the award while a bid below the threshold awaits its investigation', () => {
    const r = investigation([bid(1, 8_000_000), bid(2, 9_000_000)]);
    expect(r).toMatchObject({ outcome: 'investigation', pendingInvestigation: [1], winnerVendorId: null, winningAmount: null, awardRate: null });
    expect(verdicts(r)).toEqual({ 1: 'underInvestigation', 2: 'valid' });
    expect(reason(r, 1)).toContain('8,500,000円');
  });
  it('awards the investigated bid once it is accepted', () => {
    const r = investigation([bid(1, 8_000_000, { investigation: 'accepted' }), bid(2, 9_000_000)]);
    expect(r).toMatchObject({ outcome: 'awarded', winnerVendorId: 1, winningAmount: 8_000_000, awardRate: 80 });
    expect(reason(r, 1)).toContain('履行可能');
    expect(verdicts(r)).toEqual({ 1: 'winner', 2: 'valid' });
  });
  it('disqualifies the investigated bid when rejected and awards the next', () => {
    const r = investigation([bid(1, 8_000_000, { investigation: 'rejected' }), bid(2, 9_000_000)]);
    expect(r).toMatchObject({ outcome: 'awarded', winnerVendorId: 2, awardRate: 90 });
    expect(verdicts(r)).toEqual({ 1: 'disqualified', 2: 'winner' });
  });
  it('a bid exactly at the threshold is not investigated', () => {
    expect(investigation([bid(1, 8_500_000)])).toMatchObject({ outcome: 'awarded', winnerVendorId: 1, pendingInvestigation: [] });
  });
  it('below the 失格判断基準価格 a bid is disqualified outright, even if accepted', () => {
    const r = investigation([bid(1, 7_499_999, { investigation: 'accepted' }), bid(2, 7_499_999), bid(3, 9_000_000)]);
    expect(verdicts(r)).toEqual({ 1: 'disqualified', 2: 'disqualified', 3: 'winner' });
    expect(reason(r, 2)).toContain('失格判断基準価格（7,500,000円）未満');
  });
  it('a bid exactly at the 失格判断基準価格 is investigated, not disqualified', () => {
    const r = investigation([bid(1, 7_500_000), bid(2, 9_000_000)]);
    expect(r).toMatchObject({ outcome: 'investigation', pendingInvestigation: [1] });
  });
  it('waits for every pending bid below the lowest awardable one', () => {
    const r = investigation([bid(1, 8_100_000), bid(2, 7_900_000), bid(3, 8_300_000, { investigation: 'accepted' })]);
    expect(r).toMatchObject({ outcome: 'investigation', pendingInvestigation: [2, 1] });
  });
  it('does not wait for a pending bid above an accepted lower one', () => {
    const r = investigation([bid(1, 8_000_000, { investigation: 'accepted' }), bid(2, 8_200_000)]);
    expect(r).toMatchObject({ outcome: 'awarded', winnerVendorId: 1 });
    expect(verdicts(r)[2]).toBe('underInvestigation');
  });
  it('waits for a pending bid equal to the accepted lowest one (it may end in a lot)', () => {
    const r = investigation([bid(1, 8_000_000, { investigation: 'accepted' }), bid(2, 8_000_000)]);
    expect(r).toMatchObject({ outcome: 'investigation', pendingInvestigation: [2], winnerVendorId: null });
    // once both are accepted: a lot
    const both = investigation([bid(1, 8_000_000, { investigation: 'accepted' }), bid(2, 8_000_000, { investigation: 'accepted' })]);
    expect(both).toMatchObject({ outcome: 'lot', tiedVendorIds: [1, 2] });
  });
  it('all investigated bids rejected and the rest over the ceiling → unsuccessful', () => {
    const r = investigation([bid(1, 8_000_000, { investigation: 'rejected' }), bid(2, 10_100_000)]);
    expect(r.outcome).toBe('unsuccessful');
  });
  it('a suspended vendor below the threshold is not investigated', () => {
    const r = investigation([bid(1, 8_000_000, { suspended: true }), bid(2, 9_000_000)]);
    expect(r).toMatchObject({ outcome: 'awarded', winnerVendorId: 2, pendingInvestigation: [] });
    expect(verdicts(r)[1]).toBe('suspended');
  });
});
