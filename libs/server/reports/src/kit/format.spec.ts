import { formatYen, formatYenMark, wareki, warekiDateTime, warekiToday } from './format';

describe('report formatting', () => {
  it('writes yen with thousands separators', () => {
    expect(formatYen(1_234_000)).toBe('1,234,000円');
    expect(formatYen(0)).toBe('0円');
    expect(formatYen(999)).toBe('999円');
    expect(formatYen(1000)).toBe('1,000円');
    expect(formatYen(-50_000)).toBe('-50,000円');
    expect(formatYen(12_345_678_901)).toBe('12,345,678,901円');
    expect(formatYenMark(1_234_000)).toBe('¥1,234,000');
    expect(formatYenMark(-1234)).toBe('-¥1,234');
    expect(formatYen(null)).toBe('');
    expect(formatYenMark(undefined)).toBe('');
  });

  it('refuses amounts that are not integer yen instead of rounding them', () => {
    expect(() => formatYen(1234.5)).toThrow('整数');
    expect(() => formatYenMark(Number.NaN)).toThrow(TypeError);
    expect(() => formatYen(2 ** 60)).toThrow(TypeError);
  });

  it('writes 和暦 dates', () => {
    expect(wareki('2026-01-31')).toBe('令和8年1月31日');
    expect(wareki('2019-05-01')).toBe('令和元年5月1日');
    expect(wareki('2019-04-30')).toBe('平成31年4月30日');
    expect(wareki(null)).toBe('');
    expect(warekiDateTime(new Date('2026-01-31T05:05:00Z'))).toBe('令和8年1月31日 14:05');
    // The printed date is the day in Japan: 16:00 UTC on the 31st is already 1 February there.
    expect(warekiToday(new Date('2026-01-31T16:00:00Z'))).toBe('令和8年2月1日');
    expect(warekiToday(new Date('2026-01-31T14:00:00Z'))).toBe('令和8年1月31日');
  });
});
