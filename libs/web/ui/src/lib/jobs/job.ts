import type { BadgeTone } from '../badge';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** A long-running server task as GET /api/jobs and /api/jobs/:id return it. */
export interface JobRow {
  id: number;
  kind: string;
  title: string;
  status: JobStatus;
  /** 0–100 */
  progress: number;
  message: string | null;
  result: unknown;
  resultFileId: number | null;
  loginId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const JOB_STATUS_LABELS: Record<JobStatus, string> = {
  queued: '待機中',
  running: '実行中',
  succeeded: '完了',
  failed: 'エラー',
};

export const jobStatusLabel = (status: string | null | undefined): string =>
  status ? (JOB_STATUS_LABELS[status as JobStatus] ?? status) : '';

export const isJobActive = (job: Pick<JobRow, 'status'> | null | undefined): boolean =>
  job?.status === 'queued' || job?.status === 'running';

export const jobDownloadUrl = (id: number) => `/api/jobs/${id}/download`;

export const JOB_STATUS_TONES: Record<JobStatus, BadgeTone> = {
  queued: 'neutral',
  running: 'info',
  succeeded: 'ok',
  failed: 'error',
};
