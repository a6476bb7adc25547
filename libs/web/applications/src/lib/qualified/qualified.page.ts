import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { APPLICATION_CATEGORIES } from '@keiyaku/domain';
import { errorMessage, ReportPreviewService } from '@keiyaku/web/ui';
import { ApplicationsApi } from '../applications-api.service';
import { LOCALITY_LABELS, QualifiedEntry, TermRow } from '../models';

/** 入札参加資格者名簿 per category and term: on screen, and as PDF / Excel through the report preview. */
@Component({
  selector: 'ky-qualified-page',
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatProgressBarModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page">
      <nav class="crumbs" aria-label="パンくずリスト"><a routerLink="/qualification">資格審査</a> ＞ 資格者名簿</nav>
      <h1 class="ky-page-title">入札参加資格者名簿</h1>
      <div class="filters">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
          <mat-label>部門</mat-label>
          <mat-select [ngModel]="category()" (ngModelChange)="category.set($event)" aria-label="部門">
            @for (c of categories; track c.code) {
              <mat-option [value]="c.code">{{ c.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>有効期間</mat-label>
          <mat-select [ngModel]="termCode()" (ngModelChange)="termCode.set($event)" aria-label="有効期間">
            @for (t of terms(); track t.code) {
              <mat-option [value]="t.code">{{ t.name }}（{{ t.code }}）</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <button mat-flat-button type="button" [disabled]="!termCode()" (click)="print()"><mat-icon>print</mat-icon>名簿の出力（PDF・Excel）</button>
        <span class="count" aria-live="polite">{{ rows().length }}者</span>
      </div>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" aria-label="読み込み中" />
      }
      @if (error()) {
        <p class="ky-error" role="alert">{{ error() }}</p>
      }
      @if (!loading() && !rows().length && termCode()) {
        <p class="note">この部門・有効期間の資格者はいません。</p>
      }
      @if (rows().length) {
        <table class="ky-table" aria-label="入札参加資格者名簿">
          <thead><tr><th scope="col">業者番号</th><th scope="col">商号又は名称</th><th scope="col">地域</th><th scope="col">業種（等級）</th></tr></thead>
          <tbody>
            @for (r of rows(); track r.vendorCode) {
              <tr [attr.data-vendor]="r.vendorCode">
                <td>{{ r.vendorCode }}</td>
                <td>{{ r.name }}</td>
                <td>{{ locality(r.locality) }}</td>
                <td>{{ tradesText(r) }}</td>
              </tr>
            }
          </tbody>
        </table>
      }
      <p class="note">同じ名簿が事業者ポータルの公開ページにも表示されます。</p>
    </section>
  `,
  styles: `
    .crumbs { font-size: 13px; }
    .filters { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
    .wide { width: 260px; }
    .count { color: #555; font-size: 13px; }
    .ky-table { border-collapse: collapse; width: 100%; font-size: 13px; }
    .ky-table th, .ky-table td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; }
    .ky-table th { background: #eef2f8; }
    .note { font-size: 12px; color: #555; }
    .ky-error { color: #b3261e; }
  `,
})
export class QualifiedPage {
  private readonly api = inject(ApplicationsApi);
  private readonly preview = inject(ReportPreviewService);

  readonly categories = APPLICATION_CATEGORIES;
  readonly category = signal<string>('construction');
  readonly terms = signal<TermRow[]>([]);
  readonly termCode = signal<string>('');
  readonly rows = signal<QualifiedEntry[]>([]);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly categoryName = computed(() => APPLICATION_CATEGORIES.find((c) => c.code === this.category())?.name ?? '');

  constructor() {
    effect(() => {
      const category = this.category();
      untracked(() => void this.loadTerms(category));
    });
    effect(() => {
      const category = this.category();
      const term = this.termCode();
      untracked(() => void this.load(category, term));
    });
  }

  private async loadTerms(category: string): Promise<void> {
    try {
      const terms = await this.api.registryTerms(category);
      this.terms.set(terms);
      // The newest term that has begun, else the newest.
      const today = new Date().toISOString().slice(0, 10);
      this.termCode.set((terms.find((t) => t.validFrom <= today) ?? terms[0])?.code ?? '');
    } catch (e) {
      this.terms.set([]);
      this.error.set(errorMessage(e));
    }
  }

  private async load(category: string, termCode: string): Promise<void> {
    if (!termCode) {
      this.rows.set([]);
      return;
    }
    this.loading.set(true);
    try {
      this.rows.set(await this.api.qualified(category, termCode));
      this.error.set(null);
    } catch (e) {
      this.error.set(errorMessage(e));
    } finally {
      this.loading.set(false);
    }
  }

  locality(code: string): string {
    return LOCALITY_LABELS[code] ?? code;
  }

  tradesText(r: QualifiedEntry): string {
    return r.trades.map((t) => `${t.tradeName}${t.rank ? `（${t.rank}）` : ''}`).join('、');
  }

  print(): void {
    this.preview.open('qualified-list', `入札参加資格者名簿（${this.categoryName()}）`, { category: this.category(), termCode: this.termCode() });
  }
}
