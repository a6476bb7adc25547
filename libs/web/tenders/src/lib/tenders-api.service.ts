import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { consumptionTaxRate, GOODS_KINDS, CONSTRUCTION_TRADES, SURVEY_KINDS, TaxRate, TenderStatus } from '@keiyaku/domain';
import {
  Department,
  DesignationCandidates,
  HistoryRow,
  PriceRuleSetRow,
  TenderCategory,
  TenderDetail,
  Trade,
  VendorPick,
  WhatIfResult,
} from './models';

export interface BidEntry {
  vendorId: number;
  amount?: number | null;
  declined?: boolean;
  invalidReason?: string | null;
  lotNumber?: string | null;
}

/** The tender screens' HTTP calls (docs/tenders.md, HTTP API), in one place. */
@Injectable({ providedIn: 'root' })
export class TendersApi {
  private readonly http = inject(HttpClient);
  private readonly trades$ = new Map<string, Promise<Trade[]>>();
  private rules$: Promise<PriceRuleSetRow[]> | null = null;

  get(id: number): Promise<TenderDetail> {
    return firstValueFrom(this.http.get<TenderDetail>(`/api/tenders/${id}`));
  }

  create(body: Record<string, unknown>): Promise<TenderDetail> {
    return firstValueFrom(this.http.post<TenderDetail>('/api/tenders', body));
  }

  update(id: number, body: Record<string, unknown>): Promise<TenderDetail> {
    return firstValueFrom(this.http.patch<TenderDetail>(`/api/tenders/${id}`, body));
  }

  transition(id: number, to: TenderStatus, version: number, reason?: string | null): Promise<TenderDetail> {
    return firstValueFrom(this.http.post<TenderDetail>(`/api/tenders/${id}/transition`, { to, version, ...(reason ? { reason } : {}) }));
  }

  history(id: number): Promise<HistoryRow[]> {
    return firstValueFrom(this.http.get<HistoryRow[]>(`/api/tenders/${id}/history`));
  }

  candidates(id: number): Promise<DesignationCandidates> {
    return firstValueFrom(this.http.get<DesignationCandidates>(`/api/tenders/${id}/designation-candidates`));
  }

  saveDesignations(id: number, version: number, vendors: Array<{ vendorId: number; selected: boolean; reason: string | null }>): Promise<TenderDetail> {
    return firstValueFrom(this.http.put<TenderDetail>(`/api/tenders/${id}/designations`, { version, vendors }));
  }

  saveBids(id: number, version: number, round: number, bids: BidEntry[]): Promise<TenderDetail> {
    return firstValueFrom(this.http.put<TenderDetail>(`/api/tenders/${id}/bids`, { version, round, bids }));
  }

  /** open, next-round, award: `{ version }` only. */
  act(id: number, action: 'open' | 'next-round' | 'award', version: number): Promise<TenderDetail> {
    return firstValueFrom(this.http.post<TenderDetail>(`/api/tenders/${id}/${action}`, { version }));
  }

  investigation(id: number, body: { version: number; vendorId: number; result: 'accepted' | 'rejected'; note: string | null }): Promise<TenderDetail> {
    return firstValueFrom(this.http.post<TenderDetail>(`/api/tenders/${id}/investigation`, body));
  }

  lot(id: number, body: { version: number; winnerVendorId: number; drawnBy: string; note: string | null }): Promise<TenderDetail> {
    return firstValueFrom(this.http.post<TenderDetail>(`/api/tenders/${id}/lot`, body));
  }

  /** Price rules change rarely; one load per screen visit (reload() after an edit). */
  priceRules(reload = false): Promise<PriceRuleSetRow[]> {
    if (!this.rules$ || reload) {
      this.rules$ = firstValueFrom(this.http.get<PriceRuleSetRow[]>('/api/price-rules'));
      this.rules$.catch(() => (this.rules$ = null));
    }
    return this.rules$;
  }

  createPriceRule(body: Record<string, unknown>): Promise<PriceRuleSetRow> {
    return firstValueFrom(this.http.post<PriceRuleSetRow>('/api/price-rules', body));
  }

  updatePriceRule(id: number, body: Record<string, unknown>): Promise<PriceRuleSetRow> {
    return firstValueFrom(this.http.patch<PriceRuleSetRow>(`/api/price-rules/${id}`, body));
  }

  priceRule(id: number): Promise<PriceRuleSetRow> {
    return firstValueFrom(this.http.get<PriceRuleSetRow>(`/api/price-rules/${id}`));
  }

  whatIf(body: { ruleSetId: number; fiscalYear: number; category?: string | null }): Promise<WhatIfResult> {
    return firstValueFrom(this.http.post<WhatIfResult>('/api/price-rules/what-if', body));
  }

  /** Trades (or survey/goods kinds) of a category; the shipped lists when the masters cannot be read. */
  trades(category: TenderCategory): Promise<Trade[]> {
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

  async departments(): Promise<Department[]> {
    const res = await firstValueFrom(this.http.get<{ rows: Department[] }>('/api/departments', { params: { limit: 1000 } }));
    return res.rows;
  }

  /** The consumption-tax rate on a date, from the public settings (10 when they cannot be read). */
  async taxRateOn(date: string): Promise<number> {
    try {
      const settings = await firstValueFrom(this.http.get<Array<{ key: string; value: unknown }>>('/api/settings'));
      const table = settings.find((s) => s.key === 'tax.consumptionRates')?.value as TaxRate[] | undefined;
      return table?.length ? consumptionTaxRate(date, table) : 10;
    } catch {
      return 10;
    }
  }

  async searchVendors(q: string): Promise<VendorPick[]> {
    const res = await firstValueFrom(this.http.get<{ rows: VendorPick[] }>('/api/vendors', { params: { q, limit: 20, offset: 0 } }));
    return res.rows;
  }

  vendor(id: number): Promise<VendorPick> {
    return firstValueFrom(this.http.get<VendorPick>(`/api/vendors/${id}`));
  }
}
