import { BuildingKind, calculatePrice, PriceControl, PriceComponent, PriceResult, PriceRuleError, selectRuleVersion } from '@keiyaku/domain';
import { PriceRuleSetRow, TenderCategory, todayInJapan } from '../models';

/** What the price inputs say right now (the form's values, not yet saved). */
export interface PriceDraft {
  category: TenderCategory;
  tradeCode: string;
  /** 公告日, else 指名通知日 (else today): the date that picks the rule version. */
  announcementDate: string | null;
  designationDate: string | null;
  plannedPrice: number | null;
  components: Record<string, number | null>;
  buildingKind: BuildingKind;
  priceControl: PriceControl;
  overridePrice: number | null;
  overrideReason: string | null;
  /** Drawn at opening; null before. */
  randomCoefficient: number | null;
}

export interface LivePrice {
  /** The version in force on the price date (null: none applies). */
  rule: PriceRuleSetRow | null;
  date: string;
  result: PriceResult | null;
  /** Why there is no result (in Japanese), or the calculation's own complaint. */
  problem: string | null;
  /** The input the problem is about (`plannedPrice`, `components.directCost`, `override.price` …). */
  field: string | null;
}

export const priceDateOf = (d: Pick<PriceDraft, 'announcementDate' | 'designationDate'>): string => d.announcementDate || d.designationDate || todayInJapan();

/** The version that applies to a tender: active versions of its category (and survey kind) by the price date. */
export function ruleFor(rules: readonly PriceRuleSetRow[], d: Pick<PriceDraft, 'category' | 'tradeCode' | 'announcementDate' | 'designationDate'>): PriceRuleSetRow | null {
  if (d.category === 'goods') return null;
  const serviceKind = d.category === 'survey' ? d.tradeCode || null : null;
  return selectRuleVersion(
    rules.filter((r) => r.active),
    d.category,
    serviceKind,
    priceDateOf(d),
  );
}

/** The cost components a rule asks for (its own and the 失格判断基準's, once each). */
export function componentsOf(rule: PriceRuleSetRow | null): PriceComponent[] {
  if (!rule) return [];
  const seen = new Set<string>();
  return [...rule.definition.components, ...(rule.definition.disqualification?.components ?? [])].filter((c) => (seen.has(c.key) ? false : (seen.add(c.key), true)));
}

/**
 * The same calculation the server makes on save (calculatePrice of libs/domain), so the panel
 * shows what will be stored; the server recomputes and its figures are the ones kept.
 */
export function livePrice(rules: readonly PriceRuleSetRow[], d: PriceDraft): LivePrice {
  const date = priceDateOf(d);
  const none = (problem: string, rule: PriceRuleSetRow | null = null, field: string | null = null): LivePrice => ({ rule, date, result: null, problem, field });
  if (d.category === 'goods') return none('物品・役務の案件には最低制限価格等を設けません。');
  if (d.priceControl === 'none') return none('最低制限価格等を設けない案件です（設定なし）。');
  const rule = ruleFor(rules, d);
  if (!rule) {
    const what = d.category === 'survey' ? `業務の種類 ${d.tradeCode || '（未選択）'}` : '建設工事';
    return none(`${date}に適用される価格算定基準（${what}）が登録されていません。`);
  }
  if (!d.plannedPrice || d.plannedPrice <= 0) return none('予定価格を入力すると、最低制限価格等をここに算定します。', rule, 'plannedPrice');
  const fixed = rule.definition.fixedRateTrades.some((f) => f.tradeCode === d.tradeCode);
  const components: Record<string, number> = {};
  for (const [key, value] of Object.entries(d.components)) if (value !== null && value !== undefined) components[key] = value;
  if (!fixed && !Object.keys(components).length) return none('内訳（直接工事費など）を入力すると、最低制限価格等をここに算定します。', rule, 'components');
  try {
    const result = calculatePrice(rule, {
      plannedPrice: d.plannedPrice,
      components,
      tradeCode: d.tradeCode,
      building: d.buildingKind,
      randomCoefficient: d.randomCoefficient,
      override: d.overridePrice !== null ? { price: d.overridePrice, reason: d.overrideReason ?? '' } : null,
      mode: d.priceControl,
    });
    return { rule, date, result, problem: null, field: null };
  } catch (e) {
    if (e instanceof PriceRuleError) return none(e.message, rule, e.field);
    throw e;
  }
}
