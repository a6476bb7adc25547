/**
 * 最低制限価格・低入札価格調査基準価格 from a versioned rule set (pricing.md). Every ratio,
 * bound and rounding is data; this file only knows the shape of the calculation, so the
 * server, the live price panel in the browser and the what-if screen all compute the same.
 */
export type PriceCategory = 'construction' | 'survey';
export type RoundingDirection = 'down' | 'up' | 'nearest';
export type PriceControl = 'minimum' | 'investigation' | 'none';
export type BuildingKind = 'none' | 'building' | 'lift';

export interface Rounding {
  /** 1, 1,000 or 10,000 yen (any positive whole number is accepted). */
  unit: number;
  direction: RoundingDirection;
}

export interface PriceComponent {
  /** The input's name in `components`, e.g. directCost. */
  key: string;
  /** Japanese label shown in the steps and on the tender page, e.g. 直接工事費. */
  label: string;
  ratio: number;
}

export interface PriceRuleDefinition {
  /** base = Σ component × ratio. */
  components: PriceComponent[];
  /** Bounds as ratios of 予定価格, e.g. 0.75 and 0.92. */
  lower: number;
  upper: number;
  /** Rounding of each term (D×r_d …) before summing; null = none. */
  termRounding: Rounding | null;
  /** Rounding of the clamped result; null = none. */
  resultRounding: Rounding | null;
  /** 失格判断基準価格: a second, lower price with its own ratios (investigation tenders). */
  disqualification: { components: PriceComponent[]; lower: number | null; upper: number | null } | null;
  /** Building works: move D×ratio (×liftRatio for lifts) from `fromKey` to `toKey` first. */
  buildingAdjustment: { fromKey: string; toKey: string; ratio: number; liftRatio: number } | null;
  /** Trades priced at a fixed rate of 予定価格 (e.g. demolition = 0.70). */
  fixedRateTrades: Array<{ tradeCode: string; rate: number }>;
  /** A coefficient drawn at opening, multiplied in before clamping (e.g. 0.9950–1.0049). */
  randomCoefficient: { min: number; max: number } | null;
}

export interface PriceRuleVersion {
  id?: number;
  /** Unique code, e.g. WORKS-2022. */
  code: string;
  name: string;
  category: PriceCategory;
  /** Survey/consulting kind (S10 測量 …); null for works. */
  serviceKind: string | null;
  /** 適用開始日: chosen by the tender's 公告日 (or 指名通知日). */
  effectiveFrom: string;
  definition: PriceRuleDefinition;
}

export interface PriceInput {
  /** 予定価格 (tax-excluded yen). */
  plannedPrice: number;
  components: Record<string, number>;
  tradeCode?: string | null;
  building?: BuildingKind | null;
  /** The coefficient drawn at opening; without it, none is applied (the preview before opening). */
  randomCoefficient?: number | null;
  /** 特別な場合: a price within [lowerBound, upperBound] with a reason. */
  override?: { price: number; reason: string } | null;
  /** Which price the tender uses: a hard minimum (default) or a low-bid investigation threshold. */
  mode?: PriceControl | null;
}

export interface PriceStep {
  label: string;
  /** How the value was reached, in words a clerk can check with a calculator. */
  formula: string;
  value: number;
}

export interface PriceResult {
  /** 最低制限価格 (mode minimum) — null otherwise. */
  minimumPrice: number | null;
  /** 低入札価格調査基準価格 (mode investigation) — null otherwise. */
  lowBidThreshold: number | null;
  /** 失格判断基準価格 (investigation with a rule that has one) — null otherwise. */
  disqualificationPrice: number | null;
  /** The formula's value before clamping (after the random coefficient). */
  base: number;
  lowerBound: number;
  upperBound: number;
  /** The computed price, whichever of the two it is used as. */
  price: number;
  clamped: 'lower' | 'upper' | null;
  fixedRate: number | null;
  randomCoefficient: number | null;
  overridden: boolean;
  ruleVersion: string;
  steps: PriceStep[];
}

export const ROUNDING_LABELS: Record<RoundingDirection, string> = { down: '切捨て', up: '切上げ', nearest: '四捨五入' };
export const PRICE_CONTROL_LABELS: Record<PriceControl, string> = {
  minimum: '最低制限価格',
  investigation: '低入札価格調査',
  none: '設定なし',
};

