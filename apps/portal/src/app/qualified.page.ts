import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { APPLICATION_CATEGORIES } from '@keiyaku/domain';
import { errorMessage } from '@keiyaku/web/ui';
import { PortalApi } from './portal-api.service';

interface Entry {
  vendorCode: string;
  name: string;
  locality: string;
  trades: Array<{ tradeCode: string; tradeName: string; rank: string | null }>;
}
const LOCALITY: Record<string, string> = { local: '市内', semiLocal: '準市内', outside: '市外' };

/** 入札参加資格者名簿: public, no sign-in. */
@Component({
  selector: 'ky-portal-qualified-page',
  imports: [FormsModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page">
      <h1 class="title">入札参加資格者名簿</h1>
      <div class="row">
        <mat-form-field appearance="outline">
          <mat-label>部門</mat-label>
          <mat-select name="category" [(ngModel)]="category">
            @for (c of categories; track c.code) {
              <mat-option [value]="c.code">{{ c.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>有効期間</mat-label>
          <input matInput name="termCode" [(ngModel)]="termCode" />
        </mat-form-field>
        <button mat-flat-button type="button" (click)="load()">表示</button>
      </div>
      @if (error()) {
        <p role="alert">{{ error() }}</p>
      }
      <p>{{ rows().length }}者</p>
      <table class="list" aria-label="入札参加資格者名簿">
        <thead><tr><th>業者番号</th><th>商号又は名称</th><th>地域</th><th>業種（等級）</th></tr></thead>
        <tbody>
          @for (r of rows(); track r.vendorCode) {
            <tr>
              <td>{{ r.vendorCode }}</td>
              <td>{{ r.name }}</td>
              <td>{{ locality(r.locality) }}</td>
              <td>{{ tradesOf(r) }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styles: `
    .page { width: 960px; max-width: 100%; }
    .title { font-size: 20px; }
    .row { display: flex; gap: 12px; align-items: baseline; }
    .list { width: 100%; border-collapse: collapse; background: var(--mat-sys-surface); font-size: 13px; }
    .list th, .list td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
    .list th { background: #e8f5e9; }
  `,
})
export class PortalQualifiedPage {
  private readonly api = inject(PortalApi);
  readonly categories = APPLICATION_CATEGORIES;
  category = 'construction';
  termCode = 'R7-8';
  readonly rows = signal<Entry[]>([]);
  readonly error = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  locality(code: string): string {
    return LOCALITY[code] ?? code;
  }

  tradesOf(r: Entry): string {
    return r.trades.map((t) => `${t.tradeName}${t.rank ? `(${t.rank})` : ''}`).join('、');
  }

  async load(): Promise<void> {
    this.error.set(null);
    try {
      const res = await this.api.get<{ rows: Entry[] }>(`/api/portal/qualified?category=${encodeURIComponent(this.category)}&termCode=${encodeURIComponent(this.termCode)}`);
      this.rows.set(res.rows);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }
}
