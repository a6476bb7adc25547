import { HttpClient, HttpParams } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  input,
  OnInit,
  output,
  signal,
  untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';
import { AgGridAngular } from 'ag-grid-angular';
import {
  CellStyleModule,
  ColDef,
  ColumnApiModule,
  ColumnAutoSizeModule,
  ColumnState,
  DateFilterModule,
  GridApi,
  GridReadyEvent,
  IDatasource,
  IGetRowsParams,
  InfiniteRowModelModule,
  LocaleModule,
  NumberFilterModule,
  RowClickedEvent,
  RowDoubleClickedEvent,
  RowSelectionModule,
  RowSelectionOptions,
  TextFilterModule,
  TooltipModule,
} from 'ag-grid-community';
import { firstValueFrom } from 'rxjs';
import { formatSort, ListResult, SortKey } from '@keiyaku/domain';
import { errorMessage } from '../api-error';
import { startDownload, urlWithParams } from '../download';
import { registerGridModulesOnce } from './grid-modules';
import { KY_GRID_LOCALE, kyGridTheme } from './grid-theme';

/** The modules of the server-paged grid (infinite row model). */
function registerGridModules(): void {
  registerGridModulesOnce('server', [
    InfiniteRowModelModule,
    ColumnApiModule,
    ColumnAutoSizeModule,
    TextFilterModule,
    NumberFilterModule,
    DateFilterModule,
    LocaleModule,
    TooltipModule,
    RowSelectionModule,
    CellStyleModule, // column type 'rightAligned' sets a cell class
  ]);
}

export const GRID_BLOCK_SIZE = 100;

export type GridParams = Record<string, string | number | boolean | null | undefined>;

/** A list page as the endpoint sent it; some lists add fields beside rows and total. */
export type GridPage<T> = ListResult<T> & Record<string, unknown>;

export type ExportEncoding = 'utf8' | 'sjis';

/**
 * Set `context: { export: false }` on a column the server's file export does not know (a column
 * derived on the client only); every other visible column is exported under its colId.
 */
export interface KyColumnContext {
  export?: boolean;
}

/** Column-state events caused by the user (not by the grid applying saved state). */
const USER_SOURCES = new Set(['uiColumnMoved', 'uiColumnResized', 'uiColumnDragged', 'uiColumnSorted', 'columnMenu', 'contextMenu', 'autosizeColumns']);

/**
 * A server-paged list: AG Grid's infinite row model over an endpoint returning `{rows, total}`,
 * with a quick search, sort/filter sent to the server, and the column layout remembered per user.
 */
