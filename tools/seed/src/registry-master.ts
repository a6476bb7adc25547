import { DataSource } from 'typeorm';
import { CONSTRUCTION_TRADES, GOODS_KINDS, SURVEY_KINDS } from '@keiyaku/domain';
import { RankingRuleRecord, SubjectiveItem, Term, Trade } from '@keiyaku/server/vendors';

/** Trades Hofu ranks (the others are registered without a rank). */
export const RANKED_TRADES = ['010', '020', '080', '090', '130', '230'];

/** 格付基準 and 発注標準金額 (shipped defaults from registry.md; admins edit them as data). */
const THRESHOLDS: Record<string, Array<{ rank: string; minTotal: number }>> = {
  '010': [{ rank: 'A', minTotal: 1000 }, { rank: 'B', minTotal: 800 }, { rank: 'C', minTotal: 650 }, { rank: 'D', minTotal: 0 }],
  '020': [{ rank: 'A', minTotal: 1000 }, { rank: 'B', minTotal: 820 }, { rank: 'C', minTotal: 680 }, { rank: 'D', minTotal: 0 }],
  default: [{ rank: 'A', minTotal: 900 }, { rank: 'B', minTotal: 750 }, { rank: 'C', minTotal: 0 }],
};
const BANDS: Record<string, Array<{ rank: string; minPrice: number }>> = {
  '010': [{ rank: 'A', minPrice: 50_000_000 }, { rank: 'B', minPrice: 20_000_000 }, { rank: 'C', minPrice: 10_000_000 }, { rank: 'D', minPrice: 0 }],
  '020': [{ rank: 'A', minPrice: 60_000_000 }, { rank: 'B', minPrice: 25_000_000 }, { rank: 'C', minPrice: 10_000_000 }, { rank: 'D', minPrice: 0 }],
  default: [{ rank: 'A', minPrice: 30_000_000 }, { rank: 'B', minPrice: 10_000_000 }, { rank: 'C', minPrice: 0 }],
};

export const SUBJECTIVE_ITEMS = [
  { code: 'RATING-H', name: '工事成績（過去2年平均80点以上）', points: 30, ratingMin: 80 },
  { code: 'RATING-M', name: '工事成績（過去2年平均75点以上）', points: 15, ratingMin: 75, ratingMax: 80 },
  { code: 'RATING-L', name: '工事成績（過去2年平均65点未満）', points: -20, ratingMax: 65 },
  { code: 'AWARD', name: '優良工事表彰', points: 20 },
  { code: 'DISASTER', name: '災害協定の締結', points: 20 },
  { code: 'ISO9001', name: 'ISO9001の認証', points: 10 },
  { code: 'ISO14001', name: 'ISO14001の認証', points: 10 },
  { code: 'DISABILITY', name: '障害者の雇用', points: 10 },
  { code: 'VOLUNTEER', name: '地域貢献・ボランティア活動', points: 5 },
  { code: 'SUSPEND', name: '指名停止（1か月につき）', points: -10 },
];

export const TERMS = [
  { code: 'R5-6', name: '令和5・6年度', validFrom: '2023-04-01', validTo: '2025-03-31' },
  { code: 'R7-8', name: '令和7・8年度', validFrom: '2025-04-01', validTo: '2027-03-31' },
];

/** Fills the registry's master tables when they are empty (every installation needs them). */
export async function seedRegistryMasterIfEmpty(ds: DataSource): Promise<boolean> {
  if ((await ds.getRepository(Trade).count()) > 0) return false;
  await ds.transaction(async (m) => {
    await m.save(
      CONSTRUCTION_TRADES.map((t, i) =>
        m.create(Trade, { category: 'construction', code: t.code, name: t.name, shortName: t.shortName, ranked: RANKED_TRADES.includes(t.code), sortOrder: i + 1, active: true }),
      ),
    );
    await m.save(SURVEY_KINDS.map((k, i) => m.create(Trade, { category: 'survey', code: k.code, name: k.name, shortName: k.name, ranked: false, sortOrder: i + 1, active: true })));
    await m.save(GOODS_KINDS.map((k, i) => m.create(Trade, { category: 'goods', code: k.code, name: k.name, shortName: k.name, ranked: false, sortOrder: i + 1, active: true })));
    for (const category of ['construction', 'survey', 'goods']) {
      await m.save(TERMS.map((t) => m.create(Term, { ...t, category })));
      if (category !== 'goods') await m.save(SUBJECTIVE_ITEMS.map((s, i) => m.create(SubjectiveItem, { ...s, category, sortOrder: i + 1, active: true })));
    }
    await m.save(
      RANKED_TRADES.map((code) =>
        m.create(RankingRuleRecord, {
          category: 'construction',
          tradeCode: code,
          effectiveFrom: '2023-04-01',
          thresholds: THRESHOLDS[code] ?? THRESHOLDS.default,
          priceBands: BANDS[code] ?? BANDS.default,
          maxStepUp: 1,
          localOnly: code !== '020' && code !== '010' ? true : false,
          newApplicantsStartLowest: true,
        }),
      ),
    );
  });
  return true;
}
