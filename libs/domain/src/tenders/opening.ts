/**
 * 開札: the verdict on every bid of a round and the round's outcome (pricing.md, opening rules).
 * Pure, so the opening screen can show exactly what the server will decide.
 */
export type BidVerdict =
  | 'winner'
  | 'valid'
  | 'lotLost'
  | 'lotPending'
  | 'overCeiling'
  | 'belowMinimum'
  | 'underInvestigation'
  | 'disqualified'
  | 'suspended'
  | 'declined'
  | 'invalid';

export const BID_VERDICT_LABELS: Record<BidVerdict, string> = {
  winner: '落札',
  valid: '有効',
  lotLost: 'くじ（非落札）',
  lotPending: 'くじ待ち',
  overCeiling: '予定価格超過',
  belowMinimum: '失格（最低制限価格未満）',
  underInvestigation: '低入札調査中',
  disqualified: '失格',
  suspended: '指名停止中',
  declined: '辞退',
  invalid: '無効',
};

export type OpeningOutcome = 'awarded' | 'investigation' | 'lot' | 'nextRound' | 'unsuccessful';

export const OPENING_OUTCOME_LABELS: Record<OpeningOutcome, string> = {
  awarded: '落札者決定',
  investigation: '低入札価格調査中（落札者の決定を保留）',
  lot: 'くじ引きが必要',
  nextRound: '再度入札',
  unsuccessful: '不調',
};

export interface OpeningBid {
  vendorId: number;
  /** Tax-excluded yen; null when declined or not submitted. */
  amount: number | null;
  declined?: boolean;
  /** 無効 with the reason (e.g. 記名押印なし). */
  invalidReason?: string | null;
  /** Under 指名停止 on the opening date: cannot win. */
  suspended?: boolean;
  /** The 低入札価格調査 result, once entered. */
  investigation?: 'accepted' | 'rejected' | null;
}

export interface OpeningInput {
  plannedPrice: number;
  minimumPrice: number | null;
  lowBidThreshold: number | null;
  disqualificationPrice: number | null;
  /** This round (1 = 初回) and the most a tender may have (a setting). */
  round: number;
  maxRounds: number;
  bids: OpeningBid[];
  /** The lot's winner among equal lowest bids, once drawn. */
  lotWinnerVendorId?: number | null;
}

export interface BidJudgement {
  vendorId: number;
  verdict: BidVerdict;
  /** Why, in Japanese, for the opening screen and the results table. */
  reason: string;
  /** Order among the awardable bids (1 = lowest), null for the others. */
  rank: number | null;
}

export interface OpeningResult {
  outcome: OpeningOutcome;
  judgements: BidJudgement[];
  winnerVendorId: number | null;
  winningAmount: number | null;
  /** 落札率 in percent to 0.1 (winning ÷ 予定価格, both tax-excluded). */
  awardRate: number | null;
  tiedVendorIds: number[];
  /** The vendors whose investigation the award waits for. */
  pendingInvestigation: number[];
  message: string;
}

const yen = (v: number) => `${v.toLocaleString('ja-JP')}円`;

/** 落札率 in percent, to 0.1 %, rounded down as municipalities publish it. */
export function awardRatePercent(amount: number, plannedPrice: number): number {
  return Math.floor((amount * 1000) / plannedPrice) / 10;
}

