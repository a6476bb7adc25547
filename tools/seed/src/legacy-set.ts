/**
 * A synthetic legacy export like Hofu's current system writes (layouts.md, Legacy migration):
 * vendors.csv, vendor_qualifications.csv, contracts.csv, contract_changes.csv, evaluations.csv,
 * CP932 with NEC/IBM extension characters (①, ㈱, 髙, 﨑), CRLF, 和暦 in every form, full-width
 * digits, thousands separators and 円, quoted commas, quotes and line breaks, blank lines, total
 * rows — and a few deliberately bad rows. Returns what a migration must find, so a test or the
 * benchmark can check the checklist against it.
 *
 * The benchmark runs this with @swc-node/register (SWC_NODE_PROJECT=tools/seed/tsconfig.lib.json for the path aliases).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { CONSTRUCTION_TRADES, GOODS_KINDS, SURVEY_KINDS, taxPortionOfIncluded } from '@keiyaku/domain';
import { SEED_DEPARTMENTS } from './departments';

export interface LegacySetOptions {
  vendors?: number;
  contracts?: number;
  /** First of the ten fiscal years (default 2016 → 2016–2025). */
  firstFiscalYear?: number;
  years?: number;
  seed?: number;
  /** Business "today": contracts ending after it are still in progress. */
  today?: string;
}

export interface LegacySetSummary {
  dir: string;
  /** Data rows written per file (not counting headers, blank lines and total rows), and how many are bad on purpose. */
  files: Record<string, { rows: number; bad: number }>;
  /** Contract amounts (tax included) per `fiscalYear|category` of the rows that must import. */
  importable: Record<string, { n: number; sum: number }>;
  /** The same for the bad rows whose amount is readable (refused, but in the source sums). */
  refused: Record<string, { n: number; sum: number }>;
  /** Bad contract rows whose cells cannot be read at all (no year or amount to count them under). */
  unreadableContracts: number;
}

/** mulberry32: the same set for the same seed. */
function prng(seed: number) {
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
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (date: string, n: number) => iso(new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000));
const FULL_WIDTH = '０１２３４５６７８９';
const fullWidth = (s: string) => s.replace(/\d/g, (d) => FULL_WIDTH[Number(d)]).replace(/,/g, '，');

const FULL_KANA = 'ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン';
const HALF_KANA = 'ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ';
/** ガッコウ → ｶﾞｯｺｳ, as older screens stored フリガナ. */
export const halfWidthKana = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u3099\u309a]/g, (c) => (c === '\u3099' ? 'ﾞ' : 'ﾟ'))
    .replace(/./g, (c) => (FULL_KANA.includes(c) ? HALF_KANA[FULL_KANA.indexOf(c)] : c));

/** The city's number prefix of a fiscal year: H28, H30, R1 (令和元年度 = 2019), R7. */
export const eraOfFiscalYear = (fy: number) => (fy >= 2019 ? `R${fy - 2018}` : `H${fy - 1988}`);

/** A date written as the legacy system's many screens did over the years. */
function writeDate(r: ReturnType<typeof prng>, date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const reiwa = date >= '2019-05-01';
  const ey = reiwa ? y - 2018 : y - 1988;
  const forms = [
    () => `${y}/${pad(m)}/${pad(d)}`,
    () => `${y}-${pad(m)}-${pad(d)}`,
    () => `${y}${pad(m)}${pad(d)}`,
    () => `${reiwa ? '令和' : '平成'}${ey === 1 ? '元' : ey}年${m}月${d}日`,
    () => `${reiwa ? 'R' : 'H'}${ey}.${m}.${d}`,
    () => `${reiwa ? 'R' : 'H'}${pad(ey)}.${pad(m)}.${pad(d)}`,
  ];
  const s = r.pick(forms)();
  return r.chance(0.03) ? fullWidth(s) : s;
}

/** Yen as written: 12,345,000 / 12345000 / 12,345,000円 / full-width. */
function writeYen(r: ReturnType<typeof prng>, amount: number): string {
  const grouped = amount.toLocaleString('en-US');
  const x = r.next();
  if (x < 0.5) return grouped;
  if (x < 0.8) return String(amount);
  if (x < 0.95) return `${grouped}円`;
  return fullWidth(grouped);
}

/** A CSV field, quoted when it must be (commas, quotes, line breaks). */
const field = (v: string | number | null | undefined) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

