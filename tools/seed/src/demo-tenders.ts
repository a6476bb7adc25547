import { DataSource } from 'typeorm';
import {
  calculatePrice, consumptionTaxRate, formatTenderNumber, judgeOpening, OpeningBid, OpeningResult, PriceControl, PriceResult,
  searchTextOf, selectRuleVersion, SETTING_DEFINITIONS, TaxRate, TenderMethod, TenderStatus,
} from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import { Department } from '@keiyaku/server/auth';
import { Contract } from '@keiyaku/server/contracts';
import { Bid, PriceRuleSet, storedYen, Tender, TenderDesignation } from '@keiyaku/server/tenders';
import { Qualification, RankingRuleRecord, Vendor, VendorMeasure } from '@keiyaku/server/vendors';
import { prng } from './demo-vendors';

export interface DemoTenderOptions {
  /** Fiscal years to fill (年度, April to March). */
  fiscalYears: number[];
  perYear: number;
  /**
   * Finished fiscal years before `fiscalYears`, lighter (`perYear` each), so the history screens
   * (five years of 工事成績評定) have something to show. They are generated after the others from
   * their own random stream: adding them leaves the other years exactly as they were.
   */
  history?: { fiscalYears: number[]; perYear: number };
  seed?: number;
  /** The demo's "today": tenders after it stay open (draft, designated, bidding). */
  today?: Date;
}

/** Construction trades by share of Hofu's tenders, with the department that orders them. */
const WORK_TRADES: Array<[string, number, string[]]> = [
  ['010', 40, ['DOBOKU', 'KASEN', 'NORIN', 'TOSHI']], ['130', 10, ['DOBOKU']], ['020', 12, ['KENCHIKU']], ['080', 8, ['KENCHIKU', 'SUIDO-KOMU']],
  ['090', 8, ['KENCHIKU', 'SUIDO-KOMU']], ['230', 5, ['TOSHI']], ['050', 7, ['DOBOKU', 'KASEN']], ['170', 4, ['KENCHIKU']], ['290', 3, ['KENCHIKU']], ['260', 3, ['SUIDO-KOMU']],
];
const SURVEY_KINDS_USED: Array<[string, string[]]> = [['S10', ['DOBOKU', 'YOCHI']], ['S30', ['DOBOKU', 'KASEN']], ['S20', ['KENCHIKU']], ['S40', ['DOBOKU']], ['S50', ['YOCHI']]];
const WORK_TITLES: Record<string, string[]> = {
  '010': ['市道{p}線道路改良工事', '{p}地区排水路整備工事', '{p}川護岸改修工事', '{p}漁港物揚場改良工事', '市道{p}線災害復旧工事'],
  '130': ['市道{p}線舗装改良工事', '{p}地区舗装補修工事'],
  '020': ['{p}小学校校舎改修工事', '{p}公民館改築工事', '市営{p}住宅外壁改修工事'],
  '080': ['{p}中学校照明設備改修工事', '{p}浄化センター電気設備工事'],
  '090': ['{p}小学校空調設備設置工事', '{p}地区配水管布設替工事'],
  '230': ['{p}公園整備工事', '{p}緑地植栽工事'],
  '050': ['{p}地区法面対策工事', '{p}橋補修工事'],
  '170': ['{p}体育館屋根塗装工事'],
  '290': ['旧{p}保育園解体工事'],
  '260': ['{p}地区下水道管渠更生工事'],
};
const SURVEY_TITLES: Record<string, string> = {
  S10: '市道{p}線測量業務委託', S30: '{p}橋梁点検業務委託', S20: '{p}公民館改築設計業務委託', S40: '{p}地区地質調査業務委託', S50: '{p}地区物件調査業務委託',
};
const PLACES = ['台道', '牟礼', '右田', '大道', '富海', '華城', '西浦', '中関', '向島', '佐波', '松崎', '新田', '江泊', '植松', '高井', '勝間', '野島', '桑山'];

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (date: string, n: number) => iso(new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000));
const defaultOf = <T>(key: string) => SETTING_DEFINITIONS.find((d) => d.key === key)!.default as T;

