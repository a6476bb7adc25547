import { fiscalYearOf, formatJapaneseDate, formatJapaneseDateTime } from './japanese-date';

describe('formatJapaneseDate', () => {
  it('writes a business date in 令和', () => {
    expect(formatJapaneseDate('2026-01-31')).toBe('令和8年1月31日');
  });
  it('writes year 1 of an era as 元年', () => {
    expect(formatJapaneseDate('2019-05-01')).toBe('令和元年5月1日');
    expect(formatJapaneseDate('2019-04-30')).toBe('平成31年4月30日');
  });
  it('never shifts a plain date by a time zone', () => {
    expect(formatJapaneseDate('2025-03-31')).toBe('令和7年3月31日');
  });
  it('returns an empty string for nothing or garbage', () => {
    expect(formatJapaneseDate(null)).toBe('');
    expect(formatJapaneseDate('not a date')).toBe('');
  });
  it('shows timestamps in Japan time', () => {
    expect(formatJapaneseDateTime('2026-01-31T15:30:00Z')).toBe('令和8年2月1日 00:30');
  });
});

describe('fiscalYearOf', () => {
  it('runs April to March', () => {
    expect(fiscalYearOf('2026-03-31')).toBe(2025);
    expect(fiscalYearOf('2026-04-01')).toBe(2026);
  });
});
