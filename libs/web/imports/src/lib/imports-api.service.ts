import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { ImportKind, ImportProfileDefinition } from '@keiyaku/domain';
import type { JobRow } from '@keiyaku/web/ui';

export type ImportEncoding = 'auto' | 'utf8' | 'cp932';
export type ImportCommitMode = 'allOrNothing' | 'goodRows';
export type ImportRunMode = 'dryRun' | ImportCommitMode;
export type ImportRunStatus = 'succeeded' | 'rejected' | 'failed';

export interface ImportKindInfo {
  kind: ImportKind;
  label: string;
  headers: Array<{ header: string; required: boolean }>;
}

export interface ImportProfileRow {
  id: number;
  kind: ImportKind;
  code: string;
  name: string;
  definition: ImportProfileDefinition;
  shipped: boolean;
  version: number;
}

export interface RowProblem {
  line: number;
  header: string | null;
  message: string;
}

/** What POST dry-run answers and a commit job's result holds. */
export interface ImportReport {
  runId: number;
  kind: ImportKind;
  mode: ImportRunMode;
  status: ImportRunStatus;
  encoding: string;
  fileSha256: string;
  counts: { read: number; create: number; update: number; unchanged: number; rejected: number; warnings: number; skipped: number };
  errors: RowProblem[];
  warnings: RowProblem[];
  errorFileId: number | null;
  message: string;
}

export interface ImportRunRow {
  id: number;
  kind: ImportKind;
  kindLabel: string;
  profileCode: string;
  fileName: string;
  fileSha256: string;
  encoding: string;
  mode: ImportRunMode;
  status: ImportRunStatus;
  rowsRead: number;
  rowsCreated: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  rowsRejected: number;
  warningCount: number;
  errorFileId: number | null;
  loginId: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface UploadedFile {
  id: number;
  name: string;
  size: number;
}

export interface ImportRequest {
  fileId: number;
  kind: ImportKind;
  profileId?: number | null;
  encoding?: ImportEncoding;
}

export const IMPORT_MODE_LABELS: Record<ImportRunMode, string> = { dryRun: '確認のみ', allOrNothing: '取込（全件）', goodRows: '取込（正しい行のみ）' };
export const IMPORT_STATUS_LABELS: Record<ImportRunStatus, string> = { succeeded: '成功', rejected: '取込せず', failed: '失敗' };
export const fileContentUrl = (id: number) => `/api/files/${id}/content`;

@Injectable({ providedIn: 'root' })
export class ImportsApi {
  private readonly http = inject(HttpClient);

  kinds(): Promise<ImportKindInfo[]> {
    return firstValueFrom(this.http.get<ImportKindInfo[]>('/api/imports/kinds'));
  }

  profiles(kind?: ImportKind): Promise<ImportProfileRow[]> {
    return firstValueFrom(this.http.get<ImportProfileRow[]>('/api/imports/profiles', { params: kind ? { kind } : {} }));
  }

  createProfile(body: { kind: ImportKind; code: string; name: string; definition: ImportProfileDefinition }): Promise<ImportProfileRow> {
    return firstValueFrom(this.http.post<ImportProfileRow>('/api/imports/profiles', body));
  }

  updateProfile(id: number, body: { name?: string; definition?: ImportProfileDefinition; version: number }): Promise<ImportProfileRow> {
    return firstValueFrom(this.http.patch<ImportProfileRow>(`/api/imports/profiles/${id}`, body));
  }

  /** The platform upload (POST /api/files, multipart), as the vendor and application screens use it. */
  upload(file: File): Promise<UploadedFile> {
    const form = new FormData();
    form.append('purpose', 'import');
    form.append('file', file, file.name);
    return firstValueFrom(this.http.post<UploadedFile>('/api/files', form));
  }

  dryRun(req: ImportRequest): Promise<ImportReport> {
    return firstValueFrom(this.http.post<ImportReport>('/api/imports/dry-run', req));
  }

  commit(req: ImportRequest & { mode: ImportCommitMode }): Promise<JobRow> {
    return firstValueFrom(this.http.post<JobRow>('/api/imports/commit', req));
  }
}
