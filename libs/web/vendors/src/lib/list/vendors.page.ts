import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatDialog } from '@angular/material/dialog';
import { MatDividerModule } from '@angular/material/divider';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { ColDef } from 'ag-grid-community';
import { formatJapaneseDateTime } from '@keiyaku/domain';
import { AuthService } from '@keiyaku/web/auth';
import { badgeCell, confirmDialog, errorMessage, GridParams, KyDataGrid } from '@keiyaku/web/ui';
import { label, LOCALITY_LABELS, LOCALITY_OPTIONS, STATUS_LABELS, STATUS_OPTIONS, Trade, VendorRow, VendorStatus } from '../models';
import { VendorsApi } from '../vendors-api.service';
import { EligibilityPanelComponent } from './eligibility-panel.component';
import { DEFAULT_GRID_ID, MAX_VIEWS, NO_FILTERS, SavedView, SavedViews, VendorFilters } from './saved-views';
import { ViewNameDialog, ViewNameData } from './view-name.dialog';

const STATUS_TONES = { active: 'ok', dormant: 'warn', closed: 'error' } as const;

const sameFilters = (a: VendorFilters, b: VendorFilters) => a.locality === b.locality && a.status === b.status && a.tradeCode === b.tradeCode;

/** 業者一覧: the registry with screen filters, saved views and the 指名候補 check. */
@Component({
  selector: 'ky-vendors-page',
  imports: [
    KyDataGrid,
    FormsModule,
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatChipsModule,
    MatFormFieldModule,
    MatSelectModule,
    MatMenuModule,
    MatDividerModule,
    MatTooltipModule,
    EligibilityPanelComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">業者</h1>
      <div class="filters">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="view">
          <mat-label>表示条件</mat-label>
          <mat-select [ngModel]="activeId()" (ngModelChange)="chooseView($event)" aria-label="表示条件">
            <mat-option value="">標準</mat-option>
            @for (v of views(); track v.id) {
              <mat-option [value]="v.id">{{ v.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <button mat-icon-button type="button" [matMenuTriggerFor]="viewMenu" matTooltip="表示条件の保存・削除" aria-label="表示条件の保存・削除">
          <mat-icon>{{ modified() ? 'bookmark_add' : 'bookmarks' }}</mat-icon>
        </button>
        <mat-menu #viewMenu="matMenu">
          <button mat-menu-item type="button" [disabled]="views().length >= maxViews" (click)="saveAsNew()"><mat-icon>bookmark_add</mat-icon>名前を付けて保存</button>
          <button mat-menu-item type="button" [disabled]="!activeView() || !modified()" (click)="overwrite()"><mat-icon>save</mat-icon>上書き保存</button>
          <mat-divider />
          <button mat-menu-item type="button" [disabled]="!activeView()" (click)="deleteView()"><mat-icon>delete</mat-icon>この表示条件を削除</button>
        </mat-menu>
        @if (modified()) {
          <span class="modified">（絞り込みを変更しています）</span>
        }

        <span class="label" id="locality-label">地域区分</span>
        <!-- A chosen chip is not selectable again: clicking it must not leave nothing chosen. -->
        <mat-chip-listbox aria-labelledby="locality-label" [value]="filters().locality" (change)="setFilter('locality', $event.value)" hideSingleSelectionIndicator>
          <mat-chip-option value="" [selectable]="filters().locality !== ''">すべて</mat-chip-option>
          @for (o of localities; track o.value) {
            <mat-chip-option [value]="o.value" [selectable]="filters().locality !== o.value">{{ o.label }}</mat-chip-option>
          }
        </mat-chip-listbox>
        <span class="label" id="status-label">状態</span>
        <mat-chip-listbox aria-labelledby="status-label" [value]="filters().status" (change)="setFilter('status', $event.value)" hideSingleSelectionIndicator>
          <mat-chip-option value="" [selectable]="filters().status !== ''">すべて</mat-chip-option>
          @for (o of statuses; track o.value) {
            <mat-chip-option [value]="o.value" [selectable]="filters().status !== o.value">{{ o.label }}</mat-chip-option>
          }
        </mat-chip-listbox>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="trade">
          <mat-label>業種（資格）</mat-label>
          <mat-select [ngModel]="filters().tradeCode" (ngModelChange)="setFilter('tradeCode', $event)">
            <mat-option value="">すべて</mat-option>
            @for (t of trades(); track t.code) {
              <mat-option [value]="t.code">{{ t.code }} {{ t.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>

      @if (showEligibility()) {
        <ky-eligibility-panel />
      }

      @if (ready()) {
        <!-- One grid per view: a new gridId loads that view's own sort and columns. -->
        @for (id of [gridId()]; track id) {
          <ky-data-grid
            class="grid"
            endpoint="/api/vendors"
            [gridId]="id"
            searchPlaceholder="名称・フリガナ・業者番号・法人番号で検索"
            [columnDefs]="columns"
            [params]="params()"
            (rowClicked)="selected.set($event)"
            (rowDoubleClicked)="open($event)"
          >
            <div kyGridActions class="actions">
              @if (canWrite()) {
                <a mat-flat-button routerLink="/vendors/new"><mat-icon>add_business</mat-icon>新規登録</a>
              }
              <button mat-stroked-button type="button" [disabled]="!selected()" (click)="open(selected()!)"><mat-icon>open_in_new</mat-icon>開く</button>
              <button mat-stroked-button type="button" [class.on]="showEligibility()" [attr.aria-pressed]="showEligibility()" (click)="showEligibility.set(!showEligibility())">
                <mat-icon>how_to_reg</mat-icon>指名候補の確認
              </button>
            </div>
          </ky-data-grid>
        }
      }
      <p class="hint">行をダブルクリックすると業者の詳細を開きます。</p>
    </section>
  `,
  styles: `
    :host { display: flex; flex: 1; min-height: 0; }
    .page { display: flex; flex-direction: column; flex: 1; height: calc(100vh - 48px); }
    .filters { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-bottom: 8px; }
    .view { width: 170px; }
    .trade { width: 200px; }
    .label { font-size: 13px; color: var(--mat-sys-on-surface-variant); margin-left: 4px; }
    .modified { font-size: 12px; color: #7a4100; }
    .grid { flex: 1; min-height: 0; }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; }
    .on { background: var(--mat-sys-secondary-container); }
    .hint { margin: 4px 0 0; font-size: 12px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class VendorsPage implements OnInit {
  private readonly api = inject(VendorsApi);
  private readonly savedViews = inject(SavedViews);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly auth = inject(AuthService);

  readonly localities = LOCALITY_OPTIONS;
  readonly statuses = STATUS_OPTIONS;
  readonly maxViews = MAX_VIEWS;
  readonly canWrite = computed(() => !!this.auth.user() && this.auth.can('vendors.write'));

  readonly trades = signal<Trade[]>([]);
  readonly filters = signal<VendorFilters>({ ...NO_FILTERS });
  readonly params = computed<GridParams>(() => ({ ...this.filters() }));
  readonly selected = signal<VendorRow | null>(null);
  readonly showEligibility = signal(false);

  /** The grid waits for the saved views, so it opens with the user's last view at once. */
  readonly ready = signal(false);
  readonly views = signal<SavedView[]>([]);
  readonly activeId = signal('');
  readonly activeView = computed(() => this.views().find((v) => v.id === this.activeId()) ?? null);
  readonly gridId = computed(() => this.activeView()?.gridId ?? DEFAULT_GRID_ID);
  readonly modified = computed(() => !sameFilters(this.filters(), this.activeView()?.filters ?? NO_FILTERS));

  readonly columns: ColDef<VendorRow>[] = [
    { field: 'vendorCode', headerName: '業者番号', sortable: true, filter: 'agTextColumnFilter', width: 105 },
    { field: 'name', headerName: '商号又は名称', sortable: true, filter: 'agTextColumnFilter', width: 240, tooltipField: 'name' },
    { field: 'nameKana', headerName: 'フリガナ', sortable: true, filter: 'agTextColumnFilter', width: 180 },
    { colId: 'locality', headerName: '地域区分', valueGetter: (p) => label(LOCALITY_LABELS, p.data?.locality), sortable: true, width: 95 },
    {
      colId: 'representativeName',
      headerName: '代表者',
      valueGetter: (p) => (p.data ? [p.data.representativeTitle, p.data.representativeName].filter(Boolean).join(' ') : ''),
      sortable: true,
      filter: 'agTextColumnFilter',
      width: 170,
    },
    { field: 'address', headerName: '所在地', sortable: true, filter: 'agTextColumnFilter', flex: 1, minWidth: 220, tooltipField: 'address' },
    { field: 'phone', headerName: '電話番号', sortable: true, filter: 'agTextColumnFilter', width: 130 },
    {
      colId: 'status',
      headerName: '状態',
      valueGetter: (p) => label(STATUS_LABELS, p.data?.status),
      cellRenderer: (p: { data?: VendorRow; value: string }) => (p.data ? badgeCell(p.value, STATUS_TONES[p.data.status as VendorStatus] ?? 'neutral') : ''),
      sortable: true,
      width: 85,
    },
    { field: 'updatedAt', headerName: '更新日時', valueFormatter: (p) => formatJapaneseDateTime(p.value), sortable: true, filter: 'agDateColumnFilter', width: 185 },
  ];

  async ngOnInit(): Promise<void> {
    this.api.trades('construction').then(
      (list) => this.trades.set(list.filter((t) => t.active)),
      () => undefined, // the filter then offers すべて only; the list itself still works
    );
    try {
      const catalogue = await this.savedViews.load();
      this.views.set(catalogue.views);
      const active = catalogue.views.find((v) => v.id === catalogue.activeId);
      if (active) {
        this.activeId.set(active.id);
        this.filters.set({ ...NO_FILTERS, ...active.filters });
      }
    } catch (err) {
      this.snack.open(`保存した表示条件を読み込めませんでした。${errorMessage(err)}`, '閉じる', { duration: 6000 });
    } finally {
      this.ready.set(true);
    }
  }

  setFilter(key: keyof VendorFilters, value: string | null | undefined): void {
    this.filters.update((f) => ({ ...f, [key]: value ?? '' }));
  }

  open(row: VendorRow): void {
    void this.router.navigate(['/vendors', row.id]);
  }

  async chooseView(id: string): Promise<void> {
    const view = this.views().find((v) => v.id === id) ?? null;
    this.activeId.set(view?.id ?? '');
    this.filters.set({ ...NO_FILTERS, ...(view?.filters ?? {}) });
    this.selected.set(null);
    await this.persist(() => this.savedViews.setActive(view?.id ?? null));
  }

  async saveAsNew(): Promise<void> {
    const data: ViewNameData = { taken: this.views().map((v) => v.name) };
    const name = await new Promise<string | undefined>((resolve) =>
      this.dialog.open(ViewNameDialog, { data, width: '440px' }).afterClosed().subscribe(resolve),
    );
    if (!name) return;
    await this.persist(async () => {
      const view = await this.savedViews.create(name, this.filters(), this.gridId());
      this.views.set(this.savedViews.views);
      this.activeId.set(view.id);
      this.snack.open(`表示条件「${name}」を保存しました。`, '閉じる', { duration: 4000 });
    });
  }

  async overwrite(): Promise<void> {
    const view = this.activeView();
    if (!view) return;
    await this.persist(async () => {
      await this.savedViews.update(view.id, this.filters());
      this.views.set(this.savedViews.views);
      this.snack.open(`表示条件「${view.name}」を上書き保存しました。`, '閉じる', { duration: 4000 });
    });
  }

  async deleteView(): Promise<void> {
    const view = this.activeView();
    if (!view) return;
    if (!(await confirmDialog(this.dialog, { title: '表示条件の削除', message: `表示条件「${view.name}」を削除しますか？`, ok: '削除' }))) return;
    await this.persist(async () => {
      await this.savedViews.remove(view.id);
      this.views.set(this.savedViews.views);
      this.activeId.set('');
      this.filters.set({ ...NO_FILTERS });
    });
  }

  private async persist(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.snack.open(errorMessage(err), '閉じる', { duration: 6000 });
    }
  }
}
