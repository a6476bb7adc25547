import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';

/** The screen filters beside the grid (the grid's own state holds sort and columns). */
export interface VendorFilters {
  locality: string;
  status: string;
  tradeCode: string;
}

export const NO_FILTERS: VendorFilters = { locality: '', status: '', tradeCode: '' };

/**
 * A named view of the vendor list. Its filters live here; its sort and columns live under its
 * own gridId, which KyDataGrid loads and keeps up to date by itself.
 */
export interface SavedView {
  id: string;
  name: string;
  gridId: string;
  filters: VendorFilters;
}

interface Catalogue {
  views: SavedView[];
  /** The view the user last chose; the list opens with it. */
  activeId: string | null;
}

/** The standard list's layout (the same key a list without views would use). */
export const DEFAULT_GRID_ID = 'vendors.list';
const CATALOGUE_ID = 'vendors.views';
export const MAX_VIEWS = 20;

/**
 * Saved views are kept on the server per user (the grid-state API), not in localStorage: staff
 * work on VDI thin clients whose browser profile may be reset at sign-out and may land on a
 * different desktop each day, so only the server remembers them reliably.
 */
@Injectable({ providedIn: 'root' })
export class SavedViews {
  private readonly http = inject(HttpClient);
  private catalogue: Catalogue = { views: [], activeId: null };

  async load(): Promise<Catalogue> {
    const state = await this.getState<Partial<Catalogue>>(CATALOGUE_ID);
    this.catalogue = { views: Array.isArray(state?.views) ? state.views : [], activeId: state?.activeId ?? null };
    return this.catalogue;
  }

  get views(): SavedView[] {
    return this.catalogue.views;
  }

  get activeId(): string | null {
    return this.catalogue.activeId;
  }

  async setActive(id: string | null): Promise<void> {
    this.catalogue = { ...this.catalogue, activeId: id };
    await this.putState(CATALOGUE_ID, this.catalogue);
  }

  /** A new view starts from the layout on screen now (copied from the current gridId). */
  async create(name: string, filters: VendorFilters, fromGridId: string): Promise<SavedView> {
    const id = Date.now().toString(36);
    const view: SavedView = { id, name, gridId: `vendors.view.${id}`, filters: { ...filters } };
    const layout = await this.getState<Record<string, unknown>>(fromGridId);
    if (layout) await this.putState(view.gridId, layout);
    this.catalogue = { views: [...this.catalogue.views, view], activeId: id };
    await this.putState(CATALOGUE_ID, this.catalogue);
    return view;
  }

  /** 上書き保存: the filters; the layout of the view on screen is already saved by the grid. */
  async update(id: string, filters: VendorFilters): Promise<void> {
    this.catalogue = { ...this.catalogue, views: this.catalogue.views.map((v) => (v.id === id ? { ...v, filters: { ...filters } } : v)) };
    await this.putState(CATALOGUE_ID, this.catalogue);
  }

  async remove(id: string): Promise<void> {
    const view = this.catalogue.views.find((v) => v.id === id);
    this.catalogue = { views: this.catalogue.views.filter((v) => v.id !== id), activeId: this.catalogue.activeId === id ? null : this.catalogue.activeId };
    await this.putState(CATALOGUE_ID, this.catalogue);
    // There is no DELETE for grid states: an empty one leaves nothing behind to apply.
    if (view) await this.putState(view.gridId, {});
  }

  private async getState<T>(gridId: string): Promise<T | null> {
    const res = await firstValueFrom(this.http.get<{ state: T | null }>(`/api/me/grid-states/${encodeURIComponent(gridId)}`));
    return res.state;
  }

  private async putState(gridId: string, state: object): Promise<void> {
    await firstValueFrom(this.http.put<void>(`/api/me/grid-states/${encodeURIComponent(gridId)}`, { state }));
  }
}
