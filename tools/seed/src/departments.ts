/** Hofu city's departments that use the system (codes are the city's own, editable later). */
export const SEED_DEPARTMENTS: Array<{ code: string; name: string }> = [
  { code: 'KEIYAKU', name: '契約課' },
  { code: 'KENSA', name: '検査室' },
  { code: 'YOCHI', name: '用地管理課' },
  { code: 'DOBOKU', name: '土木課' },
  { code: 'KASEN', name: '河川港湾課' },
  { code: 'KENCHIKU', name: '建築課' },
  { code: 'TOSHI', name: '都市計画課' },
  { code: 'NORIN', name: '農林漁港整備課' },
  { code: 'SUIDO-KOMU', name: '上下水道局 工務課' },
  { code: 'JOHO', name: '情報政策課' },
];

export const DEMO_PASSWORD = 'keiyaku-demo-2026';
export const DEMO_ADMIN_PASSWORD = 'keiyaku-admin-2026';

/** One demo user per role (loginId, name, department code, roles). */
export const SEED_USERS: Array<{ loginId: string; name: string; nameKana: string; department: string; roles: string[] }> = [
  { loginId: 'admin', name: '管理 太郎', nameKana: 'カンリ タロウ', department: 'KEIYAKU', roles: ['admin'] },
  { loginId: 'contract', name: '契約 花子', nameKana: 'ケイヤク ハナコ', department: 'KEIYAKU', roles: ['contract'] },
  { loginId: 'works', name: '土木 一郎', nameKana: 'ドボク イチロウ', department: 'DOBOKU', roles: ['works'] },
  { loginId: 'supervisor', name: '監督 次郎', nameKana: 'カントク ジロウ', department: 'DOBOKU', roles: ['supervisor'] },
  { loginId: 'inspector', name: '検査 三郎', nameKana: 'ケンサ サブロウ', department: 'KENSA', roles: ['inspector'] },
  { loginId: 'reportauthor', name: '集計 四郎', nameKana: 'シュウケイ シロウ', department: 'KEIYAKU', roles: ['reportAuthor'] },
  { loginId: 'operator', name: '運用 五郎', nameKana: 'ウンヨウ ゴロウ', department: 'JOHO', roles: ['operator'] },
  { loginId: 'viewer', name: '閲覧 六子', nameKana: 'エツラン ムツコ', department: 'KENCHIKU', roles: ['viewer'] },
];