export function judgeOpening(input: OpeningInput): OpeningResult {
  const { plannedPrice: P, minimumPrice: min, lowBidThreshold: low, disqualificationPrice: dq } = input;
  const judgements = new Map<number, BidJudgement>();
  const set = (vendorId: number, verdict: BidVerdict, reason: string) => judgements.set(vendorId, { vendorId, verdict, reason, rank: null });
  const awardable: OpeningBid[] = [];
  const pending: OpeningBid[] = [];
  let overCeiling = 0;

  for (const b of input.bids) {
    if (b.declined) set(b.vendorId, 'declined', '入札を辞退');
    else if (b.invalidReason) set(b.vendorId, 'invalid', `無効（${b.invalidReason}）`);
    else if (b.amount === null || b.amount === undefined) set(b.vendorId, 'invalid', '無効（入札金額なし）');
    else if (b.amount > P) {
      overCeiling++;
      set(b.vendorId, 'overCeiling', `予定価格（${yen(P)}）を超えるため落札者となれない`);
    } else if (b.suspended) set(b.vendorId, 'suspended', '開札日に指名停止期間中のため落札者となれない');
    else if (min !== null && b.amount < min) set(b.vendorId, 'belowMinimum', `最低制限価格（${yen(min)}）未満のため失格`);
    else if (low !== null && b.amount < low) {
      if (dq !== null && b.amount < dq) set(b.vendorId, 'disqualified', `失格判断基準価格（${yen(dq)}）未満のため失格`);
      else if (b.investigation === 'rejected') set(b.vendorId, 'disqualified', `低入札価格調査の結果、失格（調査基準価格 ${yen(low)}）`);
      else if (b.investigation === 'accepted') awardable.push(b);
      else pending.push(b);
    } else awardable.push(b);
  }

  awardable.sort((a, b) => a.amount! - b.amount! || a.vendorId - b.vendorId);
  pending.sort((a, b) => a.amount! - b.amount! || a.vendorId - b.vendorId);
  awardable.forEach((b, i) => {
    const accepted = b.investigation === 'accepted' && low !== null && b.amount! < low;
    set(b.vendorId, 'valid', accepted ? `低入札価格調査の結果、履行可能と認められた（第${i + 1}順位）` : `有効（第${i + 1}順位）`);
    judgements.get(b.vendorId)!.rank = i + 1;
  });

  const lowest = awardable[0]?.amount ?? null;
  const lowerPending = pending.filter((b) => lowest === null || b.amount! <= lowest);
  for (const b of pending) {
    set(b.vendorId, 'underInvestigation', `低入札価格調査基準価格（${yen(low!)}）未満のため調査中（落札者の決定を保留）`);
  }
  const base = { tiedVendorIds: [] as number[], pendingInvestigation: [] as number[] };
  const ordered = () => input.bids.map((b) => judgements.get(b.vendorId)!);

  if (lowerPending.length) {
    return {
      ...base,
      outcome: 'investigation',
      judgements: ordered(),
      winnerVendorId: null,
      winningAmount: null,
      awardRate: null,
      pendingInvestigation: lowerPending.map((b) => b.vendorId),
      message: `低入札価格調査基準価格未満の入札が${lowerPending.length}件あります。調査結果を入力してください。`,
    };
  }

  if (lowest === null) {
    const valid = input.bids.filter((b) => !b.declined && !b.invalidReason && b.amount !== null);
    const allOver = overCeiling > 0 && overCeiling === valid.length;
    const again = allOver && input.round < input.maxRounds;
    return {
      ...base,
      outcome: again ? 'nextRound' : 'unsuccessful',
      judgements: ordered(),
      winnerVendorId: null,
      winningAmount: null,
      awardRate: null,
      message: again
        ? `すべての入札が予定価格を超えています。再度入札（第${input.round + 1}回）を行えます。`
        : allOver
          ? `すべての入札が予定価格を超え、入札回数の上限（${input.maxRounds}回）に達したため不調です。`
          : '落札者となれる入札がないため不調です。',
    };
  }

  const tied = awardable.filter((b) => b.amount === lowest);
  if (tied.length > 1) {
    const lot = input.lotWinnerVendorId;
    if (lot === null || lot === undefined || !tied.some((b) => b.vendorId === lot)) {
      for (const b of tied) set(b.vendorId, 'lotPending', `同額の最低価格（${yen(lowest)}）が${tied.length}者あり、くじで決定`);
      for (const b of tied) judgements.get(b.vendorId)!.rank = 1;
      return {
        ...base,
        outcome: 'lot',
        judgements: ordered(),
        winnerVendorId: null,
        winningAmount: null,
        awardRate: null,
        tiedVendorIds: tied.map((b) => b.vendorId),
        message: `同額の最低価格が${tied.length}者あります。くじの結果を入力してください。`,
      };
    }
    for (const b of tied) if (b.vendorId !== lot) set(b.vendorId, 'lotLost', 'くじの結果、落札者とならず');
    const rate = awardRatePercent(lowest, P);
    set(lot, 'winner', `同額の最低価格のうちくじにより落札者に決定（落札率${rate.toFixed(1)}%）`);
    judgements.get(lot)!.rank = 1;
    return { ...base, outcome: 'awarded', judgements: ordered(), winnerVendorId: lot, winningAmount: lowest, awardRate: rate, tiedVendorIds: tied.map((b) => b.vendorId), message: 'くじにより落札者が決まりました。' };
  }

  const winner = awardable[0];
  const rate = awardRatePercent(lowest, P);
  const wasInvestigated = winner.investigation === 'accepted' && low !== null && lowest < low;
  set(winner.vendorId, 'winner', `${wasInvestigated ? '低入札価格調査の結果、履行可能と認められた' : '有効な入札のうち最低価格'}ため落札者に決定（落札率${rate.toFixed(1)}%）`);
  judgements.get(winner.vendorId)!.rank = 1;
  return { ...base, outcome: 'awarded', judgements: ordered(), winnerVendorId: winner.vendorId, winningAmount: lowest, awardRate: rate, message: '落札者が決まりました。' };
}
