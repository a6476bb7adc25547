/**
 * 和暦 (Japanese era) formatting for business dates. Business dates are plain ISO dates
 * (YYYY-MM-DD) and must never shift by a time zone, so they are read as UTC calendar days.
 */
const ERA_FORMAT = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  timeZone: 'UTC',
});

export type DateInput = string | Date | null | undefined;

function toUtcDay(value: DateInput): Date | null {
  if (value == null || value === '') return null;
  if (value instanceof Date) return isNaN(value.getTime()) ? null : value;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (m && value.length === 10) return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  const d = new Date(value);
  return isNaN(d.getTime()) ? null : d;
}

/** 令和8年1月31日 (year 1 is written 元年, as official documents do). */
export function formatJapaneseDate(value: DateInput, timeZone = 'UTC'): string {
  const date = toUtcDay(value);
  if (!date) return '';
  const fmt =
    timeZone === 'UTC'
      ? ERA_FORMAT
      : new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'numeric', day: 'numeric', timeZone });
  const parts = fmt.formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const year = get('year');
  return `${get('era')}${year === '1' ? '元' : year}年${get('month')}月${get('day')}日`;
}

/** 令和8年1月31日 14:05 for timestamps, shown in Japan time. */
export function formatJapaneseDateTime(value: DateInput): string {
  const date = toUtcDay(value);
  if (!date) return '';
  const time = new Intl.DateTimeFormat('ja-JP', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: 'Asia/Tokyo',
  }).format(date);
  return `${formatJapaneseDate(date, 'Asia/Tokyo')} ${time}`;
}

/** Fiscal year (年度) of a date: April to March. */
export function fiscalYearOf(value: DateInput): number | null {
  const date = toUtcDay(value);
  if (!date) return null;
  const y = date.getUTCFullYear();
  return date.getUTCMonth() >= 3 ? y : y - 1;
}

/** Today's business date (YYYY-MM-DD) in Japan time: the server may run in UTC, the city does not. */
export function todayInJapan(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(now);
}
