import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { CategoryCode } from '@keiyaku/domain';
import { MasterName } from './registry.models';

/** Reads and writes the registry's master tables (plain arrays, sorted by the server). */
@Injectable({ providedIn: 'root' })
export class RegistryApi {
  private readonly http = inject(HttpClient);

  list<T>(master: MasterName, category: CategoryCode): Promise<T[]> {
    return firstValueFrom(this.http.get<T[]>(`/api/registry/${master}`, { params: { category } }));
  }

  create<T>(master: MasterName, body: object): Promise<T> {
    return firstValueFrom(this.http.post<T>(`/api/registry/${master}`, body));
  }

  /** `changes` carries only what may change; `version` is the one the row was read at. */
  update<T>(master: MasterName, id: number, changes: object, version: number): Promise<T> {
    return firstValueFrom(this.http.patch<T>(`/api/registry/${master}/${id}`, { ...changes, version }));
  }

  /** The current row, for redoing an edit after someone else saved first (there is no GET by id). */
  async reload<T extends { id: number }>(master: MasterName, category: CategoryCode, id: number): Promise<T | null> {
    return (await this.list<T>(master, category)).find((r) => r.id === id) ?? null;
  }
}

/** The server names array fields `thresholds[1].minTotal`; form paths read `thresholds.1.minTotal`. */
export function formPathOf(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1');
}
