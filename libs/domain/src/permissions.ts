/**
 * Roles and the permission catalogue. The server's guard and the client's menus both read
 * this file, so a menu never offers what the server would refuse.
 */
export const ROLES = [
  'admin',
  'contract',
  'works',
  'supervisor',
  'inspector',
  'reportAuthor',
  'operator',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'システム管理者',
  contract: '契約課',
  works: '工事担当課',
  supervisor: '監督員',
  inspector: '検査員',
  reportAuthor: 'EUC作成者',
  operator: '運用担当',
  viewer: '閲覧者',
};

export const PERMISSIONS = {
  'admin.users': 'ユーザー管理',
  'admin.departments': '部署管理',
  'admin.audit': '操作ログの閲覧',
  'admin.settings': '設定の変更',
  'vendors.read': '業者情報の閲覧',
  'vendors.write': '業者情報の登録・変更',
  'tenders.read': '入札案件の閲覧',
  'tenders.write': '入札案件の登録・変更',
  'contracts.read': '契約の閲覧',
  'contracts.write': '契約の登録・変更',
  'approvals.decide': '契約・変更・検査結果の決裁',
  'imports.run': 'データの取込（入札結果・予算・移行）',
  'inspections.read': '検査の閲覧',
  'inspections.write': '検査の登録・変更',
  'evaluation.read': '工事成績評定の閲覧',
  'evaluation.rate': '工事成績評定の採点',
  'evaluation.manage': '工事成績評定の承認・評定要領の管理',
  'qualification.review': '入札参加資格審査',
  'euc.use': 'EUC・帳票の利用',
  'euc.author': 'EUC検索条件の作成・共有',
  'reports.print': '帳票の出力',
  'ops.monitor': '稼働監視',
  'ops.backup': 'バックアップ・リストア',
  'ops.maintenance': 'メンテナンス設定',
  'data.allDepartments': '全部署のデータの閲覧',
} as const;
export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

const READ_BUSINESS: Permission[] = [
  'vendors.read',
  'tenders.read',
  'contracts.read',
  'inspections.read',
  'evaluation.read',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ALL_PERMISSIONS,
  contract: [
    ...READ_BUSINESS,
    'vendors.write',
    'tenders.write',
    'contracts.write',
    'approvals.decide',
    'imports.run',
    'inspections.write',
    'evaluation.manage',
    'qualification.review',
    'euc.use',
    'reports.print',
    'data.allDepartments',
  ],
  works: [...READ_BUSINESS, 'euc.use', 'reports.print'],
  supervisor: ['contracts.read', 'inspections.read', 'evaluation.read', 'evaluation.rate', 'reports.print'],
  inspector: [
    'contracts.read',
    'inspections.read',
    'inspections.write',
    'evaluation.read',
    'evaluation.rate',
    'reports.print',
    'data.allDepartments',
  ],
  reportAuthor: [...READ_BUSINESS, 'euc.use', 'euc.author', 'reports.print'],
  // Operations staff run the machine, not the business: no business data at all.
  operator: ['ops.monitor', 'ops.backup', 'ops.maintenance'],
  viewer: [...READ_BUSINESS, 'euc.use'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: readonly string[]): Permission[] {
  const set = new Set<Permission>();
  for (const role of roles) {
    if (isRole(role)) ROLE_PERMISSIONS[role].forEach((p) => set.add(p));
  }
  return ALL_PERMISSIONS.filter((p) => set.has(p));
}

export function hasAnyPermission(granted: readonly string[], required: readonly Permission[]): boolean {
  return required.length === 0 || required.some((p) => granted.includes(p));
}

/** Side navigation of the staff client; a section shows when the user has any of its permissions. */
export interface NavItem {
  label: string;
  path: string;
  permissions: Permission[];
}
export interface NavSection {
  key: string;
  label: string;
  icon: string;
  permissions: Permission[];
  items: NavItem[];
}

export const NAV_SECTIONS: NavSection[] = [
  {
    key: 'contract',
    label: '契約管理',
    icon: 'gavel',
    permissions: ['vendors.read', 'tenders.read', 'contracts.read', 'inspections.read'],
    items: [
      { label: '業者', path: '/vendors', permissions: ['vendors.read'] },
      { label: '格付', path: '/vendors/ranking', permissions: ['vendors.write'] },
      { label: '入札案件', path: '/tenders', permissions: ['tenders.read'] },
      { label: '最低制限価格の試算', path: '/tenders/what-if', permissions: ['tenders.write'] },
      { label: '契約', path: '/contracts', permissions: ['contracts.read'] },
      { label: '検査', path: '/inspections', permissions: ['inspections.read'] },
    ],
  },
  {
    key: 'evaluation',
    label: '工事成績評定',
    icon: 'fact_check',
    permissions: ['evaluation.read', 'evaluation.rate'],
    items: [
      { label: '評定一覧', path: '/evaluations', permissions: ['evaluation.read', 'evaluation.rate'] },
      { label: '評定の統計', path: '/evaluations/statistics', permissions: ['evaluation.read', 'evaluation.rate'] },
      { label: '評定要領', path: '/evaluations/rule-sets', permissions: ['evaluation.manage'] },
    ],
  },
  {
    key: 'qualification',
    label: '資格審査',
    icon: 'assignment_ind',
    permissions: ['qualification.review'],
    items: [
      { label: '申請の審査', path: '/qualification', permissions: ['qualification.review'] },
      { label: '資格者名簿', path: '/qualification/qualified', permissions: ['qualification.review'] },
      { label: '事業者アカウント', path: '/qualification/accounts', permissions: ['qualification.review'] },
      { label: '承認パッケージ', path: '/qualification/packages', permissions: ['qualification.review'] },
    ],
  },
  {
    key: 'euc',
    label: 'EUC・帳票',
    icon: 'query_stats',
    permissions: ['euc.use'],
    items: [
      { label: '検索・抽出', path: '/euc', permissions: ['euc.use'] },
      { label: '登録帳票', path: '/euc/forms', permissions: ['euc.use', 'reports.print'] },
    ],
  },
  {
    key: 'admin',
    label: '管理',
    icon: 'admin_panel_settings',
    permissions: ['admin.users', 'admin.departments', 'admin.audit', 'admin.settings', 'imports.run', 'ops.monitor'],
    items: [
      { label: 'ユーザー', path: '/admin/users', permissions: ['admin.users'] },
      { label: '部署', path: '/admin/departments', permissions: ['admin.departments'] },
      { label: '業者マスタ', path: '/admin/registry', permissions: ['admin.settings'] },
      { label: 'データ取込', path: '/imports', permissions: ['imports.run'] },
      { label: '価格算定基準', path: '/tenders/price-rules', permissions: ['admin.settings'] },
      { label: '操作ログ', path: '/admin/audit', permissions: ['admin.audit'] },
      { label: '設定', path: '/admin/settings', permissions: ['admin.settings'] },
      { label: 'メール送信状況', path: '/admin/mail', permissions: ['admin.settings'] },
      { label: '運用（バックアップ・メンテナンス）', path: '/admin/operations', permissions: ['ops.monitor'] },
    ],
  },
];

export function navFor(permissions: readonly string[]): NavSection[] {
  return NAV_SECTIONS.filter((s) => hasAnyPermission(permissions, s.permissions)).map((s) => ({
    ...s,
    items: s.items.filter((i) => hasAnyPermission(permissions, i.permissions)),
  }));
}
