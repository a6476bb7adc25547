import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { formatJapaneseDate, INSPECTION_KIND_LABELS, PAYMENT_KIND_LABELS } from '@keiyaku/domain';

interface DeadlineItem {
  contractId: number;
  contractNumber: string | null;
  title: string;
  vendorName: string | null;
  date: string | null;
  kind?: string;
}

interface Deadlines {
  today?: string;
  until?: string;
  endingSoon: DeadlineItem[];
  inspectionsDue: DeadlineItem[];
  paymentsDue: DeadlineItem[];
  ratingsPending: DeadlineItem[];
  explanationRequestsDue: DeadlineItem[];
}

interface Section {
  key: keyof Omit<Deadlines, 'today' | 'until'>;
  title: string;
  /** The contract tab the row opens. */
  tab: string | null;
  kindLabel: (kind: string | undefined) => string;
}

const SECTIONS: Section[] = [
  { key: 'endingSoon', title: '工期末が近い工事', tab: null, kindLabel: (k) => (k === 'overdue' ? '工期超過' : '') },
  { key: 'inspectionsDue', title: '検査予定', tab: 'inspections', kindLabel: (k) => (k ? (INSPECTION_KIND_LABELS as Record<string, string>)[k] ?? k : '') },
  { key: 'paymentsDue', title: '支払予定', tab: 'payments', kindLabel: (k) => (k ? (PAYMENT_KIND_LABELS as Record<string, string>)[k] ?? k : '') },
  { key: 'ratingsPending', title: '評定待ち', tab: 'rating', kindLabel: (k) => k ?? '' },
  { key: 'explanationRequestsDue', title: '説明要求の期限', tab: 'rating', kindLabel: (k) => k ?? '' },
];

/**
 * The clerk's deadlines (GET /api/contracts/deadlines, the user's department): works ending,
 * inspections and payments due, ratings and explanation requests — each row opens its contract.
 * Loaded lazily from the home page (users with contracts.read only).
 */
@Component({
  selector: 'ky-deadlines',
  imports: [RouterLink, MatButtonModule, MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="deadlines" aria-labelledby="deadlines-title">
      <div class="head">
        <h2 id="deadlines-title">期限の近い案件</h2>
        @if (data(); as d) {
          <span class="range">{{ date(d.today) }}〜{{ date(d.until) }}（{{ days }}日以内・期限切れを含む）</span>
        }
        <button mat-icon-button type="button" aria-label="期限の一覧を更新" (click)="load()"><mat-icon>refresh</mat-icon></button>
      </div>
      @if (error()) {
        <p class="ky-error" role="alert">{{ error() }}</p>
      }
      @if (data(); as d) {
        <div class="lists">
          @for (s of sections; track s.key) {
            <div class="list">
              <h3>{{ s.title }}（{{ d[s.key].length }}）</h3>
              @if (d[s.key].length) {
                <table class="ky-table" [attr.aria-label]="s.title">
                  <tbody>
                    @for (i of d[s.key]; track $index) {
                      <tr [class.late]="isLate(i)">
                        <td class="when">{{ date(i.date) }}</td>
                        <td>
                          <a [routerLink]="['/contracts', i.contractId]" [queryParams]="s.tab ? { tab: s.tab } : {}">{{ i.contractNumber ?? '契約案' }} {{ i.title }}</a>
                          @if (s.kindLabel(i.kind); as k) {
                            <span class="kind">{{ k }}</span>
                          }
                          @if (i.vendorName) {
                            <div class="vendor">{{ i.vendorName }}</div>
                          }
                        </td>
                      </tr>
                    }
                  </tbody>
                </table>
              } @else {
                <p class="empty">該当はありません。</p>
              }
            </div>
          }
        </div>
      } @else if (!error()) {
        <p class="empty">読み込み中…</p>
      }
    </section>
  `,
  styles: `
    .deadlines { margin: 8px 0 24px; max-width: 1200px; }
    .head { display: flex; align-items: center; gap: 12px; }
    .head h2 { font-size: 16px; margin: 0; }
    .range { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    .lists { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 12px 16px; }
    .list h3 { font-size: 14px; margin: 8px 0 4px; }
    .ky-table { border-collapse: collapse; width: 100%; font-size: 13px; }
    .ky-table td { border-bottom: 1px solid var(--mat-sys-outline-variant); padding: 4px 6px; vertical-align: top; }
    .when { white-space: nowrap; width: 1%; }
    tr.late .when { color: #b3261e; font-weight: 600; }
    .kind { margin-left: 6px; font-size: 11px; padding: 0 6px; border-radius: 8px; background: #eef2f8; }
    .vendor { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    .empty { color: var(--mat-sys-on-surface-variant); font-size: 13px; margin: 4px 0; }
  `,
})
export class DeadlinesComponent implements OnInit {
  private readonly http = inject(HttpClient);
  readonly days = 14;
  readonly sections = SECTIONS;
  readonly data = signal<Deadlines | null>(null);
  readonly error = signal<string | null>(null);
  private readonly today = computed(() => this.data()?.today ?? '');

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    try {
      const d = await firstValueFrom(this.http.get<Deadlines>('/api/contracts/deadlines', { params: { days: this.days } }));
      this.data.set({ ...d, endingSoon: d.endingSoon ?? [], inspectionsDue: d.inspectionsDue ?? [], paymentsDue: d.paymentsDue ?? [], ratingsPending: d.ratingsPending ?? [], explanationRequestsDue: d.explanationRequestsDue ?? [] });
      this.error.set(null);
    } catch {
      this.error.set('期限の一覧を読み込めませんでした。時間をおいて更新してください。');
    }
  }

  date(value: string | null | undefined): string {
    return formatJapaneseDate(value ?? null);
  }

  isLate(i: DeadlineItem): boolean {
    return !!i.date && !!this.today() && i.date < this.today();
  }
}
