import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { CorrectionRequest } from '@keiyaku/domain';
import { AccountRow, ImportResult, QualifiedEntry, QueueCounts, ReviewDetail, TermRow } from './models';

/** The review screens' HTTP calls (docs/applications.md, HTTP API), in one place. */
@Injectable({ providedIn: 'root' })
export class ApplicationsApi {
  private readonly http = inject(HttpClient);
  private readonly base = '/api/qualification';

  counts(params: Record<string, string>): Promise<QueueCounts> {
    return firstValueFrom(this.http.get<QueueCounts>(`${this.base}/applications/counts`, { params }));
  }

  terms(): Promise<string[]> {
    return firstValueFrom(this.http.get<string[]>(`${this.base}/applications/terms`));
  }

  /** The registry's terms of a category (names and validity) for the 名簿. */
  registryTerms(category: string): Promise<TermRow[]> {
    return firstValueFrom(this.http.get<TermRow[]>('/api/registry/terms', { params: { category } }));
  }

  get(id: number): Promise<ReviewDetail> {
    return firstValueFrom(this.http.get<ReviewDetail>(`${this.base}/applications/${id}`));
  }

  saveChecklist(id: number, version: number, checklist: Record<string, boolean>): Promise<ReviewDetail> {
    return firstValueFrom(this.http.put<ReviewDetail>(`${this.base}/applications/${id}/checklist`, { version, checklist }));
  }

  requestCorrections(id: number, version: number, items: CorrectionRequest[]): Promise<ReviewDetail> {
    return firstValueFrom(this.http.post<ReviewDetail>(`${this.base}/applications/${id}/corrections`, { version, items }));
  }

  approve(id: number, version: number, note: string | null): Promise<ReviewDetail> {
    return firstValueFrom(this.http.post<ReviewDetail>(`${this.base}/applications/${id}/approve`, { version, ...(note ? { note } : {}) }));
  }

  reject(id: number, version: number, reason: string): Promise<ReviewDetail> {
    return firstValueFrom(this.http.post<ReviewDetail>(`${this.base}/applications/${id}/reject`, { version, reason }));
  }

  attachmentUrl(id: number, attachmentId: number): string {
    return `${this.base}/applications/${id}/attachments/${attachmentId}/content`;
  }

  async qualified(category: string, termCode: string): Promise<QualifiedEntry[]> {
    return (await firstValueFrom(this.http.get<{ rows: QualifiedEntry[] }>('/api/portal/qualified', { params: { category, termCode } }))).rows;
  }

  invite(body: { email: string; companyName: string; entityType: string; corporateNumber: string | null }): Promise<AccountRow> {
    return firstValueFrom(this.http.post<AccountRow>(`${this.base}/accounts`, body));
  }

  packageUrl(rowId: number): string {
    return `${this.base}/packages/${rowId}/content`;
  }

  importPackage(content: unknown): Promise<ImportResult> {
    return firstValueFrom(this.http.post<ImportResult>(`${this.base}/packages/import`, content));
  }

  publicKey(): Promise<{ keyId: string | null; publicKey: string | null }> {
    return firstValueFrom(this.http.get<{ keyId: string | null; publicKey: string | null }>(`${this.base}/packages/public-key`));
  }

  setLocked(account: AccountRow, locked: boolean): Promise<AccountRow> {
    return firstValueFrom(this.http.post<AccountRow>(`${this.base}/accounts/${account.id}/${locked ? 'lock' : 'unlock'}`, { version: account.version }));
  }
}
