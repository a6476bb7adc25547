import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { CONSTRUCTION_TRADES, ContractStatus, GOODS_KINDS, SURVEY_KINDS } from '@keiyaku/domain';
import { ApprovalSubject, BudgetLineStatus, ContractCategory, ContractDetail, Department, HistoryRow, InspectorCandidate, Trade, VendorPick } from './models';

export type ApprovalAction = 'submit' | 'approve' | 'return';

/** The contract screens' HTTP calls (docs/contracts.md, HTTP API), in one place. */
@Injectable({ providedIn: 'root' })
export class ContractsApi {
  private readonly http = inject(HttpClient);
  private readonly trades$ = new Map<string, Promise<Trade[]>>();
  private settings$: Promise<Array<{ key: string; value: unknown }>> | null = null;

  get(id: number): Promise<ContractDetail> {
    return firstValueFrom(this.http.get<ContractDetail>(`/api/contracts/${id}`));
  }

  create(body: Record<string, unknown>): Promise<ContractDetail> {
    return firstValueFrom(this.http.post<ContractDetail>('/api/contracts', body));
  }

  update(id: number, body: Record<string, unknown>): Promise<ContractDetail> {
    return firstValueFrom(this.http.patch<ContractDetail>(`/api/contracts/${id}`, body));
  }

  transition(id: number, to: ContractStatus, version: number, extra: { reason?: string; date?: string } = {}): Promise<ContractDetail> {
    return firstValueFrom(this.http.post<ContractDetail>(`/api/contracts/${id}/transition`, { to, version, ...extra }));
  }

  history(id: number): Promise<HistoryRow[]> {
    return firstValueFrom(this.http.get<HistoryRow[]>(`/api/contracts/${id}/history`));
  }

  /** 起案・決裁・差戻し of the contract, one of its changes or one of its inspections. */
  decide(contractId: number, subject: ApprovalSubject, subjectId: number, action: ApprovalAction, version: number, comment: string | null): Promise<ContractDetail> {
    const base = `/api/contracts/${contractId}`;
    const path = subject === 'contract' ? base : `${base}/${subject === 'change' ? 'changes' : 'inspections'}/${subjectId}`;
    return firstValueFrom(this.http.post<ContractDetail>(`${path}/${action}`, { version, ...(comment ? { comment } : {}) }));
  }

  /** POST (new) or PATCH (existing) of a change, payment or inspection. */
  savePart(contractId: number, part: 'changes' | 'payments' | 'inspections', partId: number | null, body: Record<string, unknown>): Promise<ContractDetail> {
    const base = `/api/contracts/${contractId}/${part}`;
    return firstValueFrom(partId === null ? this.http.post<ContractDetail>(base, body) : this.http.patch<ContractDetail>(`${base}/${partId}`, body));
  }

  inspectorCandidates(): Promise<InspectorCandidate[]> {
    return firstValueFrom(this.http.get<InspectorCandidate[]>('/api/contracts/inspector-candidates'));
  }

  /** 監督員 to choose from: users with the supervisor role. */
  supervisorCandidates(): Promise<InspectorCandidate[]> {
    return firstValueFrom(this.http.get<InspectorCandidate[]>('/api/contracts/supervisor-candidates'));
  }

  /** Imported budget lines of a fiscal year with their commitments (予算の執行状況). */
  async budgetLines(fiscalYear: number, q = ''): Promise<BudgetLineStatus[]> {
    const res = await firstValueFrom(this.http.get<{ items: BudgetLineStatus[] }>('/api/budget-lines', { params: { fiscalYear, ...(q ? { q } : {}) } }));
    return res.items;
  }

  /** One line by code; null when that fiscal year has no such line. */
  budgetLine(code: string, fiscalYear: number): Promise<BudgetLineStatus | null> {
    return firstValueFrom(this.http.get<BudgetLineStatus>(`/api/budget-lines/by-code/${encodeURIComponent(code)}`, { params: { fiscalYear } })).catch((err) => {
      if (err?.status === 404) return null;
      throw err;
    });
  }

  async departments(): Promise<Department[]> {
    const res = await firstValueFrom(this.http.get<{ rows: Department[] }>('/api/departments', { params: { limit: 1000 } }));
    return res.rows;
  }

  async searchVendors(q: string): Promise<VendorPick[]> {
    const res = await firstValueFrom(this.http.get<{ rows: VendorPick[] }>('/api/vendors', { params: { q, limit: 20, offset: 0 } }));
    return res.rows;
  }

  /** Trades (or survey/goods kinds) of a category; the shipped lists when the masters cannot be read. */
  trades(category: ContractCategory): Promise<Trade[]> {
    let cached = this.trades$.get(category);
    if (!cached) {
      const shipped = (category === 'construction' ? CONSTRUCTION_TRADES : category === 'survey' ? SURVEY_KINDS : GOODS_KINDS).map((t) => ({ category, ...t }));
      cached = firstValueFrom(this.http.get<Trade[]>('/api/registry/trades', { params: { category } })).then(
        (list) => list.filter((t) => t.active !== false),
        () => shipped as Trade[],
      );
      this.trades$.set(category, cached);
    }
    return cached;
  }

  /** A public setting's value (the default when the settings cannot be read). */
  async setting<T>(key: string, fallback: T): Promise<T> {
    if (!this.settings$) {
      this.settings$ = firstValueFrom(this.http.get<Array<{ key: string; value: unknown }>>('/api/settings'));
      this.settings$.catch(() => (this.settings$ = null));
    }
    try {
      const found = (await this.settings$).find((s) => s.key === key);
      return found ? (found.value as T) : fallback;
    } catch {
      return fallback;
    }
  }
}
