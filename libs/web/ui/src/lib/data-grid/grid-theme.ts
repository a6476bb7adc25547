import { themeQuartz } from 'ag-grid-community';

/** Desktop Japanese fonts only: the LGWAN network reaches no font CDN. */
export const KY_FONT_STACK = ['Yu Gothic UI', 'Meiryo UI', 'Meiryo', 'Noto Sans CJK JP', 'Noto Sans JP', 'sans-serif'];

/** Quartz, compact: clerks scan long lists on small VDI screens. */
export const kyGridTheme = themeQuartz.withParams({
  fontFamily: KY_FONT_STACK,
  fontSize: 13,
  headerFontSize: 13,
  rowHeight: 30,
  headerHeight: 34,
  spacing: 6,
  accentColor: '#005cbb',
  headerBackgroundColor: '#eef2f8',
  wrapperBorderRadius: 4,
  browserColorScheme: 'light',
});

/** The grid's own labels in Japanese (filters, loading, empty list). */
export const KY_GRID_LOCALE: Record<string, string> = {
  loadingOoo: '読み込み中…',
  noRowsToShow: '該当するデータはありません',
  filterOoo: '絞り込み…',
  applyFilter: '適用',
  resetFilter: 'クリア',
  clearFilter: 'クリア',
  cancelFilter: 'キャンセル',
  equals: '等しい',
  notEqual: '等しくない',
  blank: '空欄',
  notBlank: '空欄以外',
  empty: '選択してください',
  lessThan: 'より小さい',
  greaterThan: 'より大きい',
  lessThanOrEqual: '以下',
  greaterThanOrEqual: '以上',
  inRange: '範囲',
  inRangeStart: '開始',
  inRangeEnd: '終了',
  contains: 'を含む',
  notContains: 'を含まない',
  startsWith: 'で始まる',
  endsWith: 'で終わる',
  before: 'より前',
  after: 'より後',
  andCondition: 'かつ',
  orCondition: 'または',
  dateFormatOoo: 'yyyy-mm-dd',
  pinColumn: '列の固定',
  autosizeThisColumn: 'この列の幅を自動調整',
  autosizeAllColumns: 'すべての列の幅を自動調整',
  resetColumns: '列の設定を元に戻す',
  sortAscending: '昇順',
  sortDescending: '降順',
  sortUnSort: '並べ替えを解除',
  ariaFilterInput: '絞り込みの入力',
  ariaSearch: '検索',
  page: 'ページ',
  more: 'その他',
  to: '～',
  of: '/',
};
