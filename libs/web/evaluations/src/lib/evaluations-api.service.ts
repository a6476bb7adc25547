import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { EvaluationInput, EvaluationResult, EvaluationRuleDefinition, RaterEntries } from '@keiyaku/domain';
import { EvaluationDetail, EvaluationListRow, RuleSet, RuleSetRow, StaffPick, Statistics } from './models';

/** The rating screens' HTTP calls (docs/evaluations.md), in one place. */
@Injectable({ providedIn: 'root' })
export class EvaluationsApi {
  private readonly http = inject(HttpClient);
  private readonly rules = new Map<number, Promise<RuleSet>>();

  get(id: number): Promise<EvaluationDetail> {
    return firstValueFrom(this.http.get<EvaluationDetail>(`/api/evaluations/${id}`));
  }

  list(params: Record<string, string | number>): Promise<{ rows: EvaluationListRow[]; total: number }> {
    return firstValueFrom(this.http.get<{ rows: EvaluationListRow[]; total: number }>('/api/evaluations', { params }));
  }

  /** Rule sets are immutable once active, so a sheet's rule set is fetched once per session. */
  ruleSet(id: number, fresh = false): Promise<RuleSet> {
    let cached = fresh ? undefined : this.rules.get(id);
    if (!cached) {
      cached = firstValueFrom(this.http.get<RuleSet>(`/api/evaluations/rule-sets/${id}`));
      this.rules.set(id, cached);
      cached.catch(() => this.rules.delete(id));
    }
    return cached;
  }

  ruleSets(category?: string): Promise<RuleSetRow[]> {
    return firstValueFrom(this.http.get<RuleSetRow[]>('/api/evaluations/rule-sets', { params: category ? { category } : {} }));
  }

  createRuleSet(body: Record<string, unknown>): Promise<RuleSet> {
    return firstValueFrom(this.http.post<RuleSet>('/api/evaluations/rule-sets', body));
  }

  updateRuleSet(id: number, body: Record<string, unknown>): Promise<RuleSet> {
    this.rules.delete(id);
    return firstValueFrom(this.http.patch<RuleSet>(`/api/evaluations/rule-sets/${id}`, body));
  }

  activateRuleSet(id: number, version: number): Promise<RuleSet> {
    this.rules.delete(id);
    return firstValueFrom(this.http.post<RuleSet>(`/api/evaluations/rule-sets/${id}/activate`, { version }));
  }

  deleteRuleSet(id: number): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/evaluations/rule-sets/${id}`));
  }

  calculate(body: EvaluationInput & { ruleSetId?: number; definition?: EvaluationRuleDefinition }): Promise<EvaluationResult> {
    return firstValueFrom(this.http.post<EvaluationResult>('/api/evaluations/calculate', body));
  }

  open(contractId: number): Promise<EvaluationDetail> {
    return firstValueFrom(this.http.post<EvaluationDetail>('/api/evaluations', { contractId }));
  }

  savePart(id: number, partId: number, version: number, entries: RaterEntries): Promise<EvaluationDetail> {
    return firstValueFrom(this.http.put<EvaluationDetail>(`/api/evaluations/${id}/parts/${partId}`, { version, entries }));
  }

  submitPart(id: number, partId: number, version: number): Promise<EvaluationDetail> {
    return firstValueFrom(this.http.post<EvaluationDetail>(`/api/evaluations/${id}/parts/${partId}/submit`, { version }));
  }

  returnPart(id: number, partId: number, version: number, comment: string): Promise<EvaluationDetail> {
    return firstValueFrom(this.http.post<EvaluationDetail>(`/api/evaluations/${id}/parts/${partId}/return`, { version, comment }));
  }

  assignRaters(id: number, body: { version: number; chiefSupervisorId?: number | null; generalSupervisorId?: number | null; inspectorId?: number | null }): Promise<EvaluationDetail> {
    return firstValueFrom(this.http.patch<EvaluationDetail>(`/api/evaluations/${id}/raters`, body));
  }

  setDeduction(id: number, version: number, keys: string[], reason: string | null): Promise<EvaluationDetail> {
    return firstValueFrom(this.http.put<EvaluationDetail>(`/api/evaluations/${id}/deduction`, { version, keys, ...(reason ? { reason } : {}) }));
  }

  confirm(id: number, version: number, comment: string | null): Promise<EvaluationDetail> {
    return firstValueFrom(this.http.post<EvaluationDetail>(`/api/evaluations/${id}/confirm`, { version, ...(comment ? { comment } : {}) }));
  }

  notice(id: number, version: number, noticeDate: string): Promise<EvaluationDetail> {
    return firstValueFrom(this.http.post<EvaluationDetail>(`/api/evaluations/${id}/notice`, { version, noticeDate }));
  }

  correct(id: number, version: number, reason: string): Promise<EvaluationDetail> {
    return firstValueFrom(this.http.post<EvaluationDetail>(`/api/evaluations/${id}/correct`, { version, reason }));
  }

  createExplanation(id: number, body: Record<string, unknown>): Promise<EvaluationDetail> {
    return firstValueFrom(this.http.post<EvaluationDetail>(`/api/evaluations/${id}/explanation-requests`, body));
  }

  /** 回答文書: uploaded for the 'evaluation' purpose (PDF, JPEG or PNG, checked by its bytes on the server). */
  uploadAnswerFile(file: File): Promise<{ id: number; name: string }> {
    const form = new FormData();
    form.append('purpose', 'evaluation');
    form.append('file', file, file.name);
    return firstValueFrom(this.http.post<{ id: number; name: string }>('/api/files', form));
  }

  updateExplanation(id: number, requestId: number, body: Record<string, unknown>): Promise<EvaluationDetail> {
    return firstValueFrom(this.http.patch<EvaluationDetail>(`/api/evaluations/${id}/explanation-requests/${requestId}`, body));
  }

  statistics(params: Record<string, string | number>): Promise<Statistics> {
    return firstValueFrom(this.http.get<Statistics>('/api/evaluations/statistics', { params }));
  }

  async departments(): Promise<Array<{ id: number; name: string }>> {
    const res = await firstValueFrom(this.http.get<{ rows: Array<{ id: number; name: string }> }>('/api/departments', { params: { limit: 1000 } }));
    return res.rows;
  }

  /** Users who may rate (evaluation.rate), for 評定者の割当 (managers only). */
  raterCandidates(): Promise<StaffPick[]> {
    return firstValueFrom(this.http.get<StaffPick[]>('/api/evaluations/rater-candidates'));
  }

}
