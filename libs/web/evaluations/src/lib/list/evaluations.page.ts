import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { Router, RouterLink } from '@angular/router';
import { ColDef } from 'ag-grid-community';
import { EVALUATION_STATUS_LABELS, EVALUATION_STATUSES, EvaluationStatus, fiscalYearOf, formatJapaneseDate, formatJapaneseDateTime, todayInJapan } from '@keiyaku/domain';
import { AuthService } from '@keiyaku/web/auth';
import { badgeCell, GridParams, KyDataGrid } from '@keiyaku/web/ui';
import { EvaluationsApi } from '../evaluations-api.service';
import { EVALUATION_STATUS_TONES, EvaluationListRow, fiscalYearLabel, formatScore } from '../models';

interface Filters {
  fiscalYear: number | '';
  status: EvaluationStatus | '';
  departmentId: number | '';
  mine: boolean;
}

/** 評定一覧: the rating sheets on the shared server-paged grid; raters start on their own. */
@Component({
  selector: 'ky-evaluations-page',
  imports: [KyDataGrid, FormsModule, RouterLink, MatButtonModule, MatIconModule, MatFormFieldModule, MatSelectModule, MatSlideToggleModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">工事成績評定</h1>
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
            <mat-option value="">すべて（旧版を除く）</mat-option>
            @for (s of statuses; track s.value) {
              <mat-option [value]="s.value">{{ s.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="dept">
          <mat-label>担当課</mat-label>
          <mat-select [ngModel]="filters().departmentId" (ngModelChange)="setFilter('departmentId', $event)">
            <mat-option value="">すべて</mat-option>
            @for (d of departments(); track d.id) {
              <mat-option [value]="d.id">{{ d.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        @if (canRate()) {
          <mat-slide-toggle [ngModel]="filters().mine" (ngModelChange)="setFilter('mine', $event)">自分の担当のみ</mat-slide-toggle>
        }
        <span class="spacer"></span>
        <a mat-button routerLink="/evaluations/statistics"><mat-icon>bar_chart</mat-icon>統計</a>
        @if (canManage()) {
          <a mat-button routerLink="/evaluations/rule-sets"><mat-icon>rule</mat-icon>評定要領</a>
        }
      </div>
      <ky-data-grid
        class="grid"
        endpoint="/api/evaluations"
        gridId="evaluations.list"
        searchPlaceholder="契約番号・工事名で検索"
        [columnDefs]="columns"
        [params]="params()"
        (rowClicked)="selected.set($event)"
        (rowDoubleClicked)="open($event)"
      >
        <div kyGridActions class="actions">
          <button mat-stroked-button type="button" [disabled]="!selected()" (click)="open(selected()!)"><mat-icon>open_in_new</mat-icon>開く</button>
        </div>
      </ky-data-grid>
      <p class="hint">行をダブルクリックすると評定表を開きます。評定表は完成検査の合格（決裁）で作成されます。評定点は承認後に公開されます（評定の管理者を除く）。</p>
    </section>
  `,
  styles: `
    :host { display: flex; flex: 1; min-height: 0; }
    .page { display: flex; flex-direction: column; flex: 1; height: calc(100vh - 48px); }
    .filters { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
    .year { width: 210px; }
    .status { width: 200px; }
    .dept { width: 180px; }
    .spacer { flex: 1; }
    .grid { flex: 1; min-height: 0; }
    .actions { display: flex; gap: 8px; }
    .hint { margin: 4px 0 0; font-size: 12px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class EvaluationsPage implements OnInit {
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);
  private readonly api = inject(EvaluationsApi);

  readonly canRate = computed(() => !!this.auth.user() && this.auth.can('evaluation.rate'));
  readonly canManage = computed(() => !!this.auth.user() && this.auth.can('evaluation.manage'));
  readonly statuses = EVALUATION_STATUSES.map((s) => ({ value: s, label: EVALUATION_STATUS_LABELS[s] }));
  readonly years = Array.from({ length: 6 }, (_, i) => (fiscalYearOf(todayInJapan()) ?? new Date().getFullYear()) - i).map((y) => ({ value: y, label: fiscalYearLabel(y) }));
  readonly departments = signal<Array<{ id: number; name: string }>>([]);
  // Raters who do not manage start with their own sheets.
  readonly filters = signal<Filters>({ fiscalYear: '', status: '', departmentId: '', mine: this.auth.can('evaluation.rate') && !this.auth.can('evaluation.manage') });
  readonly params = computed<GridParams>(() => {
    const f = this.filters();
    return { fiscalYear: f.fiscalYear, status: f.status, departmentId: f.departmentId, mine: f.mine ? 1 : '' };
  });
  readonly selected = signal<EvaluationListRow | null>(null);

  readonly columns: ColDef<EvaluationListRow>[] = [
    { field: 'contractNumber', headerName: '契約番号', sortable: true, filter: 'agTextColumnFilter', width: 120 },
    { field: 'fiscalYear', headerName: '年度', sortable: true, width: 80 },
    { field: 'title', headerName: '工事名', sortable: true, filter: 'agTextColumnFilter', flex: 1, minWidth: 240, tooltipField: 'title' },
    { field: 'vendorName', headerName: '受注者', sortable: true, filter: 'agTextColumnFilter', width: 170, tooltipField: 'vendorName' },
    { field: 'departmentName', headerName: '担当課', sortable: true, width: 120 },
    { field: 'tradeCode', headerName: '業種', valueGetter: (p) => p.data?.tradeName ?? p.data?.tradeCode, sortable: true, width: 110 },
    { field: 'evaluatedOn', headerName: '評定日', valueFormatter: (p) => formatJapaneseDate(p.value), sortable: true, filter: 'agDateColumnFilter', width: 140 },
    {
      field: 'status',
      headerName: '状態',
      valueGetter: (p) => (p.data ? EVALUATION_STATUS_LABELS[p.data.status] : ''),
      cellRenderer: (p: { data?: EvaluationListRow; value: string }) => (p.data ? badgeCell(p.value, EVALUATION_STATUS_TONES[p.data.status] ?? 'neutral') : ''),
      sortable: true,
      width: 150,
    },
    { field: 'finalScore', headerName: '評定点', valueFormatter: (p) => (p.value === null || p.value === undefined ? '' : formatScore(p.value)), type: 'rightAligned', sortable: true, filter: 'agNumberColumnFilter', width: 100 },
    { field: 'band', headerName: '評定', sortable: true, width: 70 },
    { field: 'noticeDate', headerName: '通知日', valueFormatter: (p) => formatJapaneseDate(p.value), sortable: true, width: 140 },
    { field: 'updatedAt', headerName: '更新日時', valueFormatter: (p) => formatJapaneseDateTime(p.value), sortable: true, width: 180, hide: true },
  ];

  ngOnInit(): void {
    void this.api.departments().then((d) => this.departments.set(d), () => this.departments.set([]));
  }

  setFilter<K extends keyof Filters>(key: K, value: Filters[K] | null | undefined): void {
    this.filters.update((f) => ({ ...f, [key]: value ?? (key === 'mine' ? false : '') }));
  }

  open(row: EvaluationListRow): void {
    void this.router.navigate(['/evaluations', row.id]);
  }
}
