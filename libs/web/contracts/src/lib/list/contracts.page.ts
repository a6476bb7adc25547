import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { ColDef } from 'ag-grid-community';
import { ContractStatus, fiscalYearOf, formatJapaneseDate, formatJapaneseDateTime, todayInJapan } from '@keiyaku/domain';
import { AuthService } from '@keiyaku/web/auth';
import { badgeCell, GridParams, KyDataGrid, ReportPreviewService } from '@keiyaku/web/ui';
import {
  APPROVAL_STATUS_LABELS,
  APPROVAL_TONES,
  CATEGORY_LABELS,
  CONTRACT_STATUS_LABELS,
  ContractRow,
  fiscalYearLabel,
  formatChangeRate,
  formatYen,
  label,
  STATUS_OPTIONS,
  STATUS_TONES,
  TENDER_METHOD_LABELS,
} from '../models';

interface ContractFilters {
  fiscalYear: number | '';
  status: ContractStatus | '';
}

/** 契約一覧: every contract across years on the shared server-paged grid. */
@Component({
  selector: 'ky-contracts-page',
  imports: [KyDataGrid, FormsModule, RouterLink, MatButtonModule, MatIconModule, MatFormFieldModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">契約</h1>
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
      </div>
      <ky-data-grid
        class="grid"
        endpoint="/api/contracts"
        gridId="contracts.list"
        searchPlaceholder="契約番号・件名・場所で検索"
        [columnDefs]="columns"
        [params]="params()"
        (rowClicked)="selected.set($event)"
        (rowDoubleClicked)="open($event)"
      >
        <div kyGridActions class="actions">
          @if (canWrite()) {
            <a mat-flat-button routerLink="/contracts/new"><mat-icon>add</mat-icon>新規登録</a>
          }
          <button mat-stroked-button type="button" [disabled]="!selected()" (click)="open(selected()!)"><mat-icon>open_in_new</mat-icon>開く</button>
          <button mat-stroked-button type="button" (click)="print()"><mat-icon>print</mat-icon>契約一覧の印刷</button>
        </div>
      </ky-data-grid>
      <p class="hint">行をダブルクリックすると契約を開きます。入札案件の落札決定で作成された契約案（起案中）もここに表示されます。新規登録は随意契約・見積合せの契約を直接登録します。</p>
    </section>
  `,
  styles: `
    :host { display: flex; flex: 1; min-height: 0; }
    .page { display: flex; flex-direction: column; flex: 1; height: calc(100vh - 48px); }
    .filters { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
    .year { width: 210px; }
    .status { width: 150px; }
    .grid { flex: 1; min-height: 0; }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; }
    .hint { margin: 4px 0 0; font-size: 12px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class ContractsPage {
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);
  private readonly preview = inject(ReportPreviewService);

  readonly canWrite = computed(() => !!this.auth.user() && this.auth.can('contracts.write'));
  readonly statuses = STATUS_OPTIONS;
  /** This fiscal year and the four before it. */
  readonly years = Array.from({ length: 5 }, (_, i) => (fiscalYearOf(todayInJapan()) ?? new Date().getFullYear()) - i).map((y) => ({ value: y, label: fiscalYearLabel(y) }));

  readonly filters = signal<ContractFilters>({ fiscalYear: '', status: '' });
  readonly params = computed<GridParams>(() => ({ ...this.filters() }));
  readonly selected = signal<ContractRow | null>(null);

  readonly columns: ColDef<ContractRow>[] = [
    { field: 'contractNumber', headerName: '契約番号', sortable: true, filter: 'agTextColumnFilter', width: 120, valueFormatter: (p) => p.value ?? '（締結前）' },
    { field: 'fiscalYear', headerName: '年度', sortable: true, width: 80 },
    { field: 'title', headerName: '件名', sortable: true, filter: 'agTextColumnFilter', flex: 1, minWidth: 240, tooltipField: 'title' },
    { field: 'vendorName', headerName: '契約の相手方', sortable: true, filter: 'agTextColumnFilter', width: 180, tooltipField: 'vendorName' },
    { colId: 'category', headerName: '部門', valueGetter: (p) => label(CATEGORY_LABELS, p.data?.category), sortable: true, width: 110, hide: true },
    { colId: 'method', headerName: '契約方法', valueGetter: (p) => label(TENDER_METHOD_LABELS, p.data?.method), sortable: true, width: 120 },
    {
      colId: 'status',
      headerName: '状態',
      valueGetter: (p) => label(CONTRACT_STATUS_LABELS, p.data?.status),
      cellRenderer: (p: { data?: ContractRow; value: string }) => (p.data ? badgeCell(p.value, STATUS_TONES[p.data.status] ?? 'neutral') : ''),
      sortable: true,
      width: 95,
    },
    {
      colId: 'approvalStatus',
      headerName: '決裁',
      valueGetter: (p) => label(APPROVAL_STATUS_LABELS, p.data?.approvalStatus),
      cellRenderer: (p: { data?: ContractRow; value: string }) => (p.data ? badgeCell(p.value, APPROVAL_TONES[p.data.approvalStatus] ?? 'neutral') : ''),
      sortable: true,
      width: 95,
    },
    { field: 'departmentName', headerName: '担当課', sortable: true, width: 120 },
    { field: 'amount', headerName: '契約金額（税込）', valueFormatter: (p) => formatYen(p.value), type: 'rightAligned', sortable: true, filter: 'agNumberColumnFilter', width: 150 },
    { field: 'originalAmount', headerName: '当初契約金額', valueFormatter: (p) => formatYen(p.value), type: 'rightAligned', sortable: true, width: 140, hide: true },
    { field: 'changeRate', headerName: '変更率', valueFormatter: (p) => formatChangeRate(p.value), type: 'rightAligned', width: 90 },
    { field: 'contractDate', headerName: '契約日', valueFormatter: (p) => formatJapaneseDate(p.value), sortable: true, filter: 'agDateColumnFilter', width: 145 },
    { field: 'periodFrom', headerName: '工期（自）', valueFormatter: (p) => formatJapaneseDate(p.value), sortable: true, width: 145, hide: true },
    { field: 'periodTo', headerName: '工期（至）', valueFormatter: (p) => formatJapaneseDate(p.value), sortable: true, filter: 'agDateColumnFilter', width: 145 },
    { field: 'updatedAt', headerName: '更新日時', valueFormatter: (p) => formatJapaneseDateTime(p.value), sortable: true, width: 180, hide: true },
  ];

  setFilter<K extends keyof ContractFilters>(key: K, value: ContractFilters[K] | null | undefined): void {
    this.filters.update((f) => ({ ...f, [key]: value ?? '' }));
  }

  open(row: ContractRow): void {
    void this.router.navigate(['/contracts', row.id]);
  }

  print(): void {
    const f = this.filters();
    this.preview.open('contracts', '契約一覧', { fiscalYear: f.fiscalYear || null, status: f.status || null });
  }
}
