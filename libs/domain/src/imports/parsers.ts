/**
 * Cell parsers for imported files (layouts.md, "What real files look like"): full-width digits,
 * thousands separators, 円, every 和暦 form, empty = null. Each returns a value or a Japanese
 * problem; the import names the file row and the header around it.
 */
export type Parsed<T> = { ok: true; value: T | null } | { ok: false; problem: string };

const ok = <T>(value: T | null): Parsed<T> => ({ ok: true, value });
const fail = <T>(problem: string): Parsed<T> => ({ ok: false, problem });

const ASCII = /^[\x20-\x7e]*$/;

/** NFKC (full-width → half-width, ｶﾅ → カナ), trimmed, inner runs of spaces made one: for numbers, dates and codes. */
export function normalizeCell(raw: string | null | undefined): string {
  if (raw === null || raw === undefined) return '';
  // Printable ASCII is already NFKC: most cells of a file (codes, amounts, dates) skip the normalisation.
  return (ASCII.test(raw) ? raw : raw.normalize('NFKC')).replace(/[\s\u3000]+/g, ' ').trim();
}

/**
 * Names and addresses: half-width kana become full-width (ｶﾞ → ガ) and spaces are tidied, but
 * nothing else changes — NFKC would turn ㈱ into (株) and ① into 1, and a registry keeps names as written.
 */
export function normalizeText(raw: string | null | undefined): string {
  if (raw === null || raw === undefined) return '';
  return raw
    .replace(/[\uff61-\uff9f]+/g, (kana) => kana.normalize('NFKC'))
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
}

/** Header matching ignores width, spaces and case. */
export function normalizeHeader(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s\u3000]+/g, '').toLowerCase();
}

/** Integers as written: 1,234,567 / １２３４５６７ / 1234567円 / ￥1,000 / -500 / △500 (a minus in ledgers). */
export function parseInteger(raw: string | null | undefined): Parsed<number> {
  let s = normalizeCell(raw);
  if (!s) return ok(null);
  let negative = false;
  if (/^[△▲-]/.test(s)) {
    negative = true;
    s = s.slice(1).trim();
  }
  s = s.replace(/^[¥￥\\]/, '').replace(/円$/, '').replace(/,/g, '').trim();
  if (!/^\d+$/.test(s)) return fail(`「${normalizeCell(raw)}」は数値として読めません。`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) return fail(`「${normalizeCell(raw)}」は大きすぎます。`);
  return ok(negative ? -n : n);
}

/** Decimals as written: 78.4 / ７８．４ / -5 / △5 (ratings, scores); empty = null. */
export function parseDecimal(raw: string | null | undefined): Parsed<number> {
  let s = normalizeCell(raw);
  if (!s) return ok(null);
  let negative = false;
  if (/^[△▲-]/.test(s)) {
    negative = true;
    s = s.slice(1).trim();
  }
  s = s.replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(s)) return fail(`「${normalizeCell(raw)}」は数値として読めません。`);
  const n = Number(s);
  return ok(negative ? -n : n);
}

interface Era {
  names: string[];
  start: string;
  end: string | null;
  offset: number;
}

/** 明治 … 令和 with their first and last days (平成 ends 2019-04-30, 令和 starts 2019-05-01). */
const ERAS: Era[] = [
  { names: ['令和', 'R'], start: '2019-05-01', end: null, offset: 2018 },
  { names: ['平成', 'H'], start: '1989-01-08', end: '2019-04-30', offset: 1988 },
  { names: ['昭和', 'S'], start: '1926-12-25', end: '1989-01-07', offset: 1925 },
  { names: ['大正', 'T'], start: '1912-07-30', end: '1926-12-24', offset: 1911 },
  { names: ['明治', 'M'], start: '1868-01-25', end: '1912-07-29', offset: 1867 },
];

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * Dates as written in Japanese files: 2026/04/01, 2026-04-01, 2026.4.1, 20260401, 2026年4月1日,
 * 令和8年4月1日, 令和元年5月1日, R8.4.1, R08.04.01, H31.4.30; a time after the date is ignored.
 * A 和暦 date outside its era (平成31年5月1日) is refused rather than guessed.
 */
export function parseJapaneseDate(raw: string | null | undefined): Parsed<string> {
  const s = normalizeCell(raw).replace(/\s+\d{1,2}:\d{2}(:\d{2})?$/, '');
  if (!s) return ok(null);
  const bad = () => fail<string>(`「${normalizeCell(raw)}」は日付として読めません（例: 2026/04/01、令和8年4月1日、R8.4.1）。`);
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return isoDate(+m[1], +m[2], +m[3]) ? ok(isoDate(+m[1], +m[2], +m[3])) : bad();
  m = /^(\d{4})\s*[/\-.年]\s*(\d{1,2})\s*[/\-.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (m) return isoDate(+m[1], +m[2], +m[3]) ? ok(isoDate(+m[1], +m[2], +m[3])) : bad();
  m = /^(令和|平成|昭和|大正|明治|[RHSTMrhstm])\s*(元|\d{1,2})\s*[年/\-.]\s*(\d{1,2})\s*[月/\-.]\s*(\d{1,2})\s*日?$/.exec(s);
  if (!m) return bad();
  const era = ERAS.find((e) => e.names.includes(m![1].length === 1 ? m![1].toUpperCase() : m![1]))!;
  const year = m[2] === '元' ? 1 : +m[2];
  const iso = isoDate(era.offset + year, +m[3], +m[4]);
  if (!iso || year < 1) return bad();
  if (iso < era.start || (era.end && iso > era.end)) {
    return fail(`「${normalizeCell(raw)}」は${era.names[0]}の期間（${era.start}〜${era.end ?? ''}）にない日付です。`);
  }
  return ok(iso);
}

/** Text as stored: normalised, or null when empty. */
export function parseText(raw: string | null | undefined, maxLength: number): Parsed<string> {
  const s = normalizeText(raw);
  if (!s) return ok(null);
  if (s.length > maxLength) return fail(`${maxLength}文字以内で入力してください（${s.length}文字）。`);
  return ok(s);
}

/** A value from a fixed list of words (e.g. 市内 → local); unknown words are errors, listing the known ones. */
export function parseCode(raw: string | null | undefined, codes: Record<string, string>): Parsed<string> {
  const s = normalizeCell(raw);
  if (!s) return ok(null);
  if (s in codes) return ok(codes[s]);
  const byCode = Object.values(codes).find((v) => v === s);
  if (byCode) return ok(byCode);
  return fail(`「${s}」は次のいずれかで入力してください: ${Object.keys(codes).join('、')}。`);
}

/** Whether a row is a trailing total (合計, 総計, 計) the profile asks to skip. */
export function isTotalRow(cells: string[]): boolean {
  const first = cells.map(normalizeCell).find((c) => c !== '');
  return first !== undefined && /^(合計|総計|計|小計)$/.test(first.replace(/\s/g, ''));
}
