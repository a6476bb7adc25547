import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { AgGridAngular } from 'ag-grid-angular';
import {
  CellStyleModule,
  ClientSideRowModelModule,
  ColDef,
  ColumnAutoSizeModule,
  LocaleModule,
  NumberFilterModule,
  RowStyle,
  RowStyleModule,
  TextFilterModule,
  TooltipModule,
} from 'ag-grid-community';
import { registerGridModulesOnce } from './grid-modules';
import { KY_GRID_LOCALE, kyGridTheme } from './grid-theme';

/** The modules of the client-side grid. */
function registerModules(): void {
  registerGridModulesOnce('client', [ClientSideRowModelModule, ColumnAutoSizeModule, TextFilterModule, NumberFilterModule, LocaleModule, TooltipModule, CellStyleModule, RowStyleModule]);
}

/**
 * A grid over rows already in memory (a re-ranking's before/after table, an import's row errors):
 * sorting and column filters on the client, the same look as KyDataGrid. Large server lists use
 * KyDataGrid instead.
 */
@Component({
  selector: 'ky-rows-grid',
  imports: [AgGridAngular],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ag-grid-angular
      class="grid"
      [attr.aria-label]="label() || null"
      [theme]="theme"
      [rowData]="rows()"
      [columnDefs]="columnDefs()"
      [defaultColDef]="defaultColDef"
      [localeText]="locale"
      [tooltipShowDelay]="400"
      [getRowStyle]="rowStyle()"
      [getRowId]="rowId()"
    />
  `,
  styles: `
    :host { display: flex; flex-direction: column; min-height: 240px; }
    .grid { flex: 1; min-height: 200px; }
  `,
})
export class KyRowsGrid<T> {
  readonly rows = input.required<T[]>();
  /** The grid's accessible name (e.g. 「エラーの一覧」). */
  readonly label = input('');
  readonly columnDefs = input.required<ColDef<T>[]>();
  /** Inline row colours (a component's styles do not reach AG Grid's rows). */
  readonly rowStyle = input<((p: { data?: T }) => RowStyle | undefined) | undefined>(undefined);
  readonly rowId = input<((p: { data: T }) => string) | undefined>(undefined);

  readonly theme = kyGridTheme;
  readonly locale = KY_GRID_LOCALE;
  readonly defaultColDef: ColDef<T> = { resizable: true, sortable: true, minWidth: 60, filterParams: { buttons: ['reset'], maxNumConditions: 1 } };

  constructor() {
    registerModules();
  }
}
