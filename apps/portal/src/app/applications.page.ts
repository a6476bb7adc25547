import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { APPLICATION_CATEGORIES, APPLICATION_KINDS } from '@keiyaku/domain';
import { errorMessage } from '@keiyaku/web/ui';
import { PortalApi, PortalApplication } from './portal-api.service';

/** The vendor's applications, and a new one. */
@Component({
  selector: 'ky-portal-applications-page',
  imports: [FormsModule, DatePipe, MatCardModule, MatFormFieldModule, MatSelectModule, MatButtonModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page">
      <h1 class="title">申請一覧</h1>
      <mat-card appearance="outlined" class="new">
        <h2>新しい申請</h2>
        <div class="row">
          <mat-form-field appearance="outline">
            <mat-label>申請の種類</mat-label>
            <mat-select name="kind" [(ngModel)]="kind">
              @for (k of kinds; track k.code) {
                <mat-option [value]="k.code">{{ k.name }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>部門</mat-label>
            <mat-select name="category" [(ngModel)]="category">
              @for (c of categories; track c.code) {
                <mat-option [value]="c.code">{{ c.name }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <button mat-flat-button type="button" (click)="create()">申請を始める</button>
        </div>
        @if (error()) {
          <p class="error" role="alert">{{ error() }}</p>
        }
      </mat-card>
      <table class="list" aria-label="申請一覧">
        <thead>
          <tr><th>受付番号</th><th>種類</th><th>部門</th><th>有効期間</th><th>状態</th><th>提出日時</th><th></th></tr>
        </thead>
        <tbody>
          @for (a of rows(); track a.id) {
            <tr>
              <td>{{ a.receiptNumber ?? '—' }}</td>
              <td>{{ a.kindName }}</td>
              <td>{{ a.categoryName }}</td>
              <td>{{ a.termCode }}</td>
              <td><strong>{{ a.statusName }}</strong></td>
              <td>{{ a.submittedAt ? (a.submittedAt | date: 'y/MM/dd HH:mm') : '' }}</td>
              <td><a [routerLink]="['/applications', a.id]">開く</a></td>
            </tr>
          } @empty {
            <tr><td colspan="7">申請はまだありません。</td></tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styles: `
    .page { width: 960px; max-width: 100%; }
    .title { font-size: 20px; }
    .new { padding: 16px; margin-bottom: 16px; }
    .new h2 { font-size: 16px; margin: 0 0 8px; }
    .row { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
    .error { color: var(--mat-sys-error); }
    .list { width: 100%; border-collapse: collapse; background: var(--mat-sys-surface); font-size: 14px; }
    .list th, .list td { border: 1px solid #ccc; padding: 6px 8px; text-align: left; }
    .list th { background: #e8f5e9; }
  `,
})
export class PortalApplicationsPage implements OnInit {
  private readonly api = inject(PortalApi);
  private readonly router = inject(Router);
  readonly kinds = APPLICATION_KINDS;
  readonly categories = APPLICATION_CATEGORIES;
  kind = 'regular';
  category = 'construction';
  readonly rows = signal<PortalApplication[]>([]);
  readonly error = signal<string | null>(null);

  async ngOnInit(): Promise<void> {
    this.rows.set((await this.api.get<{ rows: PortalApplication[] }>('/api/portal/applications')).rows);
  }

  async create(): Promise<void> {
    this.error.set(null);
    try {
      const app = await this.api.post<PortalApplication>('/api/portal/applications', { kind: this.kind, category: this.category });
      await this.router.navigate(['/applications', app.id]);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }
}
