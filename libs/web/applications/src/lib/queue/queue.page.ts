import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { ColDef } from 'ag-grid-community';
import { APPLICATION_CATEGORIES, APPLICATION_KINDS, APPLICATION_STATUSES, formatJapaneseDateTime } from '@keiyaku/domain';
import { badgeCell, errorMessage, GridParams, KyDataGrid } from '@keiyaku/web/ui';
import { ApplicationsApi } from '../applications-api.service';
import { QueueCounts, QueueRow, STATUS_TONES } from '../models';

interface QueueFilters {
  kind: string;
  category: string;
  termCode: string;
  status: string;
}

/** 審査待ち一覧: submitted applications with counts per status, filtered by kind, category and term. */
@Component({
  selector: 'ky-queue-page',
  imports: [KyDataGrid, FormsModule, RouterLink, MatButtonModule, MatButtonToggleModule, MatIconModule, MatFormFieldModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">資格審査</h1>
      <div class="filters">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="sel">
          <mat-label>申請の種類</mat-label>
          <mat-select [ngModel]="filters().kind" (ngModelChange)="setFilter('kind', $event)" aria-label="申請の種類">
            <mat-option value="">すべて</mat-option>
            @for (k of kinds; track k.code) {
              <mat-option [value]="k.code">{{ k.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="sel wide">
          <mat-label>部門</mat-label>
          <mat-select [ngModel]="filters().category" (ngModelChange)="setFilter('category', $event)" aria-label="部門">
            <mat-option value="">すべて</mat-option>
            @for (c of categories; track c.code) {
              <mat-option [value]="c.code">{{ c.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="sel">
          <mat-label>有効期間</mat-label>
          <mat-select [ngModel]="filters().termCode" (ngModelChange)="setFilter('termCode', $event)" aria-label="有効期間">
            <mat-option value="">すべて</mat-option>
            @for (t of terms(); track t) {
              <mat-option [value]="t">{{ t }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <a mat-button routerLink="/qualification/qualified"><mat-icon>list_alt</mat-icon>資格者名簿</a>
        <a mat-button routerLink="/qualification/accounts"><mat-icon>manage_accounts</mat-icon>事業者アカウント</a>
      </div>
      <mat-button-toggle-group class="tabs" aria-label="状態" [value]="filters().status" (change)="setFilter('status', $event.value)">
        <mat-button-toggle value="">すべて <span class="n">{{ counts()?.total ?? '' }}</span></mat-button-toggle>
        @for (s of statuses; track s.code) {
          <mat-button-toggle [value]="s.code" [attr.data-testid]="'count-' + s.code">{{ s.name }} <span class="n">{{ counts()?.counts?.[s.code] ?? '' }}</span></mat-button-toggle>
        }
      </mat-button-toggle-group>
      @if (countError()) {
        <p class="ky-error" role="alert">{{ countError() }}</p>
      }
      <ky-data-grid
        class="grid"
        endpoint="/api/qualification/applications"
        gridId="qualification.queue"
        searchPlaceholder="商号・受付番号・法人番号で検索"
        [columnDefs]="columns"
        [params]="params()"
        (rowClicked)="selected.set($event)"
        (rowDoubleClicked)="open($event)"
        (pageLoaded)="refreshCounts()"
      >
        <div kyGridActions class="actions">
          <button mat-stroked-button type="button" [disabled]="!selected()" (click)="open(selected()!)"><mat-icon>open_in_new</mat-icon>審査する</button>
        </div>
      </ky-data-grid>
      <p class="hint">行をダブルクリックすると申請を開きます。審査待ちは「受付」と「再提出」です。下書きの申請は表示されません。</p>
    </section>
  `,
  styles: `
    :host { display: flex; flex: 1; min-height: 0; }
    .page { display: flex; flex-direction: column; flex: 1; height: calc(100vh - 48px); }
    .filters { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
    .sel { width: 160px; }
    .sel.wide { width: 250px; }
    .tabs { margin-bottom: 8px; align-self: flex-start; }
    .n { display: inline-block; min-width: 1.5em; margin-left: 4px; font-variant-numeric: tabular-nums; font-weight: 600; }
    .grid { flex: 1; min-height: 0; }
    .actions { display: flex; gap: 8px; }
    .hint { margin: 4px 0 0; font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    .ky-error { color: #b3261e; }
  `,
})
export class QueuePage {
  private readonly router = inject(Router);
  private readonly api = inject(ApplicationsApi);

  readonly kinds = APPLICATION_KINDS;
  readonly categories = APPLICATION_CATEGORIES;
  readonly statuses = APPLICATION_STATUSES.filter((s) => s.code !== 'draft');
  readonly terms = signal<string[]>([]);
  readonly counts = signal<QueueCounts | null>(null);
  readonly countError = signal<string | null>(null);

  readonly filters = signal<QueueFilters>({ kind: '', category: '', termCode: '', status: 'submitted' });
  readonly params = computed<GridParams>(() => {
    const f = this.filters();
    return { kind: f.kind || null, category: f.category || null, termCode: f.termCode || null, status: f.status || null };
  });
  readonly selected = signal<QueueRow | null>(null);

  readonly columns: ColDef<QueueRow>[] = [
    { field: 'receiptNumber', headerName: '受付番号', sortable: true, filter: 'agTextColumnFilter', width: 140 },
    { field: 'companyName', headerName: '商号又は名称', sortable: true, filter: 'agTextColumnFilter', flex: 1, minWidth: 220, tooltipField: 'companyName' },
    { field: 'corporateNumber', headerName: '法人番号', sortable: true, width: 140 },
    { colId: 'kind', field: 'kindName', headerName: '種類', sortable: true, width: 110 },
    { colId: 'category', field: 'categoryName', headerName: '部門', sortable: true, width: 190 },
    { field: 'termCode', headerName: '有効期間', sortable: true, width: 100 },
    {
      colId: 'status',
      field: 'statusName',
      headerName: '状態',
      cellRenderer: (p: { data?: QueueRow; value: string }) => (p.data ? badgeCell(p.value, STATUS_TONES[p.data.status] ?? 'neutral') : ''),
      sortable: true,
      width: 110,
    },
    { field: 'roundNo', headerName: '提出回', type: 'rightAligned', sortable: true, width: 90 },
    { field: 'submittedAt', headerName: '提出日時', valueFormatter: (p) => formatJapaneseDateTime(p.value), sortable: true, filter: 'agDateColumnFilter', width: 190 },
    { field: 'decidedAt', headerName: '決定日時', valueFormatter: (p) => formatJapaneseDateTime(p.value), sortable: true, width: 190, hide: true },
  ];

  constructor() {
    this.api.terms().then((t) => this.terms.set(t), () => this.terms.set([]));
  }

  /** On every page the grid loads (a filter change, a refresh): the counts follow kind/category/term, not the status (they are the tabs). */
  refreshCounts(): void {
    const f = this.filters();
    const params: Record<string, string> = {};
    if (f.kind) params['kind'] = f.kind;
    if (f.category) params['category'] = f.category;
    if (f.termCode) params['termCode'] = f.termCode;
    this.api.counts(params).then(
      (c) => {
        this.counts.set(c);
        this.countError.set(null);
      },
      (e) => this.countError.set(errorMessage(e)),
    );
  }

  setFilter<K extends keyof QueueFilters>(key: K, value: QueueFilters[K] | null | undefined): void {
    this.filters.update((f) => ({ ...f, [key]: value ?? '' }));
  }

  open(row: QueueRow): void {
    void this.router.navigate(['/qualification/applications', row.id]);
  }
}
