/** Shapes of /api/ops/* (libs/server/operations). */
export interface BackupRunRow {
  id: number;
  triggerKind: 'scheduled' | 'manual';
  status: 'succeeded' | 'failed';
  verifyStatus: 'ok' | 'failed' | 'skipped';
  name: string | null;
  dbType: string;
  sizeBytes: number | null;
  tableCount: number | null;
  rowCount: number | null;
  fileCount: number | null;
  message: string | null;
  pruned: number;
  loginId: string | null;
  startedAt: string;
  finishedAt: string;
}

export interface BackupSummary {
  enabled: boolean;
  time: string;
  nextScheduledAt: string;
  backupDir: string;
  running: boolean;
  last: BackupRunRow | null;
  lastSuccess: BackupRunRow | null;
  ageSeconds: number | null;
  stored: string[];
  storageProblem: string | null;
  alert: string | null;
}

export interface MaintenanceWindowRow {
  id: number;
  startsAt: string;
  endsAt: string;
  message: string;
  createdBy: string | null;
  cancelledAt: string | null;
  active?: boolean;
}

export interface OpsStatus {
  environment: { kind: 'production' | 'test'; label: string };
  maintenance: MaintenanceWindowRow[];
}

export const BACKUP_STATUS_LABELS: Record<string, string> = { succeeded: '成功', failed: '失敗' };
export const VERIFY_STATUS_LABELS: Record<string, string> = { ok: '一致', failed: '不一致', skipped: '未検証' };

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}
