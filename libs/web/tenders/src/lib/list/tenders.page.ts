import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { ColDef } from 'ag-grid-community';
import { formatJapaneseDate, formatJapaneseDateTime, TenderStatus } from '@keiyaku/domain';
import { AuthService } from '@keiyaku/web/auth';
import { badgeCell, GridParams, KyDataGrid } from '@keiyaku/web/ui';
import { CATEGORY_LABELS, fiscalYearOf, formatRate, formatYen, label, METHOD_OPTIONS, STATUS_OPTIONS, STATUS_TONES, TENDER_METHOD_LABELS, TENDER_STATUS_LABELS, TenderRow, todayInJapan } from '../models';

interface TenderFilters {
  fiscalYear: number | '';
  status: TenderStatus | '';
  method: string;
}

/** 入札案件一覧: the register on the shared server-paged grid, by fiscal year, status and method. */
@Component({
  selector: 'ky-tenders-page',
  imports: [KyDataGrid, FormsModule, RouterLink, MatButtonModule, MatIconModule, MatFormFieldModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">入札案件</h1>
      <div class="filters">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="year">
          <mat-label>年度</mat-label>
          <mat-select [ngModel]="filters().fiscalYear" (ngModelChange)="setFilter('fiscalYear', $event)">
            <mat-option value="">すべて</mat-option>
            @for (y of years; track y.value) {
              <mat-option [value]="y.value">{{ y.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="status">
          <mat-label>状態</mat-label>
          <mat-select [ngModel]="filters().status" (ngModelChange)="setFilter('status', $event)">
            <mat-option value="">すべて</mat-option>
            @for (o of statuses; track o.value) {
              <mat-option [value]="o.value">{{ o.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="method">
          <mat-label>入札方法</mat-label>
          <mat-select [ngModel]="filters().method" (ngModelChange)="setFilter('method', $event)">
            <mat-option value="">すべて</mat-option>
            @for (o of methods; track o.value) {
              <mat-option [value]="o.value">{{ o.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
      <ky-data-grid
        class="grid"
        endpoint="/api/tenders"
        gridId="tenders.list"
        searchPlaceholder="案件番号・件名・場所で検索"
        [columnDefs]="columns"
        [params]="params()"
        (rowClicked)="selected.set($event)"
        (rowDoubleClicked)="open($event)"
      >
        <div kyGridActions class="actions">
          @if (canWrite()) {
            <a mat-flat-button routerLink="/tenders/new"><mat-icon>add</mat-icon>新規登録</a>
          }
          <button mat-stroked-button type="button" [disabled]="!selected()" (click)="open(selected()!)"><mat-icon>open_in_new</mat-icon>開く</button>
        </div>
      </ky-data-grid>
      <p class="hint">行をダブルクリックすると入札案件を開きます。予定価格が事後公表の案件は、開札まで金額を表示しません（契約担当を除く）。</p>
    </section>
  `,
  styles: `
    :host { display: flex; flex: 1; min-height: 0; }
    .page { display: flex; flex-direction: column; flex: 1; height: calc(100vh - 48px); }
    .filters { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
    .year { width: 150px; }
    .status { width: 150px; }
    .method { width: 180px; }
    .grid { flex: 1; min-height: 0; }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; }
    .hint { margin: 4px 0 0; font-size: 12px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class TendersPage {
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);

  readonly canWrite = computed(() => !!this.auth.user() && this.auth.can('tenders.write'));
  readonly statuses = STATUS_OPTIONS;
  readonly methods = METHOD_OPTIONS;
  /** This fiscal year and the four before it (令和 labels). */
  readonly years = Array.from({ length: 5 }, (_, i) => fiscalYearOf(todayInJapan()) - i).map((y) => ({ value: y, label: `${y}年度（${y >= 2019 ? `令和${y - 2018}` : `平成${y - 1988}`}年度）` }));

  readonly filters = signal<TenderFilters>({ fiscalYear: '', status: '', method: '' });
  readonly params = computed<GridParams>(() => ({ ...this.filters() }));
  readonly selected = signal<TenderRow | null>(null);

  readonly columns: ColDef<TenderRow>[] = [
    { field: 'tenderNumber', headerName: '案件番号', sortable: true, filter: 'agTextColumnFilter', width: 115 },
    { field: 'fiscalYear', headerName: '年度', sortable: true, width: 80 },
    { field: 'title', headerName: '件名', sortable: true, filter: 'agTextColumnFilter', flex: 1, minWidth: 240, tooltipField: 'title' },
    { colId: 'category', headerName: '部門', valueGetter: (p) => label(CATEGORY_LABELS, p.data?.category), sortable: true, width: 110, hide: true },
    { colId: 'tradeCode', headerName: '業種', valueGetter: (p) => (p.data ? `${p.data.tradeCode} ${p.data.tradeName ?? ''}`.trim() : ''), sortable: true, width: 150 },
    { colId: 'method', headerName: '入札方法', valueGetter: (p) => label(TENDER_METHOD_LABELS, p.data?.method), sortable: true, width: 125 },
    {
      colId: 'status',
      headerName: '状態',
      valueGetter: (p) => label(TENDER_STATUS_LABELS, p.data?.status),
      cellRenderer: (p: { data?: TenderRow; value: string }) => (p.data ? badgeCell(p.value, STATUS_TONES[p.data.status] ?? 'neutral') : ''),
      sortable: true,
      width: 100,
    },
    { field: 'departmentName', headerName: '担当課', sortable: true, width: 120 },
    // Secret prices can be neither sorted nor filtered without tenders.write (the server refuses it).
    { field: 'plannedPrice', headerName: '予定価格（税抜）', valueFormatter: (p) => formatYen(p.value), type: 'rightAligned', sortable: this.canWrite(), filter: this.canWrite() ? 'agNumberColumnFilter' : false, width: 150 },
    { field: 'minimumPrice', headerName: '最低制限価格', valueFormatter: (p) => formatYen(p.value), type: 'rightAligned', sortable: this.canWrite(), width: 140, hide: true },
    { field: 'openingDate', headerName: '開札日', valueFormatter: (p) => formatJapaneseDate(p.value), sortable: true, filter: 'agDateColumnFilter', width: 145 },
    { field: 'awardVendorName', headerName: '落札者', sortable: true, width: 170, tooltipField: 'awardVendorName' },
    { field: 'awardAmount', headerName: '落札額（税抜）', valueFormatter: (p) => formatYen(p.value), type: 'rightAligned', sortable: true, width: 140 },
    { field: 'awardRate', headerName: '落札率', valueFormatter: (p) => formatRate(p.value), type: 'rightAligned', width: 90 },
    { field: 'updatedAt', headerName: '更新日時', valueFormatter: (p) => formatJapaneseDateTime(p.value), sortable: true, width: 180, hide: true },
  ];

  setFilter<K extends keyof TenderFilters>(key: K, value: TenderFilters[K] | null | undefined): void {
    this.filters.update((f) => ({ ...f, [key]: value ?? '' }));
  }

  open(row: TenderRow): void {
    void this.router.navigate(['/tenders', row.id]);
  }
}
