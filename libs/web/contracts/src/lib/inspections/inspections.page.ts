import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { Router, RouterLink } from '@angular/router';
import { ColDef } from 'ag-grid-community';
import { firstValueFrom } from 'rxjs';
import { formatJapaneseDate, todayInJapan } from '@keiyaku/domain';
import { AuthService } from '@keiyaku/web/auth';
import { badgeCell, badgeClass, errorMessage, GridParams, KyDataGrid } from '@keiyaku/web/ui';
import {
  APPROVAL_STATUS_LABELS,
  APPROVAL_TONES,
  INSPECTION_KIND_LABELS,
  INSPECTION_KIND_OPTIONS,
  INSPECTION_RESULT_LABELS,
  INSPECTION_RESULT_OPTIONS,
  InspectionRow,
  label,
  RESULT_TONES,
} from '../models';

interface Filters {
  mine: boolean;
  kind: string;
  result: string;
}

interface Day {
  date: string;
  day: number;
  inMonth: boolean;
  today: boolean;
  items: InspectionRow[];
}

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];
const pad = (n: number) => String(n).padStart(2, '0');
const isoOf = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** 検査: the inspectors' list (server-paged) and a month calendar of the scheduled inspections. */
@Component({
  selector: 'ky-inspections-page',
  imports: [KyDataGrid, FormsModule, RouterLink, MatButtonModule, MatButtonToggleModule, MatFormFieldModule, MatIconModule, MatSelectModule, MatSlideToggleModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">検査</h1>
      <div class="filters">
        <mat-button-toggle-group hideSingleSelectionIndicator [ngModel]="view()" (ngModelChange)="view.set($event)" aria-label="表示">
          <mat-button-toggle value="list"><mat-icon>list</mat-icon>一覧</mat-button-toggle>
          <mat-button-toggle value="calendar"><mat-icon>calendar_month</mat-icon>カレンダー</mat-button-toggle>
        </mat-button-toggle-group>
        <mat-slide-toggle [ngModel]="filters().mine" (ngModelChange)="setFilter('mine', $event)">自分の担当のみ</mat-slide-toggle>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="sel">
          <mat-label>検査の種類</mat-label>
          <mat-select [ngModel]="filters().kind" (ngModelChange)="setFilter('kind', $event)">
            <mat-option value="">すべて</mat-option>
            @for (o of kinds; track o.value) {
              <mat-option [value]="o.value">{{ o.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="sel">
          <mat-label>検査結果</mat-label>
          <mat-select [ngModel]="filters().result" (ngModelChange)="setFilter('result', $event)">
            <mat-option value="">すべて</mat-option>
            <mat-option value="pending">未実施</mat-option>
            @for (o of results; track o.value) {
              <mat-option [value]="o.value">{{ o.label }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
      @if (view() === 'list') {
        <ky-data-grid
          class="grid"
          endpoint="/api/inspections"
          gridId="inspections.list"
          searchPlaceholder="契約番号・件名で検索"
          [columnDefs]="columns"
          [params]="params()"
          (rowDoubleClicked)="open($event)"
        />
        <p class="hint">行をダブルクリックすると契約の「検査」タブを開きます。</p>
      } @else {
        <div class="month">
          <button mat-icon-button type="button" aria-label="前の月" (click)="shift(-1)"><mat-icon>chevron_left</mat-icon></button>
          <h2 aria-live="polite">{{ monthLabel() }}</h2>
          <button mat-icon-button type="button" aria-label="次の月" (click)="shift(1)"><mat-icon>chevron_right</mat-icon></button>
          <button mat-button type="button" (click)="thisMonth()">今月</button>
          @if (calendarError()) {
            <span class="ky-error" role="alert">{{ calendarError() }}</span>
          }
        </div>
        <div class="calendar" role="grid" [attr.aria-label]="monthLabel() + 'の検査予定'">
          <div class="week head" role="row">
            @for (w of weekdays; track w) {
              <div class="cell" role="columnheader">{{ w }}</div>
            }
          </div>
          @for (week of weeks(); track $index) {
            <div class="week" role="row">
              @for (d of week; track d.date) {
                <div class="cell" role="gridcell" [class.out]="!d.inMonth" [class.today]="d.today" [attr.aria-label]="d.date">
                  <span class="num">{{ d.day }}</span>
                  @for (i of d.items; track i.id) {
                    <a class="item" [class]="itemClass(i)" [routerLink]="['/contracts', i.contractId]" [queryParams]="{ tab: 'inspections' }" [title]="i.title ?? ''">
                      {{ kindShort(i.kind) }} {{ i.title }}
                    </a>
                  }
                </div>
              }
            </div>
          }
        </div>
      }
    </section>
  `,
  styles: `
    :host { display: flex; flex: 1; min-height: 0; }
    .page { display: flex; flex-direction: column; flex: 1; height: calc(100vh - 48px); }
    .filters { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin-bottom: 8px; }
    .sel { width: 170px; }
    .grid { flex: 1; min-height: 0; }
    .hint { margin: 4px 0 0; font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    .month { display: flex; align-items: center; gap: 8px; }
    .month h2 { font-size: 16px; margin: 0; min-width: 10em; text-align: center; }
    .calendar { display: flex; flex-direction: column; border: 1px solid var(--mat-sys-outline-variant); flex: 1; min-height: 0; overflow: auto; }
    .week { display: grid; grid-template-columns: repeat(7, minmax(0, 1fr)); min-height: 96px; }
    .week.head { min-height: 0; background: #eef2f8; font-weight: 600; font-size: 13px; }
    .week.head .cell { text-align: center; padding: 4px; }
    .cell { border-right: 1px solid var(--mat-sys-outline-variant); border-bottom: 1px solid var(--mat-sys-outline-variant); padding: 2px 4px; display: flex; flex-direction: column; gap: 2px; min-width: 0; }
    .cell.out { background: #f6f6f6; color: #999; }
    .cell.today .num { background: var(--mat-sys-primary); color: var(--mat-sys-on-primary); border-radius: 10px; padding: 0 6px; }
    .num { font-size: 12px; align-self: flex-start; }
    .item { font-size: 12px; text-decoration: none; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; display: block; max-width: 100%; }
  `,
})
export class InspectionsPage {
  private readonly router = inject(Router);
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);

  readonly kinds = INSPECTION_KIND_OPTIONS;
  readonly results = INSPECTION_RESULT_OPTIONS;
  readonly weekdays = WEEKDAYS;
  readonly view = signal<'list' | 'calendar'>('list');
  /** An inspector sees their own inspections first. */
  readonly filters = signal<Filters>({ mine: this.auth.user()?.roles.includes('inspector') ?? false, kind: '', result: '' });
  readonly params = computed<GridParams>(() => {
    const f = this.filters();
    return { mine: f.mine ? 'true' : null, kind: f.kind, result: f.result };
  });

  readonly month = signal(todayInJapan().slice(0, 7));
  readonly monthItems = signal<InspectionRow[]>([]);
  readonly calendarError = signal<string | null>(null);
  readonly monthLabel = computed(() => {
    const [y, m] = this.month().split('-').map(Number);
    return `${y}年${m}月（${formatJapaneseDate(`${this.month()}-01`).replace(/\d+月1日$/, `${m}月`)}）`;
  });
  readonly weeks = computed<Day[][]>(() => {
    const [y, m] = this.month().split('-').map(Number);
    const first = new Date(Date.UTC(y, m - 1, 1));
    const start = new Date(first.getTime() - first.getUTCDay() * 86_400_000);
    const today = todayInJapan();
    const byDate = new Map<string, InspectionRow[]>();
    for (const i of this.monthItems()) byDate.set(i.scheduledDate, [...(byDate.get(i.scheduledDate) ?? []), i]);
    const weeks: Day[][] = [];
    for (let w = 0; w < 6; w++) {
      const week: Day[] = [];
      for (let d = 0; d < 7; d++) {
        const date = new Date(start.getTime() + (w * 7 + d) * 86_400_000);
        const iso = isoOf(date);
        week.push({ date: iso, day: date.getUTCDate(), inMonth: date.getUTCMonth() === m - 1, today: iso === today, items: byDate.get(iso) ?? [] });
      }
      if (w >= 4 && !week.some((x) => x.inMonth)) break;
      weeks.push(week);
    }
    return weeks;
  });

  readonly columns: ColDef<InspectionRow>[] = [
    { field: 'scheduledDate', headerName: '検査予定日', valueFormatter: (p) => formatJapaneseDate(p.value), sortable: true, filter: 'agDateColumnFilter', width: 145 },
    { colId: 'kind', headerName: '種類', valueGetter: (p) => label(INSPECTION_KIND_LABELS, p.data?.kind), sortable: true, width: 120 },
    { field: 'contractNumber', headerName: '契約番号', sortable: true, width: 115 },
    { field: 'title', headerName: '件名', sortable: true, flex: 1, minWidth: 220, tooltipField: 'title' },
    { field: 'vendorName', headerName: '受注者', width: 170, tooltipField: 'vendorName' },
    { colId: 'inspectorNames', headerName: '検査員', valueGetter: (p) => p.data?.inspectorNames.join('、') ?? '', width: 150 },
    { field: 'inspectedDate', headerName: '検査日', valueFormatter: (p) => formatJapaneseDate(p.value), sortable: true, width: 145 },
    {
      colId: 'result',
      headerName: '結果',
      valueGetter: (p) => (p.data ? (p.data.result ? label(INSPECTION_RESULT_LABELS, p.data.result) : '未実施') : ''),
      cellRenderer: (p: { data?: InspectionRow; value: string }) => (p.data ? badgeCell(p.value, p.data.result ? RESULT_TONES[p.data.result] : 'neutral') : ''),
      sortable: true,
      width: 95,
    },
    {
      colId: 'approvalStatus',
      headerName: '決裁',
      valueGetter: (p) => label(APPROVAL_STATUS_LABELS, p.data?.approvalStatus),
      cellRenderer: (p: { data?: InspectionRow; value: string }) => (p.data ? badgeCell(p.value, APPROVAL_TONES[p.data.approvalStatus] ?? 'neutral') : ''),
      sortable: true,
      width: 95,
    },
  ];

  constructor() {
    effect(() => {
      if (this.view() !== 'calendar') return;
      const month = this.month();
      const params = this.params();
      untracked(() => void this.loadMonth(month, params));
    });
  }

  setFilter<K extends keyof Filters>(key: K, value: Filters[K]): void {
    this.filters.update((f) => ({ ...f, [key]: value ?? (key === 'mine' ? false : '') }));
  }

  open(row: InspectionRow): void {
    void this.router.navigate(['/contracts', row.contractId], { queryParams: { tab: 'inspections' } });
  }

  shift(delta: number): void {
    const [y, m] = this.month().split('-').map(Number);
    const d = new Date(Date.UTC(y, m - 1 + delta, 1));
    this.month.set(`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`);
  }

  thisMonth(): void {
    this.month.set(todayInJapan().slice(0, 7));
  }

  kindShort(kind: string): string {
    return label(INSPECTION_KIND_LABELS, kind).replace('検査', '');
  }

  itemClass(i: InspectionRow): string {
    return `item ${badgeClass(i.result ? RESULT_TONES[i.result] : APPROVAL_TONES[i.approvalStatus] === 'warn' ? 'warn' : 'info')}`;
  }

  /** The whole visible month (six weeks at most), 500 rows at most. */
  private async loadMonth(month: string, params: GridParams): Promise<void> {
    const weeks = this.weeks();
    const from = weeks[0][0].date;
    const last = weeks[weeks.length - 1];
    const to = last[last.length - 1].date;
    const query: Record<string, string> = { from, to, limit: '500', offset: '0', sort: 'scheduledDate:asc' };
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') query[k] = String(v);
    try {
      const res = await firstValueFrom(this.http.get<{ rows: InspectionRow[] }>('/api/inspections', { params: query }));
      if (this.month() === month) this.monthItems.set(res.rows);
      this.calendarError.set(null);
    } catch (err) {
      this.calendarError.set(errorMessage(err));
    }
  }
}
