import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ColDef } from 'ag-grid-community';
import { KyRowsGrid } from '@keiyaku/web/ui';
import type { RowProblem } from '../imports-api.service';

/** The row problems of one report (bounded by the server): line, header, message; sorted and filtered on the client. */
@Component({
  selector: 'ky-problems-grid',
  imports: [KyRowsGrid],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<ky-rows-grid class="grid" [rows]="rows()" [columnDefs]="columns" [label]="label()" />`,
  styles: `
    :host { display: flex; flex-direction: column; height: 280px; }
    .grid { flex: 1; }
  `,
})
export class ProblemsGrid {
  readonly rows = input.required<RowProblem[]>();
  readonly label = input('');

  readonly columns: ColDef<RowProblem>[] = [
    { field: 'line', headerName: '行番号', width: 124, type: 'rightAligned', filter: 'agNumberColumnFilter', sort: 'asc' },
    { field: 'header', headerName: '項目', width: 180, filter: 'agTextColumnFilter', valueFormatter: (p) => p.value ?? '（行全体）' },
    { field: 'message', headerName: '内容', flex: 1, minWidth: 260, filter: 'agTextColumnFilter', tooltipField: 'message' },
  ];
}
