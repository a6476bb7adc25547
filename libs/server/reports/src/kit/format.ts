import { formatJapaneseDate, formatJapaneseDateTime } from '@keiyaku/domain';

const group = (n: number) => String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function yen(amount: number): number {
  // Money is integer yen: a fraction here is a bug upstream, never something to round away.
  if (!Number.isSafeInteger(amount)) throw new TypeError(`金額が整数（円）ではありません: ${amount}`);
  return amount;
}

/** 1,234,000円 (forms, tables); '' for no amount. */
export function formatYen(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return '';
  const n = yen(amount);
  return `${n < 0 ? '-' : ''}${group(n)}円`;
}

/** ¥1,234,000 (amounts written with the sign, e.g. on a quotation); '' for no amount. */
export function formatYenMark(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return '';
  const n = yen(amount);
  return `${n < 0 ? '-' : ''}¥${group(n)}`;
}

/** 令和8年1月31日 for a business date (a calendar day, no time zone). */
export function wareki(value: string | Date | null | undefined): string {
  return formatJapaneseDate(value);
}

/** 令和8年1月31日 14:05 for a timestamp, read in Japan time. */
export function warekiDateTime(value: string | Date | null | undefined): string {
  return formatJapaneseDateTime(value);
}

/** Today in 和暦 as printed on a document: the date in Japan, not UTC. */
export function warekiToday(now = new Date()): string {
  return formatJapaneseDate(now, 'Asia/Tokyo');
}
