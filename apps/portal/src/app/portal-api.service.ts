import { HttpClient } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

export interface VendorAccountView {
  id: number;
  email: string;
  corporateNumber: string | null;
  companyName: string;
  status: string;
  vendorId: number | null;
}

export interface ChecklistEntry {
  code: string;
  name: string;
  required: boolean;
  needed: boolean;
  attached: number;
}

export interface PortalApplication {
  id: number;
  kind: string;
  kindName: string;
  category: string;
  categoryName: string;
  termCode: string;
  status: string;
  statusName: string;
  receiptNumber: string | null;
  roundNo: number;
  submittedAt: string | null;
  version: number;
  form: Record<string, any>;
  steps: string[];
  corrections: Array<{ target: 'field' | 'attachment'; key: string; comment: string }>;
  checklist: ChecklistEntry[];
  attachments: Array<{ id: number; itemCode: string; fileName: string; roundNo: number }>;
  decisionReason: string | null;
  rounds: Array<{ roundNo: number; submittedAt: string; corrections: unknown[] | null }>;
}

export interface PortalOptions {
  kinds: Array<{ code: string; name: string }>;
  categories: Array<{ code: string; name: string }>;
  steps: Array<{ code: string; name: string }>;
  maxAttachmentMb: number;
  byCategory: Record<string, { trades: Array<{ code: string; name: string }>; subjectiveItems: Array<{ code: string; name: string }> }>;
}

/** The portal's calls; the vendor session is a cookie of its own, never the staff one. */
@Injectable({ providedIn: 'root' })
export class PortalApi {
  private readonly http = inject(HttpClient);
  readonly account = signal<VendorAccountView | null>(null);

  async me(): Promise<VendorAccountView | null> {
    try {
      const a = await firstValueFrom(this.http.get<VendorAccountView>('/api/portal/auth/me'));
      this.account.set(a);
      return a;
    } catch {
      this.account.set(null);
      return null;
    }
  }

  async login(email: string, password: string): Promise<void> {
    this.account.set(await firstValueFrom(this.http.post<VendorAccountView>('/api/portal/auth/login', { email, password })));
  }

  async logout(): Promise<void> {
    await firstValueFrom(this.http.post('/api/portal/auth/logout', {})).catch(() => undefined);
    this.account.set(null);
  }

  post<T>(url: string, body: unknown): Promise<T> {
    return firstValueFrom(this.http.post<T>(url, body));
  }
  put<T>(url: string, body: unknown): Promise<T> {
    return firstValueFrom(this.http.put<T>(url, body));
  }
  get<T>(url: string): Promise<T> {
    return firstValueFrom(this.http.get<T>(url));
  }
  delete(url: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(url));
  }
}
