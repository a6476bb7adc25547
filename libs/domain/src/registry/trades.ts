/** The 29 construction trades (建設業許可業種); code = permit order × 10. Kept as seed data. */
export const CONSTRUCTION_TRADES: Array<{ code: string; name: string; shortName: string }> = [
  ['010', '土木一式工事', '土木'], ['020', '建築一式工事', '建築'], ['030', '大工工事', '大工'],
  ['040', '左官工事', '左官'], ['050', 'とび・土工・コンクリート工事', 'とび・土工'], ['060', '石工事', '石'],
  ['070', '屋根工事', '屋根'], ['080', '電気工事', '電気'], ['090', '管工事', '管'],
  ['100', 'タイル・れんが・ブロック工事', 'タイル'], ['110', '鋼構造物工事', '鋼構造物'], ['120', '鉄筋工事', '鉄筋'],
  ['130', '舗装工事', '舗装'], ['140', 'しゅんせつ工事', 'しゅんせつ'], ['150', '板金工事', '板金'],
  ['160', 'ガラス工事', 'ガラス'], ['170', '塗装工事', '塗装'], ['180', '防水工事', '防水'],
  ['190', '内装仕上工事', '内装仕上'], ['200', '機械器具設置工事', '機械器具設置'], ['210', '熱絶縁工事', '熱絶縁'],
  ['220', '電気通信工事', '電気通信'], ['230', '造園工事', '造園'], ['240', 'さく井工事', 'さく井'],
  ['250', '建具工事', '建具'], ['260', '水道施設工事', '水道施設'], ['270', '消防施設工事', '消防施設'],
  ['280', '清掃施設工事', '清掃施設'], ['290', '解体工事', '解体'],
].map(([code, name, shortName]) => ({ code, name, shortName }));

/** Survey and consulting kinds (測量・建設コンサルタント等). */
export const SURVEY_KINDS: Array<{ code: string; name: string }> = [
  { code: 'S10', name: '測量' },
  { code: 'S20', name: '建築関係建設コンサルタント' },
  { code: 'S30', name: '土木関係建設コンサルタント' },
  { code: 'S40', name: '地質調査' },
  { code: 'S50', name: '補償関係コンサルタント' },
  { code: 'S60', name: '計量証明' },
];

/** Goods and services kinds (物品・役務), registered without ranks. */
export const GOODS_KINDS: Array<{ code: string; name: string }> = [
  { code: 'G10', name: '事務用品・印刷' },
  { code: 'G20', name: '電気・通信機器' },
  { code: 'G30', name: '車両・機械' },
  { code: 'G40', name: '建設資材・薬品' },
  { code: 'G50', name: '庁舎管理・清掃' },
  { code: 'G60', name: '警備・保守点検' },
  { code: 'G70', name: '情報処理・システム' },
  { code: 'G80', name: 'その他の役務' },
];

export const CATEGORIES = [
  { code: 'construction', name: '建設工事' },
  { code: 'survey', name: '測量・建設コンサルタント等' },
  { code: 'goods', name: '物品・役務' },
] as const;
export type CategoryCode = (typeof CATEGORIES)[number]['code'];

export const LOCALITIES = [
  { code: 'local', name: '市内' },
  { code: 'semiLocal', name: '準市内' },
  { code: 'outside', name: '市外' },
] as const;
export type Locality = (typeof LOCALITIES)[number]['code'];

export const MEASURE_KINDS = [
  { code: 'suspension', name: '指名停止' },
  { code: 'writtenWarning', name: '文書注意' },
  { code: 'oralWarning', name: '口頭注意' },
  { code: 'businessSuspension', name: '営業停止' },
  { code: 'instruction', name: '指示処分' },
] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number]['code'];
