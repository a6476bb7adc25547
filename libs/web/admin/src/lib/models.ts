import type { DepartmentRef, Role, SettingType } from '@keiyaku/domain';

export interface UserRow {
  id: number;
  loginId: string;
  name: string;
  nameKana: string | null;
  email: string | null;
  department: DepartmentRef | null;
  roles: Role[];
  active: boolean;
  locked: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  passwordChangedAt: string | null;
  version: number;
  updatedAt: string;
}

export interface DepartmentRow {
  id: number;
  code: string;
  name: string;
  sortOrder: number;
  active: boolean;
  version: number;
  updatedAt: string;
}

export interface AuditRow {
  id: number;
  seq: number;
  occurredAt: string;
  userId: number | null;
  loginId: string | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  summary: string | null;
}

export interface AuditDetail extends AuditRow {
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; id: number | null; reason: string };
}

export const ACTION_LABELS: Record<string, string> = {
  create: '登録',
  update: '変更',
  delete: '削除',
  login: 'ログイン',
  loginFailed: 'ログイン失敗',
  logout: 'ログアウト',
  export: '出力',
  print: '印刷',
};

export const actionLabel = (action: string | null | undefined) => (action ? (ACTION_LABELS[action] ?? action) : '');

export interface SettingRow {
  key: string;
  label: string;
  group: string;
  type: SettingType;
  description: string | null;
  value: unknown;
  /** True while the catalogue's default is in force (no saved row yet, version 0). */
  isDefault: boolean;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

export type MailStatus = 'pending' | 'sent' | 'failed';

export interface MailRow {
  id: number;
  toAddress: string;
  subject: string;
  body: string;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  sentAt: string | null;
}

export const MAIL_STATUS_LABELS: Record<MailStatus, string> = {
  pending: '送信待ち',
  sent: '送信済み',
  failed: '送信失敗',
};
