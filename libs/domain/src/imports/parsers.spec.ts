import { isTotalRow, normalizeHeader, parseCode, parseDecimal, parseInteger, parseJapaneseDate, parseText } from './parsers';
import { DEFAULT_IMPORT_PROFILES, LOCALITY_WORDS, profileProblems } from './profiles';

const value = <T>(p: { ok: boolean; value?: T | null; problem?: string }) => (p.ok ? p.value : `ERROR ${p.problem}`);

describe('import cell parsers', () => {
  it('reads decimals (scores) with full-width digits and signs; refuses words', () => {
    expect(value(parseDecimal('７８．４'))).toBe(78.4);
    expect(value(parseDecimal('-5'))).toBe(-5);
    expect(value(parseDecimal('△2.5'))).toBe(-2.5);
    expect(value(parseDecimal(''))).toBeNull();
    expect(value(parseDecimal('七十'))).toMatch(/ERROR .*数値として読めません/);
  });

  it.each([
    ['2026/04/01', '2026-04-01'],
    ['2026-04-01', '2026-04-01'],
    ['2026.4.1', '2026-04-01'],
    ['20260401', '2026-04-01'],
    ['2026年4月1日', '2026-04-01'],
    ['２０２６／０４／０１', '2026-04-01'],
    ['令和8年4月1日', '2026-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['R8.4.1', '2026-04-01'],
    ['R08.04.01', '2026-04-01'],
    ['r8/4/1', '2026-04-01'],
    ['H31.4.30', '2019-04-30'],
    ['平成31年4月30日', '2019-04-30'],
    ['昭和64年1月7日', '1989-01-07'],
    ['2026/04/01 10:30', '2026-04-01'],
    ['', null],
    ['  ', null],
  ])('reads the date %s', (raw, expected) => {
    expect(value(parseJapaneseDate(raw))).toBe(expected);
  });

  it('refuses dates that do not exist or lie outside their era', () => {
    expect(parseJapaneseDate('2026/02/30').ok).toBe(false);
    expect(parseJapaneseDate('H31.5.1').ok).toBe(false);
    expect(parseJapaneseDate('令和1年4月30日').ok).toBe(false);
    expect(parseJapaneseDate('明日').ok).toBe(false);
    const r = parseJapaneseDate('平成31年5月1日');
    expect(!r.ok && r.problem).toContain('平成の期間');
  });

  it.each([
    ['1,234,567', 1234567],
    ['１，２３４，５６７', 1234567],
    ['1234567円', 1234567],
    ['￥1,000', 1000],
    ['△500', -500],
    ['-500', -500],
    ['0', 0],
    ['', null],
  ])('reads the number %s', (raw, expected) => {
    expect(value(parseInteger(raw))).toBe(expected);
  });

  it('refuses numbers it cannot read, with the cell in the message', () => {
    const r = parseInteger('12,3a4');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toContain('12,3a4');
    expect(parseInteger('1.5').ok).toBe(false);
  });

  it('normalises text and headers across widths and spaces', () => {
    expect(value(parseText('ｶﾌﾞｼｷｶﾞｲｼｬ　テスト  建設', 100))).toBe('カブシキガイシャ テスト 建設');
    expect(parseText('あいう', 2).ok).toBe(false);
    expect(normalizeHeader(' 業者 番号 ')).toBe(normalizeHeader('業者番号'));
    expect(normalizeHeader('ＦＡＸ番号')).toBe(normalizeHeader('fax番号'));
  });

  it('maps words to codes and lists the known words otherwise', () => {
    expect(value(parseCode('市内', LOCALITY_WORDS))).toBe('local');
    expect(value(parseCode('local', LOCALITY_WORDS))).toBe('local');
    const r = parseCode('県内', LOCALITY_WORDS);
    expect(!r.ok && r.problem).toContain('市内、準市内、市外');
  });

  it('recognises trailing total rows', () => {
    expect(isTotalRow(['合計', '', '1,000'])).toBe(true);
    expect(isTotalRow(['', '総 計', '1,000'])).toBe(true);
    expect(isTotalRow(['R8-0001', '合計'])).toBe(false);
  });

  it('accepts every shipped profile and refuses broken ones, naming the field', () => {
    for (const p of DEFAULT_IMPORT_PROFILES) expect(profileProblems(p.kind, p.definition)).toEqual([]);
    const vendors = DEFAULT_IMPORT_PROFILES.find((p) => p.kind === 'legacyVendors')!.definition;
    const broken = { ...vendors, columns: [...vendors.columns.filter((c) => c.field !== 'name'), { header: '', field: 'nosuch', parser: 'text' as const }] };
    expect(profileProblems('legacyVendors', broken).map((p) => p.field).sort()).toEqual(['columns', `columns.${broken.columns.length - 1}.field`, `columns.${broken.columns.length - 1}.header`].sort());
    const budget = DEFAULT_IMPORT_PROFILES.find((p) => p.kind === 'budgetLines')!.definition;
    const twice = { ...budget, columns: budget.columns.map((c) => (c.field === 'executed' ? { ...c, header: '予算現額 ' } : c)) };
    expect(profileProblems('budgetLines', twice)).toEqual([{ field: `columns.${budget.columns.length - 1}.header`, message: `${budget.columns.length}行目: 見出し「予算現額」が重複しています。` }]);
  });
});