/** Removes binary floating-point noise (60,000,000 × 0.97 = 58,200,000.000000004). */
const clean = (v: number) => Math.round(v * 10_000) / 10_000;

const yen = (v: number) => `${v.toLocaleString('ja-JP', { maximumFractionDigits: 4 })}円`;

export function roundYen(value: number, rounding: Rounding | null | undefined): number {
  const v = clean(value);
  if (!rounding) return v;
  const unit = rounding.unit > 0 ? rounding.unit : 1;
  const q = clean(v / unit);
  const n = rounding.direction === 'up' ? Math.ceil(q) : rounding.direction === 'nearest' ? Math.round(q) : Math.floor(q);
  return n * unit;
}

const roundingText = (r: Rounding | null | undefined) => (r ? `（${r.unit.toLocaleString('ja-JP')}円未満${ROUNDING_LABELS[r.direction]}）` : '');

/** The rule version in force on a date for a category (and service kind): the latest effectiveFrom ≤ date. */
export function selectRuleVersion<T extends PriceRuleVersion>(rules: readonly T[], category: string, serviceKind: string | null | undefined, date: string): T | null {
  let best: T | null = null;
  for (const r of rules) {
    if (r.category !== category) continue;
    if (category === 'survey' && (r.serviceKind ?? null) !== (serviceKind ?? null)) continue;
    if (r.effectiveFrom > date) continue;
    if (!best || r.effectiveFrom > best.effectiveFrom) best = r;
  }
  return best;
}

/** A coefficient within the rule's range, to 4 decimals (0.9950–1.0049), as drawn at opening. */
export function drawRandomCoefficient(range: { min: number; max: number }, random: () => number = Math.random): number {
  const lo = Math.round(range.min * 10_000);
  const hi = Math.round(range.max * 10_000);
  const n = lo + Math.floor(random() * (hi - lo + 1));
  return Math.min(hi, n) / 10_000;
}

export class PriceRuleError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function sumTerms(components: PriceComponent[], amounts: Record<string, number>, rounding: Rounding | null, steps: PriceStep[], prefix: string): number {
  let total = 0;
  for (const c of components) {
    const amount = amounts[c.key] ?? 0;
    const term = roundYen(amount * c.ratio, rounding);
    steps.push({ label: `${prefix}${c.label}×${c.ratio}`, formula: `${yen(amount)} × ${c.ratio}${roundingText(rounding)}`, value: term });
    total = clean(total + term);
  }
  return total;
}

/**
 * The price of a tender under a rule version. Order: building adjustment → terms (rounded
 * each) → base → × random coefficient → clamp to [P×lower, P×upper] (a fixed-rate trade takes
 * P×rate instead, unclamped) → round → or the override, which must lie within the bounds.
 */
