/**
 * Formatting for files people open in Excel or print: timestamps in Japan time, business dates
 * as calendar days, RFC 5987 file names. Japan has no daylight saving time, so +9 h is exact.
 */
const JST_OFFSET_MS = 9 * 3_600_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(String(value));
  return isNaN(d.getTime()) ? null : d;
}

/** The wall-clock time in Japan as a Date whose UTC fields read as Japan time. */
export function toJapanWallClock(value: Date): Date {
  return new Date(value.getTime() + JST_OFFSET_MS);
}

/** 20260131: today's date in Japan, for file names. */
export function dateStamp(now = new Date()): string {
  const j = toJapanWallClock(now);
  return `${j.getUTCFullYear()}${pad(j.getUTCMonth() + 1)}${pad(j.getUTCDate())}`;
}

/** 2026/01/31 14:05 (Japan time) for a timestamp; '' for none. */
export function formatDateTimeJst(value: unknown): string {
  const d = toDate(value);
  if (!d) return '';
  const j = toJapanWallClock(d);
  return `${j.getUTCFullYear()}/${pad(j.getUTCMonth() + 1)}/${pad(j.getUTCDate())} ${pad(j.getUTCHours())}:${pad(j.getUTCMinutes())}`;
}

/** A business date (YYYY-MM-DD, a calendar day with no time zone) as a UTC-midnight Date. */
export function businessDate(value: unknown): Date | null {
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (m) return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  }
  return toDate(value);
}

/** 2026/01/31 for a business date; '' for none. */
export function formatBusinessDate(value: unknown): string {
  const d = businessDate(value);
  if (!d) return '';
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Content-Disposition with the Japanese name for browsers (RFC 5987 filename*) and an ASCII
 * fallback for anything older.
 */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string, asciiFallback: string): string {
  const fallback = asciiFallback.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}
