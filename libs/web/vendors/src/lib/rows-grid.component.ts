import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { AgGridAngular } from 'ag-grid-angular';
import {
  CellStyleModule,
  ClientSideRowModelModule,
  ColDef,
  ColumnAutoSizeModule,
  LocaleModule,
  ModuleRegistry,
  NumberFilterModule,
  RowStyle,
  RowStyleModule,
  TextFilterModule,
  TooltipModule,
  ValidationModule,
} from 'ag-grid-community';
import { KY_GRID_LOCALE, kyGridTheme } from '@keiyaku/web/ui';

let registered = false;

/** The modules this grid uses; registered on first use so nothing loads before a screen needs it. */
function registerModules(): void {
  if (registered) return;
  registered = true;
  ModuleRegistry.registerModules([
    ClientSideRowModelModule,
    ColumnAutoSizeModule,
    TextFilterModule,
    NumberFilterModule,
    LocaleModule,
    TooltipModule,
    CellStyleModule,
    RowStyleModule,
    ...(typeof ngDevMode !== 'undefined' && ngDevMode ? [ValidationModule] : []),
  ]);
}

/**
 * A grid over rows already in memory (a re-ranking's before/after table): sorting and column
 * filters on the client, the same look as KyDataGrid. Large server lists use KyDataGrid instead.
 */
@Component({
  selector: 'ky-rows-grid',
  imports: [AgGridAngular],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ag-grid-angular
      class="grid"
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
export class RowsGridComponent<T> {
  readonly rows = input.required<T[]>();
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
