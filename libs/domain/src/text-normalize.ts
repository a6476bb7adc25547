/**
 * Search normalisation: full/half width (NFKC), katakana → hiragana, lower case, no spaces.
 * ﾃｽﾄｹﾝｾﾂ, テストケンセツ and てすとけんせつ all become てすとけんせつ.
 */
export function normalizeForSearch(value: string | null | undefined): string {
  if (!value) return '';
  return value
    .normalize('NFKC')
    .replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60))
    .replace(/[\s\u3000]+/g, '')
    .toLowerCase();
}

/** Joins the fields a list searches into one normalised column value. */
export function searchTextOf(...fields: Array<string | null | undefined>): string {
  return fields.map(normalizeForSearch).filter(Boolean).join('|');
}
