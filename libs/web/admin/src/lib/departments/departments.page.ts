import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ColDef } from 'ag-grid-community';
import { formatJapaneseDateTime } from '@keiyaku/domain';
import { KyDataGrid, ReportPreviewService } from '@keiyaku/web/ui';
import { DepartmentRow } from '../models';
import { DepartmentDialog } from './department.dialog';

@Component({
  selector: 'ky-departments-page',
  imports: [KyDataGrid, MatButtonModule, MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <h1 class="ky-page-title">部署</h1>
      <ky-data-grid
        endpoint="/api/departments"
        gridId="admin.departments"
        searchPlaceholder="部署コード・部署名で検索"
        [columnDefs]="columns"
        [params]="params"
        (rowClicked)="selected.set($event)"
        (rowDoubleClicked)="edit($event)"
      >
        <div kyGridActions class="actions">
          <button mat-flat-button type="button" (click)="create()"><mat-icon>add</mat-icon>新規登録</button>
          <button mat-stroked-button type="button" [disabled]="!selected()" (click)="edit(selected()!)"><mat-icon>edit</mat-icon>編集</button>
          <button mat-stroked-button type="button" (click)="print()"><mat-icon>print</mat-icon>帳票</button>
        </div>
      </ky-data-grid>
    </section>
  `,
  styles: `
    :host { display: flex; flex: 1; min-height: 0; }
    .page { display: flex; flex-direction: column; flex: 1; height: calc(100vh - 48px); }
    .actions { display: flex; gap: 8px; }
  `,
})
export class DepartmentsPage {
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly reports = inject(ReportPreviewService);
  private readonly grid = viewChild.required(KyDataGrid);

  /** Administrators see inactive departments too. */
  readonly params = { includeInactive: true };
  readonly selected = signal<DepartmentRow | null>(null);

  readonly columns: ColDef<DepartmentRow>[] = [
    { field: 'code', headerName: '部署コード', sortable: true, filter: 'agTextColumnFilter', width: 130 },
    { field: 'name', headerName: '部署名', sortable: true, filter: 'agTextColumnFilter', flex: 1, minWidth: 200 },
    { field: 'sortOrder', headerName: '表示順', sortable: true, filter: 'agNumberColumnFilter', width: 110, type: 'rightAligned' },
    { colId: 'active', headerName: '状態', valueGetter: (p) => (p.data ? (p.data.active ? '有効' : '無効') : ''), sortable: true, width: 90 },
    { field: 'updatedAt', headerName: '更新日時', valueFormatter: (p) => formatJapaneseDateTime(p.value), sortable: true, filter: 'agDateColumnFilter', width: 190 },
  ];

  create(): void {
    this.open(null);
  }

  /** 部署一覧 as this screen lists it (inactive departments included). */
  print(): void {
    this.reports.open('departments', '部署一覧', { includeInactive: true });
  }

  edit(row: DepartmentRow): void {
    this.open(row);
  }

  private open(department: DepartmentRow | null): void {
    this.dialog
      .open(DepartmentDialog, { data: department, width: '480px' })
      .afterClosed()
      .subscribe((saved: DepartmentRow | undefined) => {
        if (!saved) return;
        this.snack.open(department ? `部署「${saved.name}」を更新しました。` : `部署「${saved.name}」を登録しました。`, '閉じる', { duration: 4000 });
        this.selected.set(saved);
        this.grid().refresh();
      });
  }
}