export function calculatePrice(rule: PriceRuleVersion, input: PriceInput): PriceResult {
  const d = rule.definition;
  const P = input.plannedPrice;
  if (!Number.isFinite(P) || P <= 0) throw new PriceRuleError('plannedPrice', '予定価格（plannedPrice）は1円以上で入力してください。');
  const mode: PriceControl = input.mode ?? 'minimum';
  const steps: PriceStep[] = [];
  const amounts: Record<string, number> = {};
  for (const c of [...d.components, ...(d.disqualification?.components ?? [])]) {
    const v = input.components[c.key] ?? 0;
    if (!Number.isFinite(v) || v < 0) throw new PriceRuleError(`components.${c.key}`, `${c.label}（${c.key}）は0以上の金額で入力してください。`);
    amounts[c.key] = v;
  }

  const adj = d.buildingAdjustment;
  if (adj && input.building && input.building !== 'none') {
    const ratio = input.building === 'lift' ? adj.liftRatio : adj.ratio;
    const moved = roundYen((amounts[adj.fromKey] ?? 0) * ratio, { unit: 1, direction: 'down' });
    const from = d.components.find((c) => c.key === adj.fromKey)?.label ?? adj.fromKey;
    const to = d.components.find((c) => c.key === adj.toKey)?.label ?? adj.toKey;
    amounts[adj.fromKey] = (amounts[adj.fromKey] ?? 0) - moved;
    amounts[adj.toKey] = (amounts[adj.toKey] ?? 0) + moved;
    steps.push({
      label: `建築工事の補正（${from}の${input.building === 'lift' ? '10分の2' : '10分の1'}を${to}へ）`,
      formula: `${yen(moved)}を移す → ${from} ${yen(amounts[adj.fromKey])}、${to} ${yen(amounts[adj.toKey])}`,
      value: moved,
    });
  }

  let base = sumTerms(d.components, amounts, d.termRounding, steps, '');
  steps.push({ label: '算定額（各項目の合計）', formula: '上記の合計', value: base });

  let coefficient: number | null = null;
  if (d.randomCoefficient && input.randomCoefficient !== null && input.randomCoefficient !== undefined) {
    coefficient = input.randomCoefficient;
    if (coefficient < d.randomCoefficient.min || coefficient > d.randomCoefficient.max) {
      throw new PriceRuleError('randomCoefficient', `ランダム係数は${d.randomCoefficient.min}〜${d.randomCoefficient.max}の範囲です（${coefficient}）。`);
    }
    base = clean(base * coefficient);
    steps.push({ label: `ランダム係数（${coefficient}）`, formula: `算定額 × ${coefficient}`, value: base });
  }

  const fixed = input.tradeCode ? d.fixedRateTrades.find((f) => f.tradeCode === input.tradeCode) : undefined;
  if (fixed) {
    base = clean(P * fixed.rate);
    steps.push({ label: `業種別の固定率（${fixed.rate}）`, formula: `予定価格 ${yen(P)} × ${fixed.rate}`, value: base });
  }

  const lowerBound = clean(P * d.lower);
  const upperBound = clean(P * d.upper);
  steps.push({ label: `下限（予定価格×${d.lower}）`, formula: `${yen(P)} × ${d.lower}`, value: lowerBound });
  steps.push({ label: `上限（予定価格×${d.upper}）`, formula: `${yen(P)} × ${d.upper}`, value: upperBound });

  let clamped: PriceResult['clamped'] = null;
  let value = base;
  // A fixed-rate trade's price is the rate itself (pricing.md: demolition = P×0.70), even outside the bounds.
  if (fixed) {
    // no clamping
  } else if (value < lowerBound) {
    value = lowerBound;
    clamped = 'lower';
  } else if (value > upperBound) {
    value = upperBound;
    clamped = 'upper';
  }
  steps.push({
    label: '範囲内に補正',
    formula: fixed ? '業種別の固定率のため補正しない' : clamped === 'lower' ? '算定額が下限を下回るため下限' : clamped === 'upper' ? '算定額が上限を上回るため上限' : '算定額は範囲内',
    value,
  });
  if (d.resultRounding) {
    value = roundYen(value, d.resultRounding);
    steps.push({ label: '端数処理', formula: roundingText(d.resultRounding).replace(/[（）]/g, ''), value });
  }

  let overridden = false;
  if (input.override) {
    const o = input.override;
    if (!o.reason || !o.reason.trim()) throw new PriceRuleError('override.reason', '手動設定の理由（override.reason）を入力してください。');
    if (!Number.isFinite(o.price) || o.price < lowerBound || o.price > upperBound) {
      throw new PriceRuleError('override.price', `手動設定の価格（override.price）は${yen(lowerBound)}〜${yen(upperBound)}の範囲で入力してください。`);
    }
    value = o.price;
    overridden = true;
    steps.push({ label: '手動設定（特別な場合）', formula: o.reason, value });
  }

  let disqualificationPrice: number | null = null;
  if (mode === 'investigation' && d.disqualification) {
    const dq = d.disqualification;
    let dqValue = sumTerms(dq.components, amounts, d.termRounding, steps, '失格判断基準: ');
    if (dq.lower !== null) dqValue = Math.max(dqValue, clean(P * dq.lower));
    if (dq.upper !== null) dqValue = Math.min(dqValue, clean(P * dq.upper));
    dqValue = roundYen(dqValue, d.resultRounding);
    disqualificationPrice = dqValue;
    steps.push({ label: '失格判断基準価格', formula: '上記の合計（範囲内に補正・端数処理）', value: dqValue });
  }

  return {
    minimumPrice: mode === 'minimum' ? value : null,
    lowBidThreshold: mode === 'investigation' ? value : null,
    disqualificationPrice,
    base,
    lowerBound,
    upperBound,
    price: value,
    clamped,
    fixedRate: fixed?.rate ?? null,
    randomCoefficient: coefficient,
    overridden,
    ruleVersion: rule.code,
    steps,
  };
}

