import { normalizeForSearch, searchTextOf } from './text-normalize';

describe('normalizeForSearch', () => {
  it('folds half-width katakana, katakana and hiragana together', () => {
    const expected = normalizeForSearch('てすとけんせつ');
    expect(normalizeForSearch('ﾃｽﾄｹﾝｾﾂ')).toBe(expected);
    expect(normalizeForSearch('テストケンセツ')).toBe(expected);
  });
  it('folds full-width letters and digits and drops spaces', () => {
    expect(normalizeForSearch('ＡＢＣ　１２３ x')).toBe('abc123x');
  });
  it('joins fields without empty ones', () => {
    expect(searchTextOf('株式会社 テスト', null, 'ABC')).toBe('株式会社てすと|abc');
  });
});
