import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { CategoryCode } from '@keiyaku/domain';
import {
  DiffResult,
  DuplicateCandidate,
  EligibilityExplanation,
  EligibleResult,
  HistoryEntry,
  HistoryVersion,
  PartName,
  PartRow,
  RankingRuleRow,
  RankingRun,
  RatingAverage,
  SavedVendor,
  StoredFileInfo,
  SubjectiveItem,
  Term,
  Trade,
  VendorDetail,
} from './models';

export interface EligibilityQuery {
  category: CategoryCode;
  tradeCode: string;
  date: string;
  rank?: string | null;
  locality?: string | null;
}

/** The vendor registry's HTTP calls, in one place so screens and dialogs share them. */
@Injectable({ providedIn: 'root' })
export class VendorsApi {
  private readonly http = inject(HttpClient);
  /** Masters change rarely (an administrator's edit); one load per category per session is enough. */
  private readonly masters = new Map<string, Promise<unknown[]>>();

  get(id: number): Promise<VendorDetail> {
    return firstValueFrom(this.http.get<VendorDetail>(`/api/vendors/${id}`));
  }

  create(body: Record<string, unknown>): Promise<SavedVendor> {
    return firstValueFrom(this.http.post<SavedVendor>('/api/vendors', body));
  }

  update(id: number, body: Record<string, unknown>): Promise<SavedVendor> {
    return firstValueFrom(this.http.patch<SavedVendor>(`/api/vendors/${id}`, body));
  }

  async checkDuplicates(body: { corporateNumber?: string | null; name?: string | null; address?: string | null; excludeId?: number }): Promise<DuplicateCandidate[]> {
    const res = await firstValueFrom(this.http.post<{ candidates: DuplicateCandidate[] }>('/api/vendors/check-duplicates', body));
    return res.candidates;
  }

  listPart<T extends PartRow>(id: number, part: PartName): Promise<T[]> {
    return firstValueFrom(this.http.get<T[]>(`/api/vendors/${id}/${part}`));
  }

  addPart<T extends PartRow>(id: number, part: PartName, body: Record<string, unknown>): Promise<T> {
    return firstValueFrom(this.http.post<T>(`/api/vendors/${id}/${part}`, body));
  }

  updatePart<T extends PartRow>(id: number, part: PartName, partId: number, body: Record<string, unknown>): Promise<T> {
    return firstValueFrom(this.http.patch<T>(`/api/vendors/${id}/${part}/${partId}`, body));
  }

  removePart(id: number, part: PartName, partId: number): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`/api/vendors/${id}/${part}/${partId}`));
  }

  history(id: number): Promise<HistoryEntry[]> {
    return firstValueFrom(this.http.get<HistoryEntry[]>(`/api/vendors/${id}/history`));
  }

  diff(id: number, from: number, to: number): Promise<DiffResult> {
    return firstValueFrom(this.http.get<DiffResult>(`/api/vendors/${id}/history/diff`, { params: { from, to } }));
  }

  asOf(id: number, date: string): Promise<HistoryVersion> {
    return firstValueFrom(this.http.get<HistoryVersion>(`/api/vendors/${id}/as-of`, { params: { date } }));
  }

  upload(file: File, purpose: string): Promise<StoredFileInfo> {
    const form = new FormData();
    form.append('purpose', purpose);
    form.append('file', file, file.name);
    return firstValueFrom(this.http.post<StoredFileInfo>('/api/files', form));
  }


  eligible(q: EligibilityQuery): Promise<EligibleResult> {
    return firstValueFrom(this.http.get<EligibleResult>('/api/vendors/eligible', { params: this.eligibilityParams(q) }));
  }

  explain(q: EligibilityQuery, vendorCode: string): Promise<EligibilityExplanation> {
    return firstValueFrom(
      this.http.get<EligibilityExplanation>('/api/vendors/eligible', { params: { ...this.eligibilityParams(q), explain: vendorCode } }),
    );
  }

  private eligibilityParams(q: EligibilityQuery): Record<string, string> {
    const params: Record<string, string> = { category: q.category, tradeCode: q.tradeCode, date: q.date };
    if (q.rank) params['rank'] = q.rank;
    if (q.locality) params['locality'] = q.locality;
    return params;
  }

  trades(category: CategoryCode): Promise<Trade[]> {
    return this.master<Trade>('trades', category);
  }

  terms(category: CategoryCode): Promise<Term[]> {
    return this.master<Term>('terms', category);
  }

  subjectiveItems(category: CategoryCode): Promise<SubjectiveItem[]> {
    return this.master<SubjectiveItem>('subjective-items', category);
  }

  /** The vendor's 工事成績 average in a trade and the 主観点 items it earns (GET /api/evaluations/vendor-average). */
  ratingAverage(params: { vendorId: number; tradeCode: string; category: CategoryCode; lastFiscalYear: number }): Promise<RatingAverage> {
    return firstValueFrom(this.http.get<RatingAverage>('/api/evaluations/vendor-average', { params }));
  }

  rankingRules(category: CategoryCode): Promise<RankingRuleRow[]> {
    return this.master<RankingRuleRow>('ranking-rules', category);
  }

  private master<T>(name: string, category: CategoryCode): Promise<T[]> {
    const key = `${name}:${category}`;
    let cached = this.masters.get(key);
    if (!cached) {
      cached = firstValueFrom(this.http.get<unknown[]>(`/api/registry/${name}`, { params: { category } }));
      // A failed load is not remembered: the next screen asks again.
      cached.catch(() => this.masters.delete(key));
      this.masters.set(key, cached);
    }
    return cached as Promise<T[]>;
  }

  startRanking(category: CategoryCode, termCode: string): Promise<RankingRun> {
    return firstValueFrom(this.http.post<RankingRun>('/api/registry/ranking-runs', { category, termCode }));
  }

  rankingRun(id: number): Promise<RankingRun> {
    return firstValueFrom(this.http.get<RankingRun>(`/api/registry/ranking-runs/${id}`));
  }

  confirmRanking(run: RankingRun): Promise<RankingRun> {
    return firstValueFrom(this.http.post<RankingRun>(`/api/registry/ranking-runs/${run.id}/confirm`, { version: run.version }));
  }

  discardRanking(run: RankingRun): Promise<RankingRun> {
    return firstValueFrom(this.http.post<RankingRun>(`/api/registry/ranking-runs/${run.id}/discard`, { version: run.version }));
  }
}