/** Problems with a rule set before it is saved, in Japanese naming the field; empty when consistent. */
export function priceRuleProblems(d: PriceRuleDefinition): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  const ratioOk = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 2;
  if (!Array.isArray(d.components) || d.components.length === 0) out.push({ field: 'components', message: '算定項目（components）を1つ以上入力してください。' });
  const keys = new Set<string>();
  (d.components ?? []).forEach((c, i) => {
    if (!c.key || !/^[a-zA-Z][a-zA-Z0-9]{0,39}$/.test(c.key)) out.push({ field: `components.${i}.key`, message: `算定項目${i + 1}の項目コード（key）は英字で始まる英数字で入力してください。` });
    if (keys.has(c.key)) out.push({ field: `components.${i}.key`, message: `算定項目${i + 1}の項目コード「${c.key}」が重複しています。` });
    keys.add(c.key);
    if (!c.label || !c.label.trim()) out.push({ field: `components.${i}.label`, message: `算定項目${i + 1}の名称（label）を入力してください。` });
    if (!ratioOk(c.ratio)) out.push({ field: `components.${i}.ratio`, message: `算定項目${i + 1}の率（ratio）は0〜2の数値で入力してください。` });
  });
  if (!ratioOk(d.lower) || d.lower > 1) out.push({ field: 'lower', message: '下限の率（lower）は0〜1の数値で入力してください。' });
  if (!ratioOk(d.upper) || d.upper > 1) out.push({ field: 'upper', message: '上限の率（upper）は0〜1の数値で入力してください。' });
  if (ratioOk(d.lower) && ratioOk(d.upper) && d.lower > d.upper) out.push({ field: 'lower', message: '下限の率（lower）は上限の率（upper）以下にしてください。' });
  for (const [field, r] of [['termRounding', d.termRounding], ['resultRounding', d.resultRounding]] as const) {
    if (r && (!Number.isInteger(r.unit) || r.unit < 1 || !['down', 'up', 'nearest'].includes(r.direction))) {
      out.push({ field, message: `端数処理（${field}）の単位は1以上の整数、方向は切捨て・切上げ・四捨五入のいずれかです。` });
    }
  }
  if (d.randomCoefficient) {
    const { min, max } = d.randomCoefficient;
    if (!(min > 0) || !(max >= min) || max > 2) out.push({ field: 'randomCoefficient', message: 'ランダム係数の範囲（randomCoefficient）は0より大きく、下限≦上限で入力してください。' });
  }
  if (d.buildingAdjustment) {
    const a = d.buildingAdjustment;
    if (!keys.has(a.fromKey) || !keys.has(a.toKey)) out.push({ field: 'buildingAdjustment', message: '建築工事の補正（buildingAdjustment）の移動元・移動先は算定項目のコードで指定してください。' });
    if (!ratioOk(a.ratio) || !ratioOk(a.liftRatio) || a.ratio > 1 || a.liftRatio > 1) out.push({ field: 'buildingAdjustment', message: '建築工事の補正の率は0〜1の数値で入力してください。' });
  }
  (d.fixedRateTrades ?? []).forEach((f, i) => {
    if (!f.tradeCode) out.push({ field: `fixedRateTrades.${i}.tradeCode`, message: `固定率${i + 1}行目の業種（tradeCode）を入力してください。` });
    if (!ratioOk(f.rate) || f.rate > 1) out.push({ field: `fixedRateTrades.${i}.rate`, message: `固定率${i + 1}行目の率（rate）は0〜1の数値で入力してください。` });
  });
  if (d.disqualification) {
    (d.disqualification.components ?? []).forEach((c, i) => {
      if (!ratioOk(c.ratio)) out.push({ field: `disqualification.components.${i}.ratio`, message: `失格判断基準の算定項目${i + 1}の率（ratio）は0〜2の数値で入力してください。` });
      if (!keys.has(c.key)) out.push({ field: `disqualification.components.${i}.key`, message: `失格判断基準の算定項目「${c.key}」は算定項目にありません。` });
    });
  }
  return out;
}
