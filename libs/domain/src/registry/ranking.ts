/**
 * 格付: ranks per category × trade from 総合点数 = P + 主観点, by dated rules.
 */
export interface RankThreshold {
  rank: string;
  /** Lowest 総合点数 for this rank. */
  minTotal: number;
  /** Optional lowest P (経審) for this rank. */
  minP?: number | null;
  /** Optional lowest average annual completed value (yen) for this rank. */
  minTurnover?: number | null;
}

export interface RankingRule {
  /** Highest rank first, e.g. A, B, C, D; the last one is the floor (no minimum). */
  thresholds: RankThreshold[];
  /** How many ranks a vendor may rise per term (null: no cap). Falling is never capped. */
  maxStepUp: number | null;
  /** Only 市内 firms are ranked in this trade; others are registered without a rank. */
  localOnly: boolean;
  /** New applicants start at the lowest rank whatever their points. */
  newApplicantsStartLowest: boolean;
}

export interface RankInput {
  p: number;
  subjectiveScore: number;
  turnover?: number | null;
  locality: 'local' | 'semiLocal' | 'outside';
  /** The vendor's rank in this trade last term; null for a new applicant. */
  previousRank: string | null;
}

export interface RankResult {
  rank: string | null;
  total: number;
  /** The rank the points alone would give, before the step cap and new-applicant rule. */
  byPoints: string;
  reasons: string[];
}

export function rankFor(rule: RankingRule, input: RankInput): RankResult {
  const total = input.p + input.subjectiveScore;
  const order = rule.thresholds.map((t) => t.rank);
  const lowest = order[order.length - 1];
  const reasons: string[] = [];
  if (rule.localOnly && input.locality !== 'local') {
    return { rank: null, total, byPoints: lowest, reasons: ['市内業者のみ格付する業種のため格付なし'] };
  }
  const byPoints =
    rule.thresholds.find(
      (t, i) =>
        i === rule.thresholds.length - 1 ||
        // A blank minimum (undefined, or null from stored JSON) means none.
        (total >= t.minTotal && (t.minP == null || input.p >= t.minP) && (t.minTurnover == null || (input.turnover ?? 0) >= t.minTurnover)),
    )?.rank ?? lowest;
  reasons.push(`総合点数 ${total}（P ${input.p} + 主観点 ${input.subjectiveScore}）により${byPoints}`);
  if (input.previousRank === null) {
    if (rule.newApplicantsStartLowest && byPoints !== lowest) {
      reasons.push(`新規申請のため最下位の${lowest}`);
      return { rank: lowest, total, byPoints, reasons };
    }
    return { rank: byPoints, total, byPoints, reasons };
  }
  const from = order.indexOf(input.previousRank);
  const to = order.indexOf(byPoints);
  if (from >= 0 && rule.maxStepUp !== null && from - to > rule.maxStepUp) {
    const capped = order[from - rule.maxStepUp];
    reasons.push(`前期${input.previousRank}からの昇格は${rule.maxStepUp}段階までのため${capped}`);
    return { rank: capped, total, byPoints, reasons };
  }
  return { rank: byPoints, total, byPoints, reasons };
}

/**
 * 発注標準金額: the rank whose band holds a tender's 予定価格. Bands are lower bounds, highest
 * rank first (e.g. A ≥ 50,000,000; B ≥ 20,000,000; C ≥ 10,000,000; D ≥ 0).
 */
export function rankForPrice(bands: Array<{ rank: string; minPrice: number }>, plannedPrice: number): string | null {
  return bands.find((b) => plannedPrice >= b.minPrice)?.rank ?? null;
}

/** A 主観点 item that applies by the vendor's 工事成績 average: [ratingMin, ratingMax), an open end when null. */
export interface RatingRangeItem {
  code: string;
  ratingMin: number | null;
  ratingMax: number | null;
}

/**
 * The items whose 工事成績 range holds the average (none without an average: a vendor with no
 * rated works gets neither the bonus nor the deduction). Items without a range are not rating items.
 */
export function ratingItemsFor<T extends RatingRangeItem>(items: readonly T[], average: number | null): T[] {
  if (average === null) return [];
  return items.filter((i) => (i.ratingMin !== null || i.ratingMax !== null) && (i.ratingMin === null || average >= i.ratingMin) && (i.ratingMax === null || average < i.ratingMax));
}
