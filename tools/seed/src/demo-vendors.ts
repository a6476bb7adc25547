import { DataSource } from 'typeorm';
import { keishinP, rankFor, searchTextOf } from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import {
  KeishinResult, KeishinScore, Qualification, RankingRuleRecord, Term, Vendor, VendorHistoryService, VendorMeasure, VendorOffice, VendorPermit,
} from '@keiyaku/server/vendors';
import { RANKED_TRADES, TERMS } from './registry-master';

/** A small deterministic generator (mulberry32): the same demo data on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)],
    chance: (p: number) => next() < p,
  };
}

/** 法人番号 body (12 digits) → the full 13-digit number with its check digit. */
export function withCheckDigit(body: string): string {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(body[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return `${9 - (sum % 9)}${body}`;
}

const PLACES: Array<[string, string]> = [
  ['防府', 'ホウフ'], ['佐波', 'サバ'], ['周防', 'スオウ'], ['三田尻', 'ミタジリ'], ['華城', 'ハナギ'], ['牟礼', 'ムレ'], ['右田', 'ミギタ'],
  ['大道', 'ダイドウ'], ['富海', 'トノミ'], ['向島', 'ムコウシマ'], ['中関', 'ナカノセキ'], ['西浦', 'ニシウラ'], ['野島', 'ノシマ'], ['勝間', 'カツマ'],
  ['山口', 'ヤマグチ'], ['宇部', 'ウベ'], ['周南', 'シュウナン'], ['岩国', 'イワクニ'], ['下関', 'シモノセキ'], ['萩', 'ハギ'], ['長門', 'ナガト'],
  ['柳井', 'ヤナイ'], ['光', 'ヒカリ'], ['瀬戸内', 'セトウチ'], ['中国', 'チュウゴク'], ['西日本', 'ニシニホン'], ['日の出', 'ヒノデ'], ['松原', 'マツバラ'],
  ['桑山', 'クワヤマ'], ['天神', 'テンジン'], ['新田', 'シンデン'], ['浜方', 'ハマカタ'], ['江泊', 'エドマリ'], ['高井', 'タカイ'], ['植松', 'ウエマツ'],
];
const WORKS: Array<[string, string, string[]]> = [
  ['建設', 'ケンセツ', ['010', '020', '050']], ['土木', 'ドボク', ['010', '050', '130']], ['工業', 'コウギョウ', ['010', '110', '050']],
  ['組', 'グミ', ['010', '020']], ['建工', 'ケンコウ', ['020', '030', '190']], ['舗道', 'ホドウ', ['130', '010']], ['電気', 'デンキ', ['080', '220']],
  ['電設', 'デンセツ', ['080', '220', '200']], ['設備', 'セツビ', ['090', '270', '260']], ['管工', 'カンコウ', ['090', '260']], ['造園', 'ゾウエン', ['230', '010']],
  ['塗装', 'トソウ', ['170', '180']], ['解体工業', 'カイタイコウギョウ', ['290', '050']], ['鉄工', 'テッコウ', ['110', '120']], ['興業', 'コウギョウ', ['010', '050', '290']],
];
const SURVEYS: Array<[string, string, string[]]> = [
  ['測量設計', 'ソクリョウセッケイ', ['S10', 'S30']], ['コンサルタント', 'コンサルタント', ['S30', 'S50']], ['地質', 'チシツ', ['S40']],
  ['設計事務所', 'セッケイジムショ', ['S20']], ['技術コンサルタント', 'ギジュツコンサルタント', ['S30', 'S10']], ['補償コンサルタント', 'ホショウコンサルタント', ['S50']],
];
const AREAS: Array<[string, string]> = [['東部', 'トウブ'], ['西部', 'セイブ'], ['中央', 'チュウオウ'], ['南部', 'ナンブ'], ['北部', 'ホクブ'], ['総合', 'ソウゴウ']];
const FORMS: Array<[string, string]> = [['株式会社', 'カブシキガイシャ'], ['有限会社', 'ユウゲンガイシャ'], ['合同会社', 'ゴウドウガイシャ']];
const SURNAMES = ['田中', '山本', '中村', '藤井', '河村', '松田', '岡本', '村田', '吉村', '原田', '西村', '弘中', '末永', '重村', '石田', '河野', '福田', '久保'];
const GIVEN = ['一郎', '健二', '和夫', '博之', '誠', '浩', '隆', '明美', '洋子', '勝', '修', '学', '直樹', '美和', '聡'];
const TOWNS = ['大字台道', '大字牟礼', '大字右田', '大字大道', '大字富海', '大字江泊', '華城中央', '新田', '鞠生町', '三田尻本町', '松崎町', '佐波一丁目', '八王子二丁目', '桑山一丁目', '西浦'];

export interface DemoVendorOptions {
  construction: number;
  survey: number;
  seed?: number;
  /** The demo's "today" (tests fix it); 経審 dates are placed relative to it. */
  today?: Date;
}

/** The qualification term before the shipped ones (令和3・4年度), held by the demo firms only. */
export const DEMO_HISTORY_TERM = { code: 'R3-4', name: '令和3・4年度', validFrom: '2021-04-01', validTo: '2023-03-31' };

/**
 * Fills an empty registry with synthetic vendors like Hofu's: construction firms with permits,
 * 経審 and ranks (two terms, and the term before for the demo's finished years), survey firms
 * with their kinds, a few suspensions. One audit event records the load; each vendor gets its
 * first history version.
 */
export async function seedDemoVendorsIfEmpty(ds: DataSource, audit: AuditService, history: VendorHistoryService, options: DemoVendorOptions): Promise<number> {
  if ((await ds.getRepository(Vendor).count()) > 0) return 0;
  const r = prng(options.seed ?? 2026);
  const rules = await ds.getRepository(RankingRuleRecord).find();
  const total = options.construction + options.survey;
  const now = options.today ?? new Date();
  const recentBase = `${now.getUTCMonth() >= 6 ? now.getUTCFullYear() : now.getUTCFullYear() - 1}-03-31`;
  await ds.transaction(async (m) => {
    const insert = async <T>(entity: new () => T, rows: object[]) => {
      for (let i = 0; i < rows.length; i += 200) {
        await m.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + 200) as any).callListeners(false).updateEntity(false).execute();
      }
    };
    const vendors: Array<Partial<Vendor> & { trades: string[]; survey: boolean }> = [];
    const usedNames = new Set<string>();
    for (let i = 0; i < total; i++) {
      const survey = i >= options.construction;
      const [work, workKana, trades] = r.pick(survey ? SURVEYS : WORKS);
      // Place + trade word, with an area word when that name is taken (大道東部建設 …).
      let place: [string, string] = r.pick(PLACES);
      let name = `${place[0]}${work}`;
      let kanaBase = place[1];
      for (let tries = 0; usedNames.has(name); tries++) {
        place = r.pick(PLACES);
        const [area, areaKana] = tries < 20 ? ['', ''] : AREAS[tries % AREAS.length];
        name = `${place[0]}${area}${work}${tries >= 20 + AREAS.length ? tries : ''}`;
        kanaBase = `${place[1]}${areaKana}`;
      }
      usedNames.add(name);
      const individual = !survey && r.chance(0.06);
      const [form] = individual ? [''] : r.pick(FORMS);
      const before = r.chance(0.7);
      const fullName = individual ? `${name}（${r.pick(SURNAMES)}）` : before ? `${form}${name}` : `${name}${form}`;
      const kana = `${kanaBase}${workKana}`;
      const locality = r.chance(0.55) ? 'local' : r.chance(0.35) ? 'semiLocal' : 'outside';
      const corporateNumber = individual ? null : withCheckDigit(String(2_500_000_000_00 + i * 7919 + r.int(0, 7000)).padStart(12, '0'));
      const address = locality === 'local' ? `山口県防府市${r.pick(TOWNS)}${r.int(1, 3000)}番地` : locality === 'semiLocal' ? `山口県防府市${r.pick(TOWNS)}${r.int(1, 99)}番地（営業所）` : `山口県${place[0]}市${r.pick(TOWNS)}${r.int(1, 999)}番地`;
      const chosen = trades.filter((_, k) => k === 0 || r.chance(0.55));
      if (!survey && r.chance(0.25)) chosen.push(r.pick(['050', '170', '290', '130', '230']));
      vendors.push({
        vendorCode: String(i + 1).padStart(6, '0'),
        corporateNumber,
        invoiceNumber: corporateNumber && r.chance(0.85) ? `T${corporateNumber}` : null,
        name: fullName,
        nameKana: kana,
        representativeTitle: individual ? null : '代表取締役',
        representativeName: `${r.pick(SURNAMES)} ${r.pick(GIVEN)}`,
        postalCode: `747-${String(r.int(0, 99)).padStart(2, '0')}${String(r.int(0, 99)).padStart(2, '0')}`,
        address,
        phone: `0835-${r.int(20, 39)}-${String(r.int(0, 9999)).padStart(4, '0')}`,
        fax: r.chance(0.8) ? `0835-${r.int(20, 39)}-${String(r.int(0, 9999)).padStart(4, '0')}` : null,
        email: null,
        locality: locality as Vendor['locality'],
        capital: individual ? null : r.pick([3, 5, 10, 20, 30, 50, 100, 300]) * 1_000_000,
        entityType: individual ? 'individual' : 'corporation',
        status: r.chance(0.97) ? 'active' : r.chance(0.5) ? 'dormant' : 'closed',
        notes: null,
        trades: [...new Set(chosen)],
        survey,
      });
    }
    await insert(Vendor, vendors.map(({ trades: _t, survey: _s, ...v }) => ({ ...v, searchText: searchTextOf(v.vendorCode, v.name, v.nameKana, v.corporateNumber), version: 1 })));
    const ids = new Map((await m.find(Vendor, { select: { id: true, vendorCode: true } })).map((v) => [v.vendorCode, v.id]));

    const permits: object[] = [];
    const keishin: Array<{ vendorId: number; x2: number; y: number; w: number; baseDate: string; scores: Array<{ tradeCode: string; x1: number; z: number }> }> = [];
    const quals: object[] = [];
    const measures: object[] = [];
    const offices: object[] = [];
    for (const v of vendors) {
      const vendorId = ids.get(v.vendorCode!)!;
      const strength = r.int(0, 100);
      if (!v.survey) {
        const issued = `20${r.int(21, 25)}-${String(r.int(1, 12)).padStart(2, '0')}-01`;
        const expires = `${Number(issued.slice(0, 4)) + 5}-${issued.slice(5, 7)}-${r.chance(0.03) ? '01' : '28'}`;
        const minister = v.locality === 'outside' && r.chance(0.3);
        for (const tradeCode of v.trades) {
          permits.push({
            vendorId, tradeCode, issuer: minister ? 'minister' : 'governor', issuerPrefecture: minister ? null : '山口県',
            grade: strength > 55 ? 'special' : 'general', permitNumber: `(${strength > 55 ? '特' : '般'}-${issued.slice(2, 4)})第${r.int(1000, 29999)}号`,
            permitDate: issued, expiresOn: r.chance(0.02) ? '2026-03-31' : expires, version: 1,
          });
        }
        const k0 = {
          vendorId,
          baseDate: '2025-03-31',
          x2: 550 + Math.round(strength * 3.5) + r.int(-30, 30),
          y: 600 + Math.round(strength * 3) + r.int(-60, 60),
          w: 500 + Math.round(strength * 6) + r.int(-100, 100),
          scores: v.trades.map((tradeCode) => ({ tradeCode, x1: 500 + Math.round(strength * 6) + r.int(-80, 80), z: 550 + Math.round(strength * 5) + r.int(-80, 80) })),
        };
        keishin.push(k0);
        // A recent result too, dated from today, so eligibility has firms to find whenever the
        // demo runs (one in ten lets its 経審 lapse, to show exclusions).
        if (recentBase > k0.baseDate && r.chance(0.9)) {
          keishin.push({ ...k0, baseDate: recentBase, y: k0.y + r.int(-20, 20), scores: k0.scores.map((sc) => ({ ...sc, x1: sc.x1 + r.int(-30, 30) })) });
        }
      }
      // Ranks of both terms come from the result dated before R7-8 began.
      const k = keishin.find((x) => x.vendorId === vendorId && x.baseDate === '2025-03-31');
      const bonus = (v.locality === 'local' ? 20 : 0) + (r.chance(0.3) ? 20 : 0) + (r.chance(0.2) ? 10 : 0);
      const breakdown = [
        ...(v.locality === 'local' && bonus >= 20 ? [{ code: 'DISASTER', name: '災害協定の締結', points: 20 }] : []),
        ...(bonus % 20 === 10 ? [{ code: 'ISO9001', name: 'ISO9001の認証', points: 10 }] : []),
      ];
      const subjective = breakdown.reduce((s, b) => s + b.points, 0);
      for (const term of TERMS) {
        if (term.code === 'R5-6' && r.chance(0.2)) continue; // newer firms have no previous term
        for (const tradeCode of v.trades) {
          const score = k?.scores.find((s) => s.tradeCode === tradeCode);
          const p = score && k ? keishinP({ x1: score.x1, x2: k.x2, y: k.y, z: score.z, w: k.w }) : null;
          const rule = rules.find((x) => x.tradeCode === tradeCode);
          const rank = rule && p !== null && RANKED_TRADES.includes(tradeCode)
            ? rankFor(rule, { p, subjectiveScore: subjective, locality: v.locality!, previousRank: null }).byPoints
            : null;
          quals.push({
            vendorId, category: v.survey ? 'survey' : 'construction', tradeCode, termCode: term.code,
            rank: rule?.localOnly && v.locality !== 'local' ? null : rank, pScore: p, subjectiveScore: subjective, subjectiveBreakdown: breakdown,
            totalScore: p === null ? null : p + subjective, validFrom: term.validFrom, validTo: term.validTo, source: 'migration', version: 1,
          });
        }
      }
      if (v.locality === 'semiLocal') offices.push({ vendorId, name: `${v.name!.replace(/株式会社|有限会社|合同会社/g, '')} 防府営業所`, isDelegate: true, delegateTitle: '所長', delegateName: `${r.pick(SURNAMES)} ${r.pick(GIVEN)}`, version: 1 });
      if (r.chance(0.012)) {
        const month = r.int(1, 12);
        const y = r.chance(0.5) ? 2025 : 2026;
        measures.push({ vendorId, kind: 'suspension', startDate: `${y}-${String(month).padStart(2, '0')}-01`, endDate: `${y}-${String(month).padStart(2, '0')}-${r.pick(['14', '28'])}`, reason: r.pick(['工事中の労働災害（安全管理措置の不適切）', '公衆損害事故', '建設業法違反（監理技術者の不設置）']), basis: '防府市指名停止措置要領 別表第1', version: 1 });
      } else if (r.chance(0.01)) {
        measures.push({ vendorId, kind: 'writtenWarning', startDate: '2025-09-01', endDate: null, reason: '提出書類の不備の繰り返し', basis: null, version: 1 });
      }
    }
    await insert(VendorPermit, permits);
    await insert(VendorOffice, offices);
    // The term before, so the demo's finished fiscal years have qualified firms to designate: the
    // firms of the oldest shipped term held the same ranks then (no random draws, the rest stays as it was).
    for (const category of ['construction', 'survey']) {
      if (!(await m.exists(Term, { where: { category, code: DEMO_HISTORY_TERM.code } }))) await m.save(m.create(Term, { category, ...DEMO_HISTORY_TERM }));
    }
    const oldest = TERMS[0].code;
    quals.push(...(quals as Array<Record<string, unknown>>).filter((q) => q['termCode'] === oldest).map((q) => ({ ...q, termCode: DEMO_HISTORY_TERM.code, validFrom: DEMO_HISTORY_TERM.validFrom, validTo: DEMO_HISTORY_TERM.validTo })));
    await insert(Qualification, quals);
    await insert(VendorMeasure, measures);
    // One 経審 result per demo vendor: insert them together, then their per-trade scores.
    await insert(KeishinResult, keishin.map(({ scores: _s, ...row }) => ({ ...row, noticeDate: null, permitNumber: null, version: 1 })));
    const resultIds = new Map((await m.find(KeishinResult, { select: { id: true, vendorId: true, baseDate: true } })).map((k) => [`${k.vendorId}|${k.baseDate}`, k.id]));
    await insert(
      KeishinScore,
      keishin.flatMap((k) => k.scores.map((s) => ({ ...s, resultId: resultIds.get(`${k.vendorId}|${k.baseDate}`)!, p: keishinP({ x1: s.x1, x2: k.x2, y: k.y, z: s.z, w: k.w }) }))),
    );
    await history.recordMany(m, [...ids.values()], 'デモデータの登録');
    await audit.record({ action: 'seed', entity: 'Vendor', summary: `デモ業者 ${total}社を登録（許可 ${permits.length}件、資格 ${quals.length}件、措置 ${measures.length}件）` }, m);
  });
  return total;
}