@Component({
  selector: 'ky-data-grid',
  imports: [AgGridAngular, MatFormFieldModule, MatInputModule, MatIconModule, MatButtonModule, MatTooltipModule, MatMenuModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="ky-grid-toolbar">
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="ky-grid-search">
        <mat-icon matPrefix>search</mat-icon>
        <input matInput type="search" [placeholder]="searchPlaceholder()" aria-label="検索" (input)="onSearch($event)" />
      </mat-form-field>
      <ng-content select="[kyGridActions]" />
      <span class="ky-grid-spacer"></span>
      @if (error()) {
        <span class="ky-grid-error" role="alert">{{ error() }}</span>
      }
      <span class="ky-grid-total" aria-live="polite">{{ total() === null ? '' : total() + '件' }}</span>
      @if (exportable()) {
        <button mat-button type="button" matTooltip="表示中の列と条件で、全件をExcelファイルに出力します" [disabled]="exporting()" (click)="exportFile('xlsx')">
          <mat-icon>table_view</mat-icon>Excel出力
        </button>
        <button mat-button type="button" matTooltip="表示中の列と条件で、全件をCSVファイルに出力します" [disabled]="exporting()" [matMenuTriggerFor]="csvMenu">
          <mat-icon>download</mat-icon>CSV出力
        </button>
        <mat-menu #csvMenu="matMenu" xPosition="before">
          <button mat-menu-item type="button" (click)="exportFile('csv', 'utf8')">UTF-8（BOM付き・Excel向け）</button>
          <button mat-menu-item type="button" (click)="exportFile('csv', 'sjis')">Shift_JIS（従来のシステム向け）</button>
        </mat-menu>
      }
      <button mat-icon-button type="button" matTooltip="列の並び・幅を元に戻す" aria-label="列の並び・幅を元に戻す" (click)="resetColumns()">
        <mat-icon>view_column</mat-icon>
      </button>
      <button mat-icon-button type="button" matTooltip="最新の情報に更新" aria-label="最新の情報に更新" (click)="refresh()">
        <mat-icon>refresh</mat-icon>
      </button>
    </div>
    <ag-grid-angular
      class="ky-grid"
      [theme]="theme"
      [columnDefs]="columnDefs()"
      [defaultColDef]="defaultColDef"
      rowModelType="infinite"
      [cacheBlockSize]="blockSize"
      [maxBlocksInCache]="20"
      [infiniteInitialRowCount]="1"
      [localeText]="locale"
      [tooltipShowDelay]="500"
      [getRowId]="getRowId"
      [rowSelection]="rowSelection"
      (gridReady)="onGridReady($event)"
      (rowClicked)="onRowClicked($event)"
      (rowDoubleClicked)="onRowDoubleClicked($event)"
      (columnMoved)="onColumnChanged($event.source, $event.finished)"
      (columnResized)="onColumnChanged($event.source, $event.finished)"
      (columnVisible)="onColumnChanged($event.source, true)"
      (columnPinned)="onColumnChanged($event.source, true)"
      (sortChanged)="onColumnChanged($event.source, true)"
    />
  `,
  styles: `
    :host { display: flex; flex-direction: column; min-height: 320px; height: 100%; }
    .ky-grid-toolbar { display: flex; align-items: center; gap: 8px; padding-bottom: 8px; flex-wrap: wrap; }
    .ky-grid-search { width: 360px; max-width: 100%; }
    .ky-grid-spacer { flex: 1; }
    .ky-grid-total { color: #555; font-size: 13px; min-width: 4em; text-align: right; }
    .ky-grid-error { color: #b3261e; font-size: 13px; }
    .ky-grid { flex: 1; min-height: 260px; }
  `,
})
export class KyDataGrid<T extends { id?: number | string } = any> implements OnInit {
  private readonly http = inject(HttpClient);

  /** e.g. '/api/users' */
  readonly endpoint = input.required<string>();
  readonly columnDefs = input.required<ColDef<T>[]>();
  /** Key under which the user's column layout is stored. */
  readonly gridId = input.required<string>();
  /** Extra query parameters (screen filters); a change reloads the list. */
  readonly params = input<GridParams>({});
  readonly searchPlaceholder = input('検索');
  /** 「Excel出力」「CSV出力」 of the whole list (the endpoint must support format=xlsx|csv). */
  readonly exportable = input(true);

  readonly rowClicked = output<T>();
  readonly rowDoubleClicked = output<T>();
  /** Each page as received (for lists that send more than rows and total). */
  readonly pageLoaded = output<GridPage<T>>();

  readonly theme = kyGridTheme;
  readonly locale = KY_GRID_LOCALE;
  readonly blockSize = GRID_BLOCK_SIZE;
  readonly defaultColDef: ColDef<T> = {
    resizable: true,
    sortable: false,
    minWidth: 70,
    filterParams: { buttons: ['reset'], debounceMs: 400, maxNumConditions: 2 },
  };
  /** A click selects the row the toolbar buttons of the screen act on. */
  readonly rowSelection: RowSelectionOptions = { mode: 'singleRow', checkboxes: false, enableClickSelection: true };
  readonly getRowId = (p: { data: T }) => String(p.data?.id ?? '');

  readonly total = signal<number | null>(null);
  readonly error = signal<string | null>(null);
  readonly exporting = signal(false);

  private api: GridApi<T> | null = null;
  private q = '';
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private pendingState: ColumnState[] | null = null;
  private ready = false;
  private savedState: Promise<ColumnState[] | null> | null = null;

  constructor() {
    registerGridModules();
    // Screen filters changed: start again from the first page.
    effect(() => {
      this.params();
      if (untracked(() => this.ready)) this.refresh();
    });
    inject(DestroyRef).onDestroy(() => {
      clearTimeout(this.searchTimer);
      // Leaving the screen within the debounce still keeps the last change.
      clearTimeout(this.saveTimer);
      this.saveState();
    });
  }

  /** Reloads the visible rows from the server (after an edit, or to pick up others' changes). */
  refresh(): void {
    this.api?.purgeInfiniteCache();
  }

  resetColumns(): void {
    if (!this.api) return;
    this.api.resetColumnState();
    this.scheduleSave();
  }

  ngOnInit(): void {
    // Asked for while AG Grid builds itself: on a slow desktop that takes longer than the round trip.
    this.savedState = this.loadState();
  }

  async onGridReady(event: GridReadyEvent<T>): Promise<void> {
    this.api = event.api;
    // Apply the saved layout before the first page is fetched so the saved sort is used.
    const saved = await (this.savedState ?? this.loadState());
    if (saved?.length && !event.api.isDestroyed()) {
      event.api.applyColumnState({ state: saved, applyOrder: true });
    }
    if (event.api.isDestroyed()) return;
    event.api.setGridOption('datasource', this.datasource);
    this.ready = true;
  }

  onSearch(event: Event): void {
    const value = (event.target as HTMLInputElement).value.trim();
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      if (value === this.q) return;
      this.q = value;
      this.refresh();
    }, 350);
  }

  onRowClicked(event: RowClickedEvent<T>): void {
    if (event.data) this.rowClicked.emit(event.data);
  }

  onRowDoubleClicked(event: RowDoubleClickedEvent<T>): void {
    if (event.data) this.rowDoubleClicked.emit(event.data);
  }

  onColumnChanged(source: string, finished: boolean): void {
    if (this.ready && finished && USER_SOURCES.has(source)) this.scheduleSave();
  }

  private readonly datasource: IDatasource = {
    getRows: (p: IGetRowsParams) => void this.fetchRows(p),
  };

  private async fetchRows(p: IGetRowsParams): Promise<void> {
    let params = new HttpParams().set('offset', p.startRow).set('limit', p.endRow - p.startRow);
    const query = this.listQuery(p.sortModel.map((s) => ({ field: s.colId, direction: s.sort })), p.filterModel);
    for (const [key, value] of Object.entries(query)) params = params.set(key, value);
    try {
      const result = await firstValueFrom(this.http.get<GridPage<T>>(this.endpoint(), { params }));
      this.error.set(null);
      this.total.set(result.total);
      p.successCallback(result.rows, result.total);
      this.pageLoaded.emit(result);
      this.api?.setGridOption('activeOverlay', result.total ? undefined : 'agNoRowsOverlay');
    } catch (err) {
      this.error.set(errorMessage(err));
      p.failCallback();
    }
  }

  /** sort, filter, q and the screen's own parameters: the same for a page and for a file. */
  private listQuery(sortKeys: SortKey[], filterModel: unknown): Record<string, string> {
    const query: Record<string, string> = {};
    const sort = formatSort(sortKeys);
    if (sort) query['sort'] = sort;
    if (filterModel && Object.keys(filterModel).length) query['filter'] = JSON.stringify(filterModel);
    if (this.q) query['q'] = this.q;
    for (const [key, value] of Object.entries(this.params())) {
      if (value !== null && value !== undefined && value !== '') query[key] = String(value);
    }
    return query;
  }

  /**
   * The whole list as a file: the grid's current sort, filters, quick search and visible columns
   * in their on-screen order, downloaded straight from the endpoint so large files stream.
   */
  exportFile(format: 'xlsx' | 'csv', encoding: ExportEncoding = 'utf8'): void {
    const api = this.api;
    if (!api) return;
    const sortKeys = api
      .getColumnState()
      .filter((c) => c.sort)
      .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
      .map((c) => ({ field: c.colId, direction: c.sort as 'asc' | 'desc' }));
    const columns = api
      .getAllDisplayedColumns()
      .filter((c) => (c.getColDef().context as KyColumnContext | undefined)?.export !== false)
      .map((c) => c.getColId());
    const url = urlWithParams(this.endpoint(), {
      ...this.listQuery(sortKeys, api.getFilterModel()),
      columns: columns.join(','),
      format,
      encoding: format === 'csv' ? encoding : null,
    });
    this.error.set(null);
    this.exporting.set(true);
    startDownload(url, (message) => this.error.set(message));
    // Only against double clicks: the browser shows the download's own progress.
    setTimeout(() => this.exporting.set(false), 2000);
  }

  private stateUrl(): string {
    return `/api/me/grid-states/${encodeURIComponent(this.gridId())}`;
  }

  private async loadState(): Promise<ColumnState[] | null> {
    try {
      const res = await firstValueFrom(this.http.get<{ state: { columns?: ColumnState[] } | null }>(this.stateUrl()));
      return Array.isArray(res.state?.columns) ? res.state.columns : null;
    } catch {
      return null; // a missing layout is never a reason not to show the list
    }
  }

  private scheduleSave(): void {
    if (!this.api) return;
    this.pendingState = this.api.getColumnState();
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveState(), 800);
  }

  private saveState(): void {
    const columns = this.pendingState;
    this.pendingState = null;
    if (!columns) return;
    this.http.put(this.stateUrl(), { state: { columns } }).subscribe({ error: () => undefined });
  }
}