/** The rank whose 発注標準金額 band holds the planned price (bands ordered by minPrice, highest first). */
function rankForPrice(rules: RankingRuleRecord[], tradeCode: string, price: number, date: string): string | null {
  const rule = rules.filter((r) => r.category === 'construction' && r.tradeCode === tradeCode && r.effectiveFrom <= date).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
  const bands = [...(rule?.priceBands ?? [])].sort((a, b) => b.minPrice - a.minPrice);
  return bands.find((b) => price >= b.minPrice)?.rank ?? null;
}

/**
 * Fills an empty tender register with fiscal years like Hofu's (about 350 a year, lighter finished
 * years before them if `history` asks for them): prices
 * from the shipped rule versions, designations of qualified vendors, bids judged by the same
 * opening rules as the screens (ties by lot, investigations, re-bids, 不調), contract drafts.
 */
export async function seedDemoTendersIfEmpty(ds: DataSource, audit: AuditService, options: DemoTenderOptions): Promise<number> {
  if ((await ds.getRepository(Tender).count()) > 0) return 0;
  const vendors = await ds.getRepository(Vendor).find({ select: { id: true, status: true, locality: true } });
  if (!vendors.length) return 0;
  const seed = options.seed ?? 5;
  const today = iso(options.today ?? new Date());
  const rules = await ds.getRepository(PriceRuleSet).find({ where: { active: true } });
  const rankingRules = await ds.getRepository(RankingRuleRecord).find();
  const departments = new Map((await ds.getRepository(Department).find()).map((d) => [d.code, d.id]));
  const quals = await ds.getRepository(Qualification).find({ select: { vendorId: true, category: true, tradeCode: true, rank: true, validFrom: true, validTo: true } });
  // By category and trade (in their order), so each tender filters its trade's rows only.
  const qualsByTrade = new Map<string, Qualification[]>();
  for (const q of quals) {
    const key = `${q.category}|${q.tradeCode}`;
    if (!qualsByTrade.has(key)) qualsByTrade.set(key, []);
    qualsByTrade.get(key)!.push(q);
  }
  const suspensions = await ds.getRepository(VendorMeasure).find({ where: { kind: 'suspension' } });
  const vendorById = new Map(vendors.map((v) => [v.id, v]));
  const taxTable = defaultOf<TaxRate[]>('tax.consumptionRates');
  const numberFormat = defaultOf<string>('tenders.numberFormat');
  const maxRounds = defaultOf<number>('tenders.maxRounds');
  const suspendedOn = (vendorId: number, date: string) => suspensions.some((s) => s.vendorId === vendorId && s.startDate <= date && (s.endDate ?? '9999-12-31') >= date);

  const tenders: Array<Partial<Tender>> = [];
  const designations: Array<Partial<TenderDesignation> & { tenderIndex: number }> = [];
  const bids: Array<Partial<Bid> & { tenderIndex: number }> = [];
  const weighted = WORK_TRADES.flatMap(([code, w, deps]) => Array.from({ length: w }, () => [code, deps] as const));

  // The history years' tenders open by mid-March, so their contracts fall in the same fiscal year.
  const main = prng(seed);
  const past = prng(seed + 1000);
  const years = [
    ...options.fiscalYears.map((fy) => ({ fy, perYear: options.perYear, r: main, span: 340 })),
    ...(options.history?.fiscalYears ?? []).map((fy) => ({ fy, perYear: options.history!.perYear, r: past, span: 310 })),
  ];
  for (const { fy, perYear, r, span } of years) {
    for (let seq = 1; seq <= perYear; seq++) {
      const index = tenders.length;
      const start = addDays(`${fy}-04-10`, Math.floor(((seq - 1) / perYear) * span) + r.int(0, 3));
      if (start > addDays(today, 20)) break;
      const survey = r.chance(0.22);
      const [tradeCode, deps] = survey ? r.pick(SURVEY_KINDS_USED) : r.pick(weighted);
      const place = r.pick(PLACES);
      const title = (survey ? SURVEY_TITLES[tradeCode] : r.pick(WORK_TITLES[tradeCode])).replace('{p}', place);
      const roll = r.next();
      const method: TenderMethod = roll < 0.1 ? 'general' : roll < 0.94 ? 'designated' : roll < 0.97 ? 'quotation' : 'negotiated';
      const small = method === 'quotation' || method === 'negotiated';
      const planned = small
        ? r.int(50, survey ? 90 : 180) * 10_000
        : method === 'general'
          ? r.int(60, 400) * 1_000_000
          : survey ? r.int(15, 300) * 100_000 : Math.round(Math.exp(r.int(Math.round(Math.log(3e6) * 100), Math.round(Math.log(9e7) * 100)) / 100) / 10_000) * 10_000;
      const components: Record<string, number> = {};
      if (survey) {
        const keys = rules.find((x) => x.serviceKind === tradeCode)?.definition.components.map((c) => c.key) ?? [];
        let rest = planned;
        keys.forEach((k, i) => {
          const part = i === keys.length - 1 ? rest : Math.round((planned * (i === 0 ? 0.5 : 0.5 / (keys.length - 1)) * (0.9 + r.next() * 0.2)) / 1000) * 1000;
          components[k] = Math.max(0, Math.min(part, rest));
          rest -= components[k];
        });
      } else {
        const d = Math.round((planned * (0.6 + r.next() * 0.12)) / 1000) * 1000;
        const k = Math.round((planned * (0.04 + r.next() * 0.04)) / 1000) * 1000;
        const g = Math.round((planned * (0.12 + r.next() * 0.06)) / 1000) * 1000;
        components.directCost = d;
        components.commonTemporaryCost = k;
        components.siteManagementCost = g;
        components.generalAdminCost = planned - d - k - g;
      }
      let priceControl: PriceControl = small ? 'none' : !survey && planned >= 100_000_000 && r.chance(0.6) ? 'investigation' : 'minimum';
      const rule = priceControl === 'none' ? null : selectRuleVersion(rules, survey ? 'survey' : 'construction', survey ? tradeCode : null, start);
      // Before the survey rules took effect (R6) those tenders had no price control.
      if (!rule) priceControl = 'none';
      const price: PriceResult | null = rule
        ? calculatePrice(rule, { plannedPrice: planned, components, tradeCode, building: tradeCode === '020' ? 'building' : 'none', mode: priceControl })
        : null;
      const opening = addDays(start, r.int(14, 24));
      const departmentId = departments.get(r.pick(deps)) ?? null;
      const tender: Partial<Tender> = {
        tenderNumber: formatTenderNumber(numberFormat, fy, seq),
        fiscalYear: fy,
        title,
        location: `防府市${place}`,
        category: survey ? 'survey' : 'construction',
        tradeCode,
        departmentId,
        method,
        comprehensiveEval: method === 'general' && r.chance(0.4),
        negotiatedReason: method === 'negotiated' ? '地方自治法施行令第167条の2第1項第1号（少額）' : null,
        budgetLineCode: null,
        designPrice: Math.round((planned * 1.02) / 1000) * 1000,
        plannedPrice: planned,
        priceComponents: components,
        buildingKind: tradeCode === '020' ? 'building' : 'none',
        priceControl,
        pricePublication: r.chance(0.2) ? 'before' : 'after',
        priceRuleSetId: rule?.id ?? null,
        priceCalc: price,
        minimumPrice: storedYen(price?.minimumPrice ?? null),
        lowBidThreshold: storedYen(price?.lowBidThreshold ?? null),
        disqualificationPrice: storedYen(price?.disqualificationPrice ?? null),
        randomCoeff: null,
        overridePrice: null,
        overrideReason: null,
        announcementDate: method === 'general' ? start : null,
        designationDate: method === 'general' ? null : start,
        questionDeadline: addDays(start, 7),
        bidDeadline: addDays(opening, -1),
        openingDate: opening,
        currentRound: 1,
        outcome: null,
        awardVendorId: null,
        awardAmount: null,
        lotRecord: null,
        contractId: null,
        cancelReason: null,
        notes: null,
      };
      tenders.push(tender);

      if (start > today) {
        tender.status = 'draft';
        continue;
      }
      // Who may take part: qualified in the trade on the date, in the rank of the price band.
      const category = survey ? 'survey' : 'construction';
      const rank = survey ? null : rankForPrice(rankingRules, tradeCode, planned, start);
      const qualified = (qualsByTrade.get(`${category}|${tradeCode}`) ?? []).filter((q) => q.validFrom <= start && q.validTo >= start);
      let pool = qualified.filter((q) => vendorById.get(q.vendorId)?.status === 'active' && !suspendedOn(q.vendorId, start));
      if (rank && pool.filter((q) => q.rank === rank).length >= 4) pool = pool.filter((q) => q.rank === rank);
      const candidates = [...new Set(pool.map((q) => q.vendorId))];
      if (candidates.length < 2 || r.chance(0.01)) {
        tender.status = 'cancelled';
        tender.cancelReason = candidates.length < 2 ? '参加資格を有する者が不足するため' : '事業計画の見直しのため';
        continue;
      }
      // Local firms first, as Hofu designates them.
      const ordered = candidates
        .map((id) => ({ id, key: (vendorById.get(id)!.locality === 'local' ? 0 : 1) + r.next() }))
        .sort((a, b) => a.key - b.key)
        .map((c) => c.id);
      const count = method === 'negotiated' ? 1 : method === 'quotation' ? Math.min(3, ordered.length) : Math.min(ordered.length, r.int(6, 10));
      const chosen = ordered.slice(0, count);
      if (method !== 'general') {
        for (const vendorId of chosen) {
          designations.push({ tenderIndex: index, vendorId, selected: true, reason: method === 'negotiated' ? '特命（少額随意契約）' : '地域要件・手持ち工事量を考慮', rank: rank, locality: vendorById.get(vendorId)!.locality, stats: null, notifiedAt: new Date(`${start}T01:00:00Z`) });
        }
        for (const vendorId of ordered.slice(count, count + 2)) {
          designations.push({ tenderIndex: index, vendorId, selected: false, reason: '今年度の指名回数を考慮', rank: rank, locality: vendorById.get(vendorId)!.locality, stats: null, notifiedAt: null });
        }
      }
      if (opening > today) {
        tender.status = method === 'general' ? 'announced' : 'bidding';
        continue;
      }

      // Bids, round by round, judged by the opening rules until an award or 不調.
      const floor = price?.price ?? Math.round(planned * 0.8);
      const allOver = r.chance(0.05);
      // Some stay over the ceiling through every round: 不調.
      const stubborn = allOver && r.chance(0.3);
      let result: OpeningResult | null = null;
      for (let round = 1; round <= maxRounds; round++) {
        const roundBids: OpeningBid[] = [];
        const tie = r.chance(0.12) && price !== null;
        chosen.forEach((vendorId, i) => {
          const declined = count > 2 && r.chance(0.05);
          let amount: number | null = null;
          if (!declined) {
            if ((allOver && round === 1) || stubborn) amount = Math.round((planned * (1.005 + r.next() * 0.05)) / 1000) * 1000;
            else if (allOver && round === 2 && r.chance(0.25)) amount = Math.round((planned * (1.001 + r.next() * 0.02)) / 1000) * 1000;
            else if (tie && i < 2) amount = Math.ceil(floor / 1000) * 1000;
            else {
              const low = priceControl === 'investigation' ? (price?.disqualificationPrice ?? floor * 0.95) : floor * (priceControl === 'none' ? 0.85 : 0.985);
              amount = Math.min(planned, Math.round((low + r.next() * (planned * 1.01 - low)) / 1000) * 1000);
            }
          }
          const investigated = priceControl === 'investigation' && amount !== null && amount < (price?.lowBidThreshold ?? 0);
          roundBids.push({ vendorId, amount, declined, suspended: suspendedOn(vendorId, opening), investigation: investigated ? (r.chance(0.8) ? 'accepted' : 'rejected') : null });
        });
        const input = { plannedPrice: planned, minimumPrice: price?.minimumPrice ?? null, lowBidThreshold: price?.lowBidThreshold ?? null, disqualificationPrice: price?.disqualificationPrice ?? null, round, maxRounds, bids: roundBids };
        result = judgeOpening(input);
        if (result.outcome === 'lot') {
          const winner = r.pick(result.tiedVendorIds);
          tender.lotRecord = { round, winnerVendorId: winner, tiedVendorIds: result.tiedVendorIds, drawnBy: '契約課 立会者', note: '電子くじ', recordedAt: `${opening}T02:00:00.000Z`, recordedBy: 'contract' };
          result = judgeOpening({ ...input, lotWinnerVendorId: winner });
        }
        for (const b of roundBids) {
          const j = result.judgements.find((x) => x.vendorId === b.vendorId)!;
          bids.push({
            tenderIndex: index, round, vendorId: b.vendorId, amount: b.amount, declined: !!b.declined, invalidReason: null,
            lotNumber: tender.lotRecord?.round === round ? String(r.int(100, 999)) : null, verdict: j.verdict, verdictReason: j.reason,
            investigation: b.investigation ?? null, investigationNote: b.investigation ? (b.investigation === 'accepted' ? '積算内訳・手持ち資機材を確認し、履行可能と判断' : '下請・資材の見積根拠が確認できない') : null,
          });
        }
        tender.currentRound = round;
        if (result.outcome !== 'nextRound') break;
      }
      tender.outcome = result!.outcome;
      if (result!.outcome === 'awarded') {
        tender.status = 'awarded';
        tender.awardVendorId = result!.winnerVendorId;
        tender.awardAmount = result!.winningAmount;
      } else {
        tender.status = 'unsuccessful';
      }
    }
  }

  await ds.transaction(async (m) => {
    const insert = async <T>(entity: new () => T, rows: object[]) => {
      for (let i = 0; i < rows.length; i += 150) {
        await m.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + 150) as any).callListeners(false).updateEntity(false).execute();
      }
    };
    await insert(Tender, tenders.map((t) => ({ ...t, searchText: searchTextOf(t.tenderNumber, t.title, t.location), version: 1 })));
    const ids = new Map((await m.find(Tender, { select: { id: true, tenderNumber: true } })).map((t) => [t.tenderNumber, t.id]));
    const idOf = (i: number) => ids.get(tenders[i].tenderNumber!)!;
    await insert(TenderDesignation, designations.map(({ tenderIndex, ...d }) => ({ ...d, tenderId: idOf(tenderIndex), version: 1 })));
    await insert(Bid, bids.map(({ tenderIndex, ...b }) => ({ ...b, tenderId: idOf(tenderIndex), version: 1 })));
    // Each award's contract draft, as the award screen makes it.
    const awarded = tenders.map((t, i) => ({ t, id: idOf(i) })).filter(({ t }) => t.status === 'awarded');
    await insert(
      Contract,
      awarded.map(({ t, id }) => {
        const rate = consumptionTaxRate(t.openingDate!, taxTable);
        const tax = Math.floor((t.awardAmount! * rate) / 100);
        return {
          contractNumber: null, tenderId: id, vendorId: t.awardVendorId!, title: t.title, location: t.location, departmentId: t.departmentId,
          category: t.category, tradeCode: t.tradeCode, method: t.method, amount: t.awardAmount! + tax, taxAmount: tax, taxRate: rate,
          contractDate: null, periodFrom: null, periodTo: null, status: 'draft', version: 1,
        };
      }),
    );
    // Each awarded tender points at its draft, in one statement.
    await m
      .createQueryBuilder()
      .update(Tender)
      .set({ contractId: () => '(SELECT MIN(c.id) FROM contracts c WHERE c.tender_id = tenders.id)' })
      .where('id IN (SELECT c.tender_id FROM contracts c WHERE c.tender_id IS NOT NULL)')
      .callListeners(false)
      .execute();
    const counts = (s: TenderStatus) => tenders.filter((t) => t.status === s).length;
    await audit.record(
      { action: 'seed', entity: 'Tender', summary: `デモ入札案件 ${tenders.length}件を登録（落札 ${counts('awarded')}件、不調 ${counts('unsuccessful')}件、入札 ${bids.length}件、指名 ${designations.length}件）` },
      m,
    );
  });
  return tenders.length;
}