class CsvFile {
  private readonly lines: string[] = [];
  rows = 0;
  bad = 0;
  constructor(header: string[]) {
    this.lines.push(header.join(','));
  }
  add(cells: Array<string | number | null | undefined>, bad = false) {
    this.lines.push(cells.map(field).join(','));
    this.rows++;
    if (bad) this.bad++;
  }
  raw(line: string) {
    this.lines.push(line);
  }
  write(path: string) {
    writeFileSync(path, iconv.encode(this.lines.join('\r\n') + '\r\n', 'CP932'));
  }
}

/** A 法人番号 with its check digit (corporate-number.ts): 9 − (Σ Pn×Qn mod 9). */
function corporateNumber(body: string): string {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(body[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return `${9 - (sum % 9)}${body}`;
}

const FAMILIES: Array<[string, string]> = [
  ['髙橋', 'タカハシ'], ['山﨑', 'ヤマサキ'], ['﨑山', 'サキヤマ'], ['髙木', 'タカギ'], ['田中', 'タナカ'], ['藤井', 'フジイ'], ['河村', 'カワムラ'], ['末永', 'スエナガ'],
  ['中村', 'ナカムラ'], ['吉田', 'ヨシダ'], ['松村', 'マツムラ'], ['岡本', 'オカモト'], ['山本', 'ヤマモト'], ['林', 'ハヤシ'], ['弘中', 'ヒロナカ'], ['三浦', 'ミウラ'],
  ['守田', 'モリタ'], ['西村', 'ニシムラ'], ['原田', 'ハラダ'], ['伊藤', 'イトウ'],
];
const GIVEN = ['一郎', '健二', '誠', '博之', '和子', '由美', '隆', '浩', '直樹', '裕子'];
const PLACES: Array<[string, string]> = [
  ['台道', 'ダイドウ'], ['牟礼', 'ムレ'], ['右田', 'ミギタ'], ['大道', 'ダイドウ'], ['富海', 'トノミ'], ['華城', 'ケシロ'], ['西浦', 'ニシノウラ'], ['中関', 'ナカノセキ'],
  ['向島', 'ムコウシマ'], ['佐波', 'サバ'], ['松崎', 'マツザキ'], ['新田', 'シンデン'], ['江泊', 'エドマリ'], ['植松', 'ウエマツ'],
];
const SUFFIX: Record<string, Array<[string, string]>> = {
  construction: [['建設', 'ケンセツ'], ['工業', 'コウギョウ'], ['組', 'グミ'], ['土木', 'ドボク'], ['設備', 'セツビ'], ['電気', 'デンキ'], ['工務店', 'コウムテン'], ['舗道', 'ホドウ']],
  survey: [['測量設計', 'ソクリョウセッケイ'], ['コンサルタント', 'コンサルタント'], ['技研', 'ギケン'], ['設計事務所', 'セッケイジムショ']],
  goods: [['商事', 'ショウジ'], ['産業', 'サンギョウ'], ['商会', 'ショウカイ'], ['印刷', 'インサツ'], ['システム', 'システム'], ['サービス', 'サービス']],
};
const FORMS: Array<[string, string, boolean]> = [
  ['㈱', 'カブシキガイシャ', true], ['株式会社', 'カブシキガイシャ', true], ['有限会社', 'ユウゲンガイシャ', true], ['㈲', 'ユウゲンガイシャ', true], ['', '', false],
];
const TITLES: Record<string, string[]> = {
  construction: ['市道{p}線道路改良工事', '{p}地区排水路整備工事', '市道{p}線舗装補修工事', '{p}小学校校舎改修工事', '{p}公民館空調設備改修工事', '{p}川護岸改修工事', '{p}地区配水管布設替工事', '{p}公園整備工事'],
  survey: ['市道{p}線測量業務委託', '{p}橋梁点検業務委託', '{p}公民館改築設計業務委託', '{p}地区地質調査業務委託', '{p}地区物件調査業務委託'],
  goods: ['{p}出張所事務用品の購入', '{p}小学校教材の購入', '公用車（{p}支所）の購入', '庁舎清掃業務（{p}）', '{p}地区防犯灯保守点検業務', '基幹系システム機器の賃貸借'],
};
const METHODS: Record<string, Array<[string, number]>> = {
  construction: [['指名競争', 0.55], ['指名競争入札', 0.05], ['一般競争', 0.15], ['一般競争入札', 0.05], ['随意契約', 0.15], ['特命随意契約', 0.05]],
  survey: [['指名競争', 0.7], ['随意契約', 0.3]],
  goods: [['見積合せ', 0.5], ['随意契約', 0.3], ['指名競争', 0.2]],
};
const CATEGORY_WORDS: Record<string, string[]> = { construction: ['建設工事', '工事'], survey: ['測量・建設コンサルタント等', '測量・コンサル', '委託'], goods: ['物品', '物品・役務'] };
const DEPARTMENTS: Record<string, string[]> = {
  construction: ['DOBOKU', 'KASEN', 'KENCHIKU', 'TOSHI', 'NORIN', 'SUIDO-KOMU'],
  survey: ['DOBOKU', 'KENCHIKU', 'YOCHI', 'TOSHI'],
  goods: ['KEIYAKU', 'JOHO', 'KENCHIKU', 'KENSA'],
};
const TRADES: Record<string, string[]> = {
  construction: CONSTRUCTION_TRADES.map((t) => t.code),
  survey: SURVEY_KINDS.map((k) => k.code),
  goods: GOODS_KINDS.map((k) => k.code),
};
const RANKED = ['010', '020', '080', '090', '130', '230'];
/** Amounts by category (tax excluded, yen): log-uniform between these. */
const AMOUNTS: Record<string, [number, number]> = { construction: [1_000_000, 150_000_000], survey: [500_000, 30_000_000], goods: [100_000, 20_000_000] };

/** Consumption tax as the default settings table has it (5 % → 8 % → 10 %). */
const taxRateOn = (date: string) => (date < '2014-04-01' ? 5 : date < '2019-10-01' ? 8 : 10);

interface LegacyVendor {
  code: string;
  category: 'construction' | 'survey' | 'goods';
  trades: string[];
  registeredOn: string;
}

export function writeLegacySet(dir: string, options: LegacySetOptions = {}): LegacySetSummary {
  const r = prng(options.seed ?? 2026);
  const nVendors = options.vendors ?? 7000;
  const nContracts = options.contracts ?? 18000;
  const first = options.firstFiscalYear ?? 2016;
  const years = options.years ?? 10;
  const today = options.today ?? '2026-12-01';
  mkdirSync(dir, { recursive: true });
  const depts = new Set(SEED_DEPARTMENTS.map((d) => d.code));

  // ---- vendors.csv ----
  const vendorsCsv = new CsvFile(['業者番号', '法人番号', '商号', 'フリガナ', '代表者役職', '代表者氏名', '郵便番号', '所在地', '電話番号', 'FAX番号', '地域区分', '登録日', '状態']);
  const vendors: LegacyVendor[] = [];
  const byCategory: Record<string, LegacyVendor[]> = { construction: [], survey: [], goods: [] };
  for (let i = 1; i <= nVendors; i++) {
    const x = r.next();
    const category = x < 0.5 ? 'construction' : x < 0.65 ? 'survey' : 'goods';
    const [family, familyKana] = r.pick(FAMILIES);
    const [place, placeKana] = r.pick(PLACES);
    const [suffix, suffixKana] = r.pick(SUFFIX[category]);
    const [form, formKana, corporate] = r.pick(FORMS);
    const base = r.chance(0.5) ? family : place;
    const baseKana = base === family ? familyKana : placeKana;
    const name = form === '㈱' || form === '㈲' || r.chance(0.5) ? `${form}${base}${suffix}` : `${base}${suffix}${form}`;
    let kana = `${baseKana}${suffixKana}`;
    // Some screens wrote half-width kana.
    if (r.chance(0.2)) kana = halfWidthKana(kana);
    void formKana;
    const registeredOn = addDays(`${first - 10}-04-01`, r.int(0, (years + 9) * 365));
    const code = String(100000 + i);
    const trades = category === 'goods' ? [r.pick(TRADES.goods)] : [...new Set([r.pick(TRADES[category]), ...(r.chance(0.5) ? [r.pick(TRADES[category])] : [])])];
    if (category === 'construction' && r.chance(0.6)) trades[0] = r.pick(RANKED);
    const v: LegacyVendor = { code, category, trades: [...new Set(trades)], registeredOn };
    vendors.push(v);
    byCategory[category].push(v);
    const lineBreak = r.chance(0.05);
    vendorsCsv.add([
      code,
      corporate ? corporateNumber(String(r.int(0, 999_999_999_999)).padStart(12, '0')) : '',
      name,
      kana,
      corporate ? r.pick(['代表取締役', '取締役社長', '代表取締役社長']) : '',
      `${family} ${r.pick(GIVEN)}`,
      r.chance(0.7) ? `747-${pad(r.int(0, 99), 4)}` : `747${pad(r.int(0, 99), 4)}`,
      `山口県防府市${place}${r.int(1, 3000)}番地${lineBreak ? `\n${place}ビル${r.int(1, 5)}階` : ''}`,
      `0835-${r.int(20, 38)}-${pad(r.int(0, 9999), 4)}`,
      r.chance(0.7) ? `0835-${r.int(20, 38)}-${pad(r.int(0, 9999), 4)}` : '',
      r.pick(['市内', '市内', '市内', '準市内', '市外', '市外']),
      writeDate(r, registeredOn),
      r.pick(['有効', '有効', '有効', '有効', '有効', '有効', '休止', '廃業']),
    ]);
    if (i % 1000 === 0) vendorsCsv.raw('');
  }
  // Bad on purpose: a 法人番号 whose check digit is wrong, and a postal code that is not one.
  vendorsCsv.add([String(100000 + nVendors + 1), '1234567890123', '誤り法人番号㈱', 'アヤマリ', '代表取締役', '誤 一郎', '747-0001', '山口県防府市寿町1番地', '0835-22-0000', '', '市内', '2020/04/01', '有効'], true);
  vendorsCsv.add([String(100000 + nVendors + 2), '', '郵便番号誤り工務店', 'ユウビン', '', '誤 次郎', '74700', '山口県防府市寿町2番地', '0835-22-0001', '', '市内', 'R2.4.1', '有効'], true);
  vendorsCsv.raw(`合計,${nVendors + 2}件,,,,,,,,,,,`);
  vendorsCsv.write(join(dir, 'vendors.csv'));

  for (const list of Object.values(byCategory)) list.sort((a, b) => a.registeredOn.localeCompare(b.registeredOn) || a.code.localeCompare(b.code));

  // ---- vendor_qualifications.csv: the last three two-year terms a vendor was registered for ----
  const qualsCsv = new CsvFile(['業者番号', '部門', '業種コード', '許可区分', '許可番号', '経審基準日', '総合評定値', '主観点', '格付', '有効期間開始', '有効期間終了']);
  const lastTerm = first + years - 1 - ((first + years - 1 - 2015) % 2);
  for (const v of vendors) {
    if (v.category === 'goods') continue;
    for (let start = lastTerm - 4; start <= lastTerm; start += 2) {
      if (v.registeredOn > `${start + 1}-03-31`) continue;
      for (const trade of v.trades) {
        const construction = v.category === 'construction';
        const p = construction ? r.int(450, 1300) : null;
        const subjective = construction ? r.pick([0, 0, 10, 20, 30, 45, -10]) : 0;
        const total = p === null ? null : p + subjective;
        const rank = construction && RANKED.includes(trade) && total !== null ? (total >= 1000 ? 'A' : total >= 800 ? 'B' : total >= 650 ? 'C' : 'D') : '';
        qualsCsv.add([
          v.code,
          r.pick(CATEGORY_WORDS[v.category]),
          trade,
          construction ? r.pick(['一般', '一般', '特定']) : '',
          construction ? `山口県知事許可（般-${pad(r.int(1, 30))}）第${r.int(1000, 29999)}号` : '',
          construction ? writeDate(r, `${start - 1}-0${r.pick([3, 6, 9])}-30`) : '',
          p === null ? '' : r.chance(0.1) ? p.toLocaleString('en-US') : p,
          construction ? subjective : '',
          rank,
          writeDate(r, `${start}-04-01`),
          writeDate(r, `${start + 2}-03-31`),
        ]);
      }
    }
  }
  qualsCsv.add(['999999', '建設工事', '010', '一般', '', '', 800, 0, 'B', '2025/04/01', '2027/03/31'], true);
  qualsCsv.add([vendors.find((v) => v.category === 'construction')!.code, '建設工事', 'X99', '一般', '', '', 800, 0, 'B', '2025/04/01', '2027/03/31'], true);
  qualsCsv.write(join(dir, 'vendor_qualifications.csv'));

  // ---- contracts.csv and contract_changes.csv ----
  const contractsCsv = new CsvFile(['契約番号', '年度', '案件番号', '件名', '履行場所', '担当課コード', '部門', '工種コード', '入札方式', '業者番号', '設計金額', '予定価格', '最低制限価格', '契約金額', 'うち消費税額', '契約日', '工期開始', '工期終了', '完成日']);
  const changesCsv = new CsvFile(['契約番号', '変更回', '変更日', '変更後契約金額', '変更後工期終了', '変更理由']);
  const evaluationsCsv = new CsvFile(['契約番号', '評定日', '主任監督員点', '総括監督員点', '検査員点', '中間検査員点', '法令遵守等減点', '評定点']);
  const importable: LegacySetSummary['importable'] = {};
  const refused: LegacySetSummary['refused'] = {};
  const tally = (m: Record<string, { n: number; sum: number }>, key: string, amount: number) => {
    m[key] = m[key] ?? { n: 0, sum: 0 };
    m[key].n++;
    m[key].sum += amount;
  };
  const reasons = ['設計数量の増', '地下埋設物への対応', '関係機関との協議による工法の変更', '用地交渉の遅れによる工期の延長', '降雨による工期の延長', '数量精査による減額'];
  let written = 0;
  for (let y = 0; y < years; y++) {
    const fy = first + y;
    const perYear = Math.floor(nContracts / years) + (y < nContracts % years ? 1 : 0);
    for (let seq = 1; seq <= perYear; seq++) {
      const x = r.next();
      const category = x < 0.5 ? 'construction' : x < 0.65 ? 'survey' : 'goods';
      // Vendors registered by the end of the year (the lists are sorted by registration).
      const pool = byCategory[category];
      const end = `${fy + 1}-03-31`;
      let lo = 0;
      for (let hi = pool.length; lo < hi; ) {
        const mid = (lo + hi) >> 1;
        if (pool[mid].registeredOn <= end) lo = mid + 1;
        else hi = mid;
      }
      const vendor = pool[r.int(0, Math.max(0, lo - 1))];
      const trade = category === 'goods' ? r.pick(TRADES.goods) : r.pick(vendor.trades);
      const [min, max] = AMOUNTS[category];
      const excluded = Math.round(Math.exp(Math.log(min) + r.next() * (Math.log(max) - Math.log(min))) / 1000) * 1000;
      const contractDate = addDays(`${fy}-04-10`, r.int(0, 340));
      const rate = taxRateOn(contractDate);
      const amount = excluded + Math.floor((excluded * rate) / 100);
      const planned = Math.ceil(excluded / (0.85 + r.next() * 0.14) / 1000) * 1000;
      let m = r.next();
      const method = METHODS[category].find(([, w]) => (m -= w) < 0)?.[0] ?? METHODS[category][0][0];
      const competitive = !method.includes('随意') && method !== '見積合せ';
      const from = addDays(contractDate, 1);
      const to = addDays(from, r.int(30, category === 'goods' ? 120 : 300));
      const done = to < today && !(fy === first + years - 1 && r.chance(0.1));
      const completedOn = done ? addDays(to, -r.int(0, 10)) : '';
      const place = r.pick(PLACES)[0];
      let title = r.pick(TITLES[category]).replace('{p}', place);
      if (r.chance(0.05)) title += `（その${r.pick(['①', '②', '③'])}）`;
      else if (r.chance(0.02)) title = title.replace('工事', '工事（A,B工区）');
      else if (r.chance(0.01)) title = `"${title}"（再発注）`;
      const number = `${eraOfFiscalYear(fy)}-K${pad(seq, 4)}`;
      const department = r.pick(DEPARTMENTS[category]);
      if (!depts.has(department)) throw new Error(`unknown department ${department}`);
      contractsCsv.add([
        number,
        r.chance(0.05) ? fullWidth(String(fy)) : fy,
        '',
        title,
        `防府市${place}`,
        department,
        r.pick(CATEGORY_WORDS[category]),
        trade,
        method,
        vendor.code,
        competitive && category === 'construction' ? writeYen(r, Math.ceil((planned * 1.03) / 1000) * 1000) : '',
        competitive ? writeYen(r, planned) : '',
        competitive && category === 'construction' ? writeYen(r, Math.floor((planned * 0.85) / 1000) * 1000) : '',
        writeYen(r, amount),
        r.chance(0.7) ? writeYen(r, taxPortionOfIncluded(amount, rate)) : '',
        writeDate(r, contractDate),
        writeDate(r, from),
        writeDate(r, to),
        completedOn ? writeDate(r, completedOn) : '',
      ]);
      tally(importable, `${fy}|${category}`, amount);
      written++;
      if (written % 2500 === 0) contractsCsv.raw(',,,,,,,,,,,,,,,,,,');

      if (category === 'construction' && excluded >= 5_000_000 && r.chance(0.25)) {
        const n = r.chance(0.2) ? 2 : 1;
        let changeDate = from;
        let changed = excluded;
        for (let c = 1; c <= n; c++) {
          changeDate = addDays(changeDate, r.int(15, 40));
          changed = Math.round((changed * (0.95 + r.next() * 0.25)) / 1000) * 1000;
          const changedRate = taxRateOn(changeDate);
          changesCsv.add([number, c, writeDate(r, changeDate), writeYen(r, changed + Math.floor((changed * changedRate) / 100)), r.chance(0.5) ? writeDate(r, addDays(to, r.int(10, 60))) : '', r.pick(reasons)]);
        }
      }
      if (category === 'construction' && excluded >= 5_000_000 && completedOn) {
        const chief = r.int(60, 90);
        const general = r.int(60, 90);
        const inspector = r.int(60, 90);
        const deduction = r.chance(0.03) ? -r.pick([5, 10]) : 0;
        evaluationsCsv.add([number, writeDate(r, addDays(completedOn, r.int(10, 30))), chief, general, inspector, '', deduction || '', Math.round(chief * 0.2 + general * 0.2 + inspector * 0.6) + deduction]);
      }
    }
  }
  // Bad on purpose: a vendor the registry has not got, a date outside its era, a period ending before it starts.
  const bad = (fy: number, category: string, amount: number, cells: Array<string | number>) => {
    contractsCsv.add(cells, true);
    if (amount) tally(refused, `${fy}|${category}`, amount);
  };
  const lastFy = first + years - 1;
  bad(lastFy, 'construction', 5_500_000, [`${eraOfFiscalYear(lastFy)}-K9901`, lastFy, '', '登録のない業者の工事', '防府市寿町', 'DOBOKU', '建設工事', '010', '指名競争', '999999', '', '', '', '5,500,000', '', `${lastFy}/06/01`, `${lastFy}/06/02`, `${lastFy}/09/30`, '']);
  bad(2019, 'construction', 0, ['R1-K9902', 2019, '', '元号の誤った日付の工事', '防府市寿町', 'DOBOKU', '建設工事', '010', '指名競争', vendors.find((v) => v.category === 'construction')!.code, '', '', '', '3,300,000', '', 'H31.5.1', '', '', '']);
  bad(lastFy, 'survey', 2_200_000, [`${eraOfFiscalYear(lastFy)}-K9903`, lastFy, '', '工期の逆転した業務委託', '防府市寿町', 'DOBOKU', '委託', 'S10', '随意契約', vendors.find((v) => v.category === 'survey')!.code, '', '', '', '2,200,000', '', `${lastFy}/06/01`, `${lastFy}/09/30`, `${lastFy}/06/02`, '']);
  contractsCsv.raw(`合計,,,,,,,,,,,,,${Object.values(importable).reduce((a, b) => a + b.sum, 0)},,,,,`);
  contractsCsv.write(join(dir, 'contracts.csv'));
  changesCsv.add(['R9-K9999', 1, 'R9.5.1', '1,100,000', '', '存在しない契約の変更'], true);
  changesCsv.write(join(dir, 'contract_changes.csv'));
  evaluationsCsv.write(join(dir, 'evaluations.csv'));

  return {
    dir,
    files: Object.fromEntries(
      (
        [
          ['vendors.csv', vendorsCsv],
          ['vendor_qualifications.csv', qualsCsv],
          ['contracts.csv', contractsCsv],
          ['contract_changes.csv', changesCsv],
          ['evaluations.csv', evaluationsCsv],
        ] as const
      ).map(([name, f]) => [name, { rows: f.rows, bad: f.bad }]),
    ),
    importable,
    refused,
    unreadableContracts: 1,
  };
}
