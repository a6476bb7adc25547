import { businessDate, contentDisposition, dateStamp, formatBusinessDate, formatDateTimeJst } from './output-format';

describe('output formatting', () => {
  it('stamps file names with the date in Japan, not UTC', () => {
    expect(dateStamp(new Date('2026-01-31T14:59:00Z'))).toBe('20260131');
    // 15:00 UTC is already the next morning in Japan.
    expect(dateStamp(new Date('2026-01-31T15:00:00Z'))).toBe('20260201');
  });

  it('shows timestamps in Japan time and business dates as calendar days', () => {
    expect(formatDateTimeJst(new Date('2026-01-31T15:30:00Z'))).toBe('2026/02/01 00:30');
    expect(formatDateTimeJst('2026-03-01T00:05:00.000Z')).toBe('2026/03/01 09:05');
    expect(formatDateTimeJst(null)).toBe('');
    expect(formatBusinessDate('2026-01-31')).toBe('2026/01/31');
    expect(businessDate('2026-01-31')?.toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(formatBusinessDate('')).toBe('');
  });

  it('writes RFC 5987 file names with an ASCII fallback', () => {
    const header = contentDisposition('attachment', 'ユーザー一覧_20260131.xlsx', 'users_20260131.xlsx');
    expect(header).toBe(
      `attachment; filename="users_20260131.xlsx"; filename*=UTF-8''%E3%83%A6%E3%83%BC%E3%82%B6%E3%83%BC%E4%B8%80%E8%A6%A7_20260131.xlsx`,
    );
    expect(decodeURIComponent(header.split("UTF-8''")[1])).toBe('ユーザー一覧_20260131.xlsx');
    expect(contentDisposition('inline', "a'b(1).pdf", 'x"y;.pdf')).toBe(`inline; filename="x_y_.pdf"; filename*=UTF-8''a%27b%281%29.pdf`);
  });
});
