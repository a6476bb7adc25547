import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { EucDatasetInfo, EucQuery, EucResult, EucSchedule, EucSharing, FormInfo, FormParameter, ListResult } from '@keiyaku/domain';
import type { JobRow } from '@keiyaku/web/ui';

export interface SavedQuery {
  id: number;
  name: string;
  description: string | null;
  dataset: string;
  datasetLabel: string;
  query: EucQuery;
  sharing: EucSharing;
  ownerLoginId: string;
  mine: boolean;
  favorite: boolean;
  schedule: EucSchedule | null;
  scheduleFormat: 'xlsx' | 'csv' | null;
  scheduleEncoding: 'utf8' | 'sjis' | null;
  version: number;
  updatedAt: string;
}

export type { FormInfo, FormParameter };

export type SavedScope = 'all' | 'mine' | 'shared' | 'favorites';

@Injectable({ providedIn: 'root' })
export class EucApi {
  private readonly http = inject(HttpClient);

  datasets(): Promise<EucDatasetInfo[]> {
    return firstValueFrom(this.http.get<EucDatasetInfo[]>('/api/euc/datasets'));
  }

  run(query: EucQuery, offset = 0, limit = 200): Promise<EucResult> {
    return firstValueFrom(this.http.post<EucResult>('/api/euc/run', { query, offset, limit }));
  }

  runSaved(id: number, offset = 0, limit = 200): Promise<EucResult> {
    return firstValueFrom(this.http.post<EucResult>(`/api/euc/queries/${id}/run`, { offset, limit }));
  }

  saved(scope: SavedScope): Promise<ListResult<SavedQuery>> {
    return firstValueFrom(this.http.get<ListResult<SavedQuery>>('/api/euc/queries', { params: { scope, limit: 200 } }));
  }

  create(body: { name: string; sharing: EucSharing; query: EucQuery; description?: string | null }): Promise<SavedQuery> {
    return firstValueFrom(this.http.post<SavedQuery>('/api/euc/queries', body));
  }

  update(id: number, body: { name: string; sharing: EucSharing; query: EucQuery; version: number; description?: string | null }): Promise<SavedQuery> {
    return firstValueFrom(this.http.put<SavedQuery>(`/api/euc/queries/${id}`, body));
  }

  remove(id: number, version: number): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`/api/euc/queries/${id}`, { params: { version } }));
  }

  favorite(id: number, on: boolean): Promise<SavedQuery> {
    const url = `/api/euc/queries/${id}/favorite`;
    return firstValueFrom(on ? this.http.put<SavedQuery>(url, {}) : this.http.delete<SavedQuery>(url));
  }

  schedule(id: number, body: { schedule: EucSchedule | null; format?: 'xlsx' | 'csv'; encoding?: 'utf8' | 'sjis'; version: number }): Promise<SavedQuery> {
    return firstValueFrom(this.http.put<SavedQuery>(`/api/euc/queries/${id}/schedule`, body));
  }

  exportJob(id: number, format: 'xlsx' | 'csv', encoding: 'utf8' | 'sjis'): Promise<JobRow> {
    return firstValueFrom(this.http.post<JobRow>(`/api/euc/queries/${id}/export-jobs`, { format, encoding }));
  }

  forms(): Promise<FormInfo[]> {
    return firstValueFrom(this.http.get<FormInfo[]>('/api/euc/forms'));
  }
}
