import type { PriceComponent, PriceRuleDefinition, PriceRuleVersion } from './price-rules';

/** 建設工事 (中央公契連モデル): D, K, G, I — the input names the API takes. */
const works = (rd: number, rk: number, rg: number, ri: number): PriceComponent[] => [
  { key: 'directCost', label: '直接工事費', ratio: rd },
  { key: 'commonTemporaryCost', label: '共通仮設費', ratio: rk },
  { key: 'siteManagementCost', label: '現場管理費', ratio: rg },
  { key: 'generalAdminCost', label: '一般管理費等', ratio: ri },
];

const definition = (components: PriceComponent[], lower: number, upper: number, extra: Partial<PriceRuleDefinition> = {}): PriceRuleDefinition => ({
  components,
  lower,
  upper,
  termRounding: null,
  resultRounding: null,
  disqualification: null,
  buildingAdjustment: null,
  fixedRateTrades: [],
  randomCoefficient: null,
  ...extra,
});

/** Building works move 直接工事費×1/10 (×2/10 for lifts) to 現場管理費 — an option every works version carries. */
const BUILDING = { fromKey: 'directCost', toKey: 'siteManagementCost', ratio: 0.1, liftRatio: 0.2 };

/** 失格判断基準価格 ratios seen in municipal rules (0.90/0.80/0.80/0.55), within the same bounds. */
const DISQUALIFICATION = { components: works(0.9, 0.8, 0.8, 0.55), lower: null, upper: null };

const worksVersion = (from: string, r: [number, number, number, number], lower: number, upper: number): PriceRuleVersion => ({
  code: `WORKS-${from.slice(0, 4)}`,
  name: `建設工事 最低制限価格等算定基準（${from.slice(0, 4)}年4月1日〜）`,
  category: 'construction',
  serviceKind: null,
  effectiveFrom: from,
  definition: definition(works(...r), lower, upper, { buildingAdjustment: BUILDING, disqualification: DISQUALIFICATION }),
});

/** Shipped defaults: every works version in pricing.md and the survey/consulting table (R6). */
export const DEFAULT_PRICE_RULES: PriceRuleVersion[] = [
  worksVersion('2016-04-01', [0.95, 0.9, 0.9, 0.55], 0.7, 0.9),
  worksVersion('2017-04-01', [0.97, 0.9, 0.9, 0.55], 0.7, 0.9),
  worksVersion('2019-04-01', [0.97, 0.9, 0.9, 0.55], 0.75, 0.92),
  worksVersion('2022-04-01', [0.97, 0.9, 0.9, 0.68], 0.75, 0.92),
  {
    code: 'SURVEY-S10-2024',
    name: '測量 最低制限価格算定基準（令和6年度〜）',
    category: 'survey',
    serviceKind: 'S10',
    effectiveFrom: '2024-04-01',
    definition: definition(
      [
        { key: 'directSurveyCost', label: '直接測量費', ratio: 1 },
        { key: 'surveyInvestigationCost', label: '測量調査費', ratio: 1 },
        { key: 'overheadCost', label: '諸経費', ratio: 0.48 },
      ],
      0.6,
      0.82,
    ),
  },
  {
    code: 'SURVEY-S40-2024',
    name: '地質調査 最低制限価格算定基準（令和6年度〜）',
    category: 'survey',
    serviceKind: 'S40',
    effectiveFrom: '2024-04-01',
    definition: definition(
      [
        { key: 'directInvestigationCost', label: '直接調査費', ratio: 1 },
        { key: 'indirectInvestigationCost', label: '間接調査費', ratio: 0.9 },
        { key: 'analysisCost', label: '解析等調査業務費', ratio: 0.8 },
        { key: 'overheadCost', label: '諸経費', ratio: 0.48 },
      ],
      2 / 3,
      0.85,
    ),
  },
  {
    code: 'SURVEY-S30-2024',
    name: '土木関係建設コンサルタント 最低制限価格算定基準（令和6年度〜）',
    category: 'survey',
    serviceKind: 'S30',
    effectiveFrom: '2024-04-01',
    definition: definition(
      [
        { key: 'directLaborCost', label: '直接人件費', ratio: 1 },
        { key: 'directExpense', label: '直接経費', ratio: 1 },
        { key: 'otherCost', label: 'その他原価', ratio: 0.9 },
        { key: 'generalAdminCost', label: '一般管理費等', ratio: 0.48 },
      ],
      0.6,
      0.8,
    ),
  },
  {
    code: 'SURVEY-S20-2024',
    name: '建築関係建設コンサルタント 最低制限価格算定基準（令和6年度〜）',
    category: 'survey',
    serviceKind: 'S20',
    effectiveFrom: '2024-04-01',
    definition: definition(
      [
        { key: 'directLaborCost', label: '直接人件費', ratio: 1 },
        { key: 'technicalExpense', label: '技術経費', ratio: 0.6 },
        { key: 'specialExpense', label: '特別経費', ratio: 1 },
        { key: 'overheadCost', label: '諸経費', ratio: 0.6 },
      ],
      0.6,
      0.8,
    ),
  },
  {
    code: 'SURVEY-S50-2024',
    name: '補償関係コンサルタント 最低制限価格算定基準（令和6年度〜）',
    category: 'survey',
    serviceKind: 'S50',
    effectiveFrom: '2024-04-01',
    definition: definition(
      [
        { key: 'directLaborCost', label: '直接人件費', ratio: 1 },
        { key: 'directExpense', label: '直接経費', ratio: 1 },
        { key: 'otherCost', label: 'その他原価', ratio: 0.9 },
        { key: 'generalAdminCost', label: '一般管理費等', ratio: 0.45 },
      ],
      0.6,
      0.8,
    ),
  },
];
